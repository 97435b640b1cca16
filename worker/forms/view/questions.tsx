/**
 * One question of a form, rendered as accessible HTML: a `<label for>` on single inputs, a
 * `fieldset/legend` on groups (choices, yes/no, rating, each Likert matrix), the error tied with
 * `aria-describedby` + `aria-invalid`, and "required" said in words, not only by colour.
 * Input names follow the no-JavaScript convention the engine parses: `q.<id>` (repeated for multiple
 * choice) and `q.<id>.<rowId>` for Likert rows.
 */
import type { ComponentChildren, TargetedEvent } from 'preact';
import { type Lang, t } from '../../lib/i18n';
import type { AnswerValue, Question } from '../engine/definition';
import { ui } from './strings';

/** An option of a unit or person picker, supplied by the page (server query or API). */
export interface Choice {
  value: string;
  label: string;
}

/** A picker whose list is too long to send: the search text and, once searched, its matches. */
export interface PickerSearchState {
  query: string;
  /** Undefined until a valid search ran; empty when nothing matched. */
  matches?: Choice[];
}

/** A search picker as rendered: its state plus what the island adds (live search, status). */
export interface PickerSearch extends PickerSearchState {
  /** The no-JavaScript find posts here (the form's action, with the question as fragment). */
  action?: string;
  busy?: boolean;
  /** A note under the field (e.g. offline). */
  message?: string;
  onQuery?: (questionId: string, text: string) => void;
  onFind?: (questionId: string) => void;
}

/** File questions: enabled only where something can upload (the island); names of uploaded keys. */
export interface FileSupport {
  enabled: boolean;
  names: Record<string, string>;
  /** Question ids with an upload in flight. */
  busy?: string[];
  /** Upload progress per question id, 0–1 (the island's XHR reports it). */
  progress?: Record<string, number>;
  onFiles?: (questionId: string, files: FileList) => void;
  onRemove?: (questionId: string, key: string) => void;
}

export interface QuestionProps {
  q: Question;
  lang: Lang;
  value: AnswerValue | undefined;
  /** Errors keyed `<qid>` or `<qid>.<rowId>`, already in the page's language. */
  errors: Record<string, string>;
  required: boolean;
  /** Conditions are not applied in this render (no JavaScript) and this question has one: say so. */
  ifApplies?: boolean;
  choices?: Choice[];
  /** The picker is a search by name (its list is too long to send). */
  search?: PickerSearch;
  idPrefix: string;
  files?: FileSupport;
  onAnswer?: (qid: string, value: AnswerValue | undefined) => void;
}

/** The element id of a question's first focusable control (the target of error-summary links). */
export function fieldId(q: Question, idPrefix = ''): string {
  const base = `${idPrefix}q-${q.id}`;
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
      return `${base}--${q.options[0]?.value ?? ''}`;
    case 'yes_no':
      return `${base}--true`;
    case 'rating':
      return `${base}--1`;
    case 'likert':
      return `${base}--${q.rows[0]?.value}--${q.columns[0]?.value}`;
    default:
      return base;
  }
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const s = ids.filter(Boolean).join(' ');
  return s || undefined;
}

/**
 * Texts put together with template strings, not as JSX siblings: one text node, as the server's
 * HTML has it, so hydration adopts it instead of splitting it (DOM writes and a relayout at takeover).
 */
function RequiredMark({ required, lang, ifApplies }: { required: boolean; lang: Lang; ifApplies?: boolean }) {
  if (ifApplies)
    return <span class="req">{` (${ui(required ? 'requiredIfApplies' : 'ifApplies', lang)})`}</span>;
  return required ? <span class="req">{` (${ui('required', lang)})`}</span> : null;
}

/** The head of a question drawn as a fieldset: legend with the required mark, help, error. */
function FieldsetHead(h: {
  q: Question;
  lang: Lang;
  required: boolean;
  ifApplies?: boolean;
  helpId?: string;
  err?: string;
  errId?: string;
}) {
  return (
    <>
      <legend>
        {t(h.q.label, h.lang)}
        <RequiredMark required={h.required} lang={h.lang} ifApplies={h.ifApplies} />
      </legend>
      {h.q.help ? (
        <p class="help" id={h.helpId}>
          {t(h.q.help, h.lang)}
        </p>
      ) : null}
      {h.err ? (
        <p class="err" id={h.errId}>
          {h.err}
        </p>
      ) : null}
    </>
  );
}

function asText(v: AnswerValue | undefined): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** Renders one question (or an information block) with its label, help and error. */
export function QuestionField(p: QuestionProps) {
  const { q, lang, idPrefix } = p;
  const id = `${idPrefix}q-${q.id}`;
  const err = p.errors[q.id];
  const errId = err ? `${id}-err` : undefined;
  const helpId = q.help ? `${id}-help` : undefined;
  const help = q.help ? (
    <p class="help" id={helpId}>
      {t(q.help, lang)}
    </p>
  ) : null;
  const error = err ? (
    <p class="err" id={errId}>
      {err}
    </p>
  ) : null;
  const aria = {
    'aria-describedby': describedBy(helpId, errId),
    'aria-invalid': err ? ('true' as const) : undefined,
  };
  const set = (v: AnswerValue | undefined) => p.onAnswer?.(q.id, v);
  const onText = (e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    set(e.currentTarget.value === '' ? undefined : e.currentTarget.value);
  const name = `q.${q.id}`;
  const label = t(q.label, lang);

  /** A single control with a visible `<label for>`. */
  const single = (control: ComponentChildren, suffix?: string) => (
    <div class={`q q-${q.type}${err ? ' has-err' : ''}`} id={`${id}-box`}>
      <label for={id}>
        {label}
        <RequiredMark required={p.required} lang={lang} ifApplies={p.ifApplies} />
      </label>
      {help}
      {error}
      <div class="ctl">
        {control}
        {suffix ? <span class="unit">{suffix}</span> : null}
      </div>
    </div>
  );

  /** A group of radios/checkboxes inside a fieldset whose legend is the question. */
  const group = (
    items: { value: string; label: string }[],
    type: 'radio' | 'checkbox',
    isOn: (v: string) => boolean,
    onPick: (v: string, on: boolean) => void,
    extra?: ComponentChildren,
  ) => (
    <fieldset class={`q q-${q.type}${err ? ' has-err' : ''}`} id={`${id}-box`} {...aria}>
      <legend>
        {label}
        <RequiredMark required={p.required} lang={lang} ifApplies={p.ifApplies} />
      </legend>
      {help}
      {error}
      {extra}
      <div class={`opts${q.type === 'rating' ? ' row' : ''}`}>
        {items.map((o) => (
          <label class="opt" key={o.value}>
            <input
              type={type}
              name={name}
              id={`${id}--${o.value}`}
              value={o.value}
              checked={isOn(o.value)}
              onChange={(e) => onPick(o.value, e.currentTarget.checked)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );

  switch (q.type) {
    case 'info':
      return (
        <div class="q q-info" id={`${id}-box`}>
          <p class="info-title">{label}</p>
          {q.text ? <p class="info-text">{t(q.text, lang)}</p> : null}
          {help}
        </div>
      );
    case 'short_text':
    case 'email':
    case 'phone': {
      const kind = q.type === 'email' ? 'email' : q.type === 'phone' ? 'tel' : 'text';
      return single(
        <input
          type={kind as 'text'}
          id={id}
          name={name}
          value={asText(p.value)}
          maxLength={q.type === 'short_text' ? q.maxLength : undefined}
          autocomplete={q.type === 'email' ? 'email' : q.type === 'phone' ? 'tel' : 'off'}
          inputMode={q.type === 'email' ? 'email' : q.type === 'phone' ? 'tel' : undefined}
          aria-required={p.required ? 'true' : undefined}
          onInput={onText}
          {...aria}
        />,
      );
    }
    case 'long_text':
      return single(
        <textarea
          id={id}
          name={name}
          rows={5}
          maxLength={q.maxLength}
          value={asText(p.value)}
          aria-required={p.required ? 'true' : undefined}
          onInput={onText}
          {...aria}
        />,
      );
    case 'number':
      return single(
        <input
          type="number"
          id={id}
          name={name}
          inputMode={q.integer ? 'numeric' : 'decimal'}
          step={q.integer ? 1 : 'any'}
          min={q.min}
          max={q.max}
          value={asText(p.value)}
          aria-required={p.required ? 'true' : undefined}
          onInput={(e) => {
            const s = e.currentTarget.value;
            set(s === '' ? undefined : Number.isFinite(Number(s)) ? Number(s) : s);
          }}
          {...aria}
        />,
        q.unit ? t(q.unit, lang) : undefined,
      );
    case 'date':
      return single(
        <input
          type="date"
          id={id}
          name={name}
          min={q.min}
          max={q.max}
          value={asText(p.value)}
          onInput={onText}
          {...aria}
        />,
      );
    case 'dropdown':
    case 'unit_picker':
    case 'person_picker': {
      const opts =
        q.type === 'dropdown'
          ? q.options.map((o) => ({ value: o.value, label: t(o.label, lang) }))
          : p.choices;
      if (!opts && p.search && q.type !== 'dropdown') return <SearchPicker {...p} search={p.search} />;
      if (!opts) {
        // No list supplied (e.g. the builder's preview): a plain text box keeps the layout honest.
        return single(
          <input type="text" id={id} name={name} value={asText(p.value)} onInput={onText} {...aria} />,
        );
      }
      const cur = asText(p.value);
      return single(
        <select
          id={id}
          name={name}
          value={cur}
          aria-required={p.required ? 'true' : undefined}
          onChange={onText}
          {...aria}
        >
          <option value="">{ui('choose', lang)}</option>
          {opts.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === cur}>
              {o.label}
            </option>
          ))}
        </select>,
      );
    }
    case 'single_choice':
      return group(
        q.options.map((o) => ({ value: o.value, label: t(o.label, lang) })),
        'radio',
        (v) => p.value === v,
        (v) => set(v),
      );
    case 'multiple_choice': {
      const cur = Array.isArray(p.value) ? p.value : [];
      return group(
        q.options.map((o) => ({ value: o.value, label: t(o.label, lang) })),
        'checkbox',
        (v) => cur.includes(v),
        (v, on) => {
          const next = on ? [...cur.filter((x) => x !== v), v] : cur.filter((x) => x !== v);
          set(next.length ? next : undefined);
        },
      );
    }
    case 'yes_no':
      return group(
        [
          { value: 'true', label: ui('yes', lang) },
          { value: 'false', label: ui('no', lang) },
        ],
        'radio',
        (v) => p.value === (v === 'true'),
        (v) => set(v === 'true'),
      );
    case 'rating': {
      const max = q.max ?? 5;
      const items = Array.from({ length: max }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
      const ends =
        q.minLabel || q.maxLabel ? (
          <p class="ends">{`1 = ${t(q.minLabel, lang) || '…'}; ${max} = ${t(q.maxLabel, lang) || '…'}`}</p>
        ) : (
          <p class="ends">{ui('ratingRange', lang, { max })}</p>
        );
      return group(
        items,
        'radio',
        (v) => p.value === Number(v),
        (v) => set(Number(v)),
        ends,
      );
    }
    case 'likert':
      return <Likert {...p} />;
    case 'consent': {
      return (
        <div class={`q q-consent${err ? ' has-err' : ''}`} id={`${id}-box`}>
          <p class="consent-text" id={`${id}-text`}>
            {t(q.text, lang)}
          </p>
          {error}
          <label class="opt" for={id}>
            <input
              type="checkbox"
              id={id}
              name={name}
              value="true"
              checked={p.value === true}
              aria-required={p.required ? 'true' : undefined}
              onChange={(e) => set(e.currentTarget.checked ? true : undefined)}
              aria-describedby={describedBy(`${id}-text`, helpId, errId)}
              aria-invalid={err ? 'true' : undefined}
            />
            <span>
              {label}
              <RequiredMark required={p.required} lang={lang} ifApplies={p.ifApplies} />
            </span>
          </label>
          {help}
        </div>
      );
    }
    case 'file': {
      // Without the island there is nothing to upload with (the no-JS post is urlencoded):
      // the control is shown disabled with a note.
      const f = p.files;
      const keys = Array.isArray(p.value) ? p.value : [];
      const busy = f?.busy?.includes(q.id);
      const full = keys.length >= (q.maxFiles ?? 1);
      return single(
        <>
          <input
            type="file"
            id={id}
            name={name}
            disabled={!f?.enabled || full || busy}
            accept={(q.accept ?? ['image/jpeg', 'image/png', 'image/webp', 'application/pdf']).join(',')}
            onChange={(e) => {
              const el = e.currentTarget;
              if (el.files?.length) f?.onFiles?.(q.id, el.files);
              el.value = '';
            }}
            aria-describedby={describedBy(!f?.enabled && `${id}-note`, helpId, errId)}
            aria-invalid={err ? 'true' : undefined}
          />
          {busy ? (
            <p class="help" role="status">
              <label for={`${id}-progress`}>{ui('fileUploading', lang)}</label>{' '}
              <progress id={`${id}-progress`} max={1} value={f?.progress?.[q.id] ?? 0} />
            </p>
          ) : null}
          {keys.length ? (
            <ul class="files">
              {keys.map((k) => (
                <li key={k}>
                  {f?.names[k] ?? k.slice(-8)}{' '}
                  {f?.enabled ? (
                    <button type="button" class="link" onClick={() => f.onRemove?.(q.id, k)}>
                      {ui('fileRemove', lang)}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {f?.enabled ? null : (
            <p class="help" id={`${id}-note`}>
              {ui('fileDisabled', lang)}
            </p>
          )}
        </>,
      );
    }
  }
}

/**
 * A unit/person picker searched by name: a search field with its hint and a "Tìm" button (a real
 * submit without JavaScript: the server answers the form again with the matches; with the island it
 * searches as the citizen types), then the matches as a normal `<select>` posting `q.<id>`. The
 * element id `q-<id>` is the select once there are matches, the search field before (error links).
 */
function SearchPicker(p: QuestionProps & { search: PickerSearch }) {
  const { q, lang, idPrefix, search: s } = p;
  const id = `${idPrefix}q-${q.id}`;
  const err = p.errors[q.id];
  const errId = err ? `${id}-err` : undefined;
  const helpId = q.help ? `${id}-help` : undefined;
  const hintId = `${id}-hint`;
  const noteId = `${id}-note`;
  const matches = s.matches;
  const hasList = !!matches?.length;
  const findId = hasList ? `${id}--find` : id;
  const cur = asText(p.value);
  const note = s.busy
    ? ui('findSearching', lang)
    : s.message
      ? s.message
      : matches && !matches.length
        ? ui('findNone', lang)
        : '';
  return (
    <fieldset class={`q q-${q.type} q-search${err ? ' has-err' : ''}`} id={`${id}-box`}>
      <FieldsetHead
        q={q}
        lang={lang}
        required={p.required}
        ifApplies={p.ifApplies}
        helpId={helpId}
        err={err}
        errId={errId}
      />
      <label for={findId}>{ui('findLabel', lang)}</label>
      <p class="help" id={hintId}>
        {ui('findHint', lang)}
      </p>
      <div class="ctl find">
        <input
          type="text"
          inputMode="search"
          enterKeyHint="search"
          id={findId}
          name={`${q.id}__q`}
          value={s.query}
          maxLength={60}
          autocomplete="off"
          // Beside its button on a phone (the page's CSS gives text inputs the full width).
          style={{ flex: '1 1 9rem', width: 'auto', minWidth: 0 }}
          aria-describedby={describedBy(hintId, note && noteId, helpId, !hasList && errId)}
          aria-invalid={err && !hasList ? 'true' : undefined}
          onInput={(e) => s.onQuery?.(q.id, e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && s.onFind) {
              e.preventDefault();
              s.onFind(q.id);
            }
          }}
        />{' '}
        <button
          type={s.onFind ? 'button' : 'submit'}
          class="btn secondary"
          name={s.onFind ? undefined : '_find'}
          value={s.onFind ? undefined : q.id}
          formAction={s.onFind ? undefined : s.action}
          onClick={s.onFind ? () => s.onFind?.(q.id) : undefined}
        >
          {ui('findButton', lang)}
        </button>
      </div>
      <p class={matches && !matches.length && !s.busy ? 'err' : 'help'} id={noteId} role="status">
        {note}
      </p>
      {hasList ? (
        <>
          <label for={id}>{ui('findPick', lang)}</label>
          <select
            id={id}
            name={`q.${q.id}`}
            value={cur}
            aria-required={p.required ? 'true' : undefined}
            aria-describedby={describedBy(helpId, errId)}
            aria-invalid={err ? 'true' : undefined}
            onChange={(e) => p.onAnswer?.(q.id, e.currentTarget.value || undefined)}
          >
            <option value="">{ui('choose', lang)}</option>
            {matches.map((o) => (
              <option key={o.value} value={o.value} selected={o.value === cur}>
                {o.label}
              </option>
            ))}
          </select>
        </>
      ) : null}
    </fieldset>
  );
}

/**
 * Likert matrix (criteria × levels). One markup for every screen: a table on wide screens; on a phone
 * the CSS stacks it per criterion and shows each level's name beside its radio. Each radio is named
 * by its criterion and its level (`aria-labelledby`), so the name is right in both layouts.
 */
function Likert(p: QuestionProps) {
  const { q, lang, idPrefix } = p;
  if (q.type !== 'likert') return null;
  const id = `${idPrefix}q-${q.id}`;
  const err = p.errors[q.id];
  const value = p.value && typeof p.value === 'object' && !Array.isArray(p.value) ? p.value : {};
  const helpId = q.help ? `${id}-help` : undefined;
  return (
    <fieldset
      class={`q q-likert${err ? ' has-err' : ''}`}
      id={`${id}-box`}
      aria-describedby={describedBy(helpId, err && `${id}-err`)}
      aria-invalid={err ? 'true' : undefined}
    >
      <FieldsetHead
        q={q}
        lang={lang}
        required={p.required}
        ifApplies={p.ifApplies}
        helpId={helpId}
        err={err}
        errId={`${id}-err`}
      />
      <table class="likert">
        <thead>
          <tr>
            <td />
            {q.columns.map((c) => (
              <th scope="col" key={c.value}>
                {t(c.label, lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {q.rows.map((r) => {
            const rowId = `${id}--${r.value}`;
            const rowErr = p.errors[`${q.id}.${r.value}`];
            return (
              <tr key={r.value} class={rowErr ? 'has-err' : undefined}>
                <th scope="row">
                  <span id={`${rowId}-h`}>{t(r.label, lang)}</span>
                  {rowErr ? (
                    <span class="err" id={`${rowId}-err`}>
                      {rowErr}
                    </span>
                  ) : null}
                </th>
                {q.columns.map((c) => (
                  <td key={c.value}>
                    <label class="opt">
                      <input
                        type="radio"
                        name={`q.${q.id}.${r.value}`}
                        id={`${rowId}--${c.value}`}
                        value={c.value}
                        checked={value[r.value] === c.value}
                        aria-labelledby={`${rowId}-h ${rowId}--${c.value}-l`}
                        // The question's own message too: a radio is where keyboard focus lands.
                        aria-describedby={describedBy(err && `${id}-err`, rowErr && `${rowId}-err`)}
                        aria-invalid={rowErr || err ? 'true' : undefined}
                        onChange={() => p.onAnswer?.(q.id, { ...value, [r.value]: c.value })}
                      />
                      <span class="lk-col" id={`${rowId}--${c.value}-l`}>
                        {t(c.label, lang)}
                      </span>
                    </label>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
