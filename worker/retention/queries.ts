/**
 * Every SQL statement of the retention module: the periods, the expired-and-not-held selections
 * and the bounded slices that anonymise or delete them (decision 261). Every slice statement has a
 * LIMIT; ids travel as one JSON array parameter (json_each), so no statement nears D1's 100 bound
 * parameters however large the slice.
 */

export interface PeriodRow {
  formKind: string;
  category: string;
  days: number;
  updatedBy: string | null;
  updatedAt: number;
}

export async function selectPeriods(d1: D1Database): Promise<PeriodRow[]> {
  const r = await d1
    .prepare(
      `SELECT form_kind AS formKind, category, days, updated_by AS updatedBy, updated_at AS updatedAt
         FROM retention_periods`,
    )
    .all<PeriodRow>();
  return r.results;
}

export function upsertPeriodStatement(d1: D1Database, row: PeriodRow): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO retention_periods (form_kind, category, days, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (form_kind, category) DO UPDATE SET days = excluded.days,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .bind(row.formKind, row.category, row.days, row.updatedBy, row.updatedAt);
}

/** What makes a response's data expired and free of any legal hold. */
export interface ExpiryWindow {
  formKind: string;
  /** Expired before this instant (now − period). */
  cutoff: number;
  /** A closed case may be reopened until closed_at + reopen window: it must be closed before this. */
  reopenCutoff: number;
}

/**
 * Responses of `formKind` whose period has run out and that no legal hold keeps:
 * - a response without a case: submitted before the cutoff;
 * - a case: closed (not answered, not reopened, not under review), closed before the cutoff and
 *   before the reopen window's start; when merged into another case, that case closed the same way;
 *   no open data-subject request on it, no administrator's hold (decision 262).
 * `extra` narrows to rows not yet processed for the category (its own marker).
 * Responses are reached through forms of the kind and `responses_form_idx` (form_id, submitted_at):
 * a case closes after its response was submitted, so `submitted_at < cutoff` bounds every seek.
 */
function expiredResponsesSql(extra: string, limitParam: string): string {
  return `SELECT r.id FROM forms f JOIN responses r ON r.form_id = f.id
      LEFT JOIN cases c ON c.response_id = r.id
     WHERE f.kind = ?1 AND r.submitted_at < ?2 AND ${extra}
       AND (c.id IS NULL OR (
             c.status = 'closed' AND c.closed_at < ?2 AND c.closed_at < ?3
         AND (c.merged_into_id IS NULL OR EXISTS (
               SELECT 1 FROM cases m WHERE m.id = c.merged_into_id AND m.status = 'closed' AND m.closed_at < ?3))
         AND NOT EXISTS (SELECT 1 FROM data_requests d WHERE d.case_id = c.id AND d.status = 'open')
         AND NOT EXISTS (SELECT 1 FROM retention_holds h WHERE h.case_id = c.id)))
     LIMIT ${limitParam}`;
}

/** Seals identity away: one bounded UPDATE (the NULL is its own marker). Returns rows changed. */
export async function clearIdentitySlice(d1: D1Database, w: ExpiryWindow, limit: number): Promise<number> {
  const r = await d1
    .prepare(
      `UPDATE responses SET identity_sealed = NULL
        WHERE id IN (${expiredResponsesSql('r.identity_sealed IS NOT NULL', '?4')})`,
    )
    .bind(w.formKind, w.cutoff, w.reopenCutoff, limit)
    .run();
  return r.meta.changes ?? 0;
}

export interface ResponseSliceRow {
  id: string;
  versionId: string;
  data: string;
  caseId: string | null;
}

/** Up to `limit` expired, unheld responses not yet marked for `category`, with their answers. */
export async function selectUnmarkedSlice(
  d1: D1Database,
  w: ExpiryWindow,
  category: string,
  limit: number,
): Promise<ResponseSliceRow[]> {
  const r = await d1
    .prepare(
      `SELECT r.id, r.version_id AS versionId, r.data, c.id AS caseId
         FROM responses r LEFT JOIN cases c ON c.response_id = r.id
        WHERE r.id IN (${expiredResponsesSql(
          'NOT EXISTS (SELECT 1 FROM retention_marks k WHERE k.response_id = r.id AND k.category = ?5)',
          '?4',
        )})`,
    )
    .bind(w.formKind, w.cutoff, w.reopenCutoff, limit, category)
    .all<ResponseSliceRow>();
  return r.results;
}

/** Question ids and types of the given versions' definitions. */
export async function selectVersionQuestions(
  d1: D1Database,
  versionIds: string[],
): Promise<{ versionId: string; questionId: string; type: string }[]> {
  const r = await d1
    .prepare(
      `SELECT v.id AS versionId, json_extract(q.value, '$.id') AS questionId, json_extract(q.value, '$.type') AS type
         FROM form_versions v, json_each(v.definition, '$.pages') p, json_each(p.value, '$.questions') q
        WHERE v.id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(versionIds))
    .all<{ versionId: string; questionId: string; type: string }>();
  return r.results;
}

/** One response's answers as stored after anonymisation (computed in the Worker from its `data`). */
export function setDataStatement(d1: D1Database, id: string, data: string, clearSearch: boolean) {
  return d1
    .prepare(
      clearSearch
        ? `UPDATE responses SET data = ?2, search_text = '' WHERE id = ?1`
        : 'UPDATE responses SET data = ?2 WHERE id = ?1',
    )
    .bind(id, data);
}

/** The queryable answer rows of the listed questions take `value` (a marker, or NULL for files). */
export function setAnswerValuesStatement(
  d1: D1Database,
  pairs: [responseId: string, questionId: string][],
  value: string | null,
) {
  return d1
    .prepare(
      `UPDATE answers SET value = ?2
        WHERE (response_id, question_id) IN (
          SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))`,
    )
    .bind(JSON.stringify(pairs), value);
}

/** The reporter's own words on the cases' timelines (their additions) take the marker. */
export function redactCitizenEventsStatement(d1: D1Database, caseIds: string[], marker: string) {
  return d1
    .prepare(
      `UPDATE case_events SET body = ?2
        WHERE case_id IN (SELECT value FROM json_each(?1)) AND actor_kind = 'citizen' AND body IS NOT NULL`,
    )
    .bind(JSON.stringify(caseIds), marker);
}

export function markStatement(d1: D1Database, ids: string[], category: string, now: number) {
  return d1
    .prepare(
      `INSERT OR IGNORE INTO retention_marks (response_id, category, at)
       SELECT value, ?2, ?3 FROM json_each(?1)`,
    )
    .bind(JSON.stringify(ids), category, now);
}

/**
 * Which of `keys` (evidence keys of one form) a submitted response of that form refers to. The keys
 * are random (16 characters after the form's prefix), so finding one in the answers' JSON is exact.
 * Each key costs a seek on `responses_form_idx` and a read of that form's responses: called with at
 * most 100 keys, for uploads past their grace period only.
 */
export async function selectReferencedKeys(
  d1: D1Database,
  formId: string,
  keys: string[],
): Promise<Set<string>> {
  const r = await d1
    .prepare(
      `SELECT k.value AS key FROM json_each(?2) k
        WHERE EXISTS (SELECT 1 FROM responses r WHERE r.form_id = ?1 AND instr(r.data, k.value) > 0)`,
    )
    .bind(formId, JSON.stringify(keys))
    .all<{ key: string }>();
  return new Set(r.results.map((x) => x.key));
}

/** Sessions expired before `cutoff`, at most `limit`. */
export async function deleteSessionsSlice(d1: D1Database, cutoff: number, limit: number): Promise<number> {
  const r = await d1
    .prepare('DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= ? LIMIT ?)')
    .bind(cutoff, limit)
    .run();
  return r.meta.changes ?? 0;
}

/**
 * Code hashes and spent credentials of rounds published before `cutoff`, at most `limit` of each per
 * statement, one batch; returns the rows deleted from both tables.
 */
export async function deleteBallotCodesSlice(d1: D1Database, cutoff: number, limit: number): Promise<number> {
  const rounds = `SELECT id FROM ballot_rounds WHERE phase = 'published' AND published_at < ?1`;
  const [codes, spends] = await d1.batch([
    d1
      .prepare(
        `DELETE FROM ballot_codes WHERE rowid IN (
           SELECT rowid FROM ballot_codes WHERE round_id IN (${rounds}) LIMIT ?2)`,
      )
      .bind(cutoff, limit),
    d1
      .prepare(
        `DELETE FROM ballot_spends WHERE rowid IN (
           SELECT rowid FROM ballot_spends WHERE round_id IN (${rounds}) LIMIT ?2)`,
      )
      .bind(cutoff, limit),
  ]);
  // The sum reaches `limit` whenever either table may hold more: the caller's drain goes on.
  return (codes!.meta.changes ?? 0) + (spends!.meta.changes ?? 0);
}

/** Delivered or abandoned outbox rows created before `cutoff`; pending ones are never touched. */
export async function deleteOutboxSlice(d1: D1Database, cutoff: number, limit: number): Promise<number> {
  const r = await d1
    .prepare(
      `DELETE FROM webhook_outbox WHERE id IN (
         SELECT id FROM webhook_outbox WHERE state IN ('delivered', 'failed') AND created_at < ? LIMIT ?)`,
    )
    .bind(cutoff, limit)
    .run();
  return r.meta.changes ?? 0;
}

export interface AuditExportRow {
  seq: number;
  at: number;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: string | null;
  hash: string;
}

/** Audit rows in [from, to), oldest first, at most `limit` (the caller asks for one more to detect overflow). */
export async function selectAuditRange(
  d1: D1Database,
  from: number,
  to: number,
  limit: number,
): Promise<AuditExportRow[]> {
  const r = await d1
    .prepare(
      `SELECT a.seq, a.at, a.actor_id AS actorId, u.email AS actorEmail, a.action, a.target_type AS targetType,
              a.target_id AS targetId, a.detail, a.hash
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        WHERE a.at >= ? AND a.at < ? ORDER BY a.seq LIMIT ?`,
    )
    .bind(from, to, limit)
    .all<AuditExportRow>();
  return r.results;
}

export interface HoldRow {
  caseId: string;
  reason: string;
  setBy: string;
  setAt: number;
}

export async function selectHolds(d1: D1Database): Promise<HoldRow[]> {
  const r = await d1
    .prepare(
      'SELECT case_id AS caseId, reason, set_by AS setBy, set_at AS setAt FROM retention_holds ORDER BY set_at DESC LIMIT 1000',
    )
    .all<HoldRow>();
  return r.results;
}

/** Places (or re-words) a hold on an existing case; zero changes when there is no such case. */
export function putHoldStatement(d1: D1Database, h: HoldRow): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO retention_holds (case_id, reason, set_by, set_at)
       SELECT id, ?2, ?3, ?4 FROM cases WHERE id = ?1
       ON CONFLICT (case_id) DO UPDATE SET reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at`,
    )
    .bind(h.caseId, h.reason, h.setBy, h.setAt);
}

export function deleteHoldStatement(d1: D1Database, caseId: string): D1PreparedStatement {
  return d1.prepare('DELETE FROM retention_holds WHERE case_id = ?').bind(caseId);
}
