/**
 * The form logic engine: show/require conditions and the validation of a submission. The browser
 * island and the Worker run this same module, so the server re-checks every submission with the
 * very code the citizen's phone ran. Pure: no Workers, DOM or Node APIs.
 */
import type { FieldError } from '../../lib/errors';
import { checkAnswer, isBlank, questionsOf, reporter, toNumber } from './check';
import type { Answers, AnswerValue, Expr, FormDefinition, Page, Question } from './definition';
import { engineMessage } from './messages';

export { answersFromFormFields, answersToFormFields } from './fields';
export { answerRows, attributedUnit, rollupKeys } from './rows';

/** An answer by question id; own properties only, so an id like `constructor` is never inherited. */
function answerOf(answers: Answers, q: string): AnswerValue | undefined {
  return answers && typeof answers === 'object' && Object.hasOwn(answers, q) ? answers[q] : undefined;
}

/** Literal comparison; a number also equals its text ('5'), as inputs in the browser hold text. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'number' && typeof b !== 'number') return false;
  const x = toNumber(a);
  return x !== undefined && x === toNumber(b);
}

/** Applies `pred` to a scalar answer, or to any element of a list answer (multiple choice, files). */
function some(a: AnswerValue | undefined, pred: (v: unknown) => boolean): boolean {
  if (isBlank(a)) return false;
  if (Array.isArray(a)) return a.some(pred);
  return typeof a !== 'object' && pred(a);
}

function test(e: Expr, answers: Answers): boolean {
  if (!e || typeof e !== 'object') return false;
  switch (e.op) {
    case 'and':
      return Array.isArray(e.args) && e.args.every((x) => test(x, answers));
    case 'or':
      return Array.isArray(e.args) && e.args.some((x) => test(x, answers));
    case 'not':
      return !test(e.arg, answers);
  }
  const a = answerOf(answers, e.q);
  switch (e.op) {
    case 'answered':
      return !isBlank(a);
    case 'unanswered':
      return isBlank(a);
    case 'eq':
    case 'includes':
      return some(a, (v) => same(v, e.value));
    case 'neq':
      return !some(a, (v) => same(v, e.value));
    case 'in':
      return Array.isArray(e.values) && some(a, (v) => e.values.some((x) => same(v, x)));
  }
  const n = Array.isArray(a) ? undefined : toNumber(a);
  if (n === undefined || typeof e.value !== 'number') return false;
  switch (e.op) {
    case 'gt':
      return n > e.value;
    case 'gte':
      return n >= e.value;
    case 'lt':
      return n < e.value;
    case 'lte':
      return n <= e.value;
  }
  return false;
}

/**
 * Evaluates a condition against answers. Total: never throws, whatever the tree (an unknown
 * operator or a malformed node is false); a question with no answer is unanswered. Comparisons
 * (`gt`…) hold only for numeric answers; `eq`/`includes`/`in` on a list answer hold when any
 * element matches; `neq` is exactly `not eq`.
 * @example evaluate({ op: 'eq', q: 'is_member', value: true }, { is_member: true }) // true
 */
export function evaluate(expr: Expr, answers: Answers): boolean {
  try {
    return test(expr, answers);
  } catch {
    return false; // only a pathologically deep tree gets here (stack overflow)
  }
}

function holds(expr: Expr | undefined, answers: Answers): boolean {
  return !expr || evaluate(expr, answers);
}

/** The page's own condition on the given answers (no cascade: see `visibleQuestions`). */
export function isPageVisible(page: Page, answers: Answers): boolean {
  return holds(page.showIf, answers);
}

/**
 * Walks the form in order. A condition sees only the answers of questions that come BEFORE it
 * and are themselves visible (a page's condition sees earlier pages): the answer of a hidden
 * question is dropped, so it cannot keep another question visible, and a forward reference reads
 * as unanswered. This single pass is what makes visibility well defined (no cycles, no fixpoint).
 * `take` gives the value a visible question contributes to later conditions.
 */
function walk(def: FormDefinition, take: (q: Question) => AnswerValue | undefined): Question[] {
  const seen: Answers = {};
  const shown: Question[] = [];
  for (const page of def.pages) {
    const pageShown = holds(page.showIf, seen);
    for (const q of page.questions) {
      if (!pageShown || !holds(q.showIf, seen)) continue;
      shown.push(q);
      const a = take(q);
      if (a !== undefined) seen[q.id] = a;
    }
  }
  return shown;
}

/** The questions shown for these answers, in form order (page and question conditions, cascaded). */
export function visibleQuestions(def: FormDefinition, answers: Answers): Question[] {
  return walk(def, (q) => answerOf(answers, q.id));
}

/** Ids of the visible questions: one walk, for callers that test many questions. */
export function visibleIds(def: FormDefinition, answers: Answers): Set<string> {
  return new Set(visibleQuestions(def, answers).map((q) => q.id));
}

/** Whether a question is shown: its page's condition AND its own, cascaded as in `visibleQuestions`. */
export function isQuestionVisible(def: FormDefinition, questionId: string, answers: Answers): boolean {
  return visibleQuestions(def, answers).some((q) => q.id === questionId);
}

/** `required`, or `requiredIf` holds. Visibility is the caller's concern: hidden is never required. */
export function isRequired(q: Question, answers: Answers): boolean {
  return q.required === true || (!!q.requiredIf && evaluate(q.requiredIf, answers));
}

/**
 * Validates a submission against the exact version. Input is untrusted JSON (`unknown`).
 * - drops answers to hidden questions (a hidden question is never required)
 * - unknown question ids → error code 'unknown_question' at path `answers.<id>`
 * - coerces per type (see AnswerValue doc in definition.ts), NFC-normalises and trims strings,
 *   rejects control characters (except \n \t in long_text), enforces required, min/max, lengths,
 *   pattern, option membership, min/maxChoices, likert rows/columns (+allRows), rating 1..max,
 *   date yyyy-mm-dd within bounds, email/phone shapes (Vietnamese mobile numbers: 0/+84 + 9 digits),
 *   consent must be true when required, `info` takes no answer, `file` is string[] of keys.
 * - error paths: `answers.<qid>`, `answers.<qid>.<rowId>` for likert rows.
 * The output is canonical: validating it again returns it unchanged.
 */
export function validateAnswers(
  def: FormDefinition,
  input: unknown,
): { ok: true; answers: Answers } | { ok: false; errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ path: 'answers', code: 'invalid_type', message: engineMessage('invalid_type') }],
    };
  }
  const raw = input as Record<string, unknown>;
  const order = new Map(questionsOf(def).map((q, i) => [q.id, i]));
  const errors: FieldError[] = [];
  // Named as sent (shortened), at most 20: the reply need not echo a flood of junk keys.
  const unknown = Object.keys(raw).filter((id) => !order.has(id));
  for (const id of unknown.slice(0, 20)) reporter(errors, `answers.${id.slice(0, 60)}`)('unknown_question');
  const out: Answers = {};
  const failed = new Set<string>();
  const shown = walk(def, (q) => {
    const value = Object.hasOwn(raw, q.id) ? raw[q.id] : undefined;
    if (isBlank(value)) return undefined;
    const before = errors.length;
    const v = checkAnswer(q, value, reporter(errors, `answers.${q.id}`, q));
    if (errors.length > before) failed.add(q.id);
    else if (v !== undefined && !isBlank(v)) out[q.id] = v;
    return answerOf(out, q.id);
  });
  // requiredIf may look at any kept answer, so it is judged after the walk.
  for (const q of shown) {
    if (q.type === 'info' || failed.has(q.id) || !isRequired(q, out)) continue;
    const report = reporter(errors, `answers.${q.id}`);
    const a = answerOf(out, q.id);
    if (a === undefined) report('required');
    else if (q.type === 'likert' && q.allRows !== false) {
      for (const r of q.rows) if (!Object.hasOwn(a as object, r.value)) report('required', {}, r.value);
    }
  }
  if (!errors.length) return { ok: true, answers: out };
  // Form order, so a page shows its problems top to bottom; unknown ids first.
  const at = (e: FieldError) => order.get(e.path.split('.')[1] ?? '') ?? -1;
  return {
    ok: false,
    errors: errors
      .map((e, i) => [e, i] as const)
      .sort((x, y) => at(x[0]) - at(y[0]) || x[1] - y[1])
      .map((x) => x[0]),
  };
}

/** One problem in a definition's conditions, for the form builder to show. */
export interface ConditionProblem {
  /** Where the condition is, e.g. `pages.0.questions.2.showIf`. */
  path: string;
  /** The referenced question id. */
  ref: string;
  /** `unknown_reference`: no such question; `forward_reference`: a show condition that looks at
   *  the question itself or a later one (always reads as unanswered, see `visibleQuestions`). */
  code: 'unknown_reference' | 'forward_reference';
}

function refs(e: Expr, acc: string[] = []): string[] {
  if ('q' in e) acc.push(e.q);
  else if (e.op === 'not') refs(e.arg, acc);
  else for (const x of e.args) refs(x, acc);
  return acc;
}

/**
 * Lints a (schema-valid) definition's conditions: references to unknown questions anywhere, and
 * show conditions that look forward. Publishing may refuse or warn; the engine stays total either way.
 */
export function conditionProblems(def: FormDefinition): ConditionProblem[] {
  const index = new Map(questionsOf(def).map((q, i) => [q.id, i]));
  const problems: ConditionProblem[] = [];
  const check = (e: Expr | undefined, path: string, before: number) => {
    for (const ref of e ? refs(e) : []) {
      const i = index.get(ref);
      if (i === undefined) problems.push({ path, ref, code: 'unknown_reference' });
      else if (i >= before) problems.push({ path, ref, code: 'forward_reference' });
    }
  };
  let n = 0;
  def.pages.forEach((page, p) => {
    check(page.showIf, `pages.${p}.showIf`, n);
    page.questions.forEach((q, i) => {
      check(q.showIf, `pages.${p}.questions.${i}.showIf`, n);
      check(q.requiredIf, `pages.${p}.questions.${i}.requiredIf`, Number.POSITIVE_INFINITY);
      n++;
    });
  });
  return problems;
}
