/**
 * The form builder's model: pure functions over a `FormDefinition` draft (no DOM), so the editor
 * stays thin and the rules are testable. Every edit returns a new definition; the draft may hold
 * empty optional texts while someone types, and `cleanDefinition` drops them before validation
 * and saving (array positions never change, so error paths still point at the right inputs).
 */
import * as v from 'valibot';
import {
  type Expr,
  type FormDefinition,
  FormDefinitionSchema,
  type Page,
  type Question,
  type QuestionType,
} from '../../../../../worker/forms/engine/definition';
import { issuesToFields } from '../../../../../worker/lib/checks';
import type { FieldProblem } from '../../../lib/api';

export type { Expr, FormDefinition, Page, Question, QuestionType };

/** Question types in the order the "add question" menu shows them, with their labels. */
export const TYPE_LABELS: Record<QuestionType, { vi: string; en: string }> = {
  short_text: { vi: 'Văn bản ngắn', en: 'Short text' },
  long_text: { vi: 'Văn bản dài', en: 'Long text' },
  number: { vi: 'Số', en: 'Number' },
  date: { vi: 'Ngày', en: 'Date' },
  single_choice: { vi: 'Chọn một', en: 'Single choice' },
  multiple_choice: { vi: 'Chọn nhiều', en: 'Multiple choice' },
  dropdown: { vi: 'Danh sách thả xuống', en: 'Dropdown' },
  yes_no: { vi: 'Có / Không', en: 'Yes / No' },
  rating: { vi: 'Thang điểm', en: 'Rating scale' },
  likert: { vi: 'Ma trận đánh giá (Likert)', en: 'Likert matrix' },
  email: { vi: 'Thư điện tử', en: 'Email' },
  phone: { vi: 'Số điện thoại', en: 'Phone' },
  unit_picker: { vi: 'Chọn đơn vị', en: 'Unit picker' },
  person_picker: { vi: 'Chọn cán bộ', en: 'Person picker' },
  file: { vi: 'Tệp đính kèm', en: 'File upload' },
  consent: { vi: 'Đồng ý', en: 'Consent' },
  info: { vi: 'Đoạn thông tin', en: 'Information text' },
};

export { newDefinition } from './blank';

/** Every question id in the form. */
export function questionIds(def: FormDefinition): Set<string> {
  return new Set(def.pages.flatMap((p) => p.questions.map((q) => q.id)));
}

/** The first `prefix<n>` not in `taken` (q1, q2 …; o1, o2 …). */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  for (let n = 1; ; n++) if (!set.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/**
 * Starter options, Vietnamese label only: an English "Option 1" would outlive the designer's
 * renaming of the Vietnamese label and reach English-speaking respondents (issue 12, finding 15).
 * The English view falls back to the Vietnamese until someone translates it.
 */
function options(n: number, vi: (i: number) => string, prefix = 'o') {
  return Array.from({ length: n }, (_, i) => ({
    value: `${prefix}${i + 1}`,
    label: { vi: vi(i + 1) },
  }));
}

/** A new question of `type` with sensible defaults (so it validates as soon as it has a label). */
export function newQuestion(type: QuestionType, id: string): Question {
  const base = { id, label: { vi: TYPE_LABELS[type].vi } };
  switch (type) {
    case 'single_choice':
    case 'dropdown':
    case 'multiple_choice':
      return {
        ...base,
        type,
        options: options(2, (i) => `Lựa chọn ${i}`),
      };
    case 'likert':
      return {
        ...base,
        type,
        rows: options(2, (i) => `Tiêu chí ${i}`, 'r'),
        columns: [
          { value: 'tot', label: { vi: 'Tốt', en: 'Good' } },
          { value: 'kha', label: { vi: 'Khá', en: 'Fair' } },
          { value: 'trung_binh', label: { vi: 'Trung bình', en: 'Average' } },
          { value: 'kem', label: { vi: 'Kém', en: 'Poor' } },
        ],
      };
    case 'rating':
      return { ...base, type, max: 5 };
    case 'consent':
      return { ...base, type, text: { vi: 'Tôi đồng ý với nội dung trên.' }, required: true };
    case 'info':
      return { ...base, type, text: { vi: 'Nội dung thông tin.' } };
    default:
      return { ...base, type } as Question;
  }
}

const COMMON_KEYS = ['id', 'label', 'help', 'required', 'requiredIf', 'showIf'] as const;

/**
 * Changes a question's type, keeping what the types share (id, label, help, conditions) and any
 * options when both types have options; type-specific rules of the old type are dropped.
 */
export function changeType(q: Question, type: QuestionType): Question {
  const fresh = newQuestion(type, q.id) as Record<string, unknown>;
  const old = q as Record<string, unknown>;
  for (const k of COMMON_KEYS) if (old[k] !== undefined) fresh[k] = old[k];
  if ('options' in fresh && Array.isArray(old.options)) fresh.options = old.options;
  return fresh as Question;
}

/** Replaces page `p`. */
export function setPage(def: FormDefinition, p: number, page: Page): FormDefinition {
  return { ...def, pages: def.pages.map((x, i) => (i === p ? page : x)) };
}

/** Replaces question `i` of page `p`. */
export function setQuestion(def: FormDefinition, p: number, i: number, q: Question): FormDefinition {
  const page = def.pages[p]!;
  return setPage(def, p, { ...page, questions: page.questions.map((x, j) => (j === i ? q : x)) });
}

/** Appends a question of `type` to page `p`, with a fresh id; returns the definition and the id. */
export function addQuestion(
  def: FormDefinition,
  p: number,
  type: QuestionType,
): { def: FormDefinition; id: string } {
  const id = nextId('q', questionIds(def));
  const page = def.pages[p]!;
  return { def: setPage(def, p, { ...page, questions: [...page.questions, newQuestion(type, id)] }), id };
}

/** Moves an array item by `delta` places (clamped); the same array when it cannot move. */
export function moveItem<T>(arr: readonly T[], i: number, delta: number): T[] {
  const j = Math.max(0, Math.min(arr.length - 1, i + delta));
  if (j === i || i < 0 || i >= arr.length) return [...arr];
  const out = [...arr];
  const [x] = out.splice(i, 1);
  out.splice(j, 0, x!);
  return out;
}

/**
 * Moves question `i` of page `p` up (-1) or down (+1). At the top or bottom of a page it crosses
 * into the previous or next page, so a question can travel anywhere with the keyboard alone.
 * Returns the new definition and the question's new position.
 */
export function moveQuestion(def: FormDefinition, p: number, i: number, delta: -1 | 1) {
  const page = def.pages[p]!;
  const j = i + delta;
  if (j >= 0 && j < page.questions.length) {
    return { def: setPage(def, p, { ...page, questions: moveItem(page.questions, i, delta) }), p, i: j };
  }
  const target = p + delta;
  if (target < 0 || target >= def.pages.length) return { def, p, i };
  const q = page.questions[i]!;
  const without = setPage(def, p, { ...page, questions: page.questions.filter((_, k) => k !== i) });
  const tp = without.pages[target]!;
  const questions = delta === 1 ? [q, ...tp.questions] : [...tp.questions, q];
  return {
    def: setPage(without, target, { ...tp, questions }),
    p: target,
    i: delta === 1 ? 0 : questions.length - 1,
  };
}

/** Removes question `i` of page `p`. */
export function deleteQuestion(def: FormDefinition, p: number, i: number): FormDefinition {
  const page = def.pages[p]!;
  return setPage(def, p, { ...page, questions: page.questions.filter((_, k) => k !== i) });
}

/** Appends an empty page. */
export function addPage(def: FormDefinition): FormDefinition {
  const id = nextId(
    'p',
    def.pages.map((p) => p.id),
  );
  return { ...def, pages: [...def.pages, { id, questions: [] }] };
}

/** Removes page `p` (never the last remaining page). */
export function deletePage(def: FormDefinition, p: number): FormDefinition {
  if (def.pages.length <= 1) return def;
  return { ...def, pages: def.pages.filter((_, k) => k !== p) };
}

/** Question ids an expression mentions. */
export function exprRefs(e: Expr | undefined, out = new Set<string>()): Set<string> {
  if (!e) return out;
  if ('args' in e) for (const a of e.args) exprRefs(a, out);
  else if ('arg' in e) exprRefs(e.arg, out);
  else out.add(e.q);
  return out;
}

/**
 * Where a question is referred to by a condition (page or question showIf/requiredIf): shown as a
 * warning before deleting or renaming it, since the condition would then point at nothing.
 */
export function referencesTo(def: FormDefinition, qid: string): string[] {
  const where: string[] = [];
  for (const page of def.pages) {
    if (exprRefs(page.showIf).has(qid)) where.push(page.id);
    for (const q of page.questions) {
      if (exprRefs(q.showIf).has(qid) || exprRefs(q.requiredIf).has(qid)) where.push(q.id);
    }
  }
  return where;
}

/** Questions before question `qid` in form order (what a condition on `qid` may look at). */
export function questionsBefore(def: FormDefinition, qid: string | null): Question[] {
  const out: Question[] = [];
  for (const page of def.pages) {
    for (const q of page.questions) {
      if (q.id === qid) return out;
      out.push(q);
    }
  }
  return out;
}

type Loose = Record<string, unknown>;

function isLocalText(x: unknown): x is { vi: string; en?: string } {
  return !!x && typeof x === 'object' && !Array.isArray(x) && typeof (x as Loose).vi === 'string';
}

function cleanValue(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(cleanValue);
  if (!x || typeof x !== 'object') return x;
  if (isLocalText(x)) {
    const out: Loose = { vi: x.vi };
    if (x.en?.trim()) out.en = x.en;
    return out;
  }
  const out: Loose = {};
  for (const [k, val] of Object.entries(x as Loose)) {
    if (val === undefined || (val === '' && OPTIONAL_SCALARS.has(k))) continue;
    // An optional text left empty (help, description …) is absent, not an empty Vietnamese text.
    if (isLocalText(val) && !val.vi.trim() && !val.en?.trim() && OPTIONAL_TEXTS.has(k)) continue;
    out[k] = cleanValue(val);
  }
  return out;
}

/** Plain optional strings that an empty input removes. */
const OPTIONAL_SCALARS = new Set(['pattern', 'min', 'max']);

/** Texts that may be left empty (then removed); `label`, `title`, option labels are required. */
const OPTIONAL_TEXTS = new Set([
  'help',
  'description',
  'thankYou',
  'minLabel',
  'maxLabel',
  'unit',
  'patternMessage',
]);

/** The draft as it will be saved: empty optional texts and empty English translations removed. */
export function cleanDefinition(def: FormDefinition): FormDefinition {
  return cleanValue(def) as FormDefinition;
}

/**
 * Validates a draft in the browser with the very schema the server uses, and reports problems
 * with the same dotted paths the server would send (`pages.0.questions.2.label.vi`).
 */
export function validateDraft(def: FormDefinition): FieldProblem[] {
  const r = v.safeParse(FormDefinitionSchema, cleanDefinition(def));
  if (r.success) return [];
  return issuesToFields(r.issues);
}

/** Server paths carry a `definition.` prefix; the builder's inputs know paths without it. */
export function stripPrefix(fields: readonly FieldProblem[], prefix = 'definition.'): FieldProblem[] {
  return fields.map((f) => (f.path.startsWith(prefix) ? { ...f, path: f.path.slice(prefix.length) } : f));
}
