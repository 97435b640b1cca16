/**
 * Scheduled jobs (Worker cron triggers, wrangler.toml). Kept apart from the entry module: the
 * entry may export only handlers.
 */
import { anchorTail } from './audit/service';
import { queueCampaignDigest } from './campaigns/export';
import { flagOverdue } from './cases/overdue';
import { deliverOutbox } from './cases/webhooks';
import { snapshotBoards } from './dashboards/snapshot';
import type { Env } from './env';
import { resealAll } from './keys/reseal';
import { runRetention } from './retention/service';

/** The daily cron (01:00 Asia/Ho_Chi_Minh); the other trigger retries webhook deliveries. */
export const DAILY_CRON = '0 18 * * *';

/**
 * Daily: record overdue cases (idempotent), the retention job (expired sessions, identities, free
 * text, evidence files, ballot code hashes, sent outbox rows; `runRetention`), queue the campaigns' reminder
 * digest, on the 1st the boards' monthly snapshots to R2, and move sealed values to the current key
 * after a key rotation (`resealAll`, bounded, audited as `keys.reseal`). Every run: deliver due webhook
 * outbox rows (retries with back-off), then copy the audit chain's tail to R2 (`anchorTail`).
 * Each job runs even if another fails.
 * @example ctx.waitUntil(runScheduled(controller.cron, env, controller.scheduledTime))
 */
export async function runScheduled(cron: string, env: Env, now = Date.now()) {
  const results: PromiseSettledResult<unknown>[] = [];
  if (cron === DAILY_CRON) {
    results.push(
      ...(await Promise.allSettled([
        flagOverdue(env, now),
        // Expired sessions, identities, free text, evidence files, ballot code hashes, sent outbox rows:
        // bounded, one `retention.run` audit entry (decision 261).
        runRetention(env, { now }),
        snapshotBoards(env, now),
        queueCampaignDigest(env, now),
        resealAll(env),
      ])),
    );
  }
  // After the daily job, so the overdue notifications it queued go out in the same run; the audit
  // anchor last, so it covers what this run wrote.
  results.push(...(await Promise.allSettled([deliverOutbox(env, { now })])));
  results.push(...(await Promise.allSettled([anchorTail(env.FILES, env.DB, now)])));
  for (const r of results) if (r.status === 'rejected') console.error('scheduled job failed', r.reason);
  return results;
}
