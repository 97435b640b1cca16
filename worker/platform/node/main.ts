/**
 * The Node server's entry (bundled to `dist/server/main.mjs`):
 *   node dist/server/main.mjs [--dev] [--env-file=PATH]
 * Production (`npm run serve`): settings from the environment and `.env` (or `--env-file`),
 * secrets checked, pending migrations applied, cron schedules and backups started, JSON logs on
 * stdout, graceful stop on SIGTERM/SIGINT. `--dev` (used by `npm start -- --runtime=node` and the
 * tests) reads `.dev.vars`, keeps `ENVIRONMENT=development` and the demo seed route.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from '../../app';
import { createNodePlatform } from './platform';
import { startServer } from './server';
import { readSettings } from './settings';

const args = process.argv.slice(2);
const dev = args.includes('--dev');
const envFileArg = args.find((a) => a.startsWith('--env-file='))?.slice('--env-file='.length);
const root = process.env.LANG_NGHE_ROOT ?? process.cwd();
const log = (level: string, msg: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra })}\n`);

async function main() {
  const settings = readSettings(process.env, {
    production: !dev,
    envFile: path.resolve(root, envFileArg ?? (dev ? '.dev.vars' : '.env')),
  });
  fs.mkdirSync(settings.dataDir, { recursive: true });
  const platform = createNodePlatform({ root, dataDir: settings.dataDir, vars: settings.vars });
  if (platform.migrated.length) log('info', 'migrations applied', { applied: platform.migrated });
  platform.startSchedules();
  const server = await startServer(buildApp(), platform, {
    port: settings.port,
    host: settings.host,
    clientIpHeader: settings.clientIpHeader,
    trustedProxies: settings.trustedProxies,
    maxBodyBytes: settings.maxBodyBytes,
  });
  log('info', 'listening', {
    port: server.port,
    host: settings.host,
    dataDir: path.resolve(settings.dataDir),
    environment: settings.vars.ENVIRONMENT,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    await server.stop();
    log('info', 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  log('fatal', e instanceof Error ? e.message : String(e));
  process.exit(1);
});
