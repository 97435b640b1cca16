/**
 * The operator's commands of a Node deployment, bundled to `dist/server/ops.mjs` beside the server:
 *
 *   node dist/server/ops.mjs backup [--data-dir=DIR] [--backup-dir=DIR] [--keep=N] [--env-file=PATH] [--json]
 *   node dist/server/ops.mjs restore <backup-dir> [--data-dir=DIR] [--env-file=PATH] [--verify-only] [--json]
 *
 * `npm run backup` and `npm run restore` run them (scripts/backup.mjs, scripts/restore.mjs); the
 * server's own backup schedule runs `backup --json` as a child process (backup-schedule.ts). What
 * a flag does not say comes from the server's settings: the environment, then `.env` (or
 * `--env-file`) — DATA_DIR, BACKUP_DIR, BACKUP_KEEP. Exit status: 0 done, 1 failed or refused,
 * 2 wrong usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackupBusyError, type BackupManifest, takeBackup } from './backup';
import { RestoreRefused, restoreBackup } from './restore';
import { readSettings } from './settings';

interface Io {
  out(line: string): void;
  err(line: string): void;
}

const stdio: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

const USAGE = [
  'usage: backup  [--data-dir=DIR] [--backup-dir=DIR] [--keep=N] [--env-file=PATH] [--json]',
  '       restore <backup-dir> [--data-dir=DIR] [--env-file=PATH] [--verify-only] [--json]',
].join('\n');

interface Parsed {
  positional: string[];
  flags: Map<string, string>;
}

function parseArgs(args: string[], known: string[]): Parsed | string {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (const a of args) {
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (!known.includes(name)) return `unknown option --${name}`;
    flags.set(name, eq < 0 ? 'true' : a.slice(eq + 1));
  }
  return { positional, flags };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 2 : 1)} MB`;
const num = (n: number) => n.toLocaleString('en-US');
/** Tables an operator recognises, listed first in the summary. */
const KEY_TABLES = ['responses', 'cases', 'ballots', 'audit_log', 'forms', 'users', 'units'];

function rowSummary(tables: Record<string, number>) {
  const total = Object.values(tables).reduce((a, b) => a + b, 0);
  const shown = KEY_TABLES.filter((t) => t in tables).map((t) => `${t} ${num(tables[t]!)}`);
  const all = `${num(total)} rows in ${Object.keys(tables).length} tables`;
  return shown.length ? `${shown.join(' · ')} (${all})` : all;
}

/** The figures a log line or a monitoring check wants. */
function figures(m: BackupManifest) {
  return {
    stamp: m.stamp,
    databaseAt: m.databaseAt,
    ms: m.durationMs,
    databaseBytes: m.database.bytes,
    sha256: m.database.sha256,
    migrations: m.database.migrations.length,
    responses: m.database.tables.responses ?? 0,
    auditRows: m.database.tables.audit_log ?? 0,
    rows: Object.values(m.database.tables).reduce((a, b) => a + b, 0),
    files: m.files.count,
    fileBytes: m.files.bytes,
    linked: m.files.linked,
    copied: m.files.copied,
  };
}

function settingsFor(flags: Map<string, string>) {
  const root = process.env.LANG_NGHE_ROOT ?? process.cwd();
  return readSettings(process.env, {
    production: false,
    envFile: path.resolve(root, flags.get('env-file') ?? '.env'),
  });
}

async function backupCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs(args, ['data-dir', 'backup-dir', 'keep', 'env-file', 'json']);
  if (typeof parsed === 'string' || parsed.positional.length) {
    io.err(typeof parsed === 'string' ? parsed : `unexpected argument ${parsed.positional[0]}`);
    io.err(USAGE);
    return 2;
  }
  const { flags } = parsed;
  const settings = settingsFor(flags);
  const dataDir = flags.get('data-dir') ?? settings.dataDir;
  const backupDir = flags.get('backup-dir') ?? settings.backupDir;
  const keep = flags.has('keep') ? Number(flags.get('keep')) : settings.backupKeep;
  if (!backupDir) {
    io.err('no backup directory: set BACKUP_DIR (environment or .env) or pass --backup-dir=DIR');
    return 2;
  }
  if (!Number.isInteger(keep) || keep < 0) {
    io.err(`--keep must be a whole number ≥ 0 (got ${flags.get('keep')})`);
    return 2;
  }
  const json = flags.has('json');
  // SIGTERM/Ctrl-C: stop between files and remove the partial backup.
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    const {
      dir,
      manifest: m,
      pruned,
    } = await takeBackup({
      dataDir,
      backupDir,
      keep,
      signal: abort.signal,
    });
    if (json) {
      io.out(
        JSON.stringify({
          msg: 'backup',
          dir,
          ...figures(m),
          kept: pruned.kept.length,
          deleted: pruned.deleted,
        }),
      );
    } else {
      io.out(`Backup ${m.stamp} complete in ${num(m.durationMs)} ms → ${dir}`);
      io.out(
        `  database: ${mb(m.database.bytes)}, integrity ok, ${m.database.migrations.length} migrations` +
          ` (last ${m.database.migrations.at(-1) ?? 'none'}), as of ${m.databaseAt}`,
      );
      io.out(`  rows: ${rowSummary(m.database.tables)}`);
      io.out(
        `  files: ${num(m.files.count)} (${mb(m.files.bytes)}; objects and their records: ${num(m.files.linked)} hard-linked, ${num(m.files.copied)} copied)`,
      );
      io.out(`  sha256: ${m.database.sha256}`);
      io.out(
        `  kept ${pruned.kept.length} backup(s)${keep ? ` (BACKUP_KEEP=${keep})` : ''}` +
          (pruned.deleted.length ? `; deleted ${pruned.deleted.join(', ')}` : ''),
      );
    }
    return 0;
  } catch (e) {
    const busy = e instanceof BackupBusyError;
    const message = e instanceof Error ? e.message : String(e);
    if (json) io.out(JSON.stringify({ msg: 'backup failed', busy, err: message }));
    io.err(`backup failed: ${message}`);
    return 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

async function restoreCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs(args, ['data-dir', 'env-file', 'verify-only', 'json']);
  if (typeof parsed === 'string' || parsed.positional.length !== 1) {
    io.err(typeof parsed === 'string' ? parsed : 'name one backup directory');
    io.err(USAGE);
    return 2;
  }
  const { flags } = parsed;
  const dataDir = flags.get('data-dir') ?? settingsFor(flags).dataDir;
  const verifyOnly = flags.has('verify-only');
  try {
    const r = await restoreBackup({ backup: parsed.positional[0]!, dataDir, verifyOnly });
    const m = r.manifest;
    if (flags.has('json')) {
      io.out(
        JSON.stringify({
          msg: verifyOnly ? 'backup verified' : 'restored',
          backup: r.backup,
          dataDir: r.dataDir,
          movedAside: r.movedAside,
          ...figures(m),
        }),
      );
      return 0;
    }
    io.out(
      verifyOnly
        ? `Backup ${m.stamp} verified: sha256 matches, integrity ok, ${num(r.files.count)} files (nothing changed)`
        : `Restored backup ${m.stamp} (taken ${m.startedAt}) into ${r.dataDir}`,
    );
    io.out(
      `  database as of ${m.databaseAt}: ${mb(m.database.bytes)}, integrity ok, sha256 ${m.database.sha256.slice(0, 16)}…`,
    );
    io.out(`  migrations: ${m.database.migrations.length} (last ${m.database.migrations.at(-1) ?? 'none'})`);
    io.out(`  rows: ${rowSummary(m.database.tables)}`);
    io.out(`  files: ${num(r.files.count)} (${mb(m.files.bytes)})`);
    if (!verifyOnly) {
      io.out(
        r.movedAside
          ? `  the previous data directory is now ${r.movedAside} (nothing was deleted)`
          : '  there was no previous data directory',
      );
      io.out('  Start the server: it applies any pending migrations at start.');
    }
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (flags.has('json')) io.out(JSON.stringify({ msg: 'restore refused', err: message }));
    io.err(e instanceof RestoreRefused ? message : `restore failed: ${message}`);
    return 1;
  }
}

/**
 * Runs one command; resolves to the exit status.
 * @example process.exitCode = await runOps(['backup', '--backup-dir=/var/backups/lang-nghe'])
 */
export async function runOps(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'backup') return backupCommand(rest, io);
  if (command === 'restore') return restoreCommand(rest, io);
  io.err(USAGE);
  return 2;
}

/** Run directly (`node dist/server/ops.mjs …`), not imported by scripts/backup.mjs. */
function isEntry(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fs.realpathSync(entry) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) process.exitCode = await runOps(process.argv.slice(2));
