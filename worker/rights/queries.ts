/** SQL of the reporter's rights (worker/rights/service.ts): requests, their rules, consent texts. */
import type { DataRequestKind, DataRequestStatus } from '../db/schema';

export interface RequestRow {
  id: string;
  caseId: string;
  intakeUnitId: string;
  kind: DataRequestKind;
  status: DataRequestStatus;
  requestedAt: number;
  dueDay: string;
  reply: string | null;
  answeredAt: number | null;
  answeredBy: string | null;
}

const cols = (p = '') =>
  `${p}id, ${p}case_id AS caseId, ${p}intake_unit_id AS intakeUnitId, ${p}kind, ${p}status,
   ${p}requested_at AS requestedAt, ${p}due_day AS dueDay, ${p}reply, ${p}answered_at AS answeredAt,
   ${p}answered_by AS answeredBy`;
const COLS = cols();

export interface RuleRow {
  kind: DataRequestKind;
  days: number;
  working: number;
  basis: string;
}

export async function selectRules(d1: D1Database) {
  const { results } = await d1
    .prepare('SELECT kind, days, working, basis FROM data_request_rules')
    .all<RuleRow>();
  return results;
}

/** Writes a shipped rule unless an administrator's row is there (INSERT OR IGNORE). */
export function defaultRuleStatement(d1: D1Database, r: RuleRow, now: number) {
  return d1
    .prepare(
      'INSERT OR IGNORE INTO data_request_rules (kind, days, working, basis, updated_at) VALUES (?, ?, ?, ?, ?)',
    )
    .bind(r.kind, r.days, r.working, r.basis, now);
}

/** An administrator's rule (replaces the row). */
export function putRuleStatement(d1: D1Database, r: RuleRow, now: number) {
  return d1
    .prepare(
      `INSERT INTO data_request_rules (kind, days, working, basis, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind) DO UPDATE SET days = excluded.days, working = excluded.working,
         basis = excluded.basis, updated_at = excluded.updated_at`,
    )
    .bind(r.kind, r.days, r.working, r.basis, now);
}

export function insertRequestStatement(d1: D1Database, r: RequestRow) {
  return d1
    .prepare(
      `INSERT INTO data_requests (id, case_id, intake_unit_id, kind, status, requested_at, due_day, reply,
                                  answered_at, answered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      r.id,
      r.caseId,
      r.intakeUnitId,
      r.kind,
      r.status,
      r.requestedAt,
      r.dueDay,
      r.reply,
      r.answeredAt,
      r.answeredBy,
    );
}

/**
 * Answers an open request. Guarded on `status = 'open'`: a second answer changes nothing, and the
 * CHECK makes a lost race fail the whole batch (the status becomes an invalid value).
 */
export function answerRequestStatement(
  d1: D1Database,
  id: string,
  status: 'done' | 'refused',
  reply: string,
  by: string,
  now: number,
) {
  return d1
    .prepare(
      `UPDATE data_requests SET status = CASE WHEN status = 'open' THEN ?2 ELSE '!answered' END,
              reply = ?3, answered_at = ?4, answered_by = ?5 WHERE id = ?1`,
    )
    .bind(id, status, reply, now, by);
}

export async function selectRequest(d1: D1Database, id: string) {
  return d1.prepare(`SELECT ${COLS} FROM data_requests WHERE id = ?`).bind(id).first<RequestRow>();
}

export async function selectCaseRequests(d1: D1Database, caseId: string) {
  const { results } = await d1
    .prepare(`SELECT ${COLS} FROM data_requests WHERE case_id = ? ORDER BY requested_at, id`)
    .bind(caseId)
    .all<RequestRow>();
  return results;
}

/** An open request of this kind on the case (one at a time). */
export async function selectOpenRequest(d1: D1Database, caseId: string, kind: DataRequestKind) {
  return d1
    .prepare(`SELECT ${COLS} FROM data_requests WHERE case_id = ? AND kind = ? AND status = 'open' LIMIT 1`)
    .bind(caseId, kind)
    .first<RequestRow>();
}

export interface QueueRow extends RequestRow {
  receiptCode: string;
  caseKind: string;
  caseStatus: string;
}

/** Intake's queue: requests of cases whose Front unit is in the subtree [lo, hi), oldest due first. */
export async function selectQueue(
  d1: D1Database,
  f: { lo: string; hi: string; status: DataRequestStatus | null; limit: number },
) {
  const { results } = await d1
    .prepare(
      `SELECT ${cols('d.')}, r.receipt_code AS receiptCode,
              c.kind AS caseKind, c.status AS caseStatus
         FROM data_requests d
         JOIN units s ON s.id = d.intake_unit_id
         JOIN cases c ON c.id = d.case_id
         JOIN responses r ON r.id = c.response_id
        WHERE s.path >= ?1 AND s.path < ?2 AND (?3 IS NULL OR d.status = ?3)
        ORDER BY d.status = 'open' DESC, d.due_day, d.requested_at LIMIT ?4`,
    )
    .bind(f.lo, f.hi, f.status, f.limit)
    .all<QueueRow>();
  return results;
}

/** The response behind a case as the reporter's own data: answers, definition, consent record. */
export async function selectOwnResponse(d1: D1Database, responseId: string) {
  return d1
    .prepare(
      `SELECT r.data, r.submitted_at AS submittedAt, r.consent_version AS consentVersion,
              r.consent_hash AS consentHash, r.identity_sealed AS sealed, v.definition,
              t.version AS textVersion, t.text_vi AS textVi, t.text_en AS textEn
         FROM responses r JOIN form_versions v ON v.id = r.version_id
         LEFT JOIN consent_texts t ON t.hash = r.consent_hash
        WHERE r.id = ?`,
    )
    .bind(responseId)
    .first<{
      data: string;
      submittedAt: number;
      consentVersion: string | null;
      consentHash: string | null;
      sealed: string | null;
      definition: string;
      textVersion: string | null;
      textVi: string | null;
      textEn: string | null;
    }>();
}

/**
 * Replaces the sealed identity, guarded on the value read (a concurrent change fails the batch:
 * `identity_sealed` would not match and the CHECK-less UPDATE would silently do nothing, so the
 * caller counts `changes`).
 */
export function resealIdentityStatement(d1: D1Database, responseId: string, before: string, after: string) {
  return d1
    .prepare('UPDATE responses SET identity_sealed = ? WHERE id = ? AND identity_sealed = ?')
    .bind(after, responseId, before);
}

/** Removes the identity (withdrawn consent, deletion). The consent record stays as proof of the past. */
export function dropIdentityStatement(d1: D1Database, responseId: string) {
  return d1.prepare('UPDATE responses SET identity_sealed = NULL WHERE id = ?').bind(responseId);
}
