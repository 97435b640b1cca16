/**
 * `npm run export` / `npm run import` (scripts/export.mjs, scripts/import.mjs; bundled to
 * dist/server/deployment.mjs): a whole deployment — database and files — moved between the runtimes.
 *
 * The bundle IS a Node data directory: `lang-nghe.sqlite` (one self-contained file, rollback
 * journal) and `files/` (the layout of `NodeFileStore`), plus `manifest.json`, written last: its
 * source, the migrations the database has, and per table a row count and a content hash, and the
 * count, bytes and hash of the files. A Node server can run on a bundle as it is; an import checks
 * what it loaded against the manifest, and an export from workerd checks the bundle against what it
 * read, so a copy that lost or changed anything fails loudly.
 *
 * Sources: `workerd` (a local D1 + R2 state — `.wrangler/state` or a `--persist-to` directory — read
 * through wrangler's `getPlatformProxy`), `node` (a Node data directory, copied online with SQLite's
 * backup API, files after the database so every file the copied database names is there), `sql`
 * (a D1 SQL dump from `wrangler d1 export`, `--remote` or `--local`; database only).
 * Targets: `node` (a data directory) and `workerd` (a local D1 + R2 state). A target that holds
 * anything is refused unless `force` is set, which replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import { NodeD1Database } from './d1';
import { NodeFileStore } from './files';
import { DB_FILE, FILES_DIR, PID_FILE } from './layout';
import { claimPidFile, HeldError, type PidClaim } from './pidfile';
import {
  compareSnapshots,
  copyDeployment,
  type DeploymentSnapshot,
  type DeploymentStore,
  emptyStore,
  isEmptyStore,
  snapshotDeployment,
} from './transfer';

const MANIFEST = 'manifest.json';
const DB_SIDE_FILES = ['-wal', '-shm', '-journal'];

export interface Manifest {
  format: 'lang-nghe-deployment';
  version: 1;
  createdAt: string;
  source: { runtime: 'workerd' | 'node' | 'd1-sql'; path: string; filesIncluded: boolean };
  /** `d1_migrations`, in the order applied: what a server on this database will not apply again. */
  migrations: string[];
  totals: { tables: number; rows: number; files: number; bytes: number };
  snapshot: DeploymentSnapshot;
}

type Log = (msg: string) => void;

export interface ExportOptions {
  from: 'workerd' | 'node' | 'sql';
  /** The project root (wrangler.toml). */
  root: string;
  out: string;
  /** `from: 'workerd'`: the directory wrangler's `--persist-to` names (default `.wrangler/state`). */
  persistTo?: string;
  /** `from: 'node'`: the data directory. */
  dataDir?: string;
  /** `from: 'sql'`: the dump file. */
  sql?: string;
  force?: boolean;
  log?: Log;
}

export interface ImportOptions {
  bundle: string;
  to: 'workerd' | 'node';
  root: string;
  persistTo?: string;
  dataDir?: string;
  force?: boolean;
  log?: Log;
}

interface OpenStore extends DeploymentStore {
  close(): Promise<void>;
}

/**
 * A local D1 + R2 state as wrangler dev sees it with `--persist-to=<persistTo>`
 * (getPlatformProxy's `persist.path` is the `v3` directory inside it). Stop `wrangler dev` first.
 */
async function openWorkerd(root: string, persistTo: string): Promise<OpenStore> {
  const { getPlatformProxy } = await import('wrangler');
  const proxy = await getPlatformProxy<{ DB: D1Database; FILES: R2Bucket }>({
    configPath: path.join(root, 'wrangler.toml'),
    persist: { path: path.join(persistTo, 'v3') },
    remoteBindings: false,
    envFiles: [],
  });
  return { db: proxy.env.DB, files: proxy.env.FILES, close: () => proxy.dispose() };
}

function openBundle(dir: string): OpenStore {
  const db = new NodeD1Database(path.join(dir, DB_FILE));
  const files = new NodeFileStore(path.join(dir, FILES_DIR));
  return {
    db: db as unknown as D1Database,
    files: files as unknown as R2Bucket,
    close: async () => db.close(),
  };
}

/** Whether `dir` holds a database or a file (a bundle's or a data directory's). */
function holdsDeployment(dir: string): boolean {
  if (fs.existsSync(path.join(dir, DB_FILE)) || fs.existsSync(path.join(dir, MANIFEST))) return true;
  const objects = path.join(dir, FILES_DIR, 'objects');
  return fs.existsSync(objects) && fs.readdirSync(objects).length > 0;
}

/** Removes a bundle's or data directory's own entries, nothing else that lives beside them. */
function removeDeployment(dir: string) {
  for (const f of [MANIFEST, DB_FILE, ...DB_SIDE_FILES.map((s) => DB_FILE + s)])
    fs.rmSync(path.join(dir, f), { force: true });
  fs.rmSync(path.join(dir, FILES_DIR), { recursive: true, force: true });
}

function claimTarget(dir: string, force: boolean | undefined, what: string) {
  if (holdsDeployment(dir)) {
    if (!force) throw new Error(`${what} ${dir} is not empty (use --force to replace what it holds)`);
    removeDeployment(dir);
  }
  fs.mkdirSync(dir, { recursive: true });
}

/** Switches the bundle's database to a rollback journal: one self-contained file once closed. */
function sealDatabase(file: string) {
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function migrationsOf(file: string): string[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const has = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'd1_migrations'")
      .get();
    if (!has) return [];
    return (db.prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map(
      (r) => r.name,
    );
  } finally {
    db.close();
  }
}

function totalsOf(s: DeploymentSnapshot): Manifest['totals'] {
  const tables = Object.keys(s.tables).filter((t) => t !== 'sqlite_sequence');
  return {
    tables: tables.length,
    rows: tables.reduce((n, t) => n + s.tables[t]!.rows, 0),
    files: s.files.count,
    bytes: s.files.bytes,
  };
}

/** Reads and checks a bundle's manifest. */
export function readManifest(bundle: string): Manifest {
  const file = path.join(bundle, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${bundle} is not a bundle: it has no ${MANIFEST}`);
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  if (m.format !== 'lang-nghe-deployment' || m.version !== 1)
    throw new Error(`${file}: not a Lắng Nghe bundle of a version this tool reads`);
  if (!fs.existsSync(path.join(bundle, DB_FILE))) throw new Error(`${bundle} has no ${DB_FILE}`);
  return m;
}

function failIfDifferent(expected: DeploymentSnapshot, actual: DeploymentSnapshot, what: string) {
  const diff = compareSnapshots(expected, actual);
  if (diff.length) throw new Error(`${what}:\n  ${diff.join('\n  ')}`);
}

const summary = (t: Manifest['totals']) =>
  `${t.tables} tables, ${t.rows} rows, ${t.files} files (${t.bytes} bytes)`;

/** Copies the files of a data directory (bytes first, then metadata: see `NodeFileStore.put`). */
function copyFileTree(fromDir: string, toDir: string) {
  for (const part of ['objects', 'meta']) {
    const src = path.join(fromDir, FILES_DIR, part);
    const dst = path.join(toDir, FILES_DIR, part);
    fs.mkdirSync(dst, { recursive: true });
    if (fs.existsSync(src)) fs.cpSync(src, dst, { recursive: true });
  }
  fs.mkdirSync(path.join(toDir, FILES_DIR, 'tmp'), { recursive: true });
}

/**
 * Writes a bundle of a deployment into `out`; returns its manifest.
 * @example await exportDeployment({ from: 'workerd', root, persistTo: '.wrangler/state', out: 'bundle' })
 */
export async function exportDeployment(o: ExportOptions): Promise<Manifest> {
  const log = o.log ?? (() => {});
  const out = path.resolve(o.out);
  let source: Manifest['source'];
  if (o.from === 'workerd') {
    const persistTo = path.resolve(o.persistTo ?? path.join(o.root, '.wrangler/state'));
    if (!fs.existsSync(path.join(persistTo, 'v3', 'd1')))
      throw new Error(`no local D1 state in ${persistTo} (expected ${path.join(persistTo, 'v3', 'd1')})`);
    claimTarget(out, o.force, 'the output directory');
    log(`reading the local D1 and R2 state in ${persistTo} (wrangler getPlatformProxy)`);
    const src = await openWorkerd(o.root, persistTo);
    const dst = openBundle(out);
    try {
      const read = await copyDeployment(src, dst);
      failIfDifferent(read, await snapshotDeployment(dst), 'the bundle differs from the local D1 state');
    } finally {
      await src.close();
      await dst.close();
    }
    source = { runtime: 'workerd', path: persistTo, filesIncluded: true };
  } else if (o.from === 'node') {
    const dataDir = path.resolve(o.dataDir ?? path.join(o.root, 'data'));
    const dbFile = path.join(dataDir, DB_FILE);
    if (!fs.existsSync(dbFile)) throw new Error(`no database at ${dbFile}`);
    if (path.resolve(dataDir) === out) throw new Error('--out must not be the data directory itself');
    claimTarget(out, o.force, 'the output directory');
    log(`copying ${dbFile} (SQLite online backup) and ${path.join(dataDir, FILES_DIR)}`);
    const src = new DatabaseSync(dbFile, { timeout: 5000 });
    try {
      await backup(src, path.join(out, DB_FILE));
    } finally {
      src.close();
    }
    copyFileTree(dataDir, out);
    source = { runtime: 'node', path: dataDir, filesIncluded: true };
  } else {
    if (!o.sql)
      throw new Error('--from=sql needs --sql=<dump.sql> (wrangler d1 export … --output=<dump.sql>)');
    const dump = fs.readFileSync(path.resolve(o.sql), 'utf8');
    claimTarget(out, o.force, 'the output directory');
    log(`loading the D1 SQL dump ${o.sql} (database only: a dump has no files)`);
    // A dump creates a child table and fills it before its parent table exists (alphabetical
    // order), which SQLite refuses with foreign keys on, even deferred: load with them off, then
    // check every foreign key before committing.
    const db = new DatabaseSync(path.join(out, DB_FILE), { enableForeignKeyConstraints: false });
    try {
      db.exec('BEGIN');
      db.exec(dump);
      const broken = db.prepare('PRAGMA foreign_key_check').all();
      if (broken.length) throw new Error(`foreign key check failed: ${JSON.stringify(broken.slice(0, 3))}`);
      db.exec('COMMIT');
    } catch (e) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new Error(`the dump does not load: ${e instanceof Error ? e.message : e}`, { cause: e });
    } finally {
      db.close();
    }
    source = { runtime: 'd1-sql', path: path.resolve(o.sql), filesIncluded: false };
  }
  const bundle = openBundle(out);
  let snapshot: DeploymentSnapshot;
  try {
    snapshot = await snapshotDeployment(bundle);
  } finally {
    await bundle.close();
  }
  sealDatabase(path.join(out, DB_FILE));
  const manifest: Manifest = {
    format: 'lang-nghe-deployment',
    version: 1,
    createdAt: new Date().toISOString(),
    source,
    migrations: migrationsOf(path.join(out, DB_FILE)),
    totals: totalsOf(snapshot),
    snapshot,
  };
  const tmp = path.join(out, `${MANIFEST}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(tmp, path.join(out, MANIFEST));
  log(`exported ${summary(manifest.totals)} → ${out}`);
  return manifest;
}

/** Copies a bundle into a data directory (held by this process) and checks it against the manifest. */
async function importIntoDataDir(bundle: string, dataDir: string, manifest: Manifest, o: ImportOptions) {
  claimTarget(dataDir, o.force, 'the data directory');
  o.log?.(`copying the bundle into ${dataDir}`);
  // The backup API, not a file copy: it also takes what a bundle's WAL file may still hold.
  const tmp = path.join(dataDir, `${DB_FILE}.import`);
  fs.rmSync(tmp, { force: true });
  const src = new DatabaseSync(path.join(bundle, DB_FILE), { timeout: 5000 });
  try {
    await backup(src, tmp);
  } finally {
    src.close();
  }
  fs.renameSync(tmp, path.join(dataDir, DB_FILE));
  copyFileTree(bundle, dataDir);
  const target = openBundle(dataDir);
  try {
    failIfDifferent(
      manifest.snapshot,
      await snapshotDeployment(target),
      `${dataDir} differs from the bundle's manifest (it holds that copy now; --force replaces it)`,
    );
  } finally {
    await target.close();
  }
}

/**
 * Loads a bundle into an empty (or, with `force`, replaced) target and checks it against the
 * manifest; returns the manifest.
 * @example await importDeployment({ bundle: 'bundle', to: 'node', root, dataDir: './data' })
 */
export async function importDeployment(o: ImportOptions): Promise<Manifest> {
  const log = o.log ?? (() => {});
  const bundle = path.resolve(o.bundle);
  const manifest = readManifest(bundle);
  if (o.to === 'node') {
    const dataDir = path.resolve(o.dataDir ?? path.join(o.root, 'data'));
    if (dataDir === bundle) throw new Error('the data directory must not be the bundle itself');
    fs.mkdirSync(dataDir, { recursive: true });
    // Held as the server holds it: refused while a server runs on it, and no server starts meanwhile.
    let claim: PidClaim;
    try {
      claim = claimPidFile(path.join(dataDir, PID_FILE));
    } catch (e) {
      if (e instanceof HeldError)
        throw new Error(`a server (pid ${e.pid}) is running on ${dataDir}: stop it first`);
      throw e;
    }
    try {
      await importIntoDataDir(bundle, dataDir, manifest, o);
    } finally {
      claim.release();
    }
  } else {
    const persistTo = path.resolve(o.persistTo ?? path.join(o.root, '.wrangler/state'));
    log(`loading the bundle into the local D1 and R2 state in ${persistTo} (stop wrangler dev first)`);
    const target = await openWorkerd(o.root, persistTo);
    const src = openBundle(bundle);
    try {
      if (!(await isEmptyStore(target))) {
        if (!o.force)
          throw new Error(
            `the local D1/R2 state in ${persistTo} is not empty (use --force to replace what it holds)`,
          );
        await emptyStore(target);
      }
      failIfDifferent(
        manifest.snapshot,
        await copyDeployment(src, target),
        `the bundle differs from its manifest (the local state holds that copy now; --force replaces it)`,
      );
      failIfDifferent(
        manifest.snapshot,
        await snapshotDeployment(target),
        `the local D1/R2 state differs from the bundle's manifest`,
      );
    } finally {
      await src.close();
      await target.close();
      sealDatabase(path.join(bundle, DB_FILE));
    }
  }
  log(`imported ${summary(manifest.totals)} from ${bundle}`);
  return manifest;
}
