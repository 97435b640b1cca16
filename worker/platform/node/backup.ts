/**
 * Online backups of a Node deployment (issue 11, item 3), taken while the server keeps writing:
 *
 * - the database through SQLite's online backup API (`node:sqlite`'s `backup()`), from a connection
 *   of its own, all pages in ONE step: the step holds one read transaction, so the copy is the
 *   database exactly as it was when the step began — every write committed before `databaseAt` is
 *   in it, none committed after — and in WAL mode the server's writers never wait for it. (In
 *   small steps SQLite restarts the copy whenever another connection writes, which under steady
 *   load never finishes.) The copy is switched to a rollback journal, so it is one self-contained
 *   file, checked with `PRAGMA integrity_check` and hashed (sha256) into the manifest;
 * - the file store: objects never change once written (files.ts writes a new file and renames it
 *   into place), so each is hard-linked into the backup when it is on the same filesystem, else
 *   copied; `meta/` beside `objects/`, never `tmp/`. The store is walked once before the database
 *   step (so a file deleted meanwhile is still kept) and once after it, taking only files written
 *   before `databaseAt`: the backup holds every file the database may name, and no audit anchor
 *   newer than the database it would then fail to find.
 *
 * A backup is written to `<BACKUP_DIR>/<UTC stamp>.partial/` and renamed to `<stamp>/` once
 * complete, with `manifest.json` (times, migrations, row counts, files, sha256). One backup runs
 * at a time (`<BACKUP_DIR>/.backup.lock`); afterwards the newest `keep` complete backups are kept
 * and older ones deleted, as are partials left by a backup that died — never a running one's.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync, backup as sqliteBackup } from 'node:sqlite';
import { DB_FILE, FILES_DIR } from './layout';
import { claimPidFile, HeldError, pidAlive, readPid } from './pidfile';

export const MANIFEST = 'manifest.json';
export const BACKUP_LOCK = '.backup.lock';
export const PARTIAL_SUFFIX = '.partial';
/** Inside a partial backup: the pid of the process writing it (retention spares it while alive). */
export const PARTIAL_OWNER = 'backup.pid';
const STAMP_RE = /^(\d{8}T\d{6}Z)(?:-(\d+))?$/;
/** `backup()` wants a positive int32: this many pages per step is "everything in one step". */
const ONE_STEP = 2 ** 31 - 1;
/** A partial without an owner file (its writer died before writing it) is removed after this long. */
const ORPHAN_MS = 24 * 3600 * 1000;

export interface BackupManifest {
  format: 1;
  app: 'lang-nghe';
  /** The backup's directory name (UTC). */
  stamp: string;
  startedAt: string;
  /** Every write committed before this instant is in the database copy; nothing after it. */
  databaseAt: string;
  finishedAt: string;
  durationMs: number;
  database: {
    file: string;
    bytes: number;
    sha256: string;
    integrity: 'ok';
    /** Names from `d1_migrations`, in the order applied. */
    migrations: string[];
    /** Row count of every table. */
    tables: Record<string, number>;
  };
  /** `linked` / `copied` count directory entries placed: objects and their `meta/` records. */
  files: { count: number; bytes: number; linked: number; copied: number };
  source: { dataDir: string; host: string; pid: number };
}

export interface BackupOptions {
  dataDir: string;
  backupDir: string;
  /** Complete backups to keep (the newest); 0 keeps all. */
  keep: number;
  /** Milliseconds the database connection waits for a lock (the server writing). */
  busyTimeoutMs?: number;
  /** Aborts between files and before the database step; the partial backup is removed. */
  signal?: AbortSignal;
  now?: () => Date;
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
  pruned: PruneResult;
}

/** Another backup holds the lock. */
export class BackupBusyError extends Error {
  constructor(readonly pid: number) {
    super(`another backup is running (pid ${pid})`);
  }
}

/**
 * A backup directory name: the UTC time to the second.
 * @example backupStamp(new Date('2026-12-07T19:00:00Z')) // '20261207T190000Z'
 */
export function backupStamp(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Sort key of a stamp (`-N` suffixes of backups taken within one second sort after the plain one). */
function stampKey(name: string): [string, number] | null {
  const m = STAMP_RE.exec(name);
  return m ? [m[1]!, Number(m[2] ?? 0)] : null;
}

function newestFirst(a: string, b: string): number {
  const ka = stampKey(a)!;
  const kb = stampKey(b)!;
  return ka[0] === kb[0] ? kb[1] - ka[1] : ka[0] < kb[0] ? 1 : -1;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function fsyncPath(p: string) {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface DatabaseFacts {
  integrity: string;
  migrations: string[];
  tables: Record<string, number>;
}

/** `PRAGMA integrity_check`, the migrations recorded and every table's row count of a database file. */
export function inspectDatabase(file: string, { readOnly = true } = {}): DatabaseFacts {
  const db = new DatabaseSync(file, { readOnly });
  try {
    const check = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    const integrity = check.map((r) => r.integrity_check).join('; ');
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[];
    const tables: Record<string, number> = {};
    for (const { name } of names)
      tables[name] = Number(
        (db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n,
      );
    const migrations =
      'd1_migrations' in tables
        ? (db.prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map(
            (r) => r.name,
          )
        : [];
    return { integrity, migrations, tables };
  } finally {
    db.close();
  }
}

/** Links (or, across filesystems, copies) files from one store tree into another. */
export class FilePlacer {
  linked = 0;
  copied = 0;
  private canLink = true;
  readonly dirs = new Set<string>();

  /** Places `src` at `dst`; false when `src` is gone (deleted meanwhile). */
  place(src: string, dst: string): boolean {
    this.mkdir(path.dirname(dst));
    if (this.canLink) {
      try {
        fs.linkSync(src, dst);
        this.linked++;
        return true;
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'ENOENT') return false;
        if (code === 'EEXIST') throw e;
        // EXDEV (another filesystem), EPERM/ENOTSUP (no hard links there): copy from now on.
        if (code !== 'EMLINK') this.canLink = false;
      }
    }
    try {
      fs.copyFileSync(src, dst, fs.constants.COPYFILE_EXCL);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return false;
      throw e;
    }
    fsyncPath(dst);
    this.copied++;
    return true;
  }

  mkdir(dir: string) {
    if (this.dirs.has(dir)) return;
    fs.mkdirSync(dir, { recursive: true });
    for (let d = dir; !this.dirs.has(d) && d !== path.dirname(d); d = path.dirname(d)) this.dirs.add(d);
  }

  /** Makes the new directory entries durable. */
  syncDirs() {
    for (const d of this.dirs) if (fs.existsSync(d)) fsyncPath(d);
  }
}

/** Every regular file under `root`, as paths relative to it. */
export function* walkFiles(root: string, rel = ''): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const r = rel ? path.join(rel, e.name) : e.name;
    if (e.isDirectory()) yield* walkFiles(root, r);
    else if (e.isFile()) yield r;
  }
}

interface StoreCopy {
  taken: Set<string>;
  count: number;
  bytes: number;
}

/**
 * Places the store's objects (and their `meta/` records) written no later than `cutoffMs` and not
 * yet taken. `tmp/` holds only writes in progress and is never copied.
 */
function copyStore(
  from: string,
  to: string,
  placer: FilePlacer,
  state: StoreCopy,
  cutoffMs: number,
  signal?: AbortSignal,
) {
  const objects = path.join(from, 'objects');
  placer.mkdir(path.join(to, 'objects'));
  placer.mkdir(path.join(to, 'meta'));
  placer.mkdir(path.join(to, 'tmp'));
  for (const rel of walkFiles(objects)) {
    signal?.throwIfAborted();
    if (state.taken.has(rel)) continue;
    let st: fs.Stats;
    try {
      st = fs.statSync(path.join(objects, rel));
    } catch {
      continue;
    }
    if (st.mtimeMs > cutoffMs) continue;
    // The bytes, then their record (a record without its object would be an orphan; an object
    // without a record still reads, files.ts falls back to its size and time).
    if (!placer.place(path.join(objects, rel), path.join(to, 'objects', rel))) continue;
    placer.place(path.join(from, 'meta', `${rel}.json`), path.join(to, 'meta', `${rel}.json`));
    state.taken.add(rel);
    state.count++;
    state.bytes += st.size;
  }
}

/**
 * Takes one backup of `dataDir` into `backupDir`, then applies retention.
 * @throws BackupBusyError while another backup runs; the database's absence; an abort
 * @example const { dir, manifest } = await takeBackup({ dataDir: './data', backupDir: '/var/backups/lang-nghe', keep: 14 });
 */
export async function takeBackup(opts: BackupOptions): Promise<BackupResult> {
  const now = opts.now ?? (() => new Date());
  const dataDir = path.resolve(opts.dataDir);
  const backupDir = path.resolve(opts.backupDir);
  const dbPath = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  // Backups hold citizens' personal data: only the service account reads them.
  fs.mkdirSync(backupDir, { recursive: true, mode: 0o700 });

  let lock: ReturnType<typeof claimPidFile>;
  try {
    lock = claimPidFile(path.join(backupDir, BACKUP_LOCK));
  } catch (e) {
    if (e instanceof HeldError) throw new BackupBusyError(e.pid);
    throw e;
  }
  let partial = '';
  try {
    const started = now();
    const t0 = performance.now();
    const base = backupStamp(started);
    let stamp = base;
    for (
      let n = 1;
      fs.existsSync(path.join(backupDir, stamp)) ||
      fs.existsSync(path.join(backupDir, stamp + PARTIAL_SUFFIX));
      n++
    )
      stamp = `${base}-${n}`;
    partial = path.join(backupDir, stamp + PARTIAL_SUFFIX);
    fs.mkdirSync(partial, { mode: 0o700 });
    fs.writeFileSync(path.join(partial, PARTIAL_OWNER), `${process.pid}\n`);

    const placer = new FilePlacer();
    const store = path.join(dataDir, FILES_DIR);
    const state: StoreCopy = { taken: new Set(), count: 0, bytes: 0 };
    copyStore(store, path.join(partial, FILES_DIR), placer, state, Number.POSITIVE_INFINITY, opts.signal);

    opts.signal?.throwIfAborted();
    const dbCopy = path.join(partial, DB_FILE);
    const databaseAt = Date.now();
    const source = new DatabaseSync(dbPath, { timeout: opts.busyTimeoutMs ?? 10_000 });
    try {
      await sqliteBackup(source, dbCopy, { rate: ONE_STEP });
    } finally {
      source.close();
    }
    copyStore(store, path.join(partial, FILES_DIR), placer, state, databaseAt, opts.signal);
    placer.syncDirs();

    // One self-contained file: no -wal beside it.
    const copy = new DatabaseSync(dbCopy);
    try {
      copy.exec('PRAGMA journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const facts = inspectDatabase(dbCopy);
    if (facts.integrity !== 'ok')
      throw new Error(`the database copy fails integrity_check: ${facts.integrity}`);
    fsyncPath(dbCopy);
    const finished = now();
    const manifest: BackupManifest = {
      format: 1,
      app: 'lang-nghe',
      stamp,
      startedAt: started.toISOString(),
      databaseAt: new Date(databaseAt).toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      database: {
        file: DB_FILE,
        bytes: fs.statSync(dbCopy).size,
        sha256: await sha256File(dbCopy),
        integrity: 'ok',
        migrations: facts.migrations,
        tables: facts.tables,
      },
      files: { count: state.count, bytes: state.bytes, linked: placer.linked, copied: placer.copied },
      source: { dataDir, host: os.hostname(), pid: process.pid },
    };
    const manifestPath = path.join(partial, MANIFEST);
    fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncPath(manifestPath);
    fs.rmSync(path.join(partial, PARTIAL_OWNER));
    fsyncPath(partial);
    const dir = path.join(backupDir, stamp);
    fs.renameSync(partial, dir);
    partial = '';
    fsyncPath(backupDir);
    return { dir, manifest, pruned: pruneBackups(backupDir, opts.keep) };
  } catch (e) {
    if (partial) fs.rmSync(partial, { recursive: true, force: true });
    throw e;
  } finally {
    lock.release();
  }
}

export interface BackupListing {
  /** Complete backups (with a manifest), newest first. */
  complete: string[];
  /** `<stamp>.partial` directories: running, or left by a backup that died. */
  partial: string[];
}

/** The backups in a directory; anything else in it is not ours and is ignored. */
export function listBackups(backupDir: string): BackupListing {
  let names: string[] = [];
  try {
    names = fs.readdirSync(backupDir);
  } catch {
    return { complete: [], partial: [] };
  }
  const isDir = (n: string) => fs.statSync(path.join(backupDir, n), { throwIfNoEntry: false })?.isDirectory();
  const complete = names
    .filter((n) => stampKey(n) && isDir(n) && fs.existsSync(path.join(backupDir, n, MANIFEST)))
    .sort(newestFirst);
  const partial = names
    .filter((n) => n.endsWith(PARTIAL_SUFFIX) && stampKey(n.slice(0, -PARTIAL_SUFFIX.length)) && isDir(n))
    .sort();
  return { complete, partial };
}

export interface PruneResult {
  kept: string[];
  deleted: string[];
  /** Partials spared: their writer is alive (or died too recently to tell). */
  running: string[];
}

/**
 * Retention: keeps the newest `keep` complete backups (all when `keep` is 0) and deletes the
 * older ones, and deletes partials whose writer is dead. A partial whose writer is alive is never
 * touched.
 */
export function pruneBackups(backupDir: string, keep: number, nowMs = Date.now()): PruneResult {
  const { complete, partial } = listBackups(backupDir);
  const kept = keep > 0 ? complete.slice(0, keep) : complete;
  const deleted: string[] = [];
  for (const name of keep > 0 ? complete.slice(keep) : []) {
    fs.rmSync(path.join(backupDir, name), { recursive: true, force: true });
    deleted.push(name);
  }
  const running: string[] = [];
  for (const name of partial) {
    const dir = path.join(backupDir, name);
    const owner = readPid(path.join(dir, PARTIAL_OWNER));
    const dead = owner !== null ? !pidAlive(owner) : nowMs - fs.statSync(dir).mtimeMs > ORPHAN_MS;
    if (dead) {
      fs.rmSync(dir, { recursive: true, force: true });
      deleted.push(name);
    } else running.push(name);
  }
  return { kept, deleted, running };
}
