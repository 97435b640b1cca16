/**
 * Việc quá hạn: the daily job. For every case whose running deadline's day is over and that is
 * not yet flagged, one batch sets `overdue_since` (guarded: `WHERE overdue_since IS NULL AND
 * version = ?`), adds the timeline event, counts the `overdue` outcome and queues `case.overdue`
 * webhooks. Running it twice flags nothing twice (idempotent).
 */
import type { Env } from '../env';
import { newId } from '../lib/ids';
import { vnDay } from '../lib/time';
import type * as q from './queries';
import { webhookPayload } from './webhooks';

/** Cases past their running deadline and not flagged yet (at most `limit` per run). */
async function selectNewlyOverdue(d1: D1Database, today: string, limit: number) {
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
    .all<{
      id: string;
      kind: string;
      status: string;
      unitId: string;
      bodyUnitId: string | null;
      acceptDue: string | null;
      resolveDue: string | null;
      version: number;
    }>();
  return results;
}

/**
 * Flags the cases that became overdue. Returns how many were flagged now.
 * @example await flagOverdue(env) // from scheduled(); 0 on a second run the same day
 */
export async function flagOverdue(env: Env, now = Date.now(), limit = 500): Promise<number> {
  const d1 = env.DB;
  const today = vnDay(now);
  const rows = await selectNewlyOverdue(d1, today, limit);
  let flagged = 0;
  for (const c of rows) {
    const stage = ['received', 'prescreening'].includes(c.status) ? 'accept' : 'resolve';
    // Followers run only when the guard applied: the row then carries exactly (today, now).
    const applied = '(SELECT overdue_since = ?3 AND updated_at = ?4 FROM cases WHERE id = ?1)';
    const payload = webhookPayload('case.overdue', { ...c, kind: c.kind as q.CaseRow['kind'] }, now);
    const res = await d1.batch([
      d1
        .prepare(
          'UPDATE cases SET overdue_since = ?3, updated_at = ?4 WHERE id = ?1 AND overdue_since IS NULL AND version = ?2',
        )
        .bind(c.id, c.version, today, now),
      d1
        .prepare(
          `INSERT INTO case_events (id, case_id, at, actor_id, actor_kind, type, from_status, to_status, visibility, body, detail)
           SELECT ?5, ?1, ?4, NULL, 'system', 'overdue', NULL, NULL, 'internal', NULL, ?6 WHERE ${applied} AND ?2 = ?2`,
        )
        .bind(
          c.id,
          0,
          today,
          now,
          newId(now),
          JSON.stringify({ stage, due: stage === 'accept' ? c.acceptDue : c.resolveDue }),
        ),
      d1
        .prepare(
          `INSERT INTO case_outcomes (kind, unit_id, day, outcome, n)
           SELECT ?5, ?6, ?3, 'overdue', 1 WHERE ${applied} AND ?2 = ?2
           ON CONFLICT (kind, unit_id, day, outcome) DO UPDATE SET n = n + 1`,
        )
        .bind(c.id, 0, today, now, c.kind, c.unitId),
      d1
        .prepare(
          `INSERT INTO webhook_outbox (id, subscription_id, event, case_id, payload, created_at, attempts, next_at, state)
           SELECT lower(hex(randomblob(16))), s.id, 'case.overdue', ?1, ?5, ?4, 0, ?4, 'pending'
             FROM webhook_subscriptions s
            WHERE s.active = 1 AND instr(' ' || s.events || ' ', ' case.overdue ') > 0 AND ${applied} AND ?2 = ?2`,
        )
        .bind(c.id, 0, today, now, JSON.stringify(payload)),
    ]);
    if ((res[0]?.meta.changes ?? 0) > 0) flagged++;
  }
  return flagged;
}
