/**
 * FormView: renders a form definition in one language with given answers and field errors.
 * Pure Preact (no DOM or Workers API at module level), used three ways:
 * - the Worker's server render of `/f/{slug}` (preact-render-to-string), every page shown;
 * - the public island, which hydrates that same markup and then paginates and hides live;
 * - the staff console's live preview in the form builder.
 */
import type { FieldError } from '../../lib/errors';
import { type Lang, t } from '../../lib/i18n';
import { IDENTITY_FIELD } from '../../text/forms';
import type { Answers, AnswerValue, FormDefinition, IdentityField } from '../engine/definition';
import { isPageVisible, isRequired, visibleIds } from '../engine/logic';
import { type Choice, type FileSupport, fieldId, type PickerSearch, QuestionField } from './questions';
import { ui } from './strings';

export type { Choice, FileSupport, PickerSearch, PickerSearchState } from './questions';
export { fieldId } from './questions';

/** The identity fields a form may ask for (definition.identity.fields). */
export type { IdentityField };

export interface FormViewProps {
  definition: FormDefinition;
  lang: Lang;
  answers?: Answers;
  /** Identity answers (only when the form asks for identity): field → text. */
  identity?: Partial<Record<IdentityField, string>>;
  consentAccepted?: boolean;
  /**
   * Errors keyed by path without the `answers.` prefix: `<qid>`, `<qid>.<rowId>`,
   * `identity.<field>`, `consentAccepted`; messages already in `lang` (see `errorMap`).
   */
  errors?: Record<string, string>;
  /**
   * Apply show-if conditions (hide questions and pages whose condition fails). Off for the
   * no-JavaScript server render: there every question shows and the server re-checks conditions.
   */
  conditional?: boolean;
  /** Show only this page (index in `definition.pages`); undefined shows every page. */
  page?: number;
  /** Options of unit/person pickers by question id (the server or the page loads them). */
  choices?: Record<string, Choice[]>;
  /** Pickers searched by name (list too long to send), by question id. */
  search?: Record<string, PickerSearch>;
  /** File questions: how to upload (the island); absent → the file control is disabled. */
  files?: FileSupport;
  /** Prefix for element ids, so two views can share one document (builder preview). */
  idPrefix?: string;
  /** Omit the error summary (e.g. the caller renders its own). */
  noSummary?: boolean;
  onAnswer?: (questionId: string, value: AnswerValue | undefined) => void;
  onIdentity?: (field: IdentityField, value: string) => void;
  onConsent?: (accepted: boolean) => void;
}

/**
 * Turns API field errors (`answers.q1`, `answers.q2.row1`, `identity.name`) into the `errors` prop,
 * in one language. Unknown-question errors are kept under their id (the summary still lists them).
 */
export function errorMap(fields: readonly FieldError[] | undefined, lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields ?? []) {
    const key = f.path.startsWith('answers.') ? f.path.slice('answers.'.length) : f.path;
    out[key] ??= t(f.message, lang);
  }
  return out;
}

/**
 * Indices of the pages shown for these answers. A page with questions is shown when one of them is
 * visible (the engine's cascade: a page hidden by an earlier hidden answer hides its questions);
 * a page without questions follows its own condition.
 */
export function shownPages(def: FormDefinition, answers: Answers): number[] {
  const ids = visibleIds(def, answers);
  return def.pages.flatMap((p, i) =>
    (p.questions.length ? p.questions.some((q) => ids.has(q.id)) : isPageVisible(p, answers)) ? [i] : [],
  );
}

/** The error summary at the top: one link per problem, to the field's first control. */
export function ErrorSummary(props: {
  definition: FormDefinition;
  lang: Lang;
  errors: Record<string, string>;
  idPrefix?: string;
}) {
  const { definition, lang, errors } = props;
  const keys = Object.keys(errors);
  if (!keys.length) return null;
  const prefix = props.idPrefix ?? '';
  const byId = new Map(definition.pages.flatMap((p) => p.questions).map((q) => [q.id, q]));
  const items = keys.map((key) => {
    const [qid, row] = key.split('.');
    const q = qid ? byId.get(qid) : undefined;
    if (q) {
      const rowLabel = q.type === 'likert' && row ? q.rows.find((r) => r.value === row)?.label : undefined;
      const href =
        q.type === 'likert' && row
          ? `#${prefix}q-${q.id}--${row}--${q.columns[0]?.value}`
          : `#${fieldId(q, prefix)}`;
      return { key, href, label: rowLabel ? `${t(q.label, lang)} — ${t(rowLabel, lang)}` : t(q.label, lang) };
    }
    if (key.startsWith('identity.')) {
      const f = key.slice('identity.'.length) as IdentityField;
      return { key, href: `#${prefix}id-${f}`, label: t(IDENTITY_FIELD[f], lang) };
    }
    if (key === 'consentAccepted') return { key, href: `#${prefix}consent`, label: ui('consentAgree', lang) };
    return { key, href: `#${prefix}form-top`, label: '' };
  });
  return (
    <div class="err-summary" id={`${prefix}error-summary`} role="alert" tabIndex={-1}>
      <h2>{ui('errorSummary', lang)}</h2>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <a href={i.href}>
              {i.label ? `${i.label}: ` : ''}
              {errors[i.key]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The identity block (thông tin người gửi) with its consent, when the form asks for identity. */
function IdentitySection(props: FormViewProps) {
  const { definition, lang } = props;
  const idn = definition.identity;
  if (!idn || idn.mode === 'none') return null;
  const prefix = props.idPrefix ?? '';
  const errors = props.errors ?? {};
  const fields = (idn.fields?.length ? idn.fields : ['name', 'phone']) as IdentityField[];
  const required = idn.mode === 'required';
  const consentErr = errors.consentAccepted;
  return (
    <fieldset class="q identity" id={`${prefix}identity`}>
      <legend>{ui('identity', lang)}</legend>
      <p class="help">{ui(required ? 'identityRequired' : 'identityOptional', lang)}</p>
      {fields.map((f) => {
        const id = `${prefix}id-${f}`;
        const err = errors[`identity.${f}`];
        return (
          <div class={`q${err ? ' has-err' : ''}`} key={f}>
            <label for={id}>
              {t(IDENTITY_FIELD[f], lang)}
              {/* `required` mode: every asked field is required (worker/responses/identity.ts). */}
              {required ? <span class="req">{` (${ui('required', lang)})`}</span> : null}
            </label>
            {err ? (
              <p class="err" id={`${id}-err`}>
                {err}
              </p>
            ) : null}
            <input
              type={(f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text') as 'text'}
              id={id}
              name={`id.${f}`}
              value={props.identity?.[f] ?? ''}
              autocomplete={
                f === 'name'
                  ? 'name'
                  : f === 'phone'
                    ? 'tel'
                    : f === 'email'
                      ? 'email'
                      : f === 'address'
                        ? 'street-address'
                        : 'off'
              }
              aria-required={required ? 'true' : undefined}
              aria-invalid={err ? 'true' : undefined}
              aria-describedby={err ? `${id}-err` : undefined}
              onInput={(e) => props.onIdentity?.(f, e.currentTarget.value)}
            />
          </div>
        );
      })}
      {idn.consent ? (
        <div class={`q q-consent${consentErr ? ' has-err' : ''}`}>
          <p class="consent-text" id={`${prefix}consent-text`}>
            {t(idn.consent.text, lang)}
          </p>
          {consentErr ? (
            <p class="err" id={`${prefix}consent-err`}>
              {consentErr}
            </p>
          ) : null}
          <label class="opt" for={`${prefix}consent`}>
            <input
              type="checkbox"
              id={`${prefix}consent`}
              name="consent"
              value="true"
              checked={props.consentAccepted === true}
              aria-describedby={`${prefix}consent-text${consentErr ? ` ${prefix}consent-err` : ''}`}
              aria-invalid={consentErr ? 'true' : undefined}
              onChange={(e) => props.onConsent?.(e.currentTarget.checked)}
            />
            <span>{ui('consentAgree', lang)}</span>
          </label>
        </div>
      ) : null}
    </fieldset>
  );
}

/**
 * Renders the questions of a form (all pages as sections, or one page), the error summary first.
 * The caller supplies the `<form>` element, hidden fields and buttons.
 * @example render(<FormView definition={def} lang="vi" answers={{}} />)
 */
export function FormView(props: FormViewProps) {
  const { definition, lang } = props;
  const answers = props.answers ?? {};
  const errors = props.errors ?? {};
  const prefix = props.idPrefix ?? '';
  const ids = props.conditional ? visibleIds(definition, answers) : undefined;
  const pages = props.conditional ? shownPages(definition, answers) : definition.pages.map((_, i) => i);
  // The identity block closes the form: after the last page that is shown.
  const last = pages[pages.length - 1] ?? 0;
  return (
    <div class="form-view" lang={lang}>
      {props.noSummary ? null : (
        <ErrorSummary definition={definition} lang={lang} errors={errors} idPrefix={prefix} />
      )}
      {definition.pages.map((page, i) => {
        if (props.page !== undefined && props.page !== i) return null;
        if (!pages.includes(i)) return null;
        const title = page.title ? t(page.title, lang) : '';
        return (
          <section
            class="page"
            key={page.id}
            id={`${prefix}page-${page.id}`}
            aria-labelledby={title ? `${prefix}page-${page.id}-h` : undefined}
          >
            {title ? <h2 id={`${prefix}page-${page.id}-h`}>{title}</h2> : null}
            {page.description ? <p class="page-desc">{t(page.description, lang)}</p> : null}
            {page.questions.map((q) =>
              !ids || ids.has(q.id) ? (
                <QuestionField
                  key={q.id}
                  q={q}
                  lang={lang}
                  value={answers[q.id]}
                  errors={errors}
                  // Without conditions applied, `requiredIf` cannot be judged: mark only plain `required`.
                  required={props.conditional ? isRequired(q, answers) : q.required === true}
                  ifApplies={!props.conditional && !!(q.showIf || page.showIf)}
                  choices={props.choices?.[q.id]}
                  search={props.search?.[q.id]}
                  idPrefix={prefix}
                  files={props.files}
                  onAnswer={props.onAnswer}
                />
              ) : null,
            )}
          </section>
        );
      })}
      {props.page === undefined || props.page === last ? <IdentitySection {...props} /> : null}
    </div>
  );
}
