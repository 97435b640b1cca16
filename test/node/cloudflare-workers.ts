/**
 * `cloudflare:workers` for the Node test project (vitest.node.config.ts): the same `env` and
 * `exports.default.fetch` the workerd tests use, backed by the Node platform — a fresh SQLite
 * database and file store per test file (Vitest isolates modules per file, as the Workers pool
 * isolates storage per file) and the very app the Node server runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../worker/app';
import type { Env } from '../../worker/env';
import { createNodePlatform } from '../../worker/platform/node/platform';
import { TEST_BINDINGS } from '../bindings';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-node-test-'));

/** The platform of this test file (its database is migrated by test/setup.ts). */
export const platform = createNodePlatform({
  root,
  dataDir,
  vars: { ...TEST_BINDINGS, TEST_RUNTIME: 'node' },
  // A throwaway database: durability is the production default, tested on its own.
  db: { synchronous: 'OFF' },
  migrate: false,
});

export const env = platform.env as Env & { TEST_MIGRATIONS: string[]; TEST_RUNTIME: string };
env.TEST_MIGRATIONS = [];

const app = buildApp();

/**
 * One request to the app, and — like workerd's `exports.default.fetch`, which is a fetch() —
 * redirects followed unless the caller asked `redirect: 'manual'` (303, and 301/302 after a POST,
 * become a GET without a body; 307/308 keep method and body).
 */
async function fetchApp(input: RequestInfo | URL, init?: RequestInit, hops = 0): Promise<Response> {
  // Node's Request needs `duplex` for a streamed body; workerd's does not.
  const streamed = init?.body instanceof ReadableStream;
  const req = new Request(input, streamed ? ({ ...init, duplex: 'half' } as RequestInit) : init);
  const res = await app.fetch(req, env, platform.background.context());
  const location = res.headers.get('location');
  if (req.redirect === 'manual' || !location || ![301, 302, 303, 307, 308].includes(res.status)) return res;
  if (hops >= 20) throw new TypeError('redirect count exceeded');
  const keep = res.status === 307 || res.status === 308 || (res.status !== 303 && req.method !== 'POST');
  const next = new URL(location, req.url);
  const headers = new Headers(req.headers);
  if (!keep) {
    headers.delete('content-type');
    headers.delete('content-length');
  }
  return fetchApp(
    next,
    keep
      ? { method: req.method, headers, body: init?.body, redirect: init?.redirect }
      : { method: req.method === 'HEAD' ? 'HEAD' : 'GET', headers, redirect: init?.redirect },
    hops + 1,
  );
}

export const exports = {
  default: { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetchApp(input, init) },
};
