/**
 * Every SQL statement of the ballots module. Writes that must hold together are returned as
 * statements for one `d1.batch`; every guard (phase, quorum, code status, once-only) is in the SQL
 * (conditional INSERT … SELECT … WHERE, `changes()`, UNIQUE, CHECK), never read-then-write.
 */
import type { BallotMode, BallotPhase, Denominator } from '../db/schema/ballots';
import { subtreeBounds } from '../org/queries';

export interface RoundRow {
  id: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  name: string;
  mode: BallotMode;
  phase: BallotPhase;
  summoned: number;
  present: number | null;
  denominator: Denominator;
  meetingPlace: string;
  locality: string;
  meetingDate: string;
  codesGenerated: number;
  codesVoided: number;
  tokensIssued: number;
  publicKey: string | null;
  keyFingerprint: string | null;
  privateKeySealed: string | null;
  createdAt: number;
  castingOpenedAt: number | null;
  castingClosedAt: number | null;
  publishedAt: number | null;
}

const ROUND_COLUMNS = `r.id, r.unit_id AS unitId, u.name AS unitName, u.path AS unitPath, r.name, r.mode, r.phase,
  r.summoned, r.present, r.denominator, r.meeting_place AS meetingPlace, r.locality, r.meeting_date AS meetingDate,
  r.codes_generated AS codesGenerated, r.codes_voided AS codesVoided, r.tokens_issued AS tokensIssued,
  r.public_key AS publicKey, r.key_fingerprint AS keyFingerprint, r.private_key_sealed AS privateKeySealed,
  r.created_at AS createdAt, r.casting_opened_at AS castingOpenedAt, r.casting_closed_at AS castingClosedAt,
  r.published_at AS publishedAt`;

export async function selectRound(d1: D1Database, id: string): Promise<RoundRow | null> {
  return d1
    .prepare(`SELECT ${ROUND_COLUMNS} FROM ballot_rounds r JOIN units u ON u.id = r.unit_id WHERE r.id = ?`)
    .bind(id)
    .first<RoundRow>();
}

/** Rounds whose body lies in one of the subtrees, newest first. */
export async function selectRoundsIn(d1: D1Database, scopePaths: string[]): Promise<RoundRow[]> {
  if (!scopePaths.length) return [];
  const where = scopePaths.map(() => '(u.path >= ? AND u.path < ?)').join(' OR ');
  const { results } = await d1
    .prepare(
      `SELECT ${ROUND_COLUMNS} FROM ballot_rounds r JOIN units u ON u.id = r.unit_id WHERE ${where}
       ORDER BY r.created_at DESC LIMIT 200`,
    )
    .bind(...scopePaths.flatMap((p) => subtreeBounds(p)))
    .all<RoundRow>();
  return results;
}

/** Remote-mode rounds in which the user is on the roster. */
export async function selectRoundsOfMember(d1: D1Database, userId: string) {
  const { results } = await d1
    .prepare(
      `SELECT ${ROUND_COLUMNS}, m.token_issued AS tokenIssued FROM ballot_members m
       JOIN ballot_rounds r ON r.id = m.round_id JOIN units u ON u.id = r.unit_id
       WHERE m.user_id = ? ORDER BY r.created_at DESC LIMIT 50`,
    )
    .bind(userId)
    .all<RoundRow & { tokenIssued: number }>();
  return results;
}

export interface GroupRow {
  id: string;
  ord: number;
  title: string;
}
export interface CandidateRow {
  id: string;
  groupId: string;
  ord: number;
  personId: string | null;
  fullName: string;
  position: string;
}
export interface MemberRow {
  id: string;
  ord: number;
  fullName: string;
  userId: string | null;
  present: number;
  tokenIssued: number;
}

export async function selectContent(d1: D1Database, roundId: string) {
  const [g, c, m] = await d1.batch([
    d1.prepare('SELECT id, ord, title FROM ballot_groups WHERE round_id = ? ORDER BY ord').bind(roundId),
    d1
      .prepare(
        `SELECT id, group_id AS groupId, ord, person_id AS personId, full_name AS fullName, position
         FROM ballot_candidates WHERE round_id = ? ORDER BY ord`,
      )
      .bind(roundId),
    d1
      .prepare(
        `SELECT id, ord, full_name AS fullName, user_id AS userId, present, token_issued AS tokenIssued
         FROM ballot_members WHERE round_id = ? ORDER BY ord`,
      )
      .bind(roundId),
  ]);
  return {
    groups: g!.results as unknown as GroupRow[],
    candidates: c!.results as unknown as CandidateRow[],
    members: m!.results as unknown as MemberRow[],
  };
}

export interface NewRound {
  id: string;
  unitId: string;
  name: string;
  mode: BallotMode;
  summoned: number;
  denominator: Denominator;
  meetingPlace: string;
  locality: string;
  meetingDate: string;
  createdBy: string;
  now: number;
}

/** The round and its papers, candidates and roster: statements for one batch. */
export function insertRoundStatements(
  d1: D1Database,
  r: NewRound,
  groups: GroupRow[],
  candidates: CandidateRow[],
  members: Omit<MemberRow, 'present' | 'tokenIssued'>[],
): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        `INSERT INTO ballot_rounds (id, unit_id, name, mode, summoned, denominator, meeting_place, locality,
           meeting_date, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        r.id,
        r.unitId,
        r.name,
        r.mode,
        r.summoned,
        r.denominator,
        r.meetingPlace,
        r.locality,
        r.meetingDate,
        r.createdBy,
        r.now,
        r.now,
      ),
    ...groups.map((g) =>
      d1
        .prepare('INSERT INTO ballot_groups (id, round_id, ord, title) VALUES (?, ?, ?, ?)')
        .bind(g.id, r.id, g.ord, g.title),
    ),
    ...candidates.map((c) =>
      d1
        .prepare(
          `INSERT INTO ballot_candidates (id, round_id, group_id, ord, person_id, full_name, position)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(c.id, r.id, c.groupId, c.ord, c.personId, c.fullName, c.position),
    ),
    ...members.map((m) =>
      d1
        .prepare('INSERT INTO ballot_members (id, round_id, ord, full_name, user_id) VALUES (?, ?, ?, ?, ?)')
        .bind(m.id, r.id, m.ord, m.fullName, m.userId),
    ),
  ];
}

/**
 * Attendance (điểm danh) while in setup or issuing. With a roster, `memberIds` mark who is present
 * and `present` is their count. The CHECK on the round refuses fewer present than codes printed.
 */
export function attendanceStatements(
  d1: D1Database,
  roundId: string,
  present: number,
  memberIds: string[] | null,
  now: number,
): D1PreparedStatement[] {
  const open = `EXISTS (SELECT 1 FROM ballot_rounds WHERE id = ? AND phase IN ('setup', 'issuing'))`;
  const out = [
    d1
      .prepare(
        `UPDATE ballot_rounds SET present = ?, updated_at = ? WHERE id = ? AND phase IN ('setup', 'issuing')`,
      )
      .bind(present, now, roundId),
  ];
  if (memberIds) {
    out.push(
      d1
        .prepare(
          `UPDATE ballot_members SET present = (id IN (SELECT value FROM json_each(?))) WHERE round_id = ? AND ${open}`,
        )
        .bind(JSON.stringify(memberIds), roundId, roundId),
    );
  }
  return out;
}

/** setup → issuing; in remote mode the key pair rides along. Changes 0 rows when not in setup. */
export function openIssuingStatement(
  d1: D1Database,
  roundId: string,
  now: number,
  key: { publicKey: string; fingerprint: string; privateKeySealed: string } | null,
) {
  return d1
    .prepare(
      `UPDATE ballot_rounds SET phase = 'issuing', updated_at = ?, public_key = ?, key_fingerprint = ?,
         private_key_sealed = ? WHERE id = ? AND phase = 'setup'`,
    )
    .bind(now, key?.publicKey ?? null, key?.fingerprint ?? null, key?.privateKeySealed ?? null, roundId);
}

/**
 * issuing → casting, only with quorum (3·present ≥ 2·summoned) and at least one credential out.
 * Records the voided codes and the tokens issued, and destroys the private key, in the same UPDATE.
 */
export function openCastingStatement(d1: D1Database, roundId: string, now: number) {
  return d1
    .prepare(
      `UPDATE ballot_rounds SET phase = 'casting', updated_at = ?2, casting_opened_at = ?2,
         codes_voided = (SELECT count(*) FROM ballot_codes WHERE round_id = ?1 AND status = 'void'),
         tokens_issued = (SELECT count(*) FROM ballot_members WHERE round_id = ?1 AND token_issued = 1),
         private_key_sealed = NULL
       WHERE id = ?1 AND phase = 'issuing' AND present IS NOT NULL AND 3 * present >= 2 * summoned
         AND (codes_generated > 0 OR mode = 'remote')`,
    )
    .bind(roundId, now);
}

/** casting → counting, counting → published. */
export function advanceStatement(d1: D1Database, roundId: string, from: 'casting' | 'counting', now: number) {
  const to = from === 'casting' ? 'counting' : 'published';
  const stamp = from === 'casting' ? 'casting_closed_at' : 'published_at';
  return d1
    .prepare(`UPDATE ballot_rounds SET phase = ?, updated_at = ?, ${stamp} = ? WHERE id = ? AND phase = ?`)
    .bind(to, now, now, roundId, from);
}

/**
 * Printed codes: the counter first (its CHECK aborts the whole batch when more codes than members
 * present would exist), then the hashes, each insert guarded by the phase.
 */
export function insertCodesStatements(d1: D1Database, roundId: string, hashes: string[], now: number) {
  const stmts = [
    d1
      .prepare(
        `UPDATE ballot_rounds SET codes_generated = codes_generated + ?, updated_at = ?
         WHERE id = ? AND phase = 'issuing' AND mode = 'codes'`,
      )
      .bind(hashes.length, now, roundId),
  ];
  for (let i = 0; i < hashes.length; i += 40) {
    const chunk = hashes.slice(i, i + 40);
    stmts.push(
      d1
        .prepare(
          `INSERT INTO ballot_codes (hash, round_id, status)
           SELECT value, ?, 'issued' FROM json_each(?)
           WHERE EXISTS (SELECT 1 FROM ballot_rounds WHERE id = ? AND phase = 'issuing' AND mode = 'codes')`,
        )
        .bind(roundId, JSON.stringify(chunk), roundId),
    );
  }
  return stmts;
}

/** Voids issued codes (undistributed slips) while issuing. */
export function voidCodesStatement(d1: D1Database, roundId: string, hashes: string[]) {
  return d1
    .prepare(
      `UPDATE ballot_codes SET status = 'void'
       WHERE round_id = ? AND status = 'issued' AND hash IN (SELECT value FROM json_each(?))
         AND EXISTS (SELECT 1 FROM ballot_rounds WHERE id = ? AND phase = 'issuing')`,
    )
    .bind(roundId, JSON.stringify(hashes), roundId);
}

/**
 * The cast: ONE batch. (1) the spend, inserted only while casting and (codes mode) only for an
 * issued, unvoided code; the primary key (round, credential) is the UNIQUE that lets one of any
 * number of concurrent casts through; (2) the ballot, inserted only if (1) inserted a row.
 */
export function castStatements(
  d1: D1Database,
  roundId: string,
  credential: string,
  kind: 'code' | 'token',
  ballot: { id: number; receipt: string; marks: string },
): D1PreparedStatement[] {
  const codeOk =
    kind === 'code'
      ? `AND EXISTS (SELECT 1 FROM ballot_codes WHERE hash = ?2 AND round_id = ?1 AND status = 'issued')`
      : `AND ?2 IS NOT NULL`;
  return [
    d1
      .prepare(
        `INSERT INTO ballot_spends (round_id, credential)
         SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM ballot_rounds WHERE id = ?1 AND phase = 'casting'
           AND mode = ?3) ${codeOk}`,
      )
      .bind(roundId, credential, kind === 'code' ? 'codes' : 'remote'),
    d1
      .prepare('INSERT INTO ballots (id, round_id, receipt, marks) SELECT ?, ?, ?, ? WHERE changes() = 1')
      .bind(ballot.id, roundId, ballot.receipt, ballot.marks),
  ];
}

/** Remote mode: records that the member has had their token, once, while issuing. */
export function recordTokenStatement(d1: D1Database, roundId: string, userId: string) {
  return d1
    .prepare(
      `UPDATE ballot_members SET token_issued = 1
       WHERE round_id = ? AND user_id = ? AND token_issued = 0
         AND EXISTS (SELECT 1 FROM ballot_rounds WHERE id = ? AND phase = 'issuing' AND mode = 'remote'
           AND private_key_sealed IS NOT NULL)`,
    )
    .bind(roundId, userId, roundId);
}

/** Whether every issued credential has been spent: the one bit the board sees while casting. */
export async function selectAllCast(d1: D1Database, r: RoundRow): Promise<boolean> {
  const issued = r.mode === 'codes' ? r.codesGenerated - r.codesVoided : r.tokensIssued;
  const row = await d1
    .prepare('SELECT count(*) >= ? AS done FROM ballot_spends WHERE round_id = ?')
    .bind(issued, r.id)
    .first<{ done: number }>();
  return issued > 0 && row?.done === 1;
}

/** Every ballot of the round, ordered by receipt (never by anything that follows casting order). */
export async function selectBallots(d1: D1Database, roundId: string) {
  const { results } = await d1
    .prepare('SELECT receipt, marks FROM ballots WHERE round_id = ? ORDER BY receipt')
    .bind(roundId)
    .all<{ receipt: string; marks: string }>();
  return results;
}

/** Whether a receipt is in the round's list (the voter's check). */
export async function selectReceiptExists(d1: D1Database, roundId: string, receipt: string) {
  const row = await d1
    .prepare('SELECT 1 AS ok FROM ballots WHERE round_id = ? AND receipt = ?')
    .bind(roundId, receipt)
    .first<{ ok: number }>();
  return !!row;
}

/** Is this code issued (not void) for the round: the ballot page's early check, no spend. */
export async function selectCodeUsable(d1: D1Database, roundId: string, hash: string) {
  const row = await d1
    .prepare(
      `SELECT (SELECT status FROM ballot_codes WHERE hash = ?2 AND round_id = ?1) AS status,
              EXISTS (SELECT 1 FROM ballot_spends WHERE round_id = ?1 AND credential = ?2) AS spent`,
    )
    .bind(roundId, hash)
    .first<{ status: string | null; spent: number }>();
  return { issued: row?.status === 'issued', spent: row?.spent === 1 };
}

/** A round of the body by name (the demo seed's idempotence). */
export async function selectRoundIdByName(d1: D1Database, unitId: string, name: string) {
  const row = await d1
    .prepare('SELECT id FROM ballot_rounds WHERE unit_id = ? AND name = ? LIMIT 1')
    .bind(unitId, name)
    .first<{ id: string }>();
  return row?.id ?? null;
}

/** Account ids by e-mail (lower case), for a roster given by e-mail. */
export async function selectUserIdsByEmail(d1: D1Database, emails: string[]): Promise<Map<string, string>> {
  if (!emails.length) return new Map();
  const { results } = await d1
    .prepare('SELECT id, email FROM users WHERE lower(email) IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(emails))
    .all<{ id: string; email: string }>();
  return new Map(results.map((r) => [r.email.toLowerCase(), r.id]));
}
