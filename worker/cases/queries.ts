/**
 * SQL of the cases module: the case row, its timeline, the rollups and the guarded transition.
 * Statements are returned unrun so callers put them in ONE batch with the change they belong to.
 */
import { CASE_STATUSES, type CaseKind, type CaseStatus } from '../db/schema';

/** A case as stored (never identity: that stays sealed on the response). */
export interface CaseRow {
  id: string;
  responseId: string;
  formId: string;
  channel: string;
  kind: CaseKind;
  status: CaseStatus;
  closure: string | null;
  intakeUnitId: string;
  unitId: string;
  subjectPersonId: string | null;
  subjectUnitId: string | null;
  field: string | null;
  severity: string | null;
  bodyUnitId: string | null;
  mergedIntoId: string | null;
  receivedAt: number;
  receivedDay: string;
  acceptedDay: string | null;
  acceptDue: string | null;
  resolveDue: string | null;
  extensionDays: number;
  overdueSince: string | null;
  answeredAt: number | null;
  closedAt: number | null;
  answer: string | null;
  rating: number | null;
  reopenCount: number;
  pinNonce: string;
  pinFailures: number;
  pinLockedUntil: number | null;
  version: number;
  updatedAt: number;
}

const COLS = `c.id, c.response_id AS responseId, c.form_id AS formId, c.channel, c.kind, c.status, c.closure,
  c.intake_unit_id AS intakeUnitId, c.unit_id AS unitId, c.subject_person_id AS subjectPersonId,
  c.subject_unit_id AS subjectUnitId, c.field, c.severity, c.body_unit_id AS bodyUnitId,
  c.merged_into_id AS mergedIntoId, c.received_at AS receivedAt, c.received_day AS receivedDay,
  c.accepted_day AS acceptedDay, c.accept_due AS acceptDue, c.resolve_due AS resolveDue,
  c.extension_days AS extensionDays, c.overdue_since AS overdueSince, c.answered_at AS answeredAt,
  c.closed_at AS closedAt, c.answer, c.rating, c.reopen_count AS reopenCount, c.pin_nonce AS pinNonce,
  c.pin_failures AS pinFailures, c.pin_locked_until AS pinLockedUntil, c.version, c.updated_at AS updatedAt`;

/** Columns a transition may set (whitelist: the SET clause is built from these names only). */
const SETTABLE = {
  kind: 'kind',
  closure: 'closure',
  unitId: 'unit_id',
  subjectPersonId: 'subject_person_id',
  subjectUnitId: 'subject_unit_id',
  field: 'field',
  severity: 'severity',
  bodyUnitId: 'body_unit_id',
  mergedIntoId: 'merged_into_id',
  acceptedDay: 'accepted_day',
  acceptDue: 'accept_due',
  resolveDue: 'resolve_due',
  extensionDays: 'extension_days',
  overdueSince: 'overdue_since',
  answeredAt: 'answered_at',
  closedAt: 'closed_at',
  answer: 'answer',
  rating: 'rating',
  reopenCount: 'reopen_count',
  pinNonce: 'pin_nonce',
} as const;
export type CaseChanges = Partial<Record<keyof typeof SETTABLE, string | number | null>>;

/** Marker a stale transition writes into `status`: CHECK(cases_status) rejects it, failing the batch. */
export const STALE_MARK = '!stale';

export function insertCaseStatement(
  d1: D1Database,
  c: Omit<CaseRow, 'version' | 'pinFailures' | 'pinLockedUntil'>,
) {
  return d1
    .prepare(
      `INSERT INTO cases (id, response_id, form_id, channel, kind, status, closure, intake_unit_id, unit_id,
         subject_person_id, subject_unit_id, field, severity, body_unit_id, merged_into_id, received_at,
         received_day, accepted_day, accept_due, resolve_due, extension_days, overdue_since, answered_at,
         closed_at, answer, rating, reopen_count, pin_nonce, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      c.id,
      c.responseId,
      c.formId,
      c.channel,
      c.kind,
      c.status,
      c.closure,
      c.intakeUnitId,
      c.unitId,
      c.subjectPersonId,
      c.subjectUnitId,
      c.field,
      c.severity,
      c.bodyUnitId,
      c.mergedIntoId,
      c.receivedAt,
      c.receivedDay,
      c.acceptedDay,
      c.acceptDue,
      c.resolveDue,
      c.extensionDays,
      c.overdueSince,
      c.answeredAt,
      c.closedAt,
      c.answer,
      c.rating,
      c.reopenCount,
      c.pinNonce,
      c.updatedAt,
    );
}

/**
 * The guarded change of one case: applies only to the `version` that was read. A stale one
 * writes STALE_MARK into status, which CHECK(cases_status) refuses, so the whole batch fails
 * (D1 has no interactive transactions; this makes the read-decide-write safe).
 */
export function transitionStatement(
  d1: D1Database,
  id: string,
  version: number,
  to: CaseStatus,
  changes: CaseChanges,
  now: number,
) {
  const keys = Object.keys(changes) as (keyof typeof SETTABLE)[];
  const sets = keys.map((k, i) => `${SETTABLE[k]} = ?${i + 5}`);
  return d1
    .prepare(
      `UPDATE cases SET status = CASE WHEN version = ?2 THEN ?3 ELSE '${STALE_MARK}' END,
              version = version + 1, updated_at = ?4${sets.length ? `, ${sets.join(', ')}` : ''}
        WHERE id = ?1`,
    )
    .bind(id, version, to, now, ...keys.map((k) => changes[k] ?? null));
}

/** True when a batch failed because a transition was stale. */
export function isStale(err: unknown): boolean {
  return String((err as Error)?.message ?? err).includes('cases_status');
}

export interface EventRow {
  id: string;
  caseId: string;
  at: number;
  actorId: string | null;
  actorKind: 'staff' | 'citizen' | 'system';
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  visibility: 'public' | 'internal' | 'intake';
  body: string | null;
  detail: string | null;
}

/**
 * What a counting event moved (decision 210): the kind and unit it was counted under and, for an
 * answer, its deadline outcome. Recorded on the event so the rebuild recounts history as it was.
 */
export interface EventRollup {
  kind: string;
  unitId: string;
  outcome?: string | null;
}

/** A timeline event; `rollup` on the events that move a counter (intake, transitions), else none. */
export function eventStatement(d1: D1Database, e: EventRow, rollup?: EventRollup) {
  return d1
    .prepare(
      `INSERT INTO case_events (id, case_id, at, actor_id, actor_kind, type, from_status, to_status, visibility, body, detail,
         kind, unit_id, outcome)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      e.id,
      e.caseId,
      e.at,
      e.actorId,
      e.actorKind,
      e.type,
      e.fromStatus,
      e.toStatus,
      e.visibility,
      e.body,
      e.detail,
      rollup?.kind ?? null,
      rollup?.unitId ?? null,
      rollup?.outcome ?? null,
    );
}

/** Backlog: cases now in (kind, status, unit), +1 or −1. */
export function backlogStatement(
  d1: D1Database,
  kind: string,
  status: string,
  unitId: string,
  delta: 1 | -1,
) {
  return d1
    .prepare(
      `INSERT INTO case_backlog (kind, status, unit_id, n) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind, status, unit_id) DO UPDATE SET n = n + excluded.n`,
    )
    .bind(kind, status, unitId, delta);
}

/** Flow: one case entered `status` in the Vietnam month of `day` (yyyy-mm-dd; decision 210). */
export function flowStatement(d1: D1Database, kind: string, status: string, unitId: string, day: string) {
  return d1
    .prepare(
      `INSERT INTO case_flow (kind, status, unit_id, month, n) VALUES (?, ?, ?, substr(?4, 1, 7), 1)
       ON CONFLICT (kind, status, unit_id, month) DO UPDATE SET n = n + 1`,
    )
    .bind(kind, status, unitId, day);
}

/**
 * Deadline outcome in the Vietnam month of `day`: on_time | late (answered after the due day) |
 * overdue (flagged by the daily job).
 */
export function outcomeStatement(d1: D1Database, kind: string, unitId: string, day: string, outcome: string) {
  return d1
    .prepare(
      `INSERT INTO case_outcomes (kind, unit_id, month, outcome, n) VALUES (?, ?, substr(?3, 1, 7), ?, 1)
       ON CONFLICT (kind, unit_id, month, outcome) DO UPDATE SET n = n + 1`,
    )
    .bind(kind, unitId, day, outcome);
}

/** Per-person counts: `[questionId, item, option]` tuples, +1 each (one JSON parameter). */
export function personCountsStatement(d1: D1Database, personId: string, rows: [string, string, string][]) {
  return d1
    .prepare(
      `INSERT INTO case_person_counts (person_id, question_id, item, option, n)
       SELECT ?1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), 1
         FROM json_each(?2) j WHERE true
       ON CONFLICT (person_id, question_id, item, option) DO UPDATE SET n = n + 1`,
    )
    .bind(personId, JSON.stringify(rows));
}

export async function selectCase(d1: D1Database, id: string) {
  return d1.prepare(`SELECT ${COLS} FROM cases c WHERE c.id = ?`).bind(id).first<CaseRow>();
}

export async function selectCaseByResponse(d1: D1Database, responseId: string) {
  return d1.prepare(`SELECT ${COLS} FROM cases c WHERE c.response_id = ?`).bind(responseId).first<CaseRow>();
}

/** The case behind a receipt code, with the answered form's title. */
export async function selectCaseByReceipt(d1: D1Database, code: string) {
  return d1
    .prepare(
      `SELECT ${COLS}, r.receipt_code AS receiptCode, json_extract(v.definition, '$.title.vi') AS formTitle
         FROM responses r JOIN cases c ON c.response_id = r.id JOIN form_versions v ON v.id = r.version_id
        WHERE r.receipt_code = ?`,
    )
    .bind(code)
    .first<CaseRow & { receiptCode: string; formTitle: string }>();
}

/**
 * One wrong PIN, counted in SQL: the `lockAfter`-th failure locks tracking for `lockMs` and
 * starts the count again.
 */
export function pinFailureStatement(
  d1: D1Database,
  id: string,
  lockAfter: number,
  lockMs: number,
  now: number,
) {
  return d1
    .prepare(
      `UPDATE cases SET
         pin_locked_until = CASE WHEN pin_failures + 1 >= ?2 THEN ?3 + ?4 ELSE pin_locked_until END,
         pin_failures = CASE WHEN pin_failures + 1 >= ?2 THEN 0 ELSE pin_failures + 1 END
       WHERE id = ?1`,
    )
    .bind(id, lockAfter, now, lockMs);
}

export function pinSuccessStatement(d1: D1Database, id: string) {
  return d1.prepare('UPDATE cases SET pin_failures = 0 WHERE id = ? AND pin_failures > 0').bind(id);
}

/** A new tracking PIN (a new nonce): the failure count and any lock go with the old one. */
export function pinResetStatement(d1: D1Database, id: string, nonce: string) {
  return d1
    .prepare('UPDATE cases SET pin_nonce = ?, pin_failures = 0, pin_locked_until = NULL WHERE id = ?')
    .bind(nonce, id);
}

/** A case's timeline, oldest first; `publicOnly` for the reporter. */
export async function selectEvents(d1: D1Database, caseId: string, publicOnly: boolean) {
  const { results } = await d1
    .prepare(
      `SELECT id, case_id AS caseId, at, actor_id AS actorId, actor_kind AS actorKind, type, from_status AS fromStatus,
              to_status AS toStatus, visibility, body, detail
         FROM case_events WHERE case_id = ? ${publicOnly ? "AND visibility = 'public'" : ''}
        ORDER BY at, id`,
    )
    .bind(caseId)
    .all<EventRow>();
  return results;
}

/** Staff names of timeline actors (display only). */
export async function staffNames(d1: D1Database, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const { results } = await d1
    .prepare('SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify([...new Set(ids)]))
    .all<{ id: string; name: string }>();
  return new Map(results.map((r) => [r.id, r.name]));
}

export interface CaseListRow {
  id: string;
  receiptCode: string;
  kind: string;
  status: string;
  closure: string | null;
  receivedAt: number;
  acceptDue: string | null;
  resolveDue: string | null;
  overdueSince: string | null;
  unitId: string;
  unitName: string | null;
  bodyUnitId: string | null;
  bodyName: string | null;
  subjectName: string | null;
  field: string | null;
  severity: string | null;
}

const LIST_COLS = `c.id, r.receipt_code AS receiptCode, c.kind, c.status, c.closure, c.received_at AS receivedAt,
  c.accept_due AS acceptDue, c.resolve_due AS resolveDue, c.overdue_since AS overdueSince, c.unit_id AS unitId,
  u.name AS unitName, c.body_unit_id AS bodyUnitId, b.name AS bodyName, p.full_name AS subjectName,
  c.field, c.severity`;

/**
 * A queue: cases whose intake unit (`by = 'intake'`) or responsible body (`by = 'body'`) lies in
 * the subtree [lo, hi), optionally in some statuses, newest first, at most `limit`.
 */
export async function selectQueue(
  d1: D1Database,
  f: { by: 'intake' | 'body'; lo: string; hi: string; statuses?: readonly string[]; limit: number },
) {
  const scopeCol = f.by === 'intake' ? 'c.intake_unit_id' : 'c.body_unit_id';
  const statuses = f.statuses ? 'AND c.status IN (SELECT value FROM json_each(?3))' : 'AND ?3 IS NULL';
  const { results } = await d1
    .prepare(
      `SELECT ${LIST_COLS}
         FROM cases c
         JOIN units s ON s.id = ${scopeCol}
         JOIN responses r ON r.id = c.response_id
         LEFT JOIN units u ON u.id = c.unit_id
         LEFT JOIN units b ON b.id = c.body_unit_id
         LEFT JOIN people p ON p.id = c.subject_person_id
        WHERE s.path >= ?1 AND s.path < ?2 ${statuses}
        ORDER BY c.received_at DESC, c.id DESC LIMIT ?4`,
    )
    .bind(f.lo, f.hi, f.statuses ? JSON.stringify(f.statuses) : null, f.limit)
    .all<CaseListRow>();
  return results;
}

/** The response behind a case: answers, form definition of its version, receipt code, sealed identity. */
export async function selectCaseResponse(d1: D1Database, responseId: string) {
  return d1
    .prepare(
      `SELECT r.receipt_code AS receiptCode, r.data, r.consent_version AS consentVersion, v.definition,
              r.identity_sealed IS NOT NULL AS identified, r.submitted_at AS submittedAt,
              r.consent_hash AS consentHash, t.text_vi AS consentVi, t.text_en AS consentEn
         FROM responses r JOIN form_versions v ON v.id = r.version_id
         LEFT JOIN consent_texts t ON t.hash = r.consent_hash
        WHERE r.id = ?`,
    )
    .bind(responseId)
    .first<{
      receiptCode: string;
      data: string;
      consentVersion: string | null;
      submittedAt: number;
      consentHash: string | null;
      consentVi: string | null;
      consentEn: string | null;
      definition: string;
      identified: number;
    }>();
}

/** The sealed identity of a response: ONLY the intake identity reader calls this (identity.ts). */
export async function selectSealedIdentity(d1: D1Database, responseId: string) {
  const row = await d1
    .prepare('SELECT identity_sealed AS sealed FROM responses WHERE id = ?')
    .bind(responseId)
    .first<{ sealed: string | null }>();
  return row?.sealed ?? null;
}

/** Unit rows (id, path, name) by id. */
export async function unitPaths(d1: D1Database, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; path: string; name: string }>();
  const { results } = await d1
    .prepare('SELECT id, path, name FROM units WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify([...new Set(ids)]))
    .all<{ id: string; path: string; name: string }>();
  return new Map(results.map((r) => [r.id, r]));
}

/** A person's current position units (valid on `today`), newest first. */
export async function personUnits(d1: D1Database, personId: string, today: string) {
  const { results } = await d1
    .prepare(
      `SELECT p.unit_id AS unitId, u.path FROM positions p JOIN units u ON u.id = p.unit_id
        WHERE p.person_id = ? AND (p.valid_to IS NULL OR p.valid_to >= ?)
        ORDER BY p.valid_from DESC`,
    )
    .bind(personId, today)
    .all<{ unitId: string; path: string }>();
  return results;
}

export async function selectPerson(d1: D1Database, id: string) {
  return d1
    .prepare('SELECT id, full_name AS fullName FROM people WHERE id = ?')
    .bind(id)
    .first<{ id: string; fullName: string }>();
}

/** Per-person counts (the summary filters them by k). */
export async function selectPersonCounts(d1: D1Database, personId: string) {
  const { results } = await d1
    .prepare('SELECT question_id AS questionId, item, option, n FROM case_person_counts WHERE person_id = ?')
    .bind(personId)
    .all<{ questionId: string; item: string; option: string; n: number }>();
  return results;
}

/** A form's owner unit and kind (intake reads these at submission). */
export async function selectFormInfo(d1: D1Database, formId: string) {
  return d1
    .prepare('SELECT kind, owner_unit_id AS ownerUnitId FROM forms WHERE id = ?')
    .bind(formId)
    .first<{ kind: string; ownerUnitId: string }>();
}

/** An open feedback form (the channel offered to someone who tried an anonymous denunciation). */
export async function selectFeedbackSlug(d1: D1Database, now: number) {
  const row = await d1
    .prepare(
      `SELECT slug FROM forms WHERE kind = 'feedback' AND status = 'published' AND current_version_id IS NOT NULL
          AND (opens_at IS NULL OR opens_at <= ?1) AND (closes_at IS NULL OR closes_at > ?1)
        ORDER BY created_at LIMIT 1`,
    )
    .bind(now)
    .first<{ slug: string }>();
  return row?.slug ?? null;
}

/**
 * Dashboards: case_flow for kinds × statuses × units over whole months [fromMonth, toMonth]
 * (yyyy-mm). Keys are enumerated (json_each) so each lookup is ONE seek on the primary key prefix
 * (kind, status, unit_id) that reads the unit's months in range (decision 210): rows read =
 * keys + cells. Raw cells, no GROUP BY (decision 209): callers sum what merges map together.
 */
export async function selectFlowByUnits(
  d1: D1Database,
  f: { unitIds: string[]; kinds: string[]; statuses: string[]; fromMonth: string; toMonth: string },
) {
  if (!f.unitIds.length) return [];
  const keys = f.kinds.flatMap((k) => f.statuses.flatMap((s) => f.unitIds.map((u) => [k, s, u])));
  const { results } = await d1
    .prepare(
      `SELECT cf.kind, cf.status, cf.unit_id AS unitId, cf.month, cf.n FROM json_each(?1) k
        CROSS JOIN case_flow cf ON cf.kind = json_extract(k.value, '$[0]') AND cf.status = json_extract(k.value, '$[1]')
         AND cf.unit_id = json_extract(k.value, '$[2]') AND cf.month >= ?2 AND cf.month <= ?3`,
    )
    .bind(JSON.stringify(keys), f.fromMonth, f.toMonth)
    .all<{ kind: string; status: string; unitId: string; month: string; n: number }>();
  return results;
}

/**
 * Dashboards: deadline outcomes (on_time | late | overdue) for kinds × units over whole months:
 * one seek per (kind, unit) reading its months in range, outcomes within (decision 210).
 */
export async function selectOutcomesByUnits(
  d1: D1Database,
  f: { unitIds: string[]; kinds: string[]; fromMonth: string; toMonth: string },
) {
  if (!f.unitIds.length) return [];
  const keys = f.kinds.flatMap((k) => f.unitIds.map((u) => [k, u]));
  const { results } = await d1
    .prepare(
      `SELECT co.kind, co.unit_id AS unitId, co.month, co.outcome, co.n FROM json_each(?1) k
        CROSS JOIN case_outcomes co ON co.kind = json_extract(k.value, '$[0]')
         AND co.unit_id = json_extract(k.value, '$[1]') AND co.month >= ?2 AND co.month <= ?3`,
    )
    .bind(JSON.stringify(keys), f.fromMonth, f.toMonth)
    .all<{ kind: string; unitId: string; month: string; outcome: string; n: number }>();
  return results;
}

/** Statuses a case can be open in (the backlog the dashboards show). */
export const OPEN_STATUSES = CASE_STATUSES.filter((s) => s !== 'closed');

/**
 * Dashboards: open work now, cases in each (kind, status) for the units. The whole primary key
 * (kind, status, unit) is enumerated, so each lookup is one seek reading at most one row; binding
 * only (kind, unit) read every status × unit of the kind per key (32,338 rows for a city at the
 * 100,000-case bench, decision 210).
 */
export async function selectBacklogByUnits(
  d1: D1Database,
  unitIds: string[],
  kinds: string[],
  statuses: readonly string[] = OPEN_STATUSES,
) {
  if (!unitIds.length) return [];
  const keys = kinds.flatMap((k) => statuses.flatMap((s) => unitIds.map((u) => [k, s, u])));
  const { results } = await d1
    .prepare(
      `SELECT cb.kind, cb.status, cb.unit_id AS unitId, cb.n FROM json_each(?1) k
        CROSS JOIN case_backlog cb ON cb.kind = json_extract(k.value, '$[0]')
         AND cb.status = json_extract(k.value, '$[1]') AND cb.unit_id = json_extract(k.value, '$[2]')`,
    )
    .bind(JSON.stringify(keys))
    .all<{ kind: string; status: string; unitId: string; n: number }>();
  return results;
}

/**
 * Dashboards (Ủy ban Kiểm tra): people holding a current position in one of the units, with the
 * number of feedback responses about them (`case_person_counts` row '*') and their per-criterion
 * counts. The caller applies the k threshold.
 */
export async function selectPersonCountsInUnits(d1: D1Database, unitIds: string[], today: string) {
  if (!unitIds.length) return [];
  const { results } = await d1
    .prepare(
      `WITH ppl AS (
         SELECT DISTINCT p.person_id AS id FROM json_each(?1) u
           JOIN positions p ON p.unit_id = u.value
          WHERE p.valid_to IS NULL OR p.valid_to >= ?2
       )
       SELECT ppl.id AS personId, pe.full_name AS fullName, c.question_id AS questionId, c.item, c.option, c.n
         FROM ppl JOIN people pe ON pe.id = ppl.id
         JOIN case_person_counts c ON c.person_id = ppl.id
        ORDER BY pe.full_name LIMIT 5000`,
    )
    .bind(JSON.stringify(unitIds), today)
    .all<{
      personId: string;
      fullName: string;
      questionId: string;
      item: string;
      option: string;
      n: number;
    }>();
  return results;
}
