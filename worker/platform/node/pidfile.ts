/**
 * Pid files: who holds a data directory (`<dataDir>/server.pid`, written by the server while it
 * runs and by `npm run restore` while it swaps the directory) and who is taking a backup
 * (`<BACKUP_DIR>/.backup.lock`). A file that names a process no longer alive (a crash, a SIGKILL)
 * is stale and is taken over; one that names a live process is refused.
 */
import fs from 'node:fs';

/** Is a process with this id alive? (`EPERM`: it exists but belongs to another user.) */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** The pid a pid file names, or null when it is missing or unreadable. */
export function readPid(file: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The live process holding `file`, other than `self`; null when nobody (or only `self`) does. */
export function liveHolder(file: string, self = process.pid): number | null {
  const pid = readPid(file);
  return pid !== null && pid !== self && pidAlive(pid) ? pid : null;
}

/** Thrown when a live process already holds the file. */
export class HeldError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(`${file} is held by process ${pid}, which is running`);
  }
}

export interface PidClaim {
  readonly file: string;
  /** Removes the file if it still names this process. */
  release(): void;
}

/**
 * Creates `file` naming this process (exclusively); a stale file is replaced.
 * @throws HeldError when a live process holds it
 * @example const claim = claimPidFile('./data/server.pid'); … claim.release();
 */
export function claimPidFile(file: string, pid = process.pid): PidClaim {
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx', 0o644);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      const holder = liveHolder(file, pid);
      if (holder !== null) throw new HeldError(file, holder);
      // Stale (or our own from before a restart under the same pid): take it over.
      fs.rmSync(file, { force: true });
      continue;
    }
    try {
      fs.writeSync(fd, `${pid}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return {
      file,
      release() {
        if (readPid(file) === pid) fs.rmSync(file, { force: true });
      },
    };
  }
  throw new Error(`could not claim ${file}`);
}
