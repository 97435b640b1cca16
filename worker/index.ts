import { buildApp } from './app';
import { purgeExpiredSessions } from './auth/login';
import { flagOverdue } from './cases/overdue';
import { deliverOutbox } from './cases/webhooks';
import { snapshotBoards } from './dashboards/snapshot';
import type { Env } from './env';

const app = buildApp();

/** The daily cron (01:00 Asia/Ho_Chi_Minh); the other trigger retries webhook deliveries. */
export const DAILY_CRON = '0 18 * * *';

/**
 * Scheduled jobs. Daily: record overdue cases (idempotent), purge expired sessions. Every run:
 * deliver due webhook outbox rows (retries with back-off). Each job runs even if another fails.
 */
export async function runScheduled(cron: string, env: Env, now = Date.now()) {
  const results: PromiseSettledResult<unknown>[] = [];
  if (cron === DAILY_CRON) {
    results.push(
      ...(await Promise.allSettled([
        flagOverdue(env, now),
        purgeExpiredSessions(env.DB, now),
        snapshotBoards(env, now),
      ])),
    );
  }
  // After the daily job, so the overdue notifications it queued go out in the same run.
  results.push(...(await Promise.allSettled([deliverOutbox(env, { now })])));
  for (const r of results) if (r.status === 'rejected') console.error('scheduled job failed', r.reason);
  return results;
}

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
