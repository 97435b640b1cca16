/**
 * The SQL of the capability's background work: the webhook outbox (written in the caller's batch,
 * delivered from the cron) and the daily overdue flagging.
 */
import type { WebhookEvent } from './webhooks';

/** Outbox rows for `event`: one per active subscription listening to it, in the caller's batch. */
export function outboxStatement(
  d1: D1Database,
  event: WebhookEvent,
  caseId: string,
  payload: unknown,
  now: number,
) {
  return d1
    .prepare(
      `INSERT INTO webhook_outbox (id, subscription_id, event, case_id, payload, created_at, attempts, next_at, state)
       SELECT lower(hex(randomblob(16))), s.id, ?1, ?2, ?3, ?4, 0, ?4, 'pending'
         FROM webhook_subscriptions s
        WHERE s.active = 1 AND instr(' ' || s.events || ' ', ' ' || ?1 || ' ') > 0`,
    )
    .bind(event, caseId, JSON.stringify(payload), now);
}

/** An outbox row due for delivery, with its subscription's address and sealed secret. */
export interface DueRow {
  id: string;
  event: string;
  payload: string;
  attempts: number;
  url: string;
  secretSealed: string;
  subscriptionId: string;
}

/** Pending outbox rows due at `now` for active subscriptions, oldest first. */
export async function selectDueOutbox(d1: D1Database, now: number, limit: number): Promise<DueRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT o.id, o.event, o.payload, o.attempts, s.url, s.secret_sealed AS secretSealed, s.id AS subscriptionId
         FROM webhook_outbox o JOIN webhook_subscriptions s ON s.id = o.subscription_id
        WHERE o.state = 'pending' AND o.next_at <= ? AND s.active = 1
        ORDER BY o.next_at LIMIT ?`,
    )
    .bind(now, limit)
    .all<DueRow>();
  return results;
}

/** Marks a pending outbox row delivered (a row no longer pending is left alone). */
export async function markDelivered(d1: D1Database, id: string, at: number): Promise<void> {
  await d1
    .prepare(
      `UPDATE webhook_outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL
        WHERE id = ? AND state = 'pending'`,
    )
    .bind(at, id)
    .run();
}

/** Records a failed attempt on a pending outbox row: the next try, or `failed` when given up. */
export async function markAttemptFailed(
  d1: D1Database,
  id: string,
  f: { attempts: number; nextAt: number; giveUp: boolean; error: string },
): Promise<void> {
  await d1
    .prepare(
      `UPDATE webhook_outbox SET attempts = ?, next_at = ?, state = ?, last_error = ? WHERE id = ? AND state = 'pending'`,
    )
    .bind(f.attempts, f.nextAt, f.giveUp ? 'failed' : 'pending', f.error, id)
    .run();
}

/** Recent outbox rows (admin console: did it arrive?). */
export async function selectOutbox(d1: D1Database, limit = 50) {
  const { results } = await d1
    .prepare(
      `SELECT id, subscription_id AS subscriptionId, event, case_id AS caseId, created_at AS createdAt, attempts,
              next_at AS nextAt, delivered_at AS deliveredAt, state, last_error AS lastError
         FROM webhook_outbox ORDER BY created_at DESC LIMIT ?`,
    )
    .bind(limit)
    .all();
  return results;
}

/** A case past its running deadline and not flagged yet. */
export interface OverdueCandidate {
  id: string;
  kind: string;
  status: string;
  unitId: string;
  bodyUnitId: string | null;
  acceptDue: string | null;
  resolveDue: string | null;
  version: number;
}

/** Cases past their running deadline and not flagged yet (at most `limit` per run). */
export async function selectNewlyOverdue(d1: D1Database, today: string, limit: number) {
  const { results } = await d1
    .prepare(
      `SELECT id, kind, status, unit_id AS unitId, body_unit_id AS bodyUnitId, accept_due AS acceptDue,
              resolve_due AS resolveDue, version
         FROM cases
        WHERE overdue_since IS NULL AND (
              (status IN ('received', 'prescreening') AND accept_due < ?1)
           OR (status IN ('classified', 'forwarded', 'in_progress') AND resolve_due < ?1))
        LIMIT ?2`,
    )
    .bind(today, limit)
    .all<OverdueCandidate>();
  return results;
}

/**
 * The batch that flags one case overdue: the guarded UPDATE first (`overdue_since IS NULL AND
 * version = ?`), then the timeline event (carrying the kind, unit and outcome it counts, decision
 * 210), the `overdue` outcome count in the month of `today` and the `case.overdue` outbox rows,
 * each written only when the guard applied. Its first result's `changes` says so.
 */
export function flagOverdueStatements(
  d1: D1Database,
  c: OverdueCandidate,
  f: { today: string; now: number; eventId: string; detail: unknown; payload: unknown },
): D1PreparedStatement[] {
  const { today, now } = f;
  // Followers run only when the guard applied: the row then carries exactly (today, now).
  const applied = '(SELECT overdue_since = ?3 AND updated_at = ?4 FROM cases WHERE id = ?1)';
  return [
    d1
      .prepare(
        'UPDATE cases SET overdue_since = ?3, updated_at = ?4 WHERE id = ?1 AND overdue_since IS NULL AND version = ?2',
      )
      .bind(c.id, c.version, today, now),
    d1
      .prepare(
        `INSERT INTO case_events (id, case_id, at, actor_id, actor_kind, type, from_status, to_status, visibility, body, detail,
           kind, unit_id, outcome)
         SELECT ?5, ?1, ?4, NULL, 'system', 'overdue', NULL, NULL, 'internal', NULL, ?6, ?7, ?8, 'overdue'
          WHERE ${applied} AND ?2 = ?2`,
      )
      .bind(c.id, 0, today, now, f.eventId, JSON.stringify(f.detail), c.kind, c.unitId),
    d1
      .prepare(
        `INSERT INTO case_outcomes (kind, unit_id, month, outcome, n)
         SELECT ?5, ?6, substr(?3, 1, 7), 'overdue', 1 WHERE ${applied} AND ?2 = ?2
         ON CONFLICT (kind, unit_id, month, outcome) DO UPDATE SET n = n + 1`,
      )
      .bind(c.id, 0, today, now, c.kind, c.unitId),
    d1
      .prepare(
        `INSERT INTO webhook_outbox (id, subscription_id, event, case_id, payload, created_at, attempts, next_at, state)
         SELECT lower(hex(randomblob(16))), s.id, 'case.overdue', ?1, ?5, ?4, 0, ?4, 'pending'
           FROM webhook_subscriptions s
          WHERE s.active = 1 AND instr(' ' || s.events || ' ', ' case.overdue ') > 0 AND ${applied} AND ?2 = ?2`,
      )
      .bind(c.id, 0, today, now, JSON.stringify(f.payload)),
  ];
}
