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

export const exports = {
  default: {
    async fetch(input: RequestInfo | URL, init?: RequestInit) {
      // Node's Request needs `duplex` for a streamed body; workerd's does not.
      const streamed = init?.body instanceof ReadableStream;
      const req = new Request(input, streamed ? ({ ...init, duplex: 'half' } as RequestInit) : init);
      return app.fetch(req, env, platform.background.context());
    },
  },
};
