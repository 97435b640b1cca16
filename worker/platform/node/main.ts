/**
 * The Node server's entry (bundled to `dist/server/main.mjs`):
 *   node dist/server/main.mjs [--dev] [--env-file=PATH]
 * Production (`npm run serve`): settings from the environment and `.env` (or `--env-file`),
 * secrets checked, pending migrations applied, cron schedules and backups started, JSON logs on
 * stdout, graceful stop on SIGTERM/SIGINT. While it runs it holds `<dataDir>/server.pid`: a second
 * server on the same directory, and `npm run restore`, refuse while that process lives. `--dev`
 * (used by `npm start -- --runtime=node` and the tests) reads `.dev.vars`, keeps
 * `ENVIRONMENT=development` and the demo seed route.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../app';
import { type BackupSchedule, scheduleBackups } from './backup-schedule';
import { PID_FILE } from './layout';
import { claimPidFile, HeldError, type PidClaim } from './pidfile';
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
  let claim: PidClaim;
  try {
    claim = claimPidFile(path.join(settings.dataDir, PID_FILE));
  } catch (e) {
    if (e instanceof HeldError)
      throw new Error(`another process (pid ${e.pid}) holds ${path.resolve(settings.dataDir)} (${PID_FILE})`);
    throw e;
  }
  const platform = createNodePlatform({ root, dataDir: settings.dataDir, vars: settings.vars });
  if (platform.migrated.length) log('info', 'migrations applied', { applied: platform.migrated });
  platform.startSchedules();
  let backups: BackupSchedule | null = null;
  if (settings.backupDir) {
    // ops.mjs is bundled beside this file (scripts/build-server.mjs).
    const opsScript = fileURLToPath(new URL('./ops.mjs', import.meta.url));
    if (!fs.existsSync(opsScript)) throw new Error(`BACKUP_DIR is set but ${opsScript} is missing`);
    backups = scheduleBackups({
      cron: settings.backupCron,
      dataDir: path.resolve(settings.dataDir),
      backupDir: path.resolve(settings.backupDir),
      keep: settings.backupKeep,
      opsScript,
      log,
    });
    log('info', 'backups scheduled', {
      cron: settings.backupCron,
      timezone: 'UTC',
      backupDir: path.resolve(settings.backupDir),
      keep: settings.backupKeep,
      next: backups.next()?.toISOString() ?? null,
    });
  }
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
    await backups?.stop();
    await server.stop();
    claim.release();
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
