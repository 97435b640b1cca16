/** Every SQL statement about people and their positions (cán bộ, chức vụ). */
import { subtreeBounds } from './queries';

export interface PersonRow {
  id: string;
  fullName: string;
  birthYear: number | null;
  partyMember: number;
  externalRef: string | null;
}
export interface PositionRow {
  id: string;
  personId: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  title: string;
  titleEn: string | null;
  validFrom: string | null;
  validTo: string | null;
}

const PERSON_COLS =
  'p.id, p.full_name AS fullName, p.birth_year AS birthYear, p.party_member AS partyMember, p.external_ref AS externalRef';
/** A position is current on `today` when today lies within its validity. */
const CURRENT_POS =
  '(pos.valid_from IS NULL OR pos.valid_from <= ?) AND (pos.valid_to IS NULL OR pos.valid_to >= ?)';

export async function selectPerson(d1: D1Database, id: string): Promise<PersonRow | null> {
  return d1.prepare(`SELECT ${PERSON_COLS} FROM people p WHERE p.id = ?`).bind(id).first<PersonRow>();
}

/** People by folded name and/or unit (any position in the unit's subtree), newest name order. */
export async function selectPeople(
  d1: D1Database,
  f: { folded?: string; unitPath?: string; limit: number; offset: number },
): Promise<PersonRow[]> {
  const where: string[] = [];
  const binds: unknown[] = [];
  if (f.folded) {
    where.push('instr(p.search_name, ?) > 0');
    binds.push(f.folded);
  }
  if (f.unitPath) {
    where.push(`EXISTS (SELECT 1 FROM positions pos JOIN units u ON u.id = pos.unit_id
                        WHERE pos.person_id = p.id AND u.path >= ? AND u.path < ?)`);
    binds.push(...subtreeBounds(f.unitPath));
  }
  const { results } = await d1
    .prepare(
      `SELECT ${PERSON_COLS} FROM people p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY p.search_name, p.id LIMIT ? OFFSET ?`,
    )
    .bind(...binds, f.limit, f.offset)
    .all<PersonRow>();
  return results;
}

/** Positions of these people, with unit names and paths. */
export async function selectPositionsOf(d1: D1Database, personIds: string[]): Promise<PositionRow[]> {
  const out: PositionRow[] = [];
  for (let i = 0; i < personIds.length; i += 90) {
    const chunk = personIds.slice(i, i + 90);
    if (!chunk.length) break;
    const { results } = await d1
      .prepare(
        `SELECT pos.id, pos.person_id AS personId, pos.unit_id AS unitId, u.name AS unitName, u.path AS unitPath,
                pos.title, pos.title_en AS titleEn, pos.valid_from AS validFrom, pos.valid_to AS validTo
         FROM positions pos JOIN units u ON u.id = pos.unit_id
         WHERE pos.person_id IN (${chunk.map(() => '?').join(',')}) ORDER BY pos.valid_from, pos.created_at`,
      )
      .bind(...chunk)
      .all<PositionRow>();
    out.push(...results);
  }
  return out;
}

/** Public picker: people with a current position whose folded name matches; names and titles only. */
export async function selectPublicPeople(d1: D1Database, folded: string, today: string, limit: number) {
  const { results } = await d1
    .prepare(
      `SELECT p.id, p.full_name AS name,
              (SELECT json_group_array(pos.title || ', ' || u.name) FROM positions pos JOIN units u ON u.id = pos.unit_id
               WHERE pos.person_id = p.id AND ${CURRENT_POS}) AS titles
       FROM people p
       WHERE instr(p.search_name, ?) > 0
         AND EXISTS (SELECT 1 FROM positions pos WHERE pos.person_id = p.id AND ${CURRENT_POS})
       ORDER BY p.search_name LIMIT ?`,
    )
    .bind(today, today, folded, today, today, limit)
    .all<{ id: string; name: string; titles: string }>();
  return results.map((r) => ({ id: r.id, name: r.name, titles: JSON.parse(r.titles) as string[] }));
}

/** A person's row as written by the console and by imports. */
export interface PersonWrite {
  id: string;
  fullName: string;
  searchName: string;
  birthYear: number | null;
  partyMember: boolean;
  externalRef: string | null;
  now: number;
}

/** A position (chức vụ) as written by the console. */
export interface PositionWrite {
  id: string;
  personId: string;
  unitId: string;
  title: string;
  titleEn: string | null;
  validFrom: string | null;
  validTo: string | null;
  now: number;
}

const INSERT_PERSON = `INSERT INTO people (id, full_name, search_name, birth_year, party_member, external_ref, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/** The values of INSERT_PERSON, in its column order. */
function personValues(p: PersonWrite) {
  return [p.id, p.fullName, p.searchName, p.birthYear, p.partyMember ? 1 : 0, p.externalRef, p.now, p.now];
}

export function insertPersonStatement(d1: D1Database, p: PersonWrite): D1PreparedStatement {
  return d1.prepare(INSERT_PERSON).bind(...personValues(p));
}

export function updatePersonStatement(d1: D1Database, p: PersonWrite): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE people SET full_name = ?, search_name = ?, birth_year = ?, party_member = ?, external_ref = ?, updated_at = ?
       WHERE id = ?`,
    )
    .bind(p.fullName, p.searchName, p.birthYear, p.partyMember ? 1 : 0, p.externalRef, p.now, p.id);
}

export function insertPositionStatement(d1: D1Database, p: PositionWrite): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO positions (id, person_id, unit_id, title, title_en, valid_from, valid_to, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(p.id, p.personId, p.unitId, p.title, p.titleEn, p.validFrom, p.validTo, p.now);
}

/** Import upsert by external reference: inserts, or updates name/birth year/party membership. */
export function upsertPersonByRefStatement(
  d1: D1Database,
  p: PersonWrite & { externalRef: string },
): D1PreparedStatement {
  return d1
    .prepare(
      `${INSERT_PERSON}
       ON CONFLICT(external_ref) DO UPDATE SET full_name = excluded.full_name, search_name = excluded.search_name,
         birth_year = excluded.birth_year, party_member = excluded.party_member, updated_at = excluded.updated_at`,
    )
    .bind(...personValues(p));
}

/**
 * Import: adds a position to the person with this external reference unless the same position
 * (unit, title, start date) is already recorded — so re-running an import adds nothing.
 */
export function insertPositionByRefStatement(
  d1: D1Database,
  p: Omit<PositionWrite, 'personId'> & { externalRef: string },
): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO positions (id, person_id, unit_id, title, title_en, valid_from, valid_to, created_at)
       SELECT ?1, per.id, ?2, ?3, ?4, ?5, ?6, ?7 FROM people per
       WHERE per.external_ref = ?8
         AND NOT EXISTS (SELECT 1 FROM positions x WHERE x.person_id = per.id AND x.unit_id = ?2
                         AND x.title = ?3 AND x.valid_from IS ?5)`,
    )
    .bind(p.id, p.unitId, p.title, p.titleEn, p.validFrom, p.validTo, p.now, p.externalRef);
}

/** Which of these external references already exist (for import previews). */
export async function selectExistingRefs(d1: D1Database, refs: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < refs.length; i += 90) {
    const chunk = refs.slice(i, i + 90);
    const { results } = await d1
      .prepare(
        `SELECT external_ref AS r FROM people WHERE external_ref IN (${chunk.map(() => '?').join(',')})`,
      )
      .bind(...chunk)
      .all<{ r: string }>();
    for (const x of results) out.add(x.r);
  }
  return out;
}
