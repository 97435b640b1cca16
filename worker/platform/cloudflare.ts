/**
 * The Cloudflare platform: workerd hands the app its native bindings (D1 `DB`, R2 `FILES`, Static
 * Assets `ASSETS`, the three Rate Limiting bindings — wrangler.toml) and calls `scheduled()` on the
 * cron triggers. Nothing to adapt: the app is written against these bindings, and the Node
 * platform (./node/) implements the same shapes.
 */
import { buildApp } from '../app';
import type { Env } from '../env';
import { runScheduled } from '../scheduled';

const app = buildApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
