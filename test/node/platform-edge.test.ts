/**
 * The Node platform's edge duties (worker/platform/node/server.ts, ratelimit.ts, assets.ts,
 * settings.ts): client IP from trusted proxies only, body limit, request ids and logs without
 * personal data, static assets with Workers' caching headers, limiter windows, secret checks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeAssets } from '../../worker/platform/node/assets';
import { createNodePlatform } from '../../worker/platform/node/platform';
import { NodeRateLimit } from '../../worker/platform/node/ratelimit';
import { loggablePath, matchesPattern, nodeHandler } from '../../worker/platform/node/server';
import { parseEnvFile, readSettings, secretProblems } from '../../worker/platform/node/settings';

const root = path.resolve(import.meta.dirname, '../..');

describe('rate limiter', () => {
  it('allows `limit` calls per key per window, then refuses until the next window', async () => {
    let now = 60_000 * 100;
    const rl = new NodeRateLimit({ limit: 3, period: 60 }, () => now);
    const calls = async (key: string, n: number) => {
      const out: boolean[] = [];
      for (let i = 0; i < n; i++) out.push((await rl.limit({ key })).success);
      return out;
    };
    expect(await calls('a', 4)).toEqual([true, true, true, false]);
    expect(await calls('b', 1)).toEqual([true]);
    now += 60_000;
    expect(await calls('a', 1)).toEqual([true]);
  });

  it('takes the limits from wrangler.toml', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-'));
    const p = createNodePlatform({ root, dataDir, vars: {}, dbPath: ':memory:', migrate: false });
    expect(p.facts.limits).toEqual({
      RL_DEVICE: { limit: 20, period: 60 },
      RL_IP: { limit: 600, period: 60 },
      RL_AUTH: { limit: 10, period: 60 },
    });
    expect(p.facts.crons).toEqual(['0 18 * * *', '*/10 * * * *']);
    expect(p.env.RUNTIME).toBe('node');
    p.db.close();
  });
});

describe('static assets', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assets-'));
  fs.mkdirSync(path.join(dir, 'console'));
  fs.writeFileSync(path.join(dir, 'form.css'), 'body{}');
  fs.writeFileSync(path.join(dir, 'console', 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(dir, '..', 'secret-outside.txt'), 'no');
  const assets = new NodeAssets(dir);

  it('serves a file with its type, an ETag and must-revalidate; 304 on a match', async () => {
    const res = await assets.fetch('http://x/form.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const etag = res.headers.get('etag')!;
    const again = await assets.fetch(
      new Request('http://x/form.css', { headers: { 'if-none-match': etag } }),
    );
    expect(again.status).toBe(304);
  });

  it('serves index.html for a directory and 404 for what is not there or outside', async () => {
    expect((await assets.fetch('http://x/console/')).status).toBe(200);
    expect((await assets.fetch('http://x/nope.js')).status).toBe(404);
    expect((await assets.fetch('http://x/../secret-outside.txt')).status).toBe(404);
    expect((await assets.fetch('http://x/%2e%2e/secret-outside.txt')).status).toBe(404);
  });
});

describe('request handling', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-'));
  const platform = createNodePlatform({ root, dataDir, vars: {}, dbPath: ':memory:', migrate: false });
  const seen: Request[] = [];
  const app = {
    fetch: (req: Request) => {
      seen.push(req);
      return new Response('ok');
    },
  };
  const lines: string[] = [];
  const handle = nodeHandler(app, platform, {
    port: 0,
    clientIpHeader: 'x-real-ip',
    maxBodyBytes: 10,
    log: (l) => lines.push(l),
  });

  it('believes the proxy header only from a trusted peer, and always overwrites cf-connecting-ip', async () => {
    await handle(new Request('http://x/api/a', { headers: { 'x-real-ip': '203.0.113.9' } }), '127.0.0.1');
    expect(seen.at(-1)!.headers.get('cf-connecting-ip')).toBe('203.0.113.9');
    await handle(
      new Request('http://x/api/a', {
        headers: { 'x-real-ip': '203.0.113.9', 'cf-connecting-ip': '1.1.1.1' },
      }),
      '198.51.100.7',
    );
    expect(seen.at(-1)!.headers.get('cf-connecting-ip')).toBe('198.51.100.7');
  });

  it('refuses a body over the limit with the app error shape before the app runs', async () => {
    const before = seen.length;
    const res = await handle(
      new Request('http://x/api/a', {
        method: 'POST',
        body: 'x'.repeat(50),
        headers: { 'content-length': '50' },
      }),
      '127.0.0.1',
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'body_too_large' } });
    expect(seen.length).toBe(before);
  });

  it('gives every response a request id and logs one JSON line without codes, ids or query strings', async () => {
    lines.length = 0;
    const res = await handle(new Request('http://x/t/7K3M9QX2HD4TA?pin=123456&name=Nguyen'), '127.0.0.1');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ msg: 'request', id, method: 'GET', path: '/t/:code', status: 200 });
    expect(lines[0]).not.toContain('7K3M9QX2HD4TA');
    expect(lines[0]).not.toContain('123456');
    expect(lines[0]).not.toContain('Nguyen');
  });

  it('path patterns and redaction', () => {
    expect(matchesPattern('/api/*', '/api/x/y')).toBe(true);
    expect(matchesPattern('/', '/')).toBe(true);
    expect(matchesPattern('/', '/form.css')).toBe(false);
    expect(matchesPattern('/console', '/console')).toBe(true);
    expect(loggablePath('/r/ABCD-EFGH')).toBe('/r/:code');
    expect(loggablePath('/api/cases/0193a1b2-7c3d/file')).toBe('/api/cases/:id/file');
    expect(loggablePath('/f/gop-y-can-bo')).toBe('/f/gop-y-can-bo');
  });
});

describe('settings', () => {
  it('refuses missing, published or weak secrets in production', () => {
    expect(secretProblems({})).toEqual([expect.stringMatching(/IDENTITY_KEY is missing/)]);
    expect(
      secretProblems({ IDENTITY_KEY: 'ZGV2LW9ubHktaWRlbnRpdHkta2V5LTMyYnl0ZXMhISE=' }).join(' '),
    ).toMatch(/IDENTITY_KEY is the published/);
    expect(secretProblems({ IDENTITY_KEY: 'c2hvcnQ=' })).toEqual([expect.stringMatching(/32 bytes/)]);
    const good = { IDENTITY_KEY: Buffer.alloc(32, 7).toString('base64') };
    expect(secretProblems(good)).toEqual([]);
    // The keyring: ids required, each key checked, the published value refused under any id.
    const k2 = Buffer.alloc(32, 8).toString('base64');
    expect(secretProblems({ IDENTITY_KEYS: `k2:${k2}`, ...good })).toEqual([]);
    expect(secretProblems({ IDENTITY_KEYS: k2 })).toEqual([expect.stringMatching(/needs an id/)]);
    expect(
      secretProblems({ IDENTITY_KEYS: `k2:${k2},k1:dGVzdC1vbmx5LWlkZW50aXR5LWtleS0zMmJ5dGVzISE=` }),
    ).toEqual(['key k1 is the published development value']);
    expect(secretProblems({ IDENTITY_KEYS: `k2:${k2},k1:${k2}`, ...good })).toEqual([
      expect.stringMatching(/IDENTITY_KEY differs from key k1/),
    ]);
    expect(() => readSettings({}, { production: true })).toThrow(/refusing to start/);
    const s = readSettings(
      { ...good, ENVIRONMENT: 'development', DEV_SEED_TOKEN: 't' },
      { production: true },
    );
    expect(s.vars.ENVIRONMENT).toBe('production');
    expect(s.vars.DEV_SEED_TOKEN).toBeUndefined();
  });

  it('reads KEY=VALUE env files with comments and quotes; the environment wins', () => {
    expect(parseEnvFile('# c\nA=1\nexport B="two words"\n  C = \'3\'\n')).toEqual({
      A: '1',
      B: 'two words',
      C: '3',
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'env-')), '.env');
    fs.writeFileSync(file, 'PORT=9000\nDATA_DIR=/srv/x\n');
    const s = readSettings({ PORT: '9100' }, { production: false, envFile: file });
    expect(s.port).toBe(9100);
    expect(s.dataDir).toBe('/srv/x');
  });
});
