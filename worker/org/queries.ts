/**
 * Every SQL statement of the organisation module (units, people, positions). Raw D1 where the
 * SQL is clearer than Drizzle (subtree re-pathing, recursive merges, conditional writes).
 */
import type { UnitKind } from '../db/schema';

export interface UnitRow {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: UnitKind;
  parentId: string | null;
  path: string;
  validFrom: string | null;
  validTo: string | null;
  mergedIntoId: string | null;
}

const UNIT_COLS = `id, code, name, name_en AS nameEn, kind, parent_id AS parentId, path,
  valid_from AS validFrom, valid_to AS validTo, merged_into_id AS mergedIntoId`;

/**
 * Bounds of a subtree for an index-friendly range test: `path >= lo AND path < hi`.
 * D1 caps LIKE patterns at 50 bytes, so `path LIKE scope || '%'` fails as soon as a path holds two
 * UUIDs; a prefix range needs no pattern. `hi` replaces the final '/' by '0', the next code point,
 * so exactly the strings starting with `path` fall in the range.
 * @example const [lo, hi] = subtreeBounds(unit.path); sql`... WHERE u.path >= ${lo} AND u.path < ${hi}`
 */
export function subtreeBounds(path: string): [string, string] {
  if (!path.endsWith('/')) throw new Error('unit paths end with /');
  return [path, `${path.slice(0, -1)}0`];
}

/** Current = not merged and not past its validity end (`today` is yyyy-mm-dd). */
const CURRENT = `merged_into_id IS NULL AND (valid_to IS NULL OR valid_to >= ?)`;

export async function selectUnit(d1: D1Database, id: string): Promise<UnitRow | null> {
  return d1.prepare(`SELECT ${UNIT_COLS} FROM units WHERE id = ?`).bind(id).first<UnitRow>();
}

export async function selectUnitsByIds(d1: D1Database, ids: string[]): Promise<UnitRow[]> {
  const out: UnitRow[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const { results } = await d1
      .prepare(`SELECT ${UNIT_COLS} FROM units WHERE id IN (${chunk.map(() => '?').join(',')})`)
      .bind(...chunk)
      .all<UnitRow>();
    out.push(...results);
  }
  return out;
}

/** All units (the tree is small: hundreds to a few thousand rows), optionally filtered. */
export async function selectUnits(
  d1: D1Database,
  opts: { folded?: string; includeMerged: boolean; today: string },
): Promise<UnitRow[]> {
  const where: string[] = [];
  const binds: unknown[] = [];
  if (!opts.includeMerged) {
    where.push(CURRENT);
    binds.push(opts.today);
  }
  if (opts.folded) {
    // instr(), not LIKE: D1 caps LIKE patterns at 50 bytes and user text can be longer.
    where.push('(instr(search_name, ?) > 0 OR instr(lower(code), ?) > 0)');
    binds.push(opts.folded, opts.folded);
  }
  const sql = `SELECT ${UNIT_COLS} FROM units ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY path`;
  const { results } = await d1
    .prepare(sql)
    .bind(...binds)
    .all<UnitRow>();
  return results;
}

/** Current units of the given kinds, for the public unit picker. */
export async function selectPublicUnits(d1: D1Database, kinds: string[] | null, today: string) {
  const kindSql = kinds?.length ? ` AND kind IN (${kinds.map(() => '?').join(',')})` : '';
  const { results } = await d1
    .prepare(
      `SELECT id, name, name_en AS nameEn, kind, parent_id AS parentId FROM units
       WHERE ${CURRENT}${kindSql} ORDER BY search_name`,
    )
    .bind(today, ...(kinds ?? []))
    .all<{ id: string; name: string; nameEn: string | null; kind: string; parentId: string | null }>();
  return results;
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
  if (!u.parentId) {
    return d1
      .prepare(
        `INSERT INTO units (id, code, name, name_en, search_name, kind, parent_id, path, valid_from, valid_to, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL, '/' || ? || '/', ?, ?, ?, ?)`,
      )
      .bind(u.id, u.code, u.name, u.nameEn, u.searchName, u.kind, u.id, u.validFrom, u.validTo, u.now, u.now);
  }
  return d1
    .prepare(
      `INSERT INTO units (id, code, name, name_en, search_name, kind, parent_id, path, valid_from, valid_to, created_at, updated_at)
       SELECT ?, ?, ?, ?, ?, ?, p.id, p.path || ? || '/', ?, ?, ?, ? FROM units p WHERE p.id = ?`,
    )
    .bind(
      u.id,
      u.code,
      u.name,
      u.nameEn,
      u.searchName,
      u.kind,
      u.id,
      u.validFrom,
      u.validTo,
      u.now,
      u.now,
      u.parentId,
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
    kind: string;
    validFrom: string | null;
    validTo: string | null;
    now: number;
  },
): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE units SET code = ?, name = ?, name_en = ?, search_name = ?, kind = ?, valid_from = ?, valid_to = ?, updated_at = ?
       WHERE id = ?`,
    )
    .bind(f.code, f.name, f.nameEn, f.searchName, f.kind, f.validFrom, f.validTo, f.now, id);
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
  // substr() prefix tests, not LIKE: D1 refuses LIKE patterns over 50 bytes.
  const guard = `EXISTS (SELECT 1 FROM units WHERE id = ?1 AND path = ?2)
    AND EXISTS (SELECT 1 FROM units WHERE id = ?3 AND substr(path, 1, length(?2)) <> ?2)`;
  // The old parent prefix is oldPath minus its last segment "<id>/".
  const oldParentLen = m.oldPath.length - (m.id.length + 1);
  return [
    d1
      .prepare(`UPDATE units SET parent_id = ?3, updated_at = ?4 WHERE id = ?1 AND ${guard}`)
      .bind(m.id, m.oldPath, m.newParentId, m.now),
    d1
      .prepare(
        `UPDATE units SET path = (SELECT path FROM units WHERE id = ?3) || substr(path, ?4 + 1)
         WHERE path >= ?2 AND path < ?5 AND (SELECT parent_id FROM units WHERE id = ?1) = ?3
           AND substr((SELECT path FROM units WHERE id = ?3), 1, length(?2)) <> ?2`,
      )
      .bind(m.id, m.oldPath, m.newParentId, oldParentLen, subtreeBounds(m.oldPath)[1]),
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
  return d1
    .prepare(
      `UPDATE units SET merged_into_id = ?2, valid_to = ?3, updated_at = ?4
       WHERE id = ?1 AND merged_into_id IS NULL AND ?1 <> ?2
         AND EXISTS (SELECT 1 FROM units t, units s WHERE t.id = ?2 AND s.id = ?1 AND t.merged_into_id IS NULL
                     AND substr(t.path, 1, length(s.path)) <> s.path)
         AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = ?1 AND c.merged_into_id IS NULL)`,
    )
    .bind(m.id, m.intoId, m.date, m.now);
}

export async function countCurrentChildren(d1: D1Database, id: string): Promise<number> {
  const r = await d1
    .prepare('SELECT count(*) AS n FROM units WHERE parent_id = ? AND merged_into_id IS NULL')
    .bind(id)
    .first<{ n: number }>();
  return r?.n ?? 0;
}

/** The unit plus every unit transitively merged into it (recursive CTE on merged_into_id). */
export async function selectMergedPredecessors(d1: D1Database, id: string): Promise<string[]> {
  const { results } = await d1
    .prepare(
      `WITH RECURSIVE preds(id) AS (
         SELECT id FROM units WHERE id = ?
         UNION SELECT u.id FROM units u JOIN preds p ON u.merged_into_id = p.id
       ) SELECT id FROM preds`,
    )
    .bind(id)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** id, code, path, parent of every unit: what an import resolves codes against. */
export async function selectUnitIndex(d1: D1Database) {
  const { results } = await d1
    .prepare('SELECT id, code, path, parent_id AS parentId FROM units')
    .all<{ id: string; code: string; path: string; parentId: string | null }>();
  return results;
}

/**
 * Import upsert by `code`: a new code inserts with the given path; an existing code updates its
 * names, kind and validity (never its place in the tree — moves go through PATCH).
 */
export function upsertUnitStatement(
  d1: D1Database,
  u: UnitRow & { searchName: string; now: number },
): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO units (id, code, name, name_en, search_name, kind, parent_id, path, valid_from, valid_to, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en,
         search_name = excluded.search_name, kind = excluded.kind, valid_from = excluded.valid_from,
         valid_to = excluded.valid_to, updated_at = excluded.updated_at`,
    )
    .bind(
      u.id,
      u.code,
      u.name,
      u.nameEn,
      u.searchName,
      u.kind,
      u.parentId,
      u.path,
      u.validFrom,
      u.validTo,
      u.now,
      u.now,
    );
}
