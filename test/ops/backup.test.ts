/**
 * Backups and restore besides the drill (restore-drill.test.ts): what a backup holds, retention
 * (the newest BACKUP_KEEP kept, older ones deleted, a running backup's partial spared, a dead one's
 * removed), one backup at a time, the server's own schedule, and a restore that refuses — a damaged
 * backup, a partial one, a running server — leaving the data directory exactly as it was.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKUP_LOCK,
  BackupBusyError,
  type BackupManifest,
  listBackups,
  PARTIAL_OWNER,
  takeBackup,
} from '../../worker/platform/node/backup';
import { ensureBuilt, removeTemps, runScript, startServer, tempDir } from './backup-helpers';

afterAll(() => removeTemps());
beforeAll(() => ensureBuilt());

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * A small data directory in the server's layout: a WAL database with d1_migrations and rows, and a
 * file store with two objects (one under a nested key), their records, and a write in progress in tmp/.
 */
function dataDirWithRows(rows = 25): string {
  const dir = path.join(tempDir('backup-src'), 'data');
  fs.mkdirSync(dir, { recursive: true });
  const db = new DatabaseSync(path.join(dir, 'lang-nghe.sqlite'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`CREATE TABLE d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TEXT);
    INSERT INTO d1_migrations (name) VALUES ('0000_init.sql'), ('0001_more.sql');
    CREATE TABLE responses(id INTEGER PRIMARY KEY, receipt_code TEXT UNIQUE, data TEXT);
    CREATE INDEX responses_data ON responses(data);`);
  const insert = db.prepare('INSERT INTO responses (receipt_code, data) VALUES (?, ?)');
  for (let i = 0; i < rows; i++) insert.run(`R-${i}`, `ý kiến ${i} `.repeat(20));
  db.close();
  const files = path.join(dir, 'files');
  for (const [key, body] of [
    ['f/form1/abc', 'evidence bytes'],
    ['audit/anchors/0999999999999990.json', '{"seq":10}'],
  ] as const) {
    const object = path.join(files, 'objects', ...key.split('/'));
    fs.mkdirSync(path.dirname(object), { recursive: true });
    fs.writeFileSync(object, body);
    const meta = path.join(files, 'meta', `${path.join(...key.split('/'))}.json`);
    fs.mkdirSync(path.dirname(meta), { recursive: true });
    fs.writeFileSync(
      meta,
      JSON.stringify({ size: body.length, etag: 'x', uploaded: new Date().toISOString() }),
    );
  }
  fs.mkdirSync(path.join(files, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(files, 'tmp', 'half-written'), 'never copied');
  return dir;
}

/** A process that is alive until killed, and the pid of one that has exited. */
async function livePid() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  return child;
}
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

const day = (n: number) => () => new Date(Date.UTC(2026, 11, n, 19, 0, 0));

describe('npm run backup', () => {
  it('copies the database (verified, hashed, counted) and the file store (hard links, no tmp/) into <stamp>/ with a manifest', async () => {
    const dataDir = dataDirWithRows(25);
    const backupDir = tempDir('backups');
    const { dir, manifest } = await takeBackup({ dataDir, backupDir, keep: 3, now: day(7) });
    expect(path.basename(dir)).toBe('20261207T190000Z');
    expect(fs.readdirSync(backupDir).sort()).toEqual(['20261207T190000Z']);

    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(onDisk).toEqual(manifest);
    expect(manifest.database.migrations).toEqual(['0000_init.sql', '0001_more.sql']);
    expect(manifest.database.tables).toMatchObject({ responses: 25, d1_migrations: 2 });
    expect(manifest.database.sha256).toBe(sha256(path.join(dir, 'lang-nghe.sqlite')));
    expect(manifest.files).toMatchObject({ count: 2, bytes: 'evidence bytes'.length + '{"seq":10}'.length });
    // One self-contained file: a rollback journal, no -wal beside it.
    expect(fs.readdirSync(dir).sort()).toEqual(['files', 'lang-nghe.sqlite', 'manifest.json']);
    const copy = new DatabaseSync(path.join(dir, 'lang-nghe.sqlite'), { readOnly: true });
    expect(copy.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'delete' });
    expect(copy.prepare('SELECT count(*) AS n FROM responses').get()).toEqual({ n: 25 });
    copy.close();

    const src = path.join(dataDir, 'files', 'objects', 'f', 'form1', 'abc');
    const dst = path.join(dir, 'files', 'objects', 'f', 'form1', 'abc');
    expect(fs.statSync(dst).ino, 'same filesystem: hard-linked, not copied').toBe(fs.statSync(src).ino);
    expect(fs.existsSync(path.join(dir, 'files', 'meta', 'f', 'form1', 'abc.json'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'files', 'tmp'))).toEqual([]);
  });

  it('keeps the newest BACKUP_KEEP complete backups, deletes older ones, spares a running backup and what is not a backup', async () => {
    const dataDir = dataDirWithRows(5);
    const backupDir = tempDir('backups');
    const running = await livePid();
    try {
      // A backup in progress in another process, one whose process died, one too young to judge.
      const live = path.join(backupDir, '20261201T190000Z.partial');
      const dead = path.join(backupDir, '20261202T190000Z.partial');
      const young = path.join(backupDir, '20261203T190000Z.partial');
      for (const d of [live, dead, young]) fs.mkdirSync(d);
      fs.writeFileSync(path.join(live, PARTIAL_OWNER), `${running.pid}\n`);
      fs.writeFileSync(path.join(dead, PARTIAL_OWNER), `${await deadPid()}\n`);
      // Not ours, or not complete: never counted, never deleted.
      fs.mkdirSync(path.join(backupDir, 'notes'));
      fs.mkdirSync(path.join(backupDir, '20261101T190000Z'));

      const deletedAt: string[][] = [];
      for (const n of [4, 5, 6, 7, 8]) {
        const r = await takeBackup({ dataDir, backupDir, keep: 3, now: day(n) });
        deletedAt.push(r.pruned.deleted);
        expect(r.pruned.running).toContain('20261201T190000Z.partial');
      }
      expect(listBackups(backupDir).complete).toEqual([
        '20261208T190000Z',
        '20261207T190000Z',
        '20261206T190000Z',
      ]);
      expect(deletedAt[0]).toEqual(['20261202T190000Z.partial']);
      expect(deletedAt.slice(1)).toEqual([[], [], ['20261204T190000Z'], ['20261205T190000Z']]);
      expect(fs.readdirSync(backupDir).sort()).toEqual([
        '20261101T190000Z',
        '20261201T190000Z.partial',
        '20261203T190000Z.partial',
        '20261206T190000Z',
        '20261207T190000Z',
        '20261208T190000Z',
        'notes',
      ]);

      // Two within one second: both kept, the later one sorts as newer.
      const again = await takeBackup({ dataDir, backupDir, keep: 2, now: day(8) });
      expect(path.basename(again.dir)).toBe('20261208T190000Z-1');
      expect(listBackups(backupDir).complete).toEqual(['20261208T190000Z-1', '20261208T190000Z']);

      // KEEP=0 keeps everything.
      await takeBackup({ dataDir, backupDir, keep: 0, now: day(9) });
      expect(listBackups(backupDir).complete).toHaveLength(3);
    } finally {
      running.kill();
    }
  });

  it('runs one backup at a time: refuses while another process holds the lock, takes over a dead one’s', async () => {
    const dataDir = dataDirWithRows(3);
    const backupDir = tempDir('backups');
    const other = await livePid();
    try {
      fs.writeFileSync(path.join(backupDir, BACKUP_LOCK), `${other.pid}\n`);
      await expect(takeBackup({ dataDir, backupDir, keep: 3 })).rejects.toBeInstanceOf(BackupBusyError);
      const cli = await runScript('backup', [`--data-dir=${dataDir}`, `--backup-dir=${backupDir}`]);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`another backup is running (pid ${other.pid})`);
      expect(listBackups(backupDir)).toEqual({ complete: [], partial: [] });
    } finally {
      other.kill();
    }
    fs.writeFileSync(path.join(backupDir, BACKUP_LOCK), `${await deadPid()}\n`);
    const cli = await runScript('backup', [`--data-dir=${dataDir}`, `--backup-dir=${backupDir}`, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ msg: 'backup', responses: 3, files: 2, migrations: 2 });
    expect(fs.existsSync(path.join(backupDir, BACKUP_LOCK)), 'lock released').toBe(false);
  });

  it('says what is wrong instead of backing up nothing', async () => {
    const empty = tempDir('nodata');
    const r = await runScript('backup', [`--data-dir=${empty}`, `--backup-dir=${tempDir('backups')}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no database at');
    const noDir = await runScript('backup', [`--data-dir=${empty}`]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain('BACKUP_DIR');
  });
});

describe('npm run restore', () => {
  it('puts the backup in place of the data directory, moves the old one aside (nothing deleted), keeps its owner', async () => {
    const dataDir = dataDirWithRows(10);
    const { dir: backup } = await takeBackup({ dataDir, backupDir: tempDir('backups'), keep: 3 });
    // Written after the backup: not in it, but kept in the directory moved aside.
    const live = new DatabaseSync(path.join(dataDir, 'lang-nghe.sqlite'));
    live.exec("INSERT INTO responses (receipt_code, data) VALUES ('R-late', 'sau khi sao lưu')");
    live.close();
    fs.writeFileSync(path.join(dataDir, 'files', 'objects', 'f', 'form1', 'late'), 'late bytes');
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownTree(dataDir, 4321, 4321);

    const check = await runScript('restore', [backup, '--verify-only']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('verified: sha256 matches, integrity ok, 2 files (nothing changed)');

    const r = await runScript('restore', [backup, `--data-dir=${dataDir}`]);
    expect(r.code, r.stderr).toBe(0);
    const aside = fs.readdirSync(path.dirname(dataDir)).filter((n) => n.startsWith('data.before-restore-'));
    expect(aside).toHaveLength(1);
    const asidePath = path.join(path.dirname(dataDir), aside[0]!);
    expect(r.stdout).toContain(`the previous data directory is now ${asidePath} (nothing was deleted)`);
    expect(fs.readdirSync(path.dirname(dataDir)).filter((n) => n.includes('restoring'))).toEqual([]);

    const count = (file: string) => {
      const db = new DatabaseSync(file, { readOnly: true });
      const n = (db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;
      db.close();
      return n;
    };
    expect(count(path.join(dataDir, 'lang-nghe.sqlite'))).toBe(10);
    expect(count(path.join(asidePath, 'lang-nghe.sqlite'))).toBe(11);
    expect(fs.readFileSync(path.join(dataDir, 'files', 'objects', 'f', 'form1', 'abc'), 'utf8')).toBe(
      'evidence bytes',
    );
    expect(fs.existsSync(path.join(dataDir, 'files', 'objects', 'f', 'form1', 'late'))).toBe(false);
    expect(fs.readFileSync(path.join(asidePath, 'files', 'objects', 'f', 'form1', 'late'), 'utf8')).toBe(
      'late bytes',
    );
    expect(fs.readdirSync(path.join(dataDir, 'files')).sort()).toEqual(['meta', 'objects', 'tmp']);
    expect(fs.existsSync(path.join(asidePath, 'server.pid')), 'restore’s own claim is not left behind').toBe(
      false,
    );
    if (asRoot) {
      expect(fs.statSync(dataDir).uid).toBe(4321);
      expect(fs.statSync(path.join(dataDir, 'lang-nghe.sqlite')).uid).toBe(4321);
      expect(fs.statSync(path.join(dataDir, 'files', 'objects', 'f', 'form1', 'abc')).gid).toBe(4321);
    }
  });
});

function chownTree(dir: string, uid: number, gid: number) {
  fs.chownSync(dir, uid, gid);
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) chownTree(path.join(dir, e.name), uid, gid);
    else fs.chownSync(path.join(dir, e.name), uid, gid);
}

describe('npm run restore refuses, leaving the data directory as it was', () => {
  /** A data dir with a backup of it, and a fingerprint of the data dir to compare after. */
  async function setup() {
    const dataDir = dataDirWithRows(10);
    const { dir } = await takeBackup({ dataDir, backupDir: tempDir('backups'), keep: 3 });
    const before = sha256(path.join(dataDir, 'lang-nghe.sqlite'));
    const untouched = () => {
      expect(sha256(path.join(dataDir, 'lang-nghe.sqlite'))).toBe(before);
      const siblings = fs.readdirSync(path.dirname(dataDir));
      expect(siblings.filter((n) => n.includes('before-restore') || n.includes('restoring'))).toEqual([]);
    };
    return { dataDir, backup: dir, untouched };
  }

  it('a backup whose database does not match its sha256', async () => {
    const { dataDir, backup, untouched } = await setup();
    const db = path.join(backup, 'lang-nghe.sqlite');
    const bytes = fs.readFileSync(db);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    fs.writeFileSync(db, bytes);
    const r = await runScript('restore', [backup, `--data-dir=${dataDir}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sha256 is [0-9a-f]{64}, the manifest says/);
    untouched();
  });

  it('a damaged database whose manifest was rewritten to match (integrity_check)', async () => {
    const { dataDir, backup, untouched } = await setup();
    const db = path.join(backup, 'lang-nghe.sqlite');
    const bytes = fs.readFileSync(db);
    // Garbage over the last page (a b-tree page of the table or its index).
    bytes.fill(0x5a, bytes.length - 4096);
    fs.writeFileSync(db, bytes);
    const manifestFile = path.join(backup, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
    manifest.database.sha256 = sha256(db);
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const r = await runScript('restore', [backup, `--data-dir=${dataDir}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/integrity_check|malformed/);
    untouched();
    const check = await runScript('restore', [backup, '--verify-only']);
    expect(check.code).toBe(1);
  });

  it('a backup that never completed, or has lost files or its manifest', async () => {
    const { dataDir, backup, untouched } = await setup();
    fs.rmSync(path.join(backup, 'files', 'objects', 'f', 'form1', 'abc'));
    const missingFile = await runScript('restore', [backup, `--data-dir=${dataDir}`]);
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toContain('the backup holds 1 files, the manifest says 2');
    const partial = `${backup}.partial`;
    fs.renameSync(backup, partial);
    const r = await runScript('restore', [partial, `--data-dir=${dataDir}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('partial backup');
    fs.rmSync(path.join(partial, 'manifest.json'));
    fs.renameSync(partial, backup);
    const noManifest = await runScript('restore', [backup, `--data-dir=${dataDir}`]);
    expect(noManifest.code).toBe(1);
    expect(noManifest.stderr).toContain('manifest.json is missing');
    untouched();
  });

  it('a server running on the data directory (and a second server refuses it too)', async () => {
    const root = tempDir('running');
    const dataDir = path.join(root, 'data');
    const server = await startServer(dataDir);
    try {
      const pid = Number(fs.readFileSync(path.join(dataDir, 'server.pid'), 'utf8'));
      expect(pid).toBe(server.child.pid);
      const { dir: backup } = await takeBackup({ dataDir, backupDir: path.join(root, 'backups'), keep: 3 });
      const before = fs.readdirSync(dataDir).sort();

      const r = await runScript('restore', [backup, `--data-dir=${dataDir}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`a server (pid ${pid}) is running on ${dataDir}`);
      expect(fs.readdirSync(root).sort()).toEqual(['backups', 'data']);
      expect(fs.readdirSync(dataDir).sort()).toEqual(before);
      expect((await fetch(`${server.base}/api/health`)).status).toBe(200);

      const second = await startServer(dataDir).then(
        async (s) => {
          await s.stop();
          return 'started';
        },
        (e: Error) => e.message,
      );
      expect(second).toContain(`another process (pid ${pid}) holds ${dataDir}`);
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
  });
});

describe('the server’s backup schedule (BACKUP_DIR, BACKUP_CRON, BACKUP_KEEP)', () => {
  it('backs up on schedule as a child process, logs one JSON line per run, keeps BACKUP_KEEP, stops cleanly', async () => {
    const root = tempDir('scheduled');
    const dataDir = path.join(root, 'data');
    const backupDir = path.join(root, 'backups');
    // croner's seconds field: every second.
    const server = await startServer(dataDir, {
      BACKUP_DIR: backupDir,
      BACKUP_CRON: '* * * * * *',
      BACKUP_KEEP: '2',
    });
    const lines = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    try {
      const deadline = Date.now() + 20_000;
      while (lines().filter((l) => l.msg === 'backup').length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(lines().find((l) => l.msg === 'backups scheduled')).toMatchObject({
        cron: '* * * * * *',
        timezone: 'UTC',
        backupDir,
        keep: 2,
      });
      const runs = lines().filter((l) => l.msg === 'backup');
      expect(runs.length, server.output().slice(-2000)).toBeGreaterThanOrEqual(3);
      expect(lines().filter((l) => l.msg === 'backup failed')).toEqual([]);
      for (const run of runs) {
        expect(run).toMatchObject({ level: 'info', migrations: expect.any(Number), files: 0 });
        expect(run.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(run.databaseBytes).toBeGreaterThan(0);
      }
    } finally {
      await server.stop();
    }
    expect(await server.exited).toBe(0);
    const { complete, partial } = listBackups(backupDir);
    expect(complete).toHaveLength(2);
    expect(partial).toEqual([]);
    expect(fs.existsSync(path.join(backupDir, BACKUP_LOCK))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
    const last = lines()
      .filter((l) => l.msg === 'backup')
      .at(-1)!;
    expect(complete).toContain(last.stamp);
  });
});
