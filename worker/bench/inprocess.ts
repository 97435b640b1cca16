/**
 * The physical limit of the Node server (issue 11, item 6), measured by `npm run bench --
 * --runtime=node` in the same run as the HTTP routes: the very same submission batch, run
 * in-process in a loop against the same kind of SQLite file (the Node platform's own
 * `createNodePlatform`: migrations, WAL, `synchronous=FULL`, demo seed, the bench form), with no
 * HTTP in front. Bundled by test/bench/inprocess.mjs and run as a child process of the bench
 * (`fork`, one process like the server), driven over the IPC channel:
 *   → { cmd: 'setup', root, dataDir, vars, definition }   ← { ready: true, slug }
 *   → { cmd: 'run', mode, seconds, inFlight }   ← { mode, inFlight, ops, seconds, perSecond, meanUs, cpuUs }
 *   → { cmd: 'exit' }
 * Modes:
 * - `batch`: the statements `submitResponse` hands to `DB.batch()` for one bench submission
 *   (captured from a real call, so the SQL and the values are the ones the product writes), bound
 *   again with a fresh response id, receipt code and idempotency key each time: one transaction
 *   and one fsync per submission, as on the server;
 * - `submit`: `submitResponse` itself (limiters, validation, the batch) with fresh keys;
 * - `insert`: `insertBenchRow`, what route (a) runs.
 * `inFlight` (default 1) loops run at once, each awaiting its own operation: with more than one,
 * the batches of one turn share a commit (group commit, decision 193), as concurrent requests do.
 * `meanUs` is the mean latency of one operation, `cpuUs` the process's CPU time per operation.
 * Development code: never imported by the app.
 */

import { buildApp } from '../app';
import { newId, newReceiptCode } from '../lib/ids';
import { createNodePlatform, type NodePlatform } from '../platform/node/platform';
import type { SubmissionInput } from '../responses/service';
import { submitResponse } from '../responses/service';
import { insertBenchRow } from './queries';

interface Captured {
  sql: string;
  params: unknown[];
}

/** The SQL and bound values of a statement of the Node platform's D1 wrapper (it keeps both). */
function captured(s: D1PreparedStatement): Captured {
  if (!('sql' in s && typeof s.sql === 'string' && 'params' in s && Array.isArray(s.params))) {
    throw new Error('not a statement of the Node D1 wrapper');
  }
  return { sql: s.sql, params: [...s.params] };
}

type Msg =
  | {
      cmd: 'setup';
      root: string;
      dataDir: string;
      vars: Record<string, string>;
      definition: unknown;
      answers: { answers: Record<string, unknown> }[];
    }
  | { cmd: 'run'; mode: 'batch' | 'submit' | 'insert'; seconds: number; inFlight?: number }
  | { cmd: 'exit' };

const send = (m: unknown) => process.send?.(m);
const run = Date.now().toString(36);
let seq = 0;
const freshKey = (p: string) => `${p}-${run}-${(seq++).toString(36)}`;

let platform: NodePlatform;
let slug = '';
let answers: { answers: Record<string, unknown> }[] = [];
let template: Captured[] = [];
let sample = { responseId: '', receiptCode: '', idempotencyKey: '' };

/** Calls the app in-process (no socket): the setup steps the HTTP bench does over the network. */
async function call(path: string, init: RequestInit = {}) {
  const app = buildApp();
  const res = await app.fetch(
    new Request(`http://bench.local${path}`, init),
    platform.env,
    platform.background.context(),
  );
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → HTTP ${res.status}: ${text.slice(0, 300)}`);
  return { res, body: text ? JSON.parse(text) : null };
}

async function setup(m: Extract<Msg, { cmd: 'setup' }>) {
  // The server's own construction: same migrations, WAL, synchronous=FULL (NodeD1Database defaults).
  platform = createNodePlatform({ root: m.root, dataDir: m.dataDir, vars: m.vars });
  answers = m.answers;
  const seeded = await call('/api/dev/seed', {
    method: 'POST',
    headers: { authorization: `Bearer ${m.vars.DEV_SEED_TOKEN}` },
  });
  const login = await call('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://bench.local' },
    body: JSON.stringify({ email: 'thietke@langnghe.demo', password: seeded.body.password }),
  });
  const cookie = login.res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('ln_session='));
  const staff = { cookie: cookie ?? '', origin: 'http://bench.local', 'content-type': 'application/json' };
  const me = await call('/api/auth/me', { headers: staff });
  const grant = me.body.grants.find((g: { role: string }) => g.role === 'form_designer');
  slug = `inprocess-${run}`;
  const form = await call('/api/forms', {
    method: 'POST',
    headers: staff,
    body: JSON.stringify({ ownerUnitId: grant.unitId, kind: 'survey', slug, definition: m.definition }),
  });
  await call(`/api/forms/${form.body.id}/publish`, { method: 'POST', headers: staff });

  // One real submission, its batch captured on the way to the database.
  const db = platform.db;
  const realBatch = db.batch.bind(db);
  db.batch = (async (statements: D1PreparedStatement[]) => {
    template = statements.map(captured);
    return realBatch(statements);
  }) as typeof db.batch;
  const idempotencyKey = freshKey('k');
  const result = await submitResponse(platform.env, slug, submission(idempotencyKey));
  Reflect.deleteProperty(db, 'batch');
  sample = { responseId: result.responseId, receiptCode: result.receiptCode, idempotencyKey };
  for (const v of Object.values(sample)) {
    if (!template.some((s) => s.params.includes(v))) throw new Error(`captured batch lacks ${v}`);
  }
}

function submission(idempotencyKey: string): SubmissionInput {
  return {
    ...answers[seq % answers.length]!,
    lang: 'vi',
    idempotencyKey,
    deviceKey: freshKey('d'),
    ip: `10.78.${(seq >> 8) & 15}.${seq & 255}`,
  };
}

/** The captured batch with a new response id, receipt code and idempotency key. */
function freshBatch() {
  const now = Date.now();
  const swap = new Map<unknown, unknown>([
    [sample.responseId, newId(now)],
    [sample.receiptCode, newReceiptCode()],
    [sample.idempotencyKey, freshKey('k')],
  ]);
  const db = platform.env.DB;
  return template.map((s) => db.prepare(s.sql).bind(...s.params.map((p) => (swap.has(p) ? swap.get(p) : p))));
}

const operations = {
  batch: () => platform.env.DB.batch(freshBatch()),
  submit: () => submitResponse(platform.env, slug, submission(freshKey('k'))),
  insert: () => insertBenchRow(platform.env.DB, newId(), Date.now()),
};

async function measure(mode: keyof typeof operations, seconds: number, inFlight = 1) {
  const op = operations[mode];
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  let ops = 0;
  let busy = 0;
  const loop = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      await op();
      busy += performance.now() - t;
      ops++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    mode,
    inFlight,
    ops,
    seconds: Math.round(elapsed * 100) / 100,
    perSecond: Math.round(ops / elapsed),
    meanUs: Math.round((busy * 1000) / ops),
    /** This process's CPU time (user + system) per operation. */
    cpuUs: Math.round((cpu.user + cpu.system) / ops),
  };
}

process.on('message', (m: Msg) => {
  void (async () => {
    try {
      if (m.cmd === 'setup') {
        await setup(m);
        send({ ready: true, slug, statements: template.length });
      } else if (m.cmd === 'run') {
        send(await measure(m.mode, m.seconds, m.inFlight));
      } else {
        await platform?.close();
        process.exit(0);
      }
    } catch (e) {
      send({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
