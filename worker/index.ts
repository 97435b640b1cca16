import { buildApp } from './app';
import type { Env } from './env';

const app = buildApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, _env, _ctx) {
    // Daily jobs (overdue cases, digests, snapshots) are registered by their modules here.
  },
} satisfies ExportedHandler<Env>;
