/**
 * Form controls with their labels, hints and errors tied together (`for`/`id`,
 * `aria-describedby`, `aria-invalid`), so every input is named and its problem is announced.
 */
import type { ComponentChildren, PartialInputHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';
import { type LocalText, t } from '../../../worker/lib/i18n';
import type { ApiError, FieldProblem } from '../lib/api';
import { useLang } from '../lib/lang';

/** The messages of the problems at exactly `path`, in the current language. */
export function problemsAt(fields: readonly FieldProblem[] | undefined, path: string, lang: 'vi' | 'en') {
  return (fields ?? []).filter((f) => f.path === path).map((f) => t(f.message, lang));
}

interface BaseProps {
  label: string;
  hint?: string;
  /** Problems to show under the input. */
  errors?: string[];
  required?: boolean;
  class?: string;
  /** Extra id for tests and for error-summary links. */
  id?: string;
}

function describe(id: string, hint?: string, errors?: string[]) {
  const ids = [hint ? `${id}-hint` : '', errors?.length ? `${id}-err` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Wrap(props: BaseProps & { id: string; children: ComponentChildren }) {
  const { tr } = useLang();
  return (
    <div class={`field ${props.class ?? ''} ${props.errors?.length ? 'has-error' : ''}`}>
      <label for={props.id}>
        {props.label}
        {props.required ? <span class="req"> ({tr({ vi: 'bắt buộc', en: 'required' })})</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.errors?.length ? (
        <p class="error" id={`${props.id}-err`}>
          {props.errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

type InputAttrs = Omit<
  PartialInputHTMLAttributes<HTMLInputElement>,
  'label' | 'value' | 'onInput' | 'class' | 'id'
>;

/** A labelled text-like input. `onValue` receives the new string on every keystroke. */
export function TextField(props: BaseProps & InputAttrs & { value: string; onValue: (v: string) => void }) {
  const auto = useId();
  const { label, hint, errors, required, value, onValue, class: cls, id: given, ...rest } = props;
  const id = given ?? auto;
  return (
    <Wrap label={label} hint={hint} errors={errors} required={required} class={cls} id={id}>
      <input
        // The caller's attributes (type, autocomplete …) are checked where TextField is used.
        {...(rest as Record<string, unknown>)}
        id={id}
        value={value}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describe(id, hint, errors)}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
      />
    </Wrap>
  );
}

/**
 * A labelled date typed as dd/mm/yyyy (numeric keypad on phones, short width unless `class` says
 * otherwise). The caller parses the text (web/console/lib/dates.ts) and shows its own errors.
 */
export function DateField(
  props: BaseProps &
    Omit<InputAttrs, 'placeholder' | 'inputMode'> & { value: string; onValue: (v: string) => void },
) {
  return <TextField placeholder="dd/mm/yyyy" inputMode="numeric" {...props} class={props.class ?? 'short'} />;
}

/** A labelled textarea. */
export function TextArea(
  props: BaseProps & { value: string; onValue: (v: string) => void; rows?: number; maxLength?: number },
) {
  const auto = useId();
  const id = props.id ?? auto;
  return (
    <Wrap {...props} id={id}>
      <textarea
        id={id}
        value={props.value}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describe(id, props.hint, props.errors)}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </Wrap>
  );
}

/**
 * A dictionary's entries (`worker/text/`, keyed by a schema enum) as select options in the current
 * language, the values typed as the dictionary's keys.
 * @example <SelectField value={kind} onValue={setKind} options={optionsOf(UNIT_KIND, tr)} />
 */
export function optionsOf<K extends string>(
  dict: Readonly<Record<K, LocalText>>,
  tr: (text: LocalText) => string,
): [K, string][] {
  // A Record<K, …> written out has exactly the keys K.
  return (Object.keys(dict) as K[]).map((k) => [k, tr(dict[k])]);
}

/** A labelled select over `[value, label]` pairs; `onValue` gets one of the options' values. */
export function SelectField<T extends string = string>(
  props: BaseProps & {
    value: T;
    onValue: (v: T) => void;
    options: readonly (readonly [T, string])[];
    disabled?: boolean;
  },
) {
  const auto = useId();
  const id = props.id ?? auto;
  return (
    <Wrap {...props} id={id}>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        required={props.required}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describe(id, props.hint, props.errors)}
        onChange={(e) => props.onValue(e.currentTarget.value as T)}
      >
        {props.options.map(([v, l]) => (
          // `selected` on the option too: a value set before its option existed (a list that loads
          // later) still shows.
          <option key={v} value={v} selected={v === props.value}>
            {l}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

/** A labelled checkbox (label after the box, as people expect). */
export function CheckField(props: {
  label: string;
  checked: boolean;
  onValue: (v: boolean) => void;
  hint?: string;
  id?: string;
}) {
  const auto = useId();
  const id = props.id ?? auto;
  return (
    <div class="field check">
      <input
        type="checkbox"
        id={id}
        checked={props.checked}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onValue(e.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The error banner of a failed call: the message in the current language, plus field problems
 * that no input on the page claimed (so nothing the server said is ever hidden).
 */
export function ErrorBanner({
  error,
  unclaimed,
}: {
  error: ApiError | null | undefined;
  unclaimed?: FieldProblem[];
}) {
  const { lang } = useLang();
  if (!error) return null;
  const rest = unclaimed ?? error.fields;
  return (
    <div class="banner banner-error" role="alert">
      <p>{error.text(lang)}</p>
      {rest.length ? (
        <ul>
          {rest.map((f) => (
            <li key={f.path + f.code}>
              <code>{f.path}</code>: {t(f.message, lang)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A polite status line ("Đã lưu", "Đang tải…") announced to screen readers. */
export function Status({ children }: { children: ComponentChildren }) {
  return (
    <p class="status" role="status" aria-live="polite">
      {children}
    </p>
  );
}
