/**
 * `npm run serve` as an operator meets it: the production server refuses to start without real
 * secrets, starts from an env file, migrates an empty database, serves no demo route, writes one
 * JSON log line per request without personal data, and on SIGTERM finishes the request in flight
 * before it exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, ROOT, stopProcess, waitForHealth } from '../../scripts/dev-server.mjs';

const MAIN = path.join(ROOT, 'dist/server/main.mjs');
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await stopProcess(c, 'SIGKILL');
});

function serve(envFile: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [MAIN, `--env-file=${envFile}`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, output: () => out };
}

function tempEnv(lines: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-serve-'));
  const file = path.join(dir, '.env');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { dir, file };
}

const GOOD = [`IDENTITY_KEY=${Buffer.alloc(32, 9).toString('base64')}`];

describe('npm run serve (dist/server/main.mjs)', () => {
  it('refuses to start with a missing or published secret, saying which', async () => {
    const missing = tempEnv([`DATA_DIR=${os.tmpdir()}/never-used`]);
    const a = serve(missing.file);
    expect(await a.exited).toBe(1);
    expect(a.output()).toContain('IDENTITY_KEY is missing');
    const published = tempEnv(['IDENTITY_KEY=ZGV2LW9ubHktaWRlbnRpdHkta2V5LTMyYnl0ZXMhISE=']);
    const b = serve(published.file);
    expect(await b.exited).toBe(1);
    expect(b.output()).toContain('IDENTITY_KEY is the published development value');
  });

  it('starts from an env file, migrates, serves no demo route, logs JSON lines, and stops gracefully on SIGTERM', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-serve-'));
    const { file } = tempEnv([
      ...GOOD,
      `PORT=${port}`,
      `DATA_DIR=${dir}/data`,
      'ENVIRONMENT=development',
      'DEV_SEED_TOKEN=would-enable-the-seed',
    ]);
    const s = serve(file);
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, { child: s.child, timeoutMs: 30_000 });
    const health = await (await fetch(`${base}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, runtime: 'node' });
    expect(fs.existsSync(path.join(dir, 'data', 'lang-nghe.sqlite'))).toBe(true);

    // Production: the demo seed route is not there, whatever the env file says.
    const seed = await fetch(`${base}/api/dev/seed`, {
      method: 'POST',
      headers: { authorization: 'Bearer would-enable-the-seed' },
    });
    expect(seed.status).toBe(404);

    // A request with a receipt code and a PIN in it: the log line keeps neither.
    await fetch(`${base}/t/7K3M9QX2HD4TA?pin=482913`);

    // A request in flight when SIGTERM arrives: its body is still coming.
    const inflight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        `${base}/api/auth/login`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', origin: base },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"email":"nobody@example.vn",');
      setTimeout(() => {
        process.kill(s.child.pid!, 'SIGTERM');
        setTimeout(() => req.end('"password":"wrong-password-123"}'), 500);
      }, 300);
    });
    const answered = await inflight;
    expect(answered.status).toBe(401);
    expect(await s.exited).toBe(0);

    const lines = s
      .output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(4);
    for (const r of requests) {
      expect(r).toMatchObject({ id: expect.any(String), status: expect.any(Number), ms: expect.any(Number) });
    }
    expect(requests.find((r) => String(r.path).startsWith('/t/'))?.path).toBe('/t/:code');
    expect(s.output()).not.toContain('7K3M9QX2HD4TA');
    expect(s.output()).not.toContain('482913');
    expect(s.output()).not.toContain('nobody@example.vn');
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['migrations applied', 'listening', 'stopping', 'stopped']),
    );
  });
});
