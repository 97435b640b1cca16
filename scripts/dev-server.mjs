/**
 * Shared by `npm start` (scripts/start.mjs) and the browser tests (test/e2e/global-setup.ts):
 * apply migrations, run `wrangler dev` or the Node server, wait for health, seed demo data.
 * Plain Node ESM.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');

/** Runs a tool from node_modules/.bin to completion; throws when it fails. */
export function run(tool, args, opts = {}) {
  const res = spawnSync(path.join(BIN, tool), args, {
    cwd: ROOT,
    stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...opts.env },
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    const out = opts.quiet ? `\n${res.stdout ?? ''}${res.stderr ?? ''}` : '';
    throw new Error(`${tool} ${args.join(' ')} failed (exit ${res.status ?? res.signal})${out}`);
  }
  return res;
}

/** Parses a .dev.vars / .env file: KEY=VALUE lines, # comments. */
export function readVars(file) {
  const vars = {};
  if (!fs.existsSync(file)) return vars;
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `wrangler d1 migrations apply DB --local`, optionally into a separate persistence directory. */
export function applyMigrations({ persistTo, quiet = false } = {}) {
  const args = ['d1', 'migrations', 'apply', 'DB', '--local'];
  if (persistTo) args.push('--persist-to', persistTo);
  // CI=true: never wait for the "Ok to proceed?" prompt.
  run('wrangler', args, { quiet, env: { CI: 'true' } });
}

/**
 * Starts `wrangler dev` on 127.0.0.1:`port`. `vars` are passed with `--var` (used by the tests, so
 * they never depend on a developer's .dev.vars). Returns the child process.
 */
export function startWrangler({ port, inspectorPort, persistTo, vars = {}, stdio = 'inherit' }) {
  const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false'];
  if (inspectorPort) args.push('--inspector-port', String(inspectorPort));
  if (persistTo) args.push('--persist-to', persistTo);
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  return spawn(path.join(BIN, 'wrangler'), args, {
    cwd: ROOT,
    stdio,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', BROWSER: 'none' },
    // Its own process group, so stopping it also stops workerd.
    detached: process.platform !== 'win32',
  });
}

/**
 * Builds what a command needs and a fresh clone lacks: the web front end (dist/web: wrangler and
 * the Node server serve it) and, with `server`, the Node server bundle (dist/server). Builds only
 * what is missing; `npm run build` rebuilds both.
 */
export function ensureBuilt({ server = false, quiet = true } = {}) {
  if (!fs.existsSync(path.join(ROOT, 'dist/web/assets/form.js'))) {
    if (!quiet) console.log('building the web front end (dist/web) …');
    run('vite', ['build', '--logLevel', 'warn']);
  }
  if (server && !fs.existsSync(path.join(ROOT, 'dist/server/main.mjs'))) buildServer({ quiet });
}

/** Bundles the Node server into dist/server/main.mjs (scripts/build-server.mjs). */
export function buildServer({ quiet = false } = {}) {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs')], {
    cwd: ROOT,
    stdio: quiet ? 'pipe' : 'inherit',
  });
  if (res.status !== 0) throw new Error(`build-server failed (exit ${res.status ?? res.signal})`);
}

/**
 * Starts the Node server (dist/server/main.mjs --dev) on 127.0.0.1:`port` with its data under
 * `dataDir`; `vars` are its environment (the tests pass .dev.vars.example's, like wrangler's
 * `--var`). Applies migrations itself. Returns the child process.
 */
export function startNodeServer({ port, dataDir, vars = {}, stdio = 'inherit', envFile }) {
  const args = [path.join(ROOT, 'dist', 'server', 'main.mjs'), '--dev'];
  if (envFile) args.push(`--env-file=${envFile}`);
  return spawn(process.execPath, args, {
    cwd: ROOT,
    stdio,
    env: { ...process.env, ...vars, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    detached: process.platform !== 'win32',
  });
}

/** Stops a process started by `startWrangler` (and its process group) and waits for it. */
export async function stopProcess(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    if (process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `/api/health` until it answers 200 or `timeoutMs` passes. */
export async function waitForHealth(baseUrl, { timeoutMs = 120_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode})`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      last = String(e?.cause?.code ?? e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${baseUrl}/api/health did not answer within ${timeoutMs} ms (${last})`);
}

/** `POST /api/dev/seed` with the bearer token; returns the seed report. */
export async function seed(baseUrl, token) {
  const res = await fetch(`${baseUrl}/api/dev/seed`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST /api/dev/seed → HTTP ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}
