/**
 * The condition editor's model (điều kiện hiển thị / bắt buộc). People build conditions as
 * "question → operator → value" rules in groups: rules inside a group are joined by AND or OR,
 * and the groups are joined by AND or OR. That is exactly two levels of `Expr`, which covers what
 * staff write; anything deeper (or a `not`) is edited as JSON instead (`fromExpr` returns null).
 */
import type { Expr, Question } from './model';

/** A leaf of the expression tree: one rule. */
export type Rule = Exclude<Expr, { op: 'and' | 'or' | 'not' }>;
export type RuleOp = Rule['op'];
export type Join = 'and' | 'or';

export interface Group {
  join: Join;
  rules: Rule[];
}

export interface Condition {
  join: Join;
  groups: Group[];
}

function isLeaf(e: Expr): e is Rule {
  return e.op !== 'and' && e.op !== 'or' && e.op !== 'not';
}

/** Builds the expression; a one-rule group is the rule itself, a one-group condition the group. */
export function toExpr(c: Condition): Expr | undefined {
  const groups = c.groups
    .filter((g) => g.rules.length)
    .map((g): Expr => (g.rules.length === 1 ? g.rules[0]! : { op: g.join, args: g.rules }));
  if (!groups.length) return undefined;
  return groups.length === 1 ? groups[0] : { op: c.join, args: groups };
}

/** Reads an expression into the editor's shape, or null when it is deeper than the editor shows. */
export function fromExpr(e: Expr | undefined): Condition | null {
  if (!e) return { join: 'and', groups: [] };
  if (isLeaf(e)) return { join: 'and', groups: [{ join: 'and', rules: [e] }] };
  if (e.op === 'not') return null;
  if (e.args.every(isLeaf)) return { join: 'and', groups: [{ join: e.op, rules: e.args }] };
  const groups: Group[] = [];
  for (const a of e.args) {
    if (isLeaf(a)) groups.push({ join: 'and', rules: [a] });
    else if (a.op !== 'not' && a.args.every(isLeaf)) groups.push({ join: a.op, rules: a.args });
    else return null;
  }
  return { join: e.op, groups };
}

/** Operators that make sense for a question type, in menu order. */
export function opsFor(q: Question | undefined): RuleOp[] {
  switch (q?.type) {
    case 'number':
    case 'rating':
      return ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'answered', 'unanswered'];
    case 'yes_no':
    case 'consent':
      return ['eq', 'answered', 'unanswered'];
    case 'single_choice':
    case 'dropdown':
      return ['eq', 'neq', 'in', 'answered', 'unanswered'];
    case 'multiple_choice':
      return ['includes', 'answered', 'unanswered'];
    default:
      return ['eq', 'neq', 'answered', 'unanswered'];
  }
}

export const OP_LABELS: Record<RuleOp, { vi: string; en: string }> = {
  eq: { vi: 'bằng', en: 'equals' },
  neq: { vi: 'khác', en: 'is not' },
  gt: { vi: 'lớn hơn', en: 'greater than' },
  gte: { vi: 'từ (≥)', en: 'at least' },
  lt: { vi: 'nhỏ hơn', en: 'less than' },
  lte: { vi: 'đến (≤)', en: 'at most' },
  in: { vi: 'là một trong', en: 'is one of' },
  includes: { vi: 'có chọn', en: 'includes' },
  answered: { vi: 'đã trả lời', en: 'is answered' },
  unanswered: { vi: 'chưa trả lời', en: 'is not answered' },
};

/** The choices a rule's value can take, when the question has a fixed set. */
export function valueChoices(
  q: Question | undefined,
): { value: string | boolean | number; vi: string; en?: string }[] | null {
  if (!q) return null;
  if (q.type === 'single_choice' || q.type === 'dropdown' || q.type === 'multiple_choice') {
    return q.options.map((o) => ({ value: o.value, vi: o.label.vi, en: o.label.en }));
  }
  if (q.type === 'yes_no' || q.type === 'consent') {
    return [
      { value: true, vi: 'Có', en: 'Yes' },
      { value: false, vi: 'Không', en: 'No' },
    ];
  }
  if (q.type === 'rating') {
    return Array.from({ length: q.max ?? 5 }, (_, i) => ({ value: i + 1, vi: String(i + 1) }));
  }
  return null;
}

/**
 * A sensible rule for a question: the first operator it allows and its first value, so a new
 * rule is valid as soon as it is added.
 */
export function defaultRule(q: Question): Rule {
  const op = opsFor(q)[0]!;
  return retarget({ op: 'answered', q: q.id }, q, op);
}

/** Re-shapes a rule for a (possibly different) question and operator, keeping the value when it still fits. */
export function retarget(r: Rule, q: Question, op: RuleOp): Rule {
  const choices = valueChoices(q);
  const first = choices?.[0]?.value;
  const numeric = q.type === 'number' || q.type === 'rating';
  const old = 'value' in r ? r.value : undefined;
  const fits = (x: unknown) =>
    choices ? choices.some((c) => c.value === x) : numeric ? typeof x === 'number' : typeof x === 'string';
  switch (op) {
    case 'answered':
    case 'unanswered':
      return { op, q: q.id };
    case 'in':
      return {
        op,
        q: q.id,
        values: 'values' in r ? r.values.filter(fits) : first !== undefined ? [first] : [],
      };
    case 'includes':
      return { op, q: q.id, value: typeof old === 'string' && fits(old) ? old : String(first ?? '') };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { op, q: q.id, value: typeof old === 'number' ? old : typeof first === 'number' ? first : 0 };
    default:
      return { op, q: q.id, value: old !== undefined && fits(old) ? old : (first ?? (numeric ? 0 : '')) };
  }
}
