import { buildApp } from './app';
import type { Env } from './env';
import { runScheduled } from './scheduled';

const app = buildApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
