import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  type Answers,
  answersFromFormFields,
  answersToFormFields,
  type Expr,
  evaluate,
  type FormDefinition,
  FormDefinitionSchema,
  isQuestionVisible,
  type QuestionType,
  validateAnswers,
  visibleIds,
} from '../../worker/forms/engine';

// Pure module: this file imports nothing from Workers, the DOM or Node, like the browser island.

const L = (vi: string) => ({ vi });
const opts = (...values: string[]) => values.map((value) => ({ value, label: L(value) }));
const IDS = ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'constructor'];
const OPTIONS = ['o1', 'o2', 'o3'];
const ROWS = ['r1', 'r2'];
const COLS = ['c1', 'c2'];
const TYPES: QuestionType[] = [
  'short_text',
  'long_text',
  'number',
  'date',
  'single_choice',
  'multiple_choice',
  'dropdown',
  'yes_no',
  'rating',
  'likert',
  'email',
  'phone',
  'unit_picker',
  'person_picker',
  'file',
  'consent',
  'info',
];

const literal = fc.oneof(
  fc.constantFrom('o1', 'o2', 'x', '', 'Nguyễn'),
  fc.integer({ min: -3, max: 6 }),
  fc.boolean(),
);

/** Random condition trees over the given ids (and an unknown one). */
function exprArb(ids: string[]): fc.Arbitrary<Expr> {
  const q = fc.constantFrom(...ids, 'nope');
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { maxDepth: 4, depthSize: 'small', withCrossShrink: true },
      fc.record({ op: fc.constantFrom('eq' as const, 'neq' as const), q, value: literal }),
      fc.record({
        op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const),
        q,
        value: fc.integer({ min: -3, max: 6 }),
      }),
      fc.record({ op: fc.constant('in' as const), q, values: fc.array(literal, { maxLength: 4 }) }),
      fc.record({ op: fc.constant('includes' as const), q, value: fc.constantFrom(...OPTIONS, 'k1') }),
      fc.record({ op: fc.constantFrom('answered' as const, 'unanswered' as const), q }),
      fc.record({
        op: fc.constantFrom('and' as const, 'or' as const),
        args: fc.array(tie('expr'), { minLength: 1, maxLength: 3 }),
      }),
      fc.record({ op: fc.constant('not' as const), arg: tie('expr') }),
    ),
  }));
  return expr;
}

/** A question of the given type, with fixed option sets so answers can be generated for it. */
function questionOf(type: QuestionType, id: string): Record<string, unknown> {
  const q: Record<string, unknown> = { id, type, label: L(id) };
  if (['single_choice', 'dropdown', 'multiple_choice'].includes(type)) q.options = opts(...OPTIONS);
  if (type === 'likert') Object.assign(q, { rows: opts(...ROWS), columns: opts(...COLS) });
  if (type === 'consent') q.text = L('Đồng ý');
  if (type === 'file') q.maxFiles = 2;
  return q;
}

/** Random definitions: 1–3 pages over the ids, random types, required flags and conditions. */
const definitionArb: fc.Arbitrary<FormDefinition> = fc
  .tuple(
    fc.array(fc.constantFrom(...TYPES), { minLength: IDS.length, maxLength: IDS.length }),
    fc.array(
      fc.record({
        required: fc.boolean(),
        showIf: fc.option(exprArb(IDS), { nil: undefined }),
        requiredIf: fc.option(exprArb(IDS), { nil: undefined, freq: 4 }),
      }),
      {
        minLength: IDS.length,
        maxLength: IDS.length,
      },
    ),
    fc.array(fc.option(exprArb(IDS), { nil: undefined }), { minLength: 3, maxLength: 3 }),
    fc.integer({ min: 1, max: IDS.length - 1 }),
    fc.integer({ min: 1, max: IDS.length - 1 }),
  )
  .map(([types, rules, pageConds, cut1, cut2]) => {
    const questions = IDS.map((id, i) => {
      const q = questionOf(types[i]!, id);
      const r = rules[i]!;
      return {
        ...q,
        required: r.required,
        ...(r.showIf && { showIf: r.showIf }),
        ...(r.requiredIf && { requiredIf: r.requiredIf }),
      };
    });
    const [a, b] = [Math.min(cut1, cut2), Math.max(cut1, cut2)];
    const slices = [questions.slice(0, a), questions.slice(a, b), questions.slice(b)].filter((s) => s.length);
    return v.parse(FormDefinitionSchema, {
      schemaVersion: 1,
      title: L('Ngẫu nhiên'),
      pages: slices.map((qs, p) => ({
        id: `p${p}`,
        questions: qs,
        ...(pageConds[p] && { showIf: pageConds[p] }),
      })),
    });
  });

/** A valid, canonical answer for a question type (undefined for info). */
function validAnswerArb(type: QuestionType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'short_text':
      return fc.constantFrom('a', 'o1', 'Nguyễn Văn A', '42', 'true');
    case 'long_text':
      return fc.constantFrom('Dòng 1\nDòng 2', 'x\ty', 'o2');
    case 'number':
      return fc.oneof(
        fc.integer({ min: -5, max: 10 }),
        fc
          .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
          .map((n) => (n === 0 ? 0 : n)),
      );
    case 'date':
      return fc.constantFrom('2026-01-31', '2000-02-29');
    case 'single_choice':
    case 'dropdown':
      return fc.constantFrom(...OPTIONS);
    case 'multiple_choice':
      return fc.subarray(OPTIONS, { minLength: 1 });
    case 'yes_no':
      return fc.boolean();
    case 'rating':
      return fc.integer({ min: 1, max: 5 });
    case 'likert':
      return fc
        .subarray(ROWS, { minLength: 1 })
        .chain((rows) =>
          fc
            .tuple(...rows.map(() => fc.constantFrom(...COLS)))
            .map((cols) => Object.fromEntries(rows.map((r, i) => [r, cols[i]]))),
        );
    case 'email':
      return fc.constantFrom('lan@mttq.vn', 'a.b@x.gov.vn');
    case 'phone':
      return fc.constantFrom('0912345678', '02438251234');
    case 'unit_picker':
    case 'person_picker':
      return fc.constantFrom('u1', '0190a1b2-c3d4-7e5f');
    case 'file':
      return fc.subarray(['k1', 'k2'], { minLength: 1 });
    case 'consent':
      return fc.constant(true);
    case 'info':
      return fc.constant(undefined);
  }
}

/** The same answer as a client might send it: padded, NFD, numbers as text, duplicated choices. */
function messy(a: unknown): fc.Arbitrary<unknown> {
  if (typeof a === 'string') return fc.constantFrom(a, ` ${a} `, a.normalize('NFD'), `${a}\r\n`);
  if (typeof a === 'number') return fc.constantFrom(a, String(a), String(a).replace('.', ','));
  if (typeof a === 'boolean') return fc.constantFrom(a, String(a));
  if (Array.isArray(a)) return fc.constantFrom(a, [...a].reverse(), [...a, ...a], [...a, '']);
  return fc.constant(a);
}

/** Answers for a definition: each question answered validly (or not at all). */
function validAnswersArb(def: FormDefinition): fc.Arbitrary<Answers> {
  const qs = def.pages.flatMap((p) => p.questions).filter((q) => q.type !== 'info');
  return fc
    .tuple(...qs.map((q) => fc.option(validAnswerArb(q.type), { nil: undefined, freq: 3 })))
    .map((values) => {
      const out: Answers = {};
      qs.forEach((q, i) => {
        if (values[i] !== undefined) out[q.id] = values[i] as Answers[string];
      });
      return out;
    });
}

/** Answers that may be valid, messy, or junk (wrong types, out-of-set values). */
function anyAnswersArb(def: FormDefinition): fc.Arbitrary<Record<string, unknown>> {
  const qs = def.pages.flatMap((p) => p.questions);
  const junk = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ maxLength: 8 }),
    fc.constantFrom('o9', 99, '\u0000', ''),
  );
  return fc
    .tuple(
      ...qs.map((q) =>
        fc.oneof(
          { arbitrary: validAnswerArb(q.type).chain(messy), weight: 6 },
          { arbitrary: junk, weight: 1 },
          { arbitrary: fc.constant(undefined), weight: 2 },
        ),
      ),
    )
    .map((values) => {
      const out: Record<string, unknown> = {};
      qs.forEach((q, i) => {
        if (values[i] !== undefined) out[q.id] = values[i];
      });
      return out;
    });
}

/**
 * The visibility rule, written out as the spec says it (docs/forms-engine.md), as an oracle:
 * in form order, a page's and a question's conditions see only the answers of earlier visible
 * questions.
 */
function referenceVisible(def: FormDefinition, answers: Answers): Set<string> {
  const visible = new Set<string>();
  const earlier: Answers = {};
  for (const page of def.pages) {
    const pageOk = !page.showIf || evaluate(page.showIf, earlier);
    for (const q of page.questions) {
      if (!pageOk || (q.showIf && !evaluate(q.showIf, earlier))) continue;
      visible.add(q.id);
      if (Object.hasOwn(answers, q.id)) earlier[q.id] = answers[q.id]!;
    }
  }
  return visible;
}

const withValid = definitionArb.chain((def) => fc.tuple(fc.constant(def), validAnswersArb(def)));
const withAny = definitionArb.chain((def) => fc.tuple(fc.constant(def), anyAnswersArb(def)));

describe('engine properties', () => {
  it('a hidden question is never required and its answer is never kept', () => {
    fc.assert(
      fc.property(withValid, ([def, answers]) => {
        const visible = referenceVisible(def, answers);
        expect(visibleIds(def, answers)).toEqual(visible);
        for (const q of def.pages.flatMap((p) => p.questions))
          expect(isQuestionVisible(def, q.id, answers)).toBe(visible.has(q.id));
        const r = validateAnswers(def, answers);
        if (r.ok) {
          // Exactly the answers of visible questions are kept.
          expect(Object.keys(r.answers).sort()).toEqual(
            Object.keys(answers)
              .filter((id) => visible.has(id))
              .sort(),
          );
        } else {
          for (const e of r.errors) {
            expect(e.code).toBe('required'); // the answers themselves are valid
            const qid = e.path.split('.')[1]!;
            expect(visible.has(qid)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('junk in a hidden question changes nothing', () => {
    fc.assert(
      fc.property(withValid, fc.jsonValue({ maxDepth: 2 }), ([def, answers], junk) => {
        const visible = referenceVisible(def, answers);
        const spoiled: Record<string, unknown> = { ...answers };
        for (const q of def.pages.flatMap((p) => p.questions)) if (!visible.has(q.id)) spoiled[q.id] = junk;
        expect(validateAnswers(def, spoiled)).toEqual(validateAnswers(def, answers));
      }),
      { numRuns: 200 },
    );
  });

  it('validateAnswers is idempotent, and its output round-trips through form fields', () => {
    let accepted = 0;
    fc.assert(
      fc.property(withAny, ([def, input]) => {
        const r = validateAnswers(def, input);
        if (!r.ok) return;
        accepted++;
        expect(validateAnswers(def, r.answers)).toEqual(r);
        expect(answersFromFormFields(def, answersToFormFields(def, r.answers))).toEqual(r.answers);
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(20); // the property was exercised, not vacuously true
  });

  it('never throws on arbitrary JSON input, and every error has a known path', () => {
    fc.assert(
      fc.property(
        definitionArb,
        fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...IDS, 'zz'), fc.jsonValue())),
        (def, input) => {
          const r = validateAnswers(def, input);
          if (r.ok) return;
          const ids = new Set(def.pages.flatMap((p) => p.questions.map((q) => q.id)));
          for (const e of r.errors) {
            if (e.code === 'unknown_question') expect(ids.has(e.path.slice(8))).toBe(false);
            else if (e.path !== 'answers') expect(ids.has(e.path.split('.')[1]!)).toBe(true);
          }
          expect(r.errors.filter((e) => e.code === 'unknown_question').length).toBeLessThanOrEqual(20);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('text is stored NFC whatever normal form was sent', () => {
    const def = v.parse(FormDefinitionSchema, {
      schemaVersion: 1,
      title: L('x'),
      pages: [{ id: 'p', questions: [{ id: 't', type: 'long_text', label: L('t') }] }],
    });
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.constantFrom('NFC' as const, 'NFD' as const),
        (s, form) => {
          const a = validateAnswers(def, { t: s });
          const b = validateAnswers(def, { t: s.normalize(form) });
          expect(b).toEqual(a);
          if (a.ok && a.answers.t !== undefined)
            expect(a.answers.t).toBe((a.answers.t as string).normalize('NFC'));
        },
      ),
    );
  });
});

describe('evaluate properties', () => {
  const answersArb = fc.dictionary(
    fc.constantFrom(...IDS),
    fc.oneof(
      literal,
      fc.subarray([...OPTIONS, 'k1']),
      fc.constant({ r1: 'c1' }),
      fc.constant(null) as fc.Arbitrary<never>,
    ),
  ) as fc.Arbitrary<Answers>;
  const e = exprArb(IDS);

  it('is total: a boolean for any tree, well-formed or not', () => {
    fc.assert(
      fc.property(fc.oneof(e, fc.jsonValue() as fc.Arbitrary<Expr>), answersArb, (x, a) => {
        expect(typeof evaluate(x, a)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('not, De Morgan, neq and unanswered are complements', () => {
    fc.assert(
      fc.property(e, e, answersArb, fc.constantFrom(...IDS), literal, (x, y, a, q, value) => {
        const not = (arg: Expr): Expr => ({ op: 'not', arg });
        expect(evaluate(not(x), a)).toBe(!evaluate(x, a));
        expect(evaluate(not(not(x)), a)).toBe(evaluate(x, a));
        expect(evaluate(not({ op: 'and', args: [x, y] }), a)).toBe(
          evaluate({ op: 'or', args: [not(x), not(y)] }, a),
        );
        expect(evaluate(not({ op: 'or', args: [x, y] }), a)).toBe(
          evaluate({ op: 'and', args: [not(x), not(y)] }, a),
        );
        expect(evaluate({ op: 'and', args: [x, y] }, a)).toBe(evaluate(x, a) && evaluate(y, a));
        expect(evaluate({ op: 'neq', q, value }, a)).toBe(!evaluate({ op: 'eq', q, value }, a));
        expect(evaluate({ op: 'unanswered', q }, a)).toBe(!evaluate({ op: 'answered', q }, a));
        expect(evaluate({ op: 'in', q, values: [value] }, a)).toBe(evaluate({ op: 'eq', q, value }, a));
      }),
      { numRuns: 500 },
    );
  });

  it('the schema refuses and([]) and or([])', () => {
    const ExprOnly = FormDefinitionSchema;
    const def = (showIf: unknown) => ({
      schemaVersion: 1,
      title: L('x'),
      pages: [{ id: 'p', questions: [{ id: 'a', type: 'yes_no', label: L('a'), showIf }] }],
    });
    expect(v.safeParse(ExprOnly, def({ op: 'and', args: [] })).success).toBe(false);
    expect(v.safeParse(ExprOnly, def({ op: 'or', args: [] })).success).toBe(false);
    expect(v.safeParse(ExprOnly, def({ op: 'and', args: [{ op: 'answered', q: 'a' }] })).success).toBe(true);
  });
});
