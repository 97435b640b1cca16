/**
 * The console's pure builder logic (web/console/pages/forms/builder): the condition editor's
 * mapping to expressions, question moves, draft cleaning and validation paths, and the dd/mm/yyyy
 * date helpers. Pure code, so it runs here as it runs in the browser.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseDmy } from '../../web/console/lib/dates';
import {
  type Condition,
  fromExpr,
  type Rule,
  toExpr,
} from '../../web/console/pages/forms/builder/conditions';
import {
  addPage,
  addQuestion,
  cleanDefinition,
  type FormDefinition,
  moveQuestion,
  newDefinition,
  referencesTo,
  validateDraft,
} from '../../web/console/pages/forms/builder/model';
import { ExprSchema } from '../../worker/forms/engine/definition';
import { evaluate } from '../../worker/forms/engine/logic';
import { formatDay } from '../../worker/lib/format';
import { vnDayEnd, vnMidnight } from '../../worker/lib/time';

const qid = fc.constantFrom('a', 'b', 'c');
const rule: fc.Arbitrary<Rule> = fc.oneof(
  fc.record({
    op: fc.constantFrom('eq' as const, 'neq' as const),
    q: qid,
    value: fc.oneof(fc.constantFrom('x', 'y'), fc.boolean(), fc.integer({ min: 0, max: 3 })),
  }),
  fc.record({
    op: fc.constantFrom('gt' as const, 'lte' as const),
    q: qid,
    value: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    op: fc.constant('in' as const),
    q: qid,
    values: fc.array(fc.constantFrom('x', 'y', 1), { maxLength: 3 }),
  }),
  fc.record({ op: fc.constantFrom('answered' as const, 'unanswered' as const), q: qid }),
);
const join = fc.constantFrom('and' as const, 'or' as const);
const condition: fc.Arbitrary<Condition> = fc.record({
  join,
  groups: fc.array(fc.record({ join, rules: fc.array(rule, { minLength: 1, maxLength: 4 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
});
const answers = fc.record(
  {
    a: fc.oneof(fc.constantFrom('x', 'y'), fc.boolean(), fc.integer({ min: 0, max: 3 })),
    b: fc.constantFrom('x', 'y'),
    c: fc.integer({ min: 0, max: 3 }),
  },
  { requiredKeys: [] },
);

describe('condition editor ↔ expression', () => {
  it('every condition the editor builds is a valid Expr and reads back to the same meaning', () => {
    fc.assert(
      fc.property(condition, answers, (c, ans) => {
        const e = toExpr(c)!;
        expect(v.safeParse(ExprSchema, e).success).toBe(true);
        const back = fromExpr(e);
        expect(back).not.toBeNull();
        const again = toExpr(back!)!;
        // Same structure after one normalisation, same truth value on any answers.
        expect(toExpr(fromExpr(again)!)).toEqual(again);
        expect(evaluate(again, ans)).toBe(evaluate(e, ans));
      }),
    );
  });

  it('a single rule stays a bare leaf; empty conditions disappear', () => {
    expect(toExpr({ join: 'and', groups: [{ join: 'and', rules: [{ op: 'answered', q: 'a' }] }] })).toEqual({
      op: 'answered',
      q: 'a',
    });
    expect(toExpr({ join: 'or', groups: [] })).toBeUndefined();
    expect(fromExpr(undefined)).toEqual({ join: 'and', groups: [] });
  });

  it('falls back (null) for what the simple editor cannot show: not, three levels', () => {
    expect(fromExpr({ op: 'not', arg: { op: 'answered', q: 'a' } })).toBeNull();
    const deep = {
      op: 'and' as const,
      args: [
        { op: 'or' as const, args: [{ op: 'and' as const, args: [{ op: 'answered' as const, q: 'a' }] }] },
      ],
    };
    expect(fromExpr(deep)).toBeNull();
  });
});

function twoPages(): FormDefinition {
  let d = newDefinition('Thử');
  d = addQuestion(d, 0, 'yes_no').def;
  d = addQuestion(d, 0, 'short_text').def;
  d = addPage(d);
  d = addQuestion(d, 1, 'number').def;
  return d;
}

describe('builder model', () => {
  it('moves a question with the keyboard buttons across page boundaries, losing nothing', () => {
    const d = twoPages();
    expect(d.pages.map((p) => p.questions.map((q) => q.id))).toEqual([['q1', 'q2'], ['q3']]);
    const down = moveQuestion(d, 0, 1, 1);
    expect(down.def.pages.map((p) => p.questions.map((q) => q.id))).toEqual([['q1'], ['q2', 'q3']]);
    expect([down.p, down.i]).toEqual([1, 0]);
    const up = moveQuestion(down.def, 1, 0, -1);
    expect(up.def.pages.map((p) => p.questions.map((q) => q.id))).toEqual([['q1', 'q2'], ['q3']]);
    // At the very top nothing moves.
    expect(moveQuestion(d, 0, 0, -1).def).toBe(d);
  });

  it('validates with the server schema and reports server-style paths', () => {
    const d = twoPages();
    expect(validateDraft(d)).toEqual([]);
    const broken = structuredClone(d);
    broken.pages[0]!.questions[1]!.label.vi = '';
    broken.pages[1]!.questions[0]!.id = 'Bad Id';
    const paths = validateDraft(broken).map((p) => p.path);
    expect(paths).toContain('pages.0.questions.1.label.vi');
    expect(paths).toContain('pages.1.questions.0.id');
  });

  it('drops empty optional texts and empty English before saving, keeps required ones', () => {
    const d = twoPages();
    const q = d.pages[0]!.questions[0]!;
    Object.assign(q, { help: { vi: '', en: '' }, label: { vi: 'Có không?', en: '' } });
    const clean = cleanDefinition(d);
    expect(clean.pages[0]!.questions[0]).not.toHaveProperty('help');
    expect(clean.pages[0]!.questions[0]!.label).toEqual({ vi: 'Có không?' });
    expect(validateDraft(d)).toEqual([]);
  });

  it('finds the conditions that refer to a question', () => {
    const d = twoPages();
    d.pages[0]!.questions[1]!.showIf = { op: 'eq', q: 'q1', value: true };
    d.pages[1]!.showIf = {
      op: 'or',
      args: [
        { op: 'answered', q: 'q1' },
        { op: 'answered', q: 'q2' },
      ],
    };
    expect(referencesTo(d, 'q1')).toEqual(['q2', 'p2']);
  });
});

describe('dates typed as dd/mm/yyyy (Vietnam days)', () => {
  it('parses real dates only', () => {
    expect(parseDmy('1/2/2026')).toBe('2026-02-01');
    expect(parseDmy('29/02/2024')).toBe('2024-02-29');
    expect(parseDmy('29/02/2026')).toBeNull();
    expect(parseDmy('2026-02-01')).toBeNull();
    expect(parseDmy('')).toBeNull();
    expect(formatDay('2026-12-31')).toBe('31/12/2026');
  });

  it('a form "closing on 30/06" takes answers until 23:59:59.999 Vietnam time that day', () => {
    expect(new Date(vnMidnight('2026-06-30')).toISOString()).toBe('2026-06-29T17:00:00.000Z');
    expect(new Date(vnDayEnd('2026-06-30')).toISOString()).toBe('2026-06-30T16:59:59.999Z');
  });
});
