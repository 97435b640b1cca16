/**
 * `npm run export` / `npm run import` as an operator runs them: the demo seeded on workerd
 * (`wrangler dev` on a temporary `--persist-to`, evidence files uploaded through the public API),
 * exported, imported into a Node data directory and served by the Node server; then exported from
 * Node and imported into a fresh local D1/R2 state. At each step the test reads both sides itself —
 * its own row digest per table (every value with its SQLite type), every file's bytes, content type
 * and custom metadata — independently of the tool's manifest. A wrangler `d1 export` SQL dump of
 * the same database loads to the same rows.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import {
  applyMigrations,
  freePort,
  ROOT,
  readVars,
  run,
  seed,
  startNodeServer,
  startWrangler,
  stopProcess,
  waitForHealth,
} from '../../scripts/dev-server.mjs';
import { PNG, plainPdf } from '../helpers/metadata-fixtures';

/** The parts of wrangler's D1 and R2 bindings the test reads (workers-types are not in this project). */
interface D1Database {
  prepare(sql: string): { raw(): Promise<unknown[]>; first<T>(column: string): Promise<T | null> };
}
interface R2Bucket {
  list(o: { cursor?: string }): Promise<{ objects: { key: string }[]; truncated: boolean; cursor?: string }>;
  get(key: string): Promise<{
    arrayBuffer(): Promise<ArrayBuffer>;
    httpMetadata?: { contentType?: string };
    customMetadata?: Record<string, string>;
  } | null>;
}

type Digest = Record<string, { rows: number; sha256: string }>;
interface FileFacts {
  sha256: string;
  size: number;
  contentType: string | undefined;
  custom: Record<string, string>;
}
type Files = Record<string, FileFacts>;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-export-'));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children.splice(0)) await stopProcess(c, 'SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

const vars: Record<string, string> = {
  ...readVars(path.join(ROOT, '.dev.vars.example')),
  ENVIRONMENT: 'development',
};

/** One value as the test compares it: SQLite's storage class and the value, blobs in hex. */
function norm(type: string, v: unknown): string {
  if (type === 'blob') return `b:${Buffer.from(v as ArrayLike<number>).toString('hex')}`;
  return `${type[0]}:${v === null ? '' : String(v)}`;
}

/** Per table: rows and a hash of the sorted rows (read with SELECT, not with the tool's code). */
async function digestOf(query: (sql: string) => Promise<unknown[][]>): Promise<Digest> {
  const tables = (
    await query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT GLOB '_cf_*' AND name NOT GLOB 'sqlite_*'",
    )
  ).map((r) => r[0] as string);
  const out: Digest = {};
  for (const t of tables) {
    const cols = (await query(`SELECT name FROM pragma_table_info('${t}')`)).map((r) => `"${r[0]}"`);
    const rows = await query(`SELECT ${cols.map((c) => `typeof(${c}), ${c}`).join(', ')} FROM "${t}"`);
    const lines = rows
      .map((r) => JSON.stringify(cols.map((_, i) => norm(r[2 * i] as string, r[2 * i + 1]))))
      .sort();
    out[t] = { rows: lines.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  const seq = await query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'");
  if (seq.length) {
    const lines = (await query('SELECT name, seq FROM sqlite_sequence')).map((r) => JSON.stringify(r)).sort();
    out.sqlite_sequence = {
      rows: lines.length,
      sha256: createHash('sha256').update(lines.join('\n')).digest('hex'),
    };
  }
  return out;
}

/** A Node data directory (or a bundle): the SQLite file and the file store's layout, read directly. */
async function readNodeDir(dir: string): Promise<{ digest: Digest; files: Files }> {
  const db = new DatabaseSync(path.join(dir, 'lang-nghe.sqlite'), { readOnly: true });
  let digest: Digest;
  try {
    digest = await digestOf(async (sql) => {
      const stmt = db.prepare(sql);
      stmt.setReturnArrays(true);
      return stmt.all() as unknown as unknown[][];
    });
  } finally {
    db.close();
  }
  const files: Files = {};
  const objects = path.join(dir, 'files', 'objects');
  for (const rel of fs.readdirSync(objects, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(objects, rel);
    if (!fs.statSync(file).isFile()) continue;
    const key = rel.split(path.sep).map(decodeURIComponent).join('/');
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'files', 'meta', `${rel}.json`), 'utf8'));
    const bytes = fs.readFileSync(file);
    files[key] = {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.byteLength,
      contentType: meta.httpMetadata?.contentType,
      custom: meta.customMetadata ?? {},
    };
  }
  return { digest, files };
}

/** A local D1 + R2 state, read through wrangler's own bindings. */
async function readWorkerdState(persistTo: string, extra?: (db: D1Database) => Promise<void>) {
  const proxy = await getPlatformProxy<{ DB: D1Database; FILES: R2Bucket }>({
    configPath: path.join(ROOT, 'wrangler.toml'),
    persist: { path: path.join(persistTo, 'v3') },
    remoteBindings: false,
    envFiles: [],
  });
  try {
    const { DB, FILES } = proxy.env;
    const digest = await digestOf(async (sql) => (await DB.prepare(sql).raw()) as unknown[][]);
    const files: Files = {};
    let cursor: string | undefined;
    do {
      const page = await FILES.list({ cursor });
      for (const o of page.objects) {
        const obj = (await FILES.get(o.key))!;
        const bytes = new Uint8Array(await obj.arrayBuffer());
        files[o.key] = {
          sha256: createHash('sha256').update(bytes).digest('hex'),
          size: bytes.byteLength,
          contentType: obj.httpMetadata?.contentType,
          custom: obj.customMetadata ?? {},
        };
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    await extra?.(DB);
    return { digest, files };
  } finally {
    await proxy.dispose();
  }
}

/** `node scripts/<name>.mjs …args` to completion, as `npm run <name> -- …args` runs it. */
function tool(name: 'export' | 'import', ...args: string[]) {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', `${name}.mjs`), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

function ok(name: 'export' | 'import', ...args: string[]) {
  const r = tool(name, ...args);
  expect(r.status, r.out).toBe(0);
  return r.out;
}

function logOf(child: ChildProcess) {
  const chunks: string[] = [];
  for (const s of [child.stdout, child.stderr]) s?.on('data', (d: Buffer) => chunks.push(d.toString()));
  return () => chunks.join('');
}

/** Real files: uploads are parsed to remove their metadata, and damaged ones refused (decision 255). */
const PDF = await plainPdf();

describe('npm run export / npm run import', () => {
  it('round-trips the seeded demo workerd → Node → workerd: every row and file found again, and the app works on Node', async () => {
    const started = Date.now();
    // 1. The demo on workerd, in a state directory wrangler's own `d1 export --local` can read too.
    const projA = path.join(tmp, 'a');
    const stateA = path.join(projA, '.wrangler', 'state');
    fs.mkdirSync(projA, { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'wrangler.toml'), path.join(projA, 'wrangler.toml'));
    applyMigrations({ persistTo: stateA, quiet: true });
    const port = await freePort();
    const wrangler = startWrangler({
      port,
      inspectorPort: await freePort(),
      persistTo: stateA,
      vars,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(wrangler);
    const wranglerLog = logOf(wrangler);
    const api = `http://127.0.0.1:${port}`;
    let report: Awaited<ReturnType<typeof seed>>;
    const uploaded: string[] = [];
    try {
      await waitForHealth(api, { child: wrangler });
      report = await seed(api, vars.DEV_SEED_TOKEN!);
      // Evidence files through the public API, into R2, on every public form with a file question.
      for (const f of report.forms) {
        for (const [bytes, name, type] of [
          [PNG, 'a.png', 'image/png'],
          [PDF, 'b.pdf', 'application/pdf'],
        ] as const) {
          const fd = new FormData();
          fd.set('file', new File([bytes], name, { type }));
          const res = await fetch(`${api}/api/public/forms/${f.slug}/uploads?q=bang_chung`, {
            method: 'POST',
            body: fd,
          });
          if (res.status === 201) uploaded.push(((await res.json()) as { key: string }).key);
        }
      }
    } catch (e) {
      throw new Error(
        `${e instanceof Error ? e.message : e}\n--- wrangler dev ---\n${wranglerLog().slice(-3000)}`,
      );
    } finally {
      await stopProcess(wrangler);
    }
    expect(uploaded.length).toBeGreaterThanOrEqual(2);

    let receipt = '';
    const source = await readWorkerdState(stateA, async (db) => {
      receipt = (await db
        .prepare('SELECT receipt_code FROM responses LIMIT 1')
        .first<string>('receipt_code'))!;
    });
    const tableNames = Object.keys(source.digest).filter((t) => t !== 'sqlite_sequence');
    const rowCount = tableNames.reduce((n, t) => n + source.digest[t]!.rows, 0);
    expect(tableNames.length).toBeGreaterThan(40);
    expect(source.digest.d1_migrations!.rows).toBe(
      fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).length,
    );
    expect(source.digest.responses!.rows).toBeGreaterThan(0);
    expect(source.digest.audit_log!.rows).toBeGreaterThan(0);
    expect(Object.keys(source.files).sort()).toEqual(expect.arrayContaining(uploaded));
    expect(source.files[uploaded[0]!]!.contentType).toBe('image/png');
    const t1 = Date.now();

    // 2. workerd → bundle: the bundle is a Node data directory holding the same rows and files.
    const bundle1 = path.join(tmp, 'bundle1');
    ok('export', '--from=workerd', `--persist-to=${stateA}`, `--out=${bundle1}`);
    const b1 = await readNodeDir(bundle1);
    expect(b1.digest).toEqual(source.digest);
    expect(b1.files).toEqual(source.files);
    const manifest = JSON.parse(fs.readFileSync(path.join(bundle1, 'manifest.json'), 'utf8'));
    expect(manifest.totals).toEqual({
      tables: tableNames.length,
      rows: rowCount,
      files: Object.keys(source.files).length,
      bytes: Object.values(source.files).reduce((n, f) => n + f.size, 0),
    });
    // A second export into it is refused; nothing in it changes.
    const again = tool('export', '--from=workerd', `--persist-to=${stateA}`, `--out=${bundle1}`);
    expect(again.status).toBe(1);
    expect(again.out).toContain('is not empty (use --force');

    // 3. bundle → Node data directory, and the Node server serves it.
    const nodeDir = path.join(tmp, 'node-data');
    ok('import', bundle1, '--to=node', `--data-dir=${nodeDir}`);
    expect(await readNodeDir(nodeDir)).toEqual(source);
    const refused = tool('import', bundle1, '--to=node', `--data-dir=${nodeDir}`);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('is not empty (use --force');

    const nodePort = await freePort();
    const server = startNodeServer({
      port: nodePort,
      dataDir: nodeDir,
      vars,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(server);
    const serverLog = logOf(server);
    const base = `http://127.0.0.1:${nodePort}`;
    try {
      await waitForHealth(base, { child: server, timeoutMs: 30_000 });
      expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ ok: true, runtime: 'node' });
      const r = await fetch(`${base}/api/public/receipts/${encodeURIComponent(receipt)}`);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ receiptCode: receipt });
      const account = report.accounts.find((a) => a.role === 'admin') ?? report.accounts[0]!;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ email: account.email, password: report.password }),
      });
      expect(login.status, await login.clone().text()).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const me = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe(account.email);
      // Not even --force replaces a data directory while a server runs on it.
      const busy = tool('import', bundle1, '--to=node', `--data-dir=${nodeDir}`, '--force');
      expect(busy.status).toBe(1);
      expect(busy.out).toMatch(/a server \(pid \d+\) is running on/);
    } finally {
      await stopProcess(server);
    }
    // The migrations travelled with the data (d1_migrations): the server applied none.
    expect(serverLog()).not.toContain('migrations applied');
    const t2 = Date.now();

    // 4. Node → bundle → a fresh workerd state: what the Node server holds now (its login added
    //    a session and audit rows), every row and file.
    const served = await readNodeDir(nodeDir);
    expect(served.digest.audit_log!.rows).toBeGreaterThanOrEqual(source.digest.audit_log!.rows);
    const bundle2 = path.join(tmp, 'bundle2');
    ok('export', '--from=node', `--data-dir=${nodeDir}`, `--out=${bundle2}`);
    expect(await readNodeDir(bundle2)).toEqual(served);
    const stateB = path.join(tmp, 'b', 'state');
    ok('import', bundle2, '--to=workerd', `--persist-to=${stateB}`);
    const back = await readWorkerdState(stateB);
    expect(back.digest).toEqual(served.digest);
    expect(back.files).toEqual(source.files);
    // wrangler sees every migration as applied in the imported database.
    const migrate = run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateB], {
      quiet: true,
      env: { CI: 'true' },
    });
    expect(`${migrate.stdout}${migrate.stderr}`).toContain('No migrations to apply');
    // A non-empty workerd target is refused too.
    const refusedB = tool('import', bundle2, '--to=workerd', `--persist-to=${stateB}`);
    expect(refusedB.status).toBe(1);
    expect(refusedB.out).toContain('is not empty (use --force');
    // --force replaces a target's contents: the first bundle again, without the login's rows.
    ok('import', bundle1, '--to=workerd', `--persist-to=${stateB}`, '--force');
    expect(await readWorkerdState(stateB)).toEqual(source);
    ok('import', bundle1, '--to=node', `--data-dir=${nodeDir}`, '--force');
    expect(await readNodeDir(nodeDir)).toEqual(source);
    const t3 = Date.now();

    // 5. A real D1's way out: `wrangler d1 export` (the same dump --remote gives) → a bundle.
    const dump = path.join(tmp, 'd1.sql');
    run(
      'wrangler',
      ['d1', 'export', 'DB', '--local', '-c', path.join(projA, 'wrangler.toml'), '--output', dump],
      {
        quiet: true,
        env: { CI: 'true' },
      },
    );
    const bundle3 = path.join(tmp, 'bundle3');
    ok('export', '--from=sql', `--sql=${dump}`, `--out=${bundle3}`);
    const b3 = await readNodeDir(bundle3);
    expect(b3.digest).toEqual(source.digest);
    expect(b3.files).toEqual({});
    const t4 = Date.now();

    console.log(
      `export-import: ${tableNames.length} tables, ${rowCount} rows, ${Object.keys(source.files).length} files ` +
        `(${manifest.totals.bytes} bytes) workerd → Node → workerd, equal at every step; ` +
        `after the Node server's login ${Object.values(served.digest).reduce((n, t) => n + t.rows, 0) - (served.digest.sqlite_sequence?.rows ?? 0)} rows. ` +
        `Timings: seed ${((t1 - started) / 1000).toFixed(1)} s, to Node and served ${((t2 - t1) / 1000).toFixed(1)} s, ` +
        `back to workerd ${((t3 - t2) / 1000).toFixed(1)} s, d1 dump ${((t4 - t3) / 1000).toFixed(1)} s`,
    );
  });
});
