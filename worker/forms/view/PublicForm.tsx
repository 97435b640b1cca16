/**
 * The citizen's `<form>`: hidden fields, honeypot, FormView, Turnstile slot, status line and buttons.
 * Rendered by the Worker (no JavaScript: one post of every page) and hydrated by the island with the
 * very same first render, which then switches to `enhanced` (one page at a time, live conditions).
 */
import type { TargetedEvent } from 'preact';
import type { Lang } from '../../lib/i18n';
import type { Answers, FormDefinition } from '../engine/definition';
import {
  FormView,
  type FormViewProps,
  type IdentityField,
  type PickerSearchState,
  shownPages,
} from './FormView';
import { type UiKey, ui } from './strings';

/** The island's bootstrap data, read from `<script type="application/json" id="form-data">`. */
export interface FormPageData {
  slug: string;
  lang: Lang;
  versionId: string;
  definition: FormDefinition;
  idem: string;
  answers: Answers;
  identity: Partial<Record<IdentityField, string>>;
  consentAccepted: boolean;
  errors: Record<string, string>;
  turnstileSiteKey?: string;
  /** Pickers searched by name: the text and matches the server rendered. */
  search?: Record<string, PickerSearchState>;
  notice?: FormNotice;
  /** What the receipt will say happens next for this form's kind (decision 232). */
  receiptNote?: string;
  /** The page's UI texts in its language, for the island's `ui()` (written by the page, decision 235). */
  ui?: Record<UiKey, string>;
}

export interface PublicFormProps extends Omit<FormViewProps, 'conditional' | 'page' | 'noSummary'> {
  slug: string;
  /** Fresh random key per server render: a double post of one render stores once. */
  idem: string;
  turnstileSiteKey?: string;
  /** JavaScript is running: paginate and apply conditions live. */
  enhanced?: boolean;
  /** Index (in definition.pages) of the page shown when enhanced. */
  page?: number;
  /** A submission is queued: the answers are frozen until the server acknowledges it. */
  locked?: boolean;
  /** A status line for the island (queued offline, sending, failed). */
  status?: string;
  notice?: FormNotice;
  busy?: boolean;
  onSubmit?: (e: TargetedEvent<HTMLFormElement>) => void;
  onNext?: () => void;
  onBack?: () => void;
}

/**
 * A refusal that is not about one field and points elsewhere (an anonymous petition: the law, and
 * a real link to the feedback channel). Drawn above the form by the server page and by the island.
 */
export interface FormNotice {
  reason: string;
  lead: string;
  linkText: string;
  /** Where the link goes, already in the page's language. */
  href: string;
}

/** The public form: one `<form method="post">` that works with JavaScript off. */
export function PublicForm(props: PublicFormProps) {
  const { lang, definition, enhanced } = props;
  const answers = props.answers ?? {};
  const pages = enhanced ? shownPages(definition, answers) : [];
  const current = enhanced ? (props.page ?? pages[0] ?? 0) : undefined;
  const pos = current === undefined ? -1 : pages.indexOf(current);
  const isLast = !enhanced || pos === pages.length - 1;
  const action = `/f/${encodeURIComponent(props.slug)}${lang === 'en' ? '?lang=en' : ''}`;
  // A no-JavaScript find lands back on its question (the fragment scrolls there).
  const search = props.search
    ? Object.fromEntries(
        Object.entries(props.search).map(([qid, s]) => [qid, { action: `${action}#q-${qid}-box`, ...s }]),
      )
    : undefined;
  return (
    <form
      method="post"
      action={action}
      noValidate
      id="public-form"
      class="public-form"
      onSubmit={props.onSubmit}
    >
      {props.notice ? (
        <div class="err-summary" id="form-notice" role="alert">
          <h2>{ui('noticeTitle', lang)}</h2>
          <p>{props.notice.reason}</p>
          <p>
            {props.notice.lead} <a href={props.notice.href}>{props.notice.linkText}</a>.
          </p>
        </div>
      ) : null}
      <input type="hidden" name="_idem" value={props.idem} />
      {/* Honeypot: people never see or reach it; bots that fill every field give themselves away. */}
      <div class="hp" aria-hidden="true">
        <label for="website">{ui('honeypot', lang)}</label>
        {/* No `value` prop: re-renders must not reset what a bot typed. */}
        <input type="text" id="website" name="website" autocomplete="off" tabIndex={-1} />
      </div>
      {enhanced && pages.length > 1 ? (
        <p class="page-of">{ui('pageOf', lang, { n: pos + 1, total: pages.length })}</p>
      ) : null}
      <fieldset class="plain" disabled={props.locked}>
        <FormView {...props} search={search} conditional={enhanced} page={current} />
      </fieldset>
      {props.turnstileSiteKey && isLast ? (
        // Turnstile fills this div itself; the empty inner HTML keeps Preact from diffing its iframe away.
        <div
          class="cf-turnstile"
          data-sitekey={props.turnstileSiteKey}
          data-language={lang}
          dangerouslySetInnerHTML={{ __html: '' }}
        />
      ) : null}
      <p class="status" role="status" aria-live="polite">
        {props.status}
      </p>
      <div class="nav">
        {enhanced && pos > 0 ? (
          <button type="button" class="btn secondary" onClick={props.onBack}>
            {ui('back', lang)}
          </button>
        ) : null}
        {/* Distinct keys: without them Preact turns the clicked "Next" into the submit button of the
            last page before the click's default action runs, and that click submits the form. */}
        {isLast ? (
          <button key="submit" type="submit" class="btn" disabled={props.busy}>
            {ui(props.busy ? 'sending' : 'submit', lang)}
          </button>
        ) : (
          <button key="next" type="button" class="btn" onClick={props.onNext}>
            {ui('next', lang)}
          </button>
        )}
      </div>
    </form>
  );
}
