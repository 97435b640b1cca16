/**
 * The restore drill after audit pruning (issue 14, decision 300), on the Node server as an operator
 * runs it: a log whose oldest entries were pruned behind checkpoints is backed up, restored, and
 * still verifies — from the restored checkpoint, whose copy the restored file store holds.
 *
 * 1. A fresh data directory is migrated (the server's own migrations) and its log opened with
 *    entries dated twelve years ago, appended by the audit service itself (`auditStatement` with
 *    its `now`: the chain is computed by the real code, only the clock is old). No production
 *    switch moves the server's clock, and the audit period cannot be shorter than five years
 *    (decision 260), so the old entries are written before the server starts.
 * 2. The server starts on it, the demo is seeded (entries dated now), an administrator runs the
 *    retention job (`POST /api/admin/retention/run`): the old entries go in slices, each behind a
 *    checkpoint copied to the file store; verify is ok from the newest checkpoint.
 * 3. `npm run backup`, the server stops, `npm run restore`, a server starts on the restored
 *    directory. Checked: the pruned entries stay pruned, the checkpoints and their copies came
 *    back, `GET /api/admin/audit/verify` is ok with the same checkpoint found — and reports
 *    `checkpoint_unanchored` while the newest copy is moved out of the restored file store (so the
 *    ok really read the restored copy), ok again once it is back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../scripts/dev-server.mjs';
import { auditStatement } from '../../worker/audit/service';
import { readWranglerFacts } from '../../worker/platform/node/config';
import { NodeD1Database } from '../../worker/platform/node/d1';
import { DB_FILE, FILES_DIR } from '../../worker/platform/node/layout';
import { applyMigrations } from '../../worker/platform/node/migrations';
import {
  DEMO_ADMIN,
  ensureBuilt,
  login,
  ROOT,
  removeTemps,
  runScript,
  startServer,
  type TestServer,
  tempDir,
} from './backup-helpers';

const DAY = 86_400_000;
/** Entries older than the audit period (default 10 years): three slices of at most 500. */
const OLD = 1200;
const OLD_ACTION = 'drill.old_entry';

interface Checkpoint {
  throughSeq: number;
  throughHash: string;
  at: number;
  pruned: number;
  fromAt: number;
  toAt: number;
}
interface Verify {
  ok: boolean;
  rows: number;
  checkpoint?: Checkpoint;
  firstBroken?: { seq: number; reason: string };
}

let server: TestServer | undefined;
afterAll(async () => {
  await server?.stop();
  removeTemps();
});
beforeAll(() => ensureBuilt());

/** Migrates a new database as the server does and appends `n` entries dated from `from` on. */
async function oldLog(dataDir: string, from: number, n: number) {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new NodeD1Database(path.join(dataDir, DB_FILE));
  try {
    applyMigrations(db.sqlite, readWranglerFacts(ROOT).migrationsDir);
    const d1 = db as unknown as D1Database;
    for (let i = 0; i < n; i++) {
      const at = from + i * 60_000;
      await d1.batch([
        await auditStatement(
          d1,
          { actorId: null, action: OLD_ACTION, targetType: 'form', targetId: `f-${i % 7}`, detail: { i } },
          { now: at },
        ),
      ]);
    }
  } finally {
    db.close();
  }
}

/** The checkpoint copies in a data directory's file store (worker/platform/node/files.ts layout). */
function checkpointCopies(dataDir: string): string[] {
  const dir = path.join(dataDir, FILES_DIR, 'objects', 'audit', 'checkpoints');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe('restore after pruning: the pruned log verifies from its restored checkpoint', () => {
  it('prunes behind checkpoints, backs up, restores, and verify finds the checkpoint and its copy', async () => {
    const root = tempDir('pruned');
    const dataDir = path.join(root, 'data');
    const backupDir = path.join(root, 'backups');
    const from = Date.now() - 12 * 365 * DAY;
    await oldLog(dataDir, from, OLD);

    server = await startServer(dataDir);
    const base = server.base;
    const { password } = await seed(base, 'dev-seed-token');
    const admin = await login(base, DEMO_ADMIN, password);
    const verify = async (b: string, cookie: string) => {
      const res = await fetch(`${b}/api/admin/audit/verify`, { headers: { cookie } });
      expect(res.status).toBe(200);
      return (await res.json()) as Verify;
    };

    // Before pruning: the whole log verifies from its first entry.
    const whole = await verify(base, admin);
    expect(whole, JSON.stringify(whole)).toMatchObject({ ok: true });
    expect(whole.checkpoint).toBeUndefined();
    expect(whole.rows).toBeGreaterThan(OLD);

    // The retention job, as an administrator runs it.
    const run = await fetch(`${base}/api/admin/retention/run`, {
      method: 'POST',
      headers: { cookie: admin, origin: base },
    });
    const report = (await run.json()) as { counts: { audit: number }; complete: boolean };
    expect(run.status, JSON.stringify(report)).toBe(200);
    expect(report.counts.audit).toBe(OLD);
    expect(report.complete).toBe(true);
    const pruned = await verify(base, admin);
    expect(pruned, JSON.stringify(pruned)).toMatchObject({
      ok: true,
      checkpoint: { throughSeq: OLD, pruned: OLD, fromAt: from, toAt: from + (OLD - 1) * 60_000 },
    });
    // The old entries are gone from the walk (the run's own entry and any scheduled one added).
    expect(pruned.rows).toBeGreaterThan(whole.rows - OLD);
    expect(pruned.rows).toBeLessThan(whole.rows - OLD + 20);
    const copies = checkpointCopies(dataDir);
    expect(copies).toHaveLength(Math.ceil(OLD / 500));

    // ---- back up, stop, restore into the same path, start again ----
    const backup = await runScript('backup', [`--data-dir=${dataDir}`, `--backup-dir=${backupDir}`]);
    expect(backup.code, backup.stderr).toBe(0);
    const [stamp] = fs.readdirSync(backupDir).filter((n) => /^\d{8}T\d{6}Z$/.test(n));
    expect(stamp).toBeDefined();
    await server.stop();
    server = undefined;
    const restore = await runScript('restore', [path.join(backupDir, stamp!), `--data-dir=${dataDir}`]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored backup ${stamp}`);

    // The restored file, before a server opens it: pruned entries stay pruned, checkpoints are back.
    const db = new DatabaseSync(path.join(dataDir, DB_FILE), { readOnly: true });
    const log = db
      .prepare('SELECT min(seq) AS first, count(*) AS n, sum(action = ?) AS old FROM audit_log')
      .get(OLD_ACTION) as { first: number; n: number; old: number };
    const checkpoints = db
      .prepare('SELECT through_seq AS seq, pruned FROM audit_checkpoints ORDER BY through_seq')
      .all() as { seq: number; pruned: number }[];
    db.close();
    expect(log).toMatchObject({ first: OLD + 1, old: 0 });
    expect(checkpoints).toEqual([
      { seq: 500, pruned: 500 },
      { seq: 1000, pruned: 500 },
      { seq: OLD, pruned: OLD - 1000 },
    ]);
    expect(checkpointCopies(dataDir)).toEqual(copies);

    server = await startServer(dataDir);
    const rbase = server.base;
    const admin2 = await login(rbase, DEMO_ADMIN, password);
    const restored = await verify(rbase, admin2);
    expect(restored, JSON.stringify(restored)).toMatchObject({ ok: true, checkpoint: pruned.checkpoint });
    expect(restored.rows).toBeGreaterThanOrEqual(log.n);

    // The ok read the restored copy: without the newest one, verify says the checkpoint is unanchored.
    const newest = path.join(dataDir, FILES_DIR, 'objects', 'audit', 'checkpoints', copies[0]!);
    fs.renameSync(newest, `${newest}.aside`);
    const unanchored = await verify(rbase, admin2);
    fs.renameSync(`${newest}.aside`, newest);
    expect(unanchored).toMatchObject({
      ok: false,
      firstBroken: { seq: OLD, reason: 'checkpoint_unanchored' },
    });
    expect(await verify(rbase, admin2)).toMatchObject({ ok: true, checkpoint: pruned.checkpoint });
  });
});
