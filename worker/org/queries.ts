/**
 * Every SQL statement of the organisation module (units). Drizzle's builder throughout; `sql`
 * fragments where SQL says it better (subtree re-pathing, the recursive merge walk). Tree guards
 * stay in SQL: a write changes nothing when the tree moved since it was read.
 */
import { and, count, eq, exists, gte, inArray, isNull, not, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db, statement } from '../db/client';
import { UNIT_KINDS, type UnitKind, units } from '../db/schema';
import { inSubtree } from '../db/subtree';

/** What the module reads of a unit (everything but the search key and timestamps). */
const unitCols = {
  id: units.id,
  code: units.code,
  name: units.name,
  nameEn: units.nameEn,
  kind: units.kind,
  parentId: units.parentId,
  path: units.path,
  validFrom: units.validFrom,
  validTo: units.validTo,
  mergedIntoId: units.mergedIntoId,
};
export type UnitRow = NonNullable<Awaited<ReturnType<typeof selectUnit>>>;

/** Current = not merged and not past its validity end (`today` is yyyy-mm-dd). */
function current(today: string) {
  return and(isNull(units.mergedIntoId), or(isNull(units.validTo), gte(units.validTo, today)));
}

const isUnitKind = (k: string): k is UnitKind => (UNIT_KINDS as readonly string[]).includes(k);

export async function selectUnit(d1: D1Database, id: string) {
  return (await db(d1).select(unitCols).from(units).where(eq(units.id, id)).get()) ?? null;
}

export async function selectUnitsByIds(d1: D1Database, ids: string[]): Promise<UnitRow[]> {
  const out: UnitRow[] = [];
  // ≤ 100 bound parameters per D1 statement.
  for (let i = 0; i < ids.length; i += 90) {
    out.push(
      ...(await db(d1)
        .select(unitCols)
        .from(units)
        .where(inArray(units.id, ids.slice(i, i + 90)))
        .all()),
    );
  }
  return out;
}

/** All units (the tree is small: hundreds to a few thousand rows), optionally filtered. */
export async function selectUnits(
  d1: D1Database,
  opts: { folded?: string; includeMerged: boolean; today: string },
): Promise<UnitRow[]> {
  return db(d1)
    .select(unitCols)
    .from(units)
    .where(
      and(
        opts.includeMerged ? undefined : current(opts.today),
        // instr(), not LIKE: D1 caps LIKE patterns at 50 bytes and user text can be longer.
        opts.folded
          ? or(
              sql`instr(${units.searchName}, ${opts.folded}) > 0`,
              sql`instr(lower(${units.code}), ${opts.folded}) > 0`,
            )
          : undefined,
      ),
    )
    .orderBy(units.path)
    .all();
}

/** Current units of the given kinds (all kinds when none are given), for the public unit picker. */
export async function selectPublicUnits(d1: D1Database, kinds: string[] | null, today: string) {
  return db(d1)
    .select({
      id: units.id,
      name: units.name,
      nameEn: units.nameEn,
      kind: units.kind,
      parentId: units.parentId,
    })
    .from(units)
    .where(and(current(today), kinds?.length ? inArray(units.kind, kinds.filter(isUnitKind)) : undefined))
    .orderBy(units.searchName)
    .all();
}

/**
 * Inserts a unit whose path is computed in SQL from its parent's current path, so a concurrent
 * move of the parent cannot leave a stale path. Returns the number of rows inserted (0 when the
 * parent does not exist).
 */
export function insertUnitStatement(
  d1: D1Database,
  u: Omit<UnitRow, 'path' | 'mergedIntoId'> & { searchName: string; now: number },
): D1PreparedStatement {
  const q = db(d1);
  const row = {
    id: u.id,
    code: u.code,
    name: u.name,
    nameEn: u.nameEn,
    searchName: u.searchName,
    kind: u.kind,
    validFrom: u.validFrom,
    validTo: u.validTo,
    createdAt: u.now,
    updatedAt: u.now,
  };
  if (!u.parentId)
    return statement(d1, q.insert(units).values({ ...row, parentId: null, path: `/${u.id}/` }));
  // INSERT … SELECT from the parent's row: no parent, no row.
  const parent = alias(units, 'parent');
  return statement(
    d1,
    q.insert(units).select(
      q
        .select({
          id: sql<string>`${row.id}`.as('id'),
          code: sql<string>`${row.code}`.as('code'),
          name: sql<string>`${row.name}`.as('name'),
          nameEn: sql<string | null>`${row.nameEn}`.as('name_en'),
          searchName: sql<string>`${row.searchName}`.as('search_name'),
          kind: sql<UnitKind>`${row.kind}`.as('kind'),
          parentId: parent.id,
          path: sql<string>`${parent.path} || ${u.id} || '/'`.as('path'),
          validFrom: sql<string | null>`${row.validFrom}`.as('valid_from'),
          validTo: sql<string | null>`${row.validTo}`.as('valid_to'),
          mergedIntoId: sql<null>`NULL`.as('merged_into_id'),
          createdAt: sql<number>`${row.createdAt}`.as('created_at'),
          updatedAt: sql<number>`${row.updatedAt}`.as('updated_at'),
        })
        .from(parent)
        .where(eq(parent.id, u.parentId)),
    ),
  );
}

/** Updates a unit's own fields (not its place in the tree). */
export function updateUnitFieldsStatement(
  d1: D1Database,
  id: string,
  f: {
    code: string;
    name: string;
    nameEn: string | null;
    searchName: string;
    kind: UnitKind;
    validFrom: string | null;
    validTo: string | null;
    now: number;
  },
): D1PreparedStatement {
  const { now, ...fields } = f;
  return statement(
    d1,
    db(d1)
      .update(units)
      .set({ ...fields, updatedAt: now })
      .where(eq(units.id, id)),
  );
}

/**
 * Moves `unit` (currently at `oldPath`) under `newParentId`: two statements for one batch. Both are
 * guarded in SQL, so they change nothing when the unit moved meanwhile or when the new parent is
 * inside the unit's own subtree (a cycle). The first statement's `changes` tells the caller
 * whether the move happened.
 */
export function moveUnitStatements(
  d1: D1Database,
  m: { id: string; oldPath: string; newParentId: string; now: number },
): D1PreparedStatement[] {
  const q = db(d1);
  const parent = alias(units, 'parent');
  const moved = alias(units, 'moved');
  const parentPath = q.select({ path: parent.path }).from(parent).where(eq(parent.id, m.newParentId));
  // The old parent prefix is oldPath minus its last segment "<id>/".
  const oldParentLen = m.oldPath.length - (m.id.length + 1);
  return [
    // The unit is still where it was read, and the new parent lies outside its subtree.
    statement(
      d1,
      q
        .update(units)
        .set({ parentId: m.newParentId, updatedAt: m.now })
        .where(
          and(
            eq(units.id, m.id),
            eq(units.path, m.oldPath),
            exists(
              q
                .select({ one: sql`1` })
                .from(parent)
                .where(and(eq(parent.id, m.newParentId), not(inSubtree(parent.path, m.oldPath)))),
            ),
          ),
        ),
    ),
    // The subtree re-pathed under the new parent's path, only if the first statement moved it.
    statement(
      d1,
      q
        .update(units)
        .set({ path: sql`${parentPath} || substr(${units.path}, ${oldParentLen + 1})` })
        .where(
          and(
            inSubtree(units.path, m.oldPath),
            eq(q.select({ parentId: moved.parentId }).from(moved).where(eq(moved.id, m.id)), m.newParentId),
            not(inSubtree(parentPath, m.oldPath)),
          ),
        ),
    ),
  ];
}

/**
 * Closes `id` as merged into `intoId` on `date`. Guarded in SQL: the unit must be current, the
 * successor current and outside the unit's subtree, and the unit must have no current children.
 */
export function mergeUnitStatement(
  d1: D1Database,
  m: { id: string; intoId: string; date: string; now: number },
): D1PreparedStatement {
  const q = db(d1);
  const successor = alias(units, 'successor');
  const child = alias(units, 'child');
  return statement(
    d1,
    q
      .update(units)
      .set({ mergedIntoId: m.intoId, validTo: m.date, updatedAt: m.now })
      .where(
        and(
          eq(units.id, m.id),
          isNull(units.mergedIntoId),
          sql`${m.id} <> ${m.intoId}`,
          exists(
            q
              .select({ one: sql`1` })
              .from(successor)
              .where(
                and(
                  eq(successor.id, m.intoId),
                  isNull(successor.mergedIntoId),
                  sql`substr(${successor.path}, 1, length(${units.path})) <> ${units.path}`,
                ),
              ),
          ),
          notExists(
            q
              .select({ one: sql`1` })
              .from(child)
              .where(and(eq(child.parentId, m.id), isNull(child.mergedIntoId))),
          ),
        ),
      ),
  );
}

export async function countCurrentChildren(d1: D1Database, id: string): Promise<number> {
  const r = await db(d1)
    .select({ n: count() })
    .from(units)
    .where(and(eq(units.parentId, id), isNull(units.mergedIntoId)))
    .get();
  return r?.n ?? 0;
}

/** The unit plus every unit transitively merged into it (recursive CTE on merged_into_id). */
export async function selectMergedPredecessors(d1: D1Database, id: string): Promise<string[]> {
  const rows = await db(d1)
    .select({ id: sql<string>`id` })
    .from(
      sql`(WITH RECURSIVE preds(id) AS (
             SELECT ${units.id} FROM ${units} WHERE ${units.id} = ${id}
             UNION SELECT ${units.id} FROM ${units} JOIN preds ON ${units.mergedIntoId} = preds.id
           ) SELECT id FROM preds)`,
    )
    .all();
  return rows.map((r) => r.id);
}

/** id, code, path, parent of every unit: what an import resolves codes against. */
export async function selectUnitIndex(d1: D1Database) {
  return db(d1)
    .select({ id: units.id, code: units.code, path: units.path, parentId: units.parentId })
    .from(units)
    .all();
}

/**
 * Import upsert by `code`: a new code inserts with the given path; an existing code updates its
 * names, kind and validity (never its place in the tree — moves go through PATCH).
 */
export function upsertUnitStatement(
  d1: D1Database,
  u: UnitRow & { searchName: string; now: number },
): D1PreparedStatement {
  const { now } = u;
  return statement(
    d1,
    db(d1)
      .insert(units)
      .values({
        id: u.id,
        code: u.code,
        name: u.name,
        nameEn: u.nameEn,
        searchName: u.searchName,
        kind: u.kind,
        parentId: u.parentId,
        path: u.path,
        validFrom: u.validFrom,
        validTo: u.validTo,
        createdAt: now,
        updatedAt: now,
      })
      // An existing code: names, kind and validity follow the file; place and id stay.
      .onConflictDoUpdate({
        target: units.code,
        set: {
          name: u.name,
          nameEn: u.nameEn,
          searchName: u.searchName,
          kind: u.kind,
          validFrom: u.validFrom,
          validTo: u.validTo,
          updatedAt: now,
        },
      }),
  );
}
