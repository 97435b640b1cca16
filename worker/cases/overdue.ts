/**
 * Việc quá hạn: the daily job. For every case whose running deadline's day is over and that is
 * not yet flagged, one batch sets `overdue_since` (guarded: `WHERE overdue_since IS NULL AND
 * version = ?`), adds the timeline event, counts the `overdue` outcome and queues `case.overdue`
 * webhooks. Running it twice flags nothing twice (idempotent).
 */
import type { Env } from '../env';
import { newId } from '../lib/ids';
import { vnDay } from '../lib/time';
import { flagOverdueStatements, selectNewlyOverdue } from './job-queries';
import { webhookPayload } from './webhooks';

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
    const payload = webhookPayload('case.overdue', c, now);
    const res = await d1.batch(
      flagOverdueStatements(d1, c, {
        today,
        now,
        eventId: newId(now),
        detail: { stage, due: stage === 'accept' ? c.acceptDue : c.resolveDue },
        payload,
      }),
    );
    if ((res[0]?.meta.changes ?? 0) > 0) flagged++;
  }
  return flagged;
}
