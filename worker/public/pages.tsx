/**
 * The public HTML pages (server-rendered Preact): landing, form, receipt, receipt status and the
 * friendly message page. Vietnamese first; every page links its English (or Vietnamese) twin.
 * No inline script anywhere (the CSP forbids it): the form's data rides in a JSON block. The frame
 * (head, stylesheet, header, footer) is worker/lib/page.tsx, shared with the other modules' pages.
 */
import type { ComponentChildren } from 'preact';
import type { FormDefinition } from '../forms/engine/definition';
import type { Choice } from '../forms/view/FormView';
import { type FormPageData, PublicForm } from '../forms/view/PublicForm';
import { ReceiptCode, ReceiptView } from '../forms/view/Receipt';
import { uiTexts } from '../forms/view/strings';
import { formatDate, formatDateTime } from '../lib/format';
import { type Lang, type LocalText, labelOf, t } from '../lib/i18n';
import { Layout, withLang } from '../lib/page';
import { CASE_STATUS_FOR_REPORTER } from '../text/cases';
import { pageText as p } from './text';

/**
 * JSON safe inside a `<script>` element: `<`, `>` and `&` escaped as \u003c etc., so answer text such
 * as `</script>` cannot end the block early.
 */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** `GET /`: open forms, a receipt lookup, the way to the staff console. */
export function LandingPage(props: {
  lang: Lang;
  forms: { slug: string; title: string; closesAt: number | null; description?: string | null }[];
}) {
  const { lang } = props;
  return (
    <Layout
      lang={lang}
      title={p('landingTitle', lang)}
      switchHref={lang === 'en' ? '/?lang=vi' : '/?lang=en'}
    >
      <h1>{p('landingTitle', lang)}</h1>
      <p>{p('landingIntro', lang)}</p>
      <h2>{p('openForms', lang)}</h2>
      {props.forms.length ? (
        <ul class="forms">
          {props.forms.map((f) => (
            <li key={f.slug}>
              <a href={withLang(`/f/${encodeURIComponent(f.slug)}`, lang)}>{f.title}</a>
              {f.closesAt ? (
                <span class="muted">
                  {' '}
                  ({p('closesOn', lang)} {formatDate(f.closesAt)})
                </span>
              ) : null}
              {f.description ? <span class="what">{firstSentence(f.description)}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{p('noOpenForms', lang)}</p>
      )}
      <ReceiptLookup lang={lang} />
      <p class="staff">
        <a class="go" href="/console/">
          {p('staffConsole', lang)}
        </a>
      </p>
    </Layout>
  );
}

/** A form's one-line explanation on the landing page: the first sentence of its description. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return (m ? m[1]! : text).trim();
}

/**
 * The one lookup (tra cứu): the receipt code, and the PIN for a feedback or petition case. Posted,
 * so the PIN never lands in a URL; `POST /r` shows the case with a PIN, else goes to `/r/{code}`.
 */
export function ReceiptLookup({ lang, value }: { lang: Lang; value?: string }) {
  return (
    <form method="post" action={withLang('/r', lang)} class="lookup" id="lookup">
      <h2>{p('lookupTitle', lang)}</h2>
      <div class="field">
        <label for="code">{p('codeLabel', lang)}</label>
        <input
          type="text"
          id="code"
          name="code"
          value={value ?? ''}
          required
          placeholder="K7QM-3XD9-B2HT-Z"
          aria-describedby="code-hint"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
        />
        <p class="help" id="code-hint">
          {p('codeHint', lang)}
        </p>
      </div>
      <div class="field">
        <label for="lookup-pin">{p('pinLabel', lang)}</label>
        <input
          type="text"
          id="lookup-pin"
          name="pin"
          inputmode="numeric"
          pattern="[0-9]{6}"
          maxlength={6}
          placeholder={p('pinPlaceholder', lang)}
          aria-describedby="pin-hint"
          autocomplete="off"
        />
        <p class="help" id="pin-hint">
          {p('pinHint', lang)}
        </p>
      </div>
      <button type="submit" class="btn">
        {p('lookupButton', lang)}
      </button>
    </form>
  );
}

/** `GET /f/{slug}` (and the 422 re-render): the whole form, working without JavaScript. */
export function FormPage(props: {
  data: FormPageData;
  choices: Record<string, Choice[]>;
  description?: string;
}) {
  const { data } = props;
  const { lang, definition } = data;
  const title = t(definition.title, lang);
  const self = `/f/${encodeURIComponent(data.slug)}`;
  return (
    <Layout
      lang={lang}
      title={title}
      switchHref={lang === 'en' ? `${self}?lang=vi` : `${self}?lang=en`}
      head={
        <>
          <script type="module" src="/assets/form.js" />
          {data.turnstileSiteKey ? (
            <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer />
          ) : null}
        </>
      }
    >
      <h1 id="form-top">{title}</h1>
      {definition.description ? <p class="form-desc">{t(definition.description, lang)}</p> : null}
      <p class="muted">{p('requiredNote', lang)}</p>
      <div id="form-root">
        <PublicForm
          notice={data.notice}
          slug={data.slug}
          idem={data.idem}
          lang={lang}
          definition={definition}
          answers={data.answers}
          identity={data.identity}
          consentAccepted={data.consentAccepted}
          errors={data.errors}
          choices={props.choices}
          search={data.search}
          turnstileSiteKey={data.turnstileSiteKey}
        />
      </div>
      <script
        type="application/json"
        id="form-data"
        dangerouslySetInnerHTML={{
          __html: scriptJson({ ...data, definition: oneLanguage(definition, lang), ui: uiTexts(lang) }),
        }}
      />
      <p class="qr">
        <a class="go" href={`${self}/qr.svg`}>
          {p('qrLink', lang)}
        </a>
      </p>
    </Layout>
  );
}

/**
 * The definition as the island needs it: every text in the page's language only (`{vi: text}`,
 * which `t()` returns for either language) and without the description the island never draws.
 * It rides in every form page, so on 3G each byte is time before the island takes over (decision 235).
 */
export function oneLanguage(def: FormDefinition, lang: Lang): FormDefinition {
  const pick = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(pick);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (typeof o.vi === 'string' && Object.keys(o).every((k) => k === 'vi' || k === 'en')) {
      return { vi: t(o as unknown as LocalText, lang) };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, pick(x)]));
  };
  const { description: _, ...rest } = def;
  return pick(rest) as FormDefinition;
}

/** After a successful no-JavaScript post: the receipt. */
export function ReceiptPage(props: {
  lang: Lang;
  code: string;
  formTitle: string;
  thankYou?: string;
  pin?: string;
  note?: string;
}) {
  return (
    <Layout lang={props.lang} title={p('receivedTitle', props.lang)}>
      {/* The form's title is the page's heading, as above the island's receipt (the receipt is h2). */}
      <h1>{props.formTitle}</h1>
      <ReceiptView {...props} formTitle={undefined} />
    </Layout>
  );
}

/** `GET /r/{code}`: where a submission stands. */
export function StatusPage(props: {
  lang: Lang;
  receipt: { receiptCode: string; status: string; submittedAt: number; formTitle: string };
  /** A feedback or petition case: the PIN box that opens its progress and answer. */
  pinForm?: ComponentChildren;
}) {
  const { lang, receipt } = props;
  const self = `/r/${encodeURIComponent(receipt.receiptCode)}`;
  return (
    <Layout
      lang={lang}
      title={p('statusTitle', lang)}
      switchHref={`${self}?lang=${lang === 'en' ? 'vi' : 'en'}`}
    >
      <h1>{p('statusTitle', lang)}</h1>
      <ReceiptCode code={receipt.receiptCode} />
      <dl class="status-list">
        <dt>{p('form', lang)}</dt>
        <dd>{receipt.formTitle}</dd>
        <dt>{p('submittedAt', lang)}</dt>
        <dd>{formatDateTime(receipt.submittedAt)}</dd>
        <dt>{p('status', lang)}</dt>
        <dd>
          <strong>{t(labelOf(CASE_STATUS_FOR_REPORTER, receipt.status), lang)}</strong>
        </dd>
      </dl>
      {props.pinForm ?? <p class="muted">{p('surveyStatusNote', lang)}</p>}
    </Layout>
  );
}

/** A friendly page for closed, not-yet-open, full or unknown forms and bad receipt codes. */
export function MessagePage(props: { lang: Lang; title: string; message: string; lookup?: string }) {
  const { lang } = props;
  return (
    <Layout lang={lang} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.lookup !== undefined ? <ReceiptLookup lang={lang} value={props.lookup} /> : null}
      <p>
        <a href={lang === 'en' ? '/?lang=en' : '/'}>{p('backHome', lang)}</a>
      </p>
    </Layout>
  );
}
