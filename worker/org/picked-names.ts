/**
 * Names of the units and people picked in answers: the one place every reader of answers turns a
 * picked id into a name — the responses CSV export, the case page and case file (worker/cases), the
 * reporter's own data view (worker/rights) — and the check at submission that a picked unit or person
 * exists (worker/responses, with the unit's kind). It names the person the reporter picked, never the
 * case's current subject (which intake may change when classifying).
 */
import type { Question } from '../forms/engine/definition';
import { selectPersonNames, selectUnitNames } from './people-queries';

export type Names = {
  units: Map<string, string>;
  /** The picked units' kinds (unit pickers may allow only some kinds). */
  unitKinds: Map<string, string>;
  people: Map<string, string>;
};

/** Names of the units and people picked in answers to `questions` (one query each). */
export async function pickedNames(
  d1: D1Database,
  questions: Question[],
  answers: Record<string, unknown>[],
): Promise<Names> {
  const unitIds: string[] = [];
  const personIds: string[] = [];
  for (const qn of questions) {
    const list = qn.type === 'unit_picker' ? unitIds : qn.type === 'person_picker' ? personIds : null;
    if (!list) continue;
    for (const a of answers) if (typeof a[qn.id] === 'string') list.push(a[qn.id] as string);
  }
  const [units, people] = await Promise.all([selectUnitNames(d1, unitIds), selectPersonNames(d1, personIds)]);
  return {
    units: new Map(units.map((u) => [u.id, u.name])),
    unitKinds: new Map(units.map((u) => [u.id, u.kind])),
    people: new Map(people.map((p) => [p.id, p.name])),
  };
}
