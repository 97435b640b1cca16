/** Every SQL statement about people and their positions (cán bộ, chức vụ). */
import { and, eq, exists, gte, inArray, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db, inJson, statement } from '../db/client';
import { people, positions, units } from '../db/schema';
import { inSubtree } from '../db/subtree';

const personCols = {
  id: people.id,
  fullName: people.fullName,
  birthYear: people.birthYear,
  partyMember: people.partyMember,
  externalRef: people.externalRef,
};
export type PersonRow = NonNullable<Awaited<ReturnType<typeof selectPerson>>>;
export type PositionRow = Awaited<ReturnType<typeof selectPositionsOf>>[number];

/** A position is current on `today` when today lies within its validity. */
function currentPosition(today: string) {
  return and(
    or(isNull(positions.validFrom), lte(positions.validFrom, today)),
    or(isNull(positions.validTo), gte(positions.validTo, today)),
  );
}

export async function selectPerson(d1: D1Database, id: string) {
  return (await db(d1).select(personCols).from(people).where(eq(people.id, id)).get()) ?? null;
}

/** Names of people by id (a picked person in an answer), in one statement whatever the count. */
export async function selectPersonNames(d1: D1Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db(d1)
    .select({ id: people.id, name: people.fullName })
    .from(people)
    .where(inJson(people.id, [...new Set(ids)]))
    .all();
}

/** Names and kinds of units by id (a picked unit in an answer), in one statement whatever the count. */
export async function selectUnitNames(d1: D1Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db(d1)
    .select({ id: units.id, kind: units.kind, name: units.name })
    .from(units)
    .where(inJson(units.id, [...new Set(ids)]))
    .all();
}

/** People by folded name and/or unit (any position in the unit's subtree), newest name order. */
export async function selectPeople(
  d1: D1Database,
  f: { folded?: string; unitPath?: string; limit: number; offset: number },
): Promise<PersonRow[]> {
  const q = db(d1);
  return q
    .select(personCols)
    .from(people)
    .where(
      and(
        f.folded ? sql`instr(${people.searchName}, ${f.folded}) > 0` : undefined,
        f.unitPath
          ? exists(
              q
                .select({ one: sql`1` })
                .from(positions)
                .innerJoin(units, eq(units.id, positions.unitId))
                .where(and(eq(positions.personId, people.id), inSubtree(units.path, f.unitPath))),
            )
          : undefined,
      ),
    )
    .orderBy(people.searchName, people.id)
    .limit(f.limit)
    .offset(f.offset)
    .all();
}

/** Positions of these people, with unit names and paths. */
export async function selectPositionsOf(d1: D1Database, personIds: string[]) {
  const positionsOf = (chunk: string[]) =>
    db(d1)
      .select({
        id: positions.id,
        personId: positions.personId,
        unitId: positions.unitId,
        unitName: units.name,
        unitPath: units.path,
        title: positions.title,
        titleEn: positions.titleEn,
        validFrom: positions.validFrom,
        validTo: positions.validTo,
      })
      .from(positions)
      .innerJoin(units, eq(units.id, positions.unitId))
      .where(inArray(positions.personId, chunk))
      .orderBy(positions.validFrom, positions.createdAt)
      .all();
  const out: Awaited<ReturnType<typeof positionsOf>> = [];
  // ≤ 100 bound parameters per D1 statement.
  for (let i = 0; i < personIds.length; i += 90) out.push(...(await positionsOf(personIds.slice(i, i + 90))));
  return out;
}

/** Public picker: people with a current position whose folded name matches; names and titles only. */
export async function selectPublicPeople(d1: D1Database, folded: string, today: string, limit: number) {
  const q = db(d1);
  const titles = q
    .select({ titles: sql`json_group_array(${positions.title} || ', ' || ${units.name})` })
    .from(positions)
    .innerJoin(units, eq(units.id, positions.unitId))
    .where(and(eq(positions.personId, people.id), currentPosition(today)));
  return q
    .select({
      id: people.id,
      name: people.fullName,
      titles: sql`${titles}`.mapWith((json: string): string[] => JSON.parse(json)),
    })
    .from(people)
    .where(
      and(
        sql`instr(${people.searchName}, ${folded}) > 0`,
        exists(
          q
            .select({ one: sql`1` })
            .from(positions)
            .where(and(eq(positions.personId, people.id), currentPosition(today))),
        ),
      ),
    )
    .orderBy(people.searchName)
    .limit(limit)
    .all();
}

/** A person's row as written by the console and by imports. */
export type PersonWrite = Omit<typeof people.$inferSelect, 'createdAt' | 'updatedAt'> & { now: number };

/** A position (chức vụ) as written by the console. */
export type PositionWrite = Omit<typeof positions.$inferSelect, 'createdAt'> & { now: number };

function personValues({ now, ...p }: PersonWrite) {
  return {
    id: p.id,
    fullName: p.fullName,
    searchName: p.searchName,
    birthYear: p.birthYear,
    partyMember: p.partyMember,
    externalRef: p.externalRef,
    createdAt: now,
    updatedAt: now,
  };
}

export function insertPersonStatement(d1: D1Database, p: PersonWrite): D1PreparedStatement {
  return statement(d1, db(d1).insert(people).values(personValues(p)));
}

export function updatePersonStatement(d1: D1Database, p: PersonWrite): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .update(people)
      .set({
        fullName: p.fullName,
        searchName: p.searchName,
        birthYear: p.birthYear,
        partyMember: p.partyMember,
        externalRef: p.externalRef,
        updatedAt: p.now,
      })
      .where(eq(people.id, p.id)),
  );
}

export function insertPositionStatement(d1: D1Database, p: PositionWrite): D1PreparedStatement {
  const { now, ...position } = p;
  return statement(
    d1,
    db(d1)
      .insert(positions)
      .values({ ...position, createdAt: now }),
  );
}

/** Import upsert by external reference: inserts, or updates name/birth year/party membership. */
export function upsertPersonByRefStatement(
  d1: D1Database,
  p: PersonWrite & { externalRef: string },
): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .insert(people)
      .values(personValues(p))
      .onConflictDoUpdate({
        target: people.externalRef,
        set: {
          fullName: p.fullName,
          searchName: p.searchName,
          birthYear: p.birthYear,
          partyMember: p.partyMember,
          updatedAt: p.now,
        },
      }),
  );
}

/**
 * Import: adds a position to the person with this external reference unless the same position
 * (unit, title, start date) is already recorded — so re-running an import adds nothing.
 */
export function insertPositionByRefStatement(
  d1: D1Database,
  p: Omit<PositionWrite, 'personId'> & { externalRef: string },
): D1PreparedStatement {
  const q = db(d1);
  const same = alias(positions, 'same');
  return statement(
    d1,
    q.insert(positions).select(
      q
        .select({
          id: sql<string>`${p.id}`.as('id'),
          personId: people.id,
          unitId: sql<string>`${p.unitId}`.as('unit_id'),
          title: sql<string>`${p.title}`.as('title'),
          titleEn: sql<string | null>`${p.titleEn}`.as('title_en'),
          validFrom: sql<string | null>`${p.validFrom}`.as('valid_from'),
          validTo: sql<string | null>`${p.validTo}`.as('valid_to'),
          createdAt: sql<number>`${p.now}`.as('created_at'),
        })
        .from(people)
        .where(
          and(
            eq(people.externalRef, p.externalRef),
            notExists(
              q
                .select({ one: sql`1` })
                .from(same)
                .where(
                  and(
                    eq(same.personId, people.id),
                    eq(same.unitId, p.unitId),
                    eq(same.title, p.title),
                    sql`${same.validFrom} IS ${p.validFrom}`,
                  ),
                ),
            ),
          ),
        ),
    ),
  );
}

/** Which of these external references already exist (for import previews). */
export async function selectExistingRefs(d1: D1Database, refs: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  // ≤ 100 bound parameters per D1 statement.
  for (let i = 0; i < refs.length; i += 90) {
    const rows = await db(d1)
      .select({ ref: people.externalRef })
      .from(people)
      .where(inArray(people.externalRef, refs.slice(i, i + 90)))
      .all();
    for (const { ref } of rows) if (ref) out.add(ref);
  }
  return out;
}
