/**
 * The builder's inputs. Each one knows the definition path it edits (`pages.0.questions.2.label`),
 * takes its element id from that path and shows the problems reported at that path — by the
 * browser's own validation or by the server — right beside it.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LocalText } from '../../../../../worker/lib/i18n';
import { t } from '../../../../../worker/lib/i18n';
import type { FieldProblem } from '../../../lib/api';
import { useLang } from '../../../lib/lang';
import { TextArea, TextField } from '../../../ui/fields';

/** Problems of the current draft, paths relative to the definition. */
export const ProblemsContext = createContext<FieldProblem[]>([]);

/** The element id of the input that edits `path`. */
export function pathId(path: string): string {
  return `b-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/** Messages of problems at exactly `path`, in the current language. */
export function useProblemsAt(path: string): string[] {
  const problems = useContext(ProblemsContext);
  const { lang } = useLang();
  return problems.filter((p) => p.path === path).map((p) => t(p.message, lang));
}

/** True when some problem lies at or under `path` (used to open a collapsed question). */
export function useHasProblemsUnder(path: string): boolean {
  const problems = useContext(ProblemsContext);
  return problems.some((p) => p.path === path || p.path.startsWith(`${path}.`));
}

/**
 * A bilingual text: Vietnamese (required unless `optional`) and English (optional, falls back to
 * Vietnamese on the public page).
 */
export function LocalTextField(props: {
  label: string;
  path: string;
  value: LocalText | undefined;
  onValue: (v: LocalText | undefined) => void;
  optional?: boolean;
  multiline?: boolean;
}) {
  const { tr } = useLang();
  const vi = props.value?.vi ?? '';
  const en = props.value?.en ?? '';
  const errVi = useProblemsAt(`${props.path}.vi`);
  const errWhole = useProblemsAt(props.path);
  const errEn = useProblemsAt(`${props.path}.en`);
  const set = (next: { vi: string; en: string }) =>
    props.onValue(
      props.optional && !next.vi && !next.en
        ? undefined
        : { vi: next.vi, ...(next.en ? { en: next.en } : {}) },
    );
  const Field = props.multiline ? TextArea : TextField;
  return (
    <div class="localtext">
      <Field
        id={pathId(`${props.path}.vi`)}
        label={`${props.label} — ${tr({ vi: 'tiếng Việt', en: 'Vietnamese' })}`}
        required={!props.optional}
        value={vi}
        onValue={(x: string) => set({ vi: x, en })}
        errors={[...errWhole, ...errVi]}
      />
      <Field
        id={pathId(`${props.path}.en`)}
        label={`${props.label} — ${tr({ vi: 'tiếng Anh (không bắt buộc)', en: 'English (optional)' })}`}
        value={en}
        onValue={(x: string) => set({ vi, en: x })}
        errors={errEn}
      />
    </div>
  );
}

/** A plain text input bound to a definition path. */
export function PathText(props: {
  label: string;
  path: string;
  value: string | undefined;
  onValue: (v: string) => void;
  hint?: string;
  required?: boolean;
}) {
  const errors = useProblemsAt(props.path);
  return (
    <TextField
      id={pathId(props.path)}
      label={props.label}
      hint={props.hint}
      required={props.required}
      value={props.value ?? ''}
      onValue={props.onValue}
      errors={errors}
      autoComplete="off"
      spellcheck={false}
    />
  );
}

/** A number input bound to a definition path; empty means "not set" (undefined). */
export function PathNumber(props: {
  label: string;
  path: string;
  value: number | undefined;
  onValue: (v: number | undefined) => void;
  step?: string;
  min?: number;
  max?: number;
  hint?: string;
}) {
  const errors = useProblemsAt(props.path);
  return (
    <TextField
      id={pathId(props.path)}
      label={props.label}
      hint={props.hint}
      type="number"
      inputMode="decimal"
      step={props.step ?? 'any'}
      min={props.min}
      max={props.max}
      value={props.value === undefined ? '' : String(props.value)}
      onValue={(s) => {
        const n = Number(s);
        props.onValue(s.trim() === '' || !Number.isFinite(n) ? undefined : n);
      }}
      errors={errors}
      class="short"
    />
  );
}
