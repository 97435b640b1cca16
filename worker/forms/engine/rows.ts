/**
 * What a validated submission turns into in storage: queryable answer rows and rollup increments.
 * Both take the output of `validateAnswers` (canonical values), never raw input.
 */
import { questionsOf } from './check';
import { COUNTED_TYPES } from './counted';
import type { Answers, FormDefinition, Question } from './definition';

/** One stored answer row (`answers` table). */
export interface AnswerRow {
  questionId: string;
  /** Likert row id; '' otherwise. */
  item: string;
  value: string | null;
  /** The numeric value of number and rating answers; null otherwise. */
  num: number | null;
}

/** One rollup increment (`answer_counts`): add 1 to `n` and `num` to `total`. */
export interface RollupKey {
  questionId: string;
  /** Likert row id; '' otherwise. */
  item: string;
  /** The option value; rating '1'..'max'; yes_no 'yes'/'no'; number ''; likert the column. */
  option: string;
  /** The numeric value of number and rating answers (for sums and means); 0 otherwise. */
  num: number;
}

function each(def: FormDefinition, answers: Answers, fn: (q: Question, a: Answers[string]) => void) {
  for (const q of questionsOf(def)) if (Object.hasOwn(answers, q.id)) fn(q, answers[q.id]!);
}

/** The text a scalar answer is stored and counted under: booleans as yes/no (yes_no) or true/false. */
function text(q: Question, a: Answers[string]): string {
  if (typeof a === 'boolean') return q.type === 'yes_no' ? (a ? 'yes' : 'no') : String(a);
  return String(a);
}

/**
 * The rows to store for a validated submission: one per scalar answer, one per chosen option of a
 * multiple choice (and per uploaded file key), one per likert row (item = rowId). `num` set for
 * number/rating.
 * @example answerRows(def, { topics: ['a', 'b'] }) // [{questionId:'topics', item:'', value:'a', num:null}, …b]
 */
export function answerRows(def: FormDefinition, answers: Answers): AnswerRow[] {
  const rows: AnswerRow[] = [];
  each(def, answers, (q, a) => {
    const questionId = q.id;
    if (Array.isArray(a)) for (const v of a) rows.push({ questionId, item: '', value: v, num: null });
    else if (typeof a === 'object')
      for (const [item, v] of Object.entries(a)) rows.push({ questionId, item, value: v, num: null });
    else rows.push({ questionId, item: '', value: text(q, a), num: typeof a === 'number' ? a : null });
  });
  return rows;
}

/**
 * The rollup increments for a validated submission: only COUNTED_TYPES; option = the option value
 * (rating: '1'..'max', yes_no: 'yes'/'no', number: '' with num = the value, likert: item=row, option=column).
 */
export function rollupKeys(def: FormDefinition, answers: Answers): RollupKey[] {
  const keys: RollupKey[] = [];
  each(def, answers, (q, a) => {
    if (!COUNTED_TYPES.has(q.type)) return;
    const questionId = q.id;
    if (Array.isArray(a)) for (const option of a) keys.push({ questionId, item: '', option, num: 0 });
    else if (typeof a === 'object')
      for (const [item, option] of Object.entries(a)) keys.push({ questionId, item, option, num: 0 });
    else if (q.type === 'number') keys.push({ questionId, item: '', option: '', num: a as number });
    else keys.push({ questionId, item: '', option: text(q, a), num: typeof a === 'number' ? a : 0 });
  });
  return keys;
}

/**
 * The unit a response counts for in the rollups: the answer of the first unit picker that
 * sets `attributeResponse`, else undefined (the caller falls back to the form's owner unit).
 */
export function attributedUnit(def: FormDefinition, answers: Answers): string | undefined {
  for (const q of questionsOf(def)) {
    const a = answers[q.id];
    if (
      q.type === 'unit_picker' &&
      q.attributeResponse &&
      Object.hasOwn(answers, q.id) &&
      typeof a === 'string'
    )
      return a;
  }
  return undefined;
}
