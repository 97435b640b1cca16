/**
 * Reads the public pages need and no other module exposes as a function: picker options for the
 * no-JavaScript render. Read-only.
 */
import { and, eq, exists, gte, isNull, or, sql } from 'drizzle-orm';
import { db, inJson, type Placeholders, preparedQuery } from '../db/client';
import { cases, people, positions, responses, units } from '../db/schema';

/**
 * Units current on `today` (yyyy-mm-dd; `valid_to` is the last valid day, as everywhere) of the given kinds (all when empty), by name, for a unit
 * picker; with `folded`, only those whose folded name contains it (the picker's search, tìm theo
 * tên — `instr`, not LIKE: D1 refuses LIKE patterns over 50 bytes; '' matches every name).
 */
export async function unitChoices(
  d1: D1Database,
  kinds: string[],
  today: string,
  limit: number,
  folded = '',
) {
  return db(d1)
    .select({ value: units.id, label: units.name })
    .from(units)
    .where(
      and(
        isNull(units.mergedIntoId),
        or(isNull(units.validTo), gte(units.validTo, today)),
        kinds.length ? inJson(units.kind, kinds) : undefined,
        sql`instr(${units.searchName}, ${folded}) > 0`,
      ),
    )
    .orderBy(units.searchName)
    .limit(limit)
    .all();
}

/**
 * People with a current position, "Name — title" (the public person picker shows nothing more);
 * with `folded`, only those whose folded name contains it.
 */
export async function personChoices(d1: D1Database, limit: number, folded = '') {
  const current = and(eq(positions.personId, people.id), isNull(positions.validTo));
  const titles = sql`(SELECT group_concat(${positions.title}, ', ') FROM ${positions} WHERE ${current})`;
  return db(d1)
    .select({ value: people.id, label: sql<string>`${people.fullName} || COALESCE(' — ' || ${titles}, '')` })
    .from(people)
    .where(
      and(
        sql`instr(${people.searchName}, ${folded}) > 0`,
        exists(db(d1).select({ one: sql`1` }).from(positions).where(current)),
      ),
    )
    .orderBy(people.searchName)
    .limit(limit)
    .all();
}

const caseOfReceipt = preparedQuery((q, v: Placeholders<{ code: string }>) =>
  q
    .select({ one: sql`1` })
    .from(cases)
    .innerJoin(responses, eq(responses.id, cases.responseId))
    .where(eq(responses.receiptCode, v.code))
    .prepare(),
);

/**
 * Whether a receipt code (canonical) belongs to a feedback or petition case (it then has a PIN).
 * The receipt page asks on every lookup: built once (decision 284).
 */
export async function isCaseReceipt(d1: D1Database, code: string): Promise<boolean> {
  return !!(await caseOfReceipt.get(d1, { code }));
}
