/**
 * Shared by the backup tests and the restore drill: the Node server as a real process
 * (dist/server/main.mjs --dev, loopback, its own data directory), `npm run backup` / `npm run
 * restore` as the operator runs them (scripts/*.mjs in a child process), temporary directories
 * removed after the file, and a staff login.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildServer,
  freePort,
  ROOT,
  readVars,
  startNodeServer,
  stopProcess,
  waitForHealth,
} from '../../scripts/dev-server.mjs';

export { ROOT };
export const DEMO_ADMIN = 'admin@langnghe.demo';

/** The bundles these tests run; `npm test` builds them before this stage, a lone run builds them here. */
export function ensureBuilt() {
  for (const f of ['dist/server/main.mjs', 'dist/server/ops.mjs'])
    if (!fs.existsSync(path.join(ROOT, f))) {
      buildServer({ quiet: true });
      return;
    }
}

const temps: string[] = [];
/** A fresh temporary directory, removed by `removeTemps()`. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lang-nghe-${label}-`));
  temps.push(dir);
  return dir;
}
export function removeTemps() {
  for (const d of temps.splice(0)) {
    // A restore leaves `<dataDir>.before-restore-*` beside the data directory.
    const parent = path.dirname(d);
    for (const n of fs.readdirSync(parent))
      if (n.startsWith(`${path.basename(d)}.`))
        fs.rmSync(path.join(parent, n), { recursive: true, force: true });
    fs.rmSync(d, { recursive: true, force: true });
  }
}

export interface TestServer {
  base: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM (graceful) and wait. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * Starts the Node server on `dataDir` with the .dev.vars.example secrets; `x-real-ip` is believed
 * from loopback, as behind the reverse proxy, so simulated citizens can have addresses of their own.
 */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const vars = {
    ...readVars(path.join(ROOT, '.dev.vars.example')),
    ENVIRONMENT: 'development',
    CLIENT_IP_HEADER: 'x-real-ip',
    ...env,
  };
  const child = startNodeServer({ port, dataDir, vars, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base, { child, timeoutMs: 30_000 });
  } catch (e) {
    await stopProcess(child, 'SIGKILL');
    throw new Error(`${e instanceof Error ? e.message : e}\n--- server ---\n${out.slice(-3000)}`);
  }
  return { base, child, output: () => out, stop: () => stopProcess(child), exited };
}

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node scripts/<name>.mjs …args` (what `npm run <name> -- …args` runs) to completion. */
export function runScript(name: 'backup' | 'restore', args: string[]): Promise<ScriptResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', `${name}.mjs`), ...args], {
      cwd: ROOT,
      // Only PATH: a developer's DATA_DIR / BACKUP_DIR must not leak in.
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** Signs in; returns the session cookie (writes must also send `origin: base`, the CSRF check). */
export async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('ln_session='));
  if (!cookie) throw new Error(`login ${email}: no session cookie`);
  return cookie;
}

/** Total size of the files under `dir` (hard links counted once). */
export function diskBytes(dir: string): number {
  const seen = new Set<string>();
  let total = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = fs.statSync(p);
        const id = `${st.dev}:${st.ino}`;
        if (!seen.has(id)) {
          seen.add(id);
          total += st.size;
        }
      }
    }
  };
  walk(dir);
  return total;
}
