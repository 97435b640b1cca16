/**
 * The server's scheduled backups (BACKUP_DIR set): at BACKUP_CRON (UTC, croner) the server runs
 * `ops.mjs backup --json` — the very command an operator runs — as a child process, so the
 * integrity check, the row counts and the hashing of a large database never hold up requests on
 * the server's one thread. One backup at a time (croner's `protect`, and the backup directory's
 * lock against an operator's `npm run backup` at the same moment). Each run writes one JSON log
 * line with its figures, or one error line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Cron } from 'croner';

export interface BackupScheduleOptions {
  cron: string;
  dataDir: string;
  backupDir: string;
  keep: number;
  /** dist/server/ops.mjs */
  opsScript: string;
  log: (level: string, msg: string, extra?: Record<string, unknown>) => void;
}

export interface BackupSchedule {
  /** The next run (UTC), for the start-up log line. */
  next(): Date | null;
  /** Runs a backup now (waits for one already running first). */
  runNow(): Promise<void>;
  /** Stops the schedule; a running backup is interrupted (its partial removed) and awaited. */
  stop(): Promise<void>;
}

/**
 * Starts the schedule.
 * @example scheduleBackups({ cron: '0 19 * * *', dataDir, backupDir, keep: 14, opsScript, log })
 */
export function scheduleBackups(opts: BackupScheduleOptions): BackupSchedule {
  let child: ChildProcess | null = null;
  let running: Promise<void> = Promise.resolve();

  const once = () =>
    new Promise<void>((resolve) => {
      const started = Date.now();
      const proc = spawn(
        process.execPath,
        [
          opts.opsScript,
          'backup',
          '--json',
          `--data-dir=${opts.dataDir}`,
          `--backup-dir=${opts.backupDir}`,
          `--keep=${opts.keep}`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = proc;
      let out = '';
      let err = '';
      proc.stdout?.on('data', (d) => {
        out += d;
      });
      proc.stderr?.on('data', (d) => {
        err += d;
      });
      const finish = (code: number | null, signal: string | null) => {
        child = null;
        const line = out.trim().split('\n').at(-1) ?? '';
        let report: Record<string, unknown> = {};
        try {
          report = JSON.parse(line) as Record<string, unknown>;
        } catch {
          // No JSON line: the process died before reporting; stderr says why.
        }
        const { msg: _msg, ...figures } = report;
        if (code === 0) opts.log('info', 'backup', figures);
        else
          opts.log('error', 'backup failed', {
            exit: code ?? signal,
            err: (report.err as string | undefined) ?? err.trim().slice(-500),
            ms: Date.now() - started,
          });
        resolve();
      };
      proc.once('error', (e) => {
        child = null;
        opts.log('error', 'backup failed', { err: String(e) });
        resolve();
      });
      proc.once('exit', finish);
    });

  const runNow = () => {
    running = running.then(once);
    return running;
  };
  const cron = new Cron(opts.cron, { timezone: 'UTC', protect: true }, () => runNow());

  return {
    next: () => cron.nextRun(),
    runNow,
    async stop() {
      cron.stop();
      (child as ChildProcess | null)?.kill('SIGTERM');
      await running;
    },
  };
}
