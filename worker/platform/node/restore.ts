/**
 * `npm run restore -- <backup-dir> [--data-dir=./data]`: puts a backup (backup.ts) back as the data
 * directory of a stopped server.
 *
 * 1. Refuses while a server holds the data directory (`<dataDir>/server.pid` names a live process).
 * 2. Verifies the backup: complete (`manifest.json`, not a `.partial`), the database copy's sha256 as
 *    recorded, `PRAGMA integrity_check` ok, as many files as recorded — checked on the copy that will
 *    be put in place, so nothing unverified is ever restored.
 * 3. Builds the new directory beside the old one (`<dataDir>.restoring-<stamp>`: the database copied,
 *    the files hard-linked when on the same filesystem, else copied), then swaps: the current
 *    directory is renamed to `<dataDir>.before-restore-<stamp>` — never deleted — and the new one
 *    renamed into its place. While it swaps, restore holds `server.pid` itself, so a server started
 *    meanwhile refuses to open the directory.
 * Pending migrations (a backup from an older version) are applied by the server at its next start.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type BackupManifest,
  backupStamp,
  FilePlacer,
  inspectDatabase,
  MANIFEST,
  PARTIAL_SUFFIX,
  sha256File,
  walkFiles,
} from './backup';
import { DB_FILE, FILES_DIR, PID_FILE } from './layout';
import { claimPidFile, HeldError, liveHolder } from './pidfile';

/** The restore did not happen; `problems` says why. The data directory is untouched. */
export class RestoreRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`restore refused:\n  - ${problems.join('\n  - ')}`);
  }
}

export interface RestoreOptions {
  /** The backup directory (`<BACKUP_DIR>/<stamp>`). */
  backup: string;
  dataDir: string;
  /** Only verify the backup (in place); change nothing. */
  verifyOnly?: boolean;
  now?: () => Date;
}

export interface RestoreReport {
  backup: string;
  manifest: BackupManifest;
  dataDir: string;
  /** Where the previous data directory went (null when there was none, or `verifyOnly`). */
  movedAside: string | null;
  files: { count: number; linked: number; copied: number };
}

function refuseIfHeld(dataDir: string) {
  const holder = liveHolder(path.join(dataDir, PID_FILE));
  if (holder !== null)
    throw new RestoreRefused([
      `a server (pid ${holder}) is running on ${dataDir}: stop it first (e.g. systemctl stop lang-nghe)`,
    ]);
}

/** The manifest of a complete backup; refuses a partial or a foreign directory. */
export function readManifest(backup: string): BackupManifest {
  if (backup.endsWith(PARTIAL_SUFFIX))
    throw new RestoreRefused([`${backup} is a partial backup (it never completed)`]);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(backup, MANIFEST), 'utf8')) as BackupManifest;
  } catch (e) {
    const why = (e as { code?: string }).code === 'ENOENT' ? 'is missing' : `is unreadable (${e})`;
    throw new RestoreRefused([`${path.join(backup, MANIFEST)} ${why}: not a complete backup`]);
  }
  if (manifest.format !== 1 || manifest.app !== 'lang-nghe' || !manifest.database?.sha256)
    throw new RestoreRefused([
      `${path.join(backup, MANIFEST)} is not a Lắng Nghe backup manifest (format 1)`,
    ]);
  return manifest;
}

function countFiles(filesDir: string): number {
  let n = 0;
  for (const _ of walkFiles(path.join(filesDir, 'objects'))) n++;
  return n;
}

function chownTree(dir: string, uid: number, gid: number) {
  fs.lchownSync(dir, uid, gid);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid, gid);
    else fs.lchownSync(p, uid, gid);
  }
}

/** What is wrong with the database file `db` against the manifest (empty when nothing). */
async function databaseProblems(db: string, manifest: BackupManifest): Promise<string[]> {
  if (!fs.existsSync(db)) return [`${DB_FILE} is missing from the backup`];
  const sha = await sha256File(db);
  if (sha !== manifest.database.sha256)
    return [
      `the database's sha256 is ${sha}, the manifest says ${manifest.database.sha256}: the copy is damaged`,
    ];
  try {
    const facts = inspectDatabase(db);
    if (facts.integrity !== 'ok') return [`PRAGMA integrity_check: ${facts.integrity}`];
  } catch (e) {
    return [`the database cannot be read: ${e instanceof Error ? e.message : e}`];
  }
  return [];
}

/**
 * Verifies a backup and (unless `verifyOnly`) restores it into `dataDir`.
 * @throws RestoreRefused with the reasons, leaving `dataDir` as it was
 * @example await restoreBackup({ backup: '/var/backups/lang-nghe/20261207T190000Z', dataDir: './data' })
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreReport> {
  const now = opts.now ?? (() => new Date());
  const backup = path.resolve(opts.backup);
  const dataDir = path.resolve(opts.dataDir);
  if (!opts.verifyOnly) refuseIfHeld(dataDir);
  const manifest = readManifest(backup);
  const fileCount = countFiles(path.join(backup, FILES_DIR));
  if (fileCount !== manifest.files.count)
    throw new RestoreRefused([
      `the backup holds ${fileCount} files, the manifest says ${manifest.files.count}`,
    ]);

  if (opts.verifyOnly) {
    const problems = await databaseProblems(path.join(backup, DB_FILE), manifest);
    if (problems.length) throw new RestoreRefused(problems);
    return { backup, manifest, dataDir, movedAside: null, files: { count: fileCount, linked: 0, copied: 0 } };
  }

  const stamp = backupStamp(now());
  const staging = `${dataDir}.restoring-${stamp}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const placer = new FilePlacer();
  placer.mkdir(staging);
  try {
    // The database is copied (SQLite writes it in place) and verified as copied.
    const db = path.join(staging, DB_FILE);
    fs.copyFileSync(path.join(backup, DB_FILE), db, fs.constants.COPYFILE_EXCL);
    const problems = await databaseProblems(db, manifest);
    if (problems.length) throw new RestoreRefused(problems);
    // Files never change in place (files.ts replaces them by rename), so links are safe to share.
    const from = path.join(backup, FILES_DIR);
    const to = path.join(staging, FILES_DIR);
    for (const sub of ['objects', 'meta', 'tmp']) placer.mkdir(path.join(to, sub));
    for (const sub of ['objects', 'meta'])
      for (const rel of walkFiles(path.join(from, sub)))
        if (!placer.place(path.join(from, sub, rel), path.join(to, sub, rel)))
          throw new RestoreRefused([`${path.join(from, sub, rel)} vanished while restoring`]);
    const fd = fs.openSync(db, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    placer.syncDirs();
    // Run as root (`sudo npm run restore`), the new directory gets the owner of the one it
    // replaces, so the service account can still write to it.
    if (process.getuid?.() === 0 && fs.existsSync(dataDir)) {
      const { uid, gid } = fs.statSync(dataDir);
      chownTree(staging, uid, gid);
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }

  // The swap. Holding server.pid: a server starting now sees a live holder and refuses.
  let movedAside: string | null = null;
  try {
    if (fs.existsSync(dataDir)) {
      let claim: ReturnType<typeof claimPidFile>;
      try {
        claim = claimPidFile(path.join(dataDir, PID_FILE));
      } catch (e) {
        if (e instanceof HeldError)
          throw new RestoreRefused([`a server (pid ${e.pid}) started on ${dataDir}: stop it first`]);
        throw e;
      }
      movedAside = `${dataDir}.before-restore-${stamp}`;
      for (let n = 1; fs.existsSync(movedAside); n++) movedAside = `${dataDir}.before-restore-${stamp}-${n}`;
      try {
        fs.renameSync(dataDir, movedAside);
      } catch (e) {
        claim.release();
        const code = (e as { code?: string }).code;
        throw new RestoreRefused([
          `cannot move ${dataDir} aside (${code}): ${
            code === 'EBUSY' ? 'it is a mount point — mount the volume at its parent instead' : String(e)
          }`,
        ]);
      }
      fs.rmSync(path.join(movedAside, PID_FILE), { force: true });
    }
    try {
      fs.renameSync(staging, dataDir);
    } catch (e) {
      if (movedAside) fs.renameSync(movedAside, dataDir);
      movedAside = null;
      throw e;
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const parent = fs.openSync(path.dirname(dataDir), 'r');
  fs.fsyncSync(parent);
  fs.closeSync(parent);
  return {
    backup,
    manifest,
    dataDir,
    movedAside,
    files: { count: fileCount, linked: placer.linked, copied: placer.copied },
  };
}
