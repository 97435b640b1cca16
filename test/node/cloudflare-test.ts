/**
 * `cloudflare:test` for the Node test project: `applyD1Migrations` applies migrations/ with the
 * Node server's own migration runner (the one `npm run serve` uses), recorded in `d1_migrations`.
 */
import { applyMigrations } from '../../worker/platform/node/migrations';
import { env, platform } from './cloudflare-workers';

export { env };
export type D1Migration = { name: string; queries: string[] };

export async function applyD1Migrations(_db: unknown, _migrations: unknown) {
  applyMigrations(platform.db.sqlite, platform.facts.migrationsDir);
}
