#!/usr/bin/env node
/**
 * `npm run bench`: the load benchmark and the larger fault run (issue 3, items 5 and 6), against ONE
 * private server (fresh database, demo seed, loopback only), in one run — `wrangler dev` (workerd +
 * local D1), or with `-- --runtime=node` the Node server (dist/server/main.mjs, node:sqlite with WAL
 * and synchronous=FULL, issue 11 item 6):
 *   (a) POST /api/bench/baseline            one bare D1 insert (the baseline);
 *   (b) POST /api/public/forms/{slug}/responses   10 answered questions, fresh keys per request;
 *   (c) GET  /api/public/receipts/{code}     receipts issued by (b);
 *   (d) GET /api/dashboards/forms/{id}/results   the bench form's results (rollups), signed in;
 *   (e) POST /api/bench/limits              the two rate-limiter calls of (b) alone (decision 135).
 * On Node the same run also measures the physical limit (test/bench/inprocess.mjs): the very same
 * submission batch, and the bare insert of (a), in-process on the same kind of SQLite file with the
 * same durability, interleaved with the HTTP routes in every round.
 * Then the fault scenario at a larger scale (the server is SIGKILLed twice). Prints a summary and
 * rewrites that runtime's "Load" and "Fault" sections of docs/benchmarks.md ("Load on Node" and
 * "Fault on Node" for Node) and the side-by-side summary; other sections are kept.
 *
 * Rate limits stay on (decision 130): each submission carries its own X-Device-Key and the load
 * spreads over many simulated client addresses (CF-Connecting-IP, which local wrangler keeps when
 * the client sends it), like many citizens on many phones; receipts are looked up the same way.
 * Env: BENCH_SECONDS (default 6 per measured run), BENCH_ROUNDS (3), BENCH_CONNECTIONS (8),
 * BENCH_IN_FLIGHT (8: the in-process run with that many submissions at once, Node only), BENCH_OUT
 * (another file to write the report to), BENCH_COMMIT (the commit measured, when the tree is an
 * export of it without .git).
 * autocannon runs in this process, one thread: the client takes about one of the two cores, the
 * server (one process) the other.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from '../../scripts/dev-server.mjs';
import { runFaultScenario } from './fault.mjs';
import { benchAnswers, createBenchForm, login, startAppServer } from './harness.mjs';
import { startInProcess } from './inprocess.mjs';
import { writeSections } from './report.mjs';

const runtimeArg =
  process.argv.find((a) => a.startsWith('--runtime='))?.slice('--runtime='.length) ?? 'workerd';
if (!['workerd', 'node'].includes(runtimeArg)) {
  console.error(`--runtime must be workerd or node (got ${runtimeArg})`);
  process.exit(2);
}
const RUNTIME = runtimeArg;
const ON_NODE = RUNTIME === 'node';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const METER_SAMPLES = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
/** Where the report goes (BENCH_OUT, for trial runs; default docs/benchmarks.md). */
const OUT = path.resolve(process.env.BENCH_OUT ?? path.join(ROOT, 'docs/benchmarks.md'));
/** (d) The dashboard read: a form's results (rollups) — `{id}` is the bench form, read by a board member. */
const DASHBOARD = {
  path: '/api/dashboards/forms/{id}/results',
  accounts: ['lanhdao@langnghe.demo', 'thietke@langnghe.demo'],
};

const run = Date.now().toString(36);
let seq = 0;
/** A fresh client key: [A-Za-z0-9_-], 8–100 characters. */
const freshKey = (p) => `${p}-${run}-${(seq++).toString(36)}`;
/** Simulated client addresses: 4096 of 10.x.y.z, so no one address nears RL_IP (600/min). */
const simulatedIp = (n) => `10.77.${(n >> 8) & 15}.${n & 255}`;

const BODIES = Array.from({ length: 64 }, (_, i) => JSON.stringify(benchAnswers(`bench-${i}`, i)));

function machine() {
  const cpu =
    /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  let wrangler = '';
  try {
    wrangler = execSync(`${path.join(ROOT, 'node_modules/.bin/wrangler')} --version`, {
      encoding: 'utf8',
    }).trim();
  } catch {
    wrangler = '?';
  }
  let commit = process.env.BENCH_COMMIT ?? '';
  if (!commit) {
    try {
      commit = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch {
      commit = '?';
    }
  }
  return {
    commit,
    cpus: os.availableParallelism(),
    cpu,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    wrangler,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run bench${ON_NODE ? ' -- --runtime=node' : ''} (BENCH_SECONDS=${SECONDS}, BENCH_ROUNDS=${ROUNDS}, BENCH_CONNECTIONS=${CONNECTIONS}${ON_NODE ? `, BENCH_IN_FLIGHT=${IN_FLIGHT}` : ''})`,
    loadBefore: LOAD_BEFORE,
    loadAfter: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** CPU time (user + system, ms) a Linux process has used so far; null where /proc is not there. */
function cpuMsOf(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    return (Number(fields[11]) + Number(fields[12])) * tick;
  } catch {
    return null;
  }
}
/** The measured server process (Node only: one process; wrangler's workerd is a grandchild). */
let serverPid = null;

/**
 * Runs autocannon for one route; `next()` gives each request its method/path/headers/body. On Node
 * it also reads the server's CPU time around the run (`cpuMs`): CPU per request moves less with
 * the machine's load than requests per second.
 */
async function cannon(base, title, next, { seconds = SECONDS, onBody } = {}) {
  const cpu0 = serverPid ? cpuMsOf(serverPid) : null;
  const res = await new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        title,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => ({ ...req, ...next() }),
            onResponse: onBody ? (status, body) => onBody(status, body) : undefined,
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
  });
  const cpu1 = serverPid ? cpuMsOf(serverPid) : null;
  res.cpuMs = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
  return res;
}

const summary = (r) => ({
  requests: r.requests.total,
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
  statuses: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
  cpuUs: r.cpuMs === null || !r.requests.total ? null : Math.round((r.cpuMs * 1000) / r.requests.total),
});

/** Mean D1 rows read/written and statements per request, from the X-D1-Meter reply headers. */
async function meter(base, make) {
  const sum = { read: 0, written: 0, statements: 0 };
  for (let i = 0; i < METER_SAMPLES; i++) {
    const r = make();
    const res = await fetch(`${base}${r.path}`, {
      method: r.method,
      headers: { ...r.headers, 'x-d1-meter': '1' },
      body: r.body,
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`meter ${r.path} → HTTP ${res.status}`);
    sum.read += Number(res.headers.get('x-d1-rows-read'));
    sum.written += Number(res.headers.get('x-d1-rows-written'));
    sum.statements += Number(res.headers.get('x-d1-statements'));
  }
  const avg = (n) => Math.round((n / METER_SAMPLES) * 10) / 10;
  return { rowsRead: avg(sum.read), rowsWritten: avg(sum.written), statements: avg(sum.statements) };
}

const log = (m) => console.log(`\x1b[1m▶ ${m}\x1b[0m`);
const LOAD_BEFORE = os.loadavg().map((x) => Math.round(x * 100) / 100);
log(`Load average before the run (1, 5, 15 min): ${LOAD_BEFORE.join(', ')}`);

log(
  ON_NODE
    ? 'Starting a private Node server (fresh SQLite file, WAL + synchronous=FULL, demo seed)'
    : 'Starting a private wrangler dev (fresh D1, demo seed)',
);
const server = await startAppServer({ label: 'bench', runtime: RUNTIME });
if (ON_NODE) serverPid = server.pid;
let inProcess = null;
try {
  if (ON_NODE) {
    log('Starting the in-process runner (the same batch on the same kind of SQLite file)');
    inProcess = await startInProcess();
  }
  const form = await createBenchForm(server.base, server.password, `bench-${run}`);
  let ipSeq = 0;
  const receipts = [];
  const baseline = () => ({ method: 'POST', path: '/api/bench/baseline', headers: {} });
  // (e) The two limiter calls of a submission and nothing else (decision 135), same key shapes.
  const limits = () => ({
    method: 'POST',
    path: '/api/bench/limits',
    headers: { 'x-device-key': freshKey('d'), 'cf-connecting-ip': simulatedIp(ipSeq++) },
  });
  const submit = () => {
    const n = seq;
    return {
      method: 'POST',
      path: `/api/public/forms/${form.slug}/responses`,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': freshKey('k'),
        'x-device-key': freshKey('d'),
        'cf-connecting-ip': simulatedIp(ipSeq++),
      },
      body: BODIES[n % BODIES.length],
    };
  };
  let look = 0;
  const receipt = () => ({
    method: 'GET',
    path: `/api/public/receipts/${receipts[look++ % receipts.length]}`,
    headers: { 'cf-connecting-ip': simulatedIp(ipSeq++) },
  });
  const keepReceipt = (status, body) => {
    if (status === 201) receipts.push(JSON.parse(body).receiptCode);
  };

  log('D1 rows per operation (X-D1-Meter)');
  const meters = {
    baseline: await meter(server.base, baseline),
    submit: await meter(server.base, submit),
    limits: await meter(server.base, limits),
  };
  const first = submit();
  const seeded = await fetch(`${server.base}${first.path}`, {
    method: 'POST',
    headers: first.headers,
    body: first.body,
  });
  receipts.push((await seeded.json()).receiptCode);
  meters.receipt = await meter(server.base, receipt);

  log('Warm-up');
  await cannon(server.base, 'warm-up a', baseline, { seconds: 2 });
  await cannon(server.base, 'warm-up b', submit, { seconds: 2, onBody: keepReceipt });
  await cannon(server.base, 'warm-up e', limits, { seconds: 2 });
  if (inProcess) for (const mode of ['batch', 'submit', 'insert']) await inProcess.run(mode, 1);

  // Interleaved rounds (a, b, a, b, …): drift on a shared machine hits both sides of the ratio.
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    log(`Round ${round}: (a) baseline`);
    const a = summary(await cannon(server.base, 'baseline', baseline));
    log(`Round ${round}: (b) submission`);
    const b = summary(await cannon(server.base, 'submission', submit, { onBody: keepReceipt }));
    const measured = { a, b };
    if (inProcess) {
      // The physical limit right after (b), while the server idles: the nearest moment in time.
      log(`Round ${round}: in-process batch, one at a time`);
      measured.batch = await inProcess.run('batch', SECONDS);
    }
    log(`Round ${round}: (e) the limiter calls + the bare insert`);
    measured.e = summary(await cannon(server.base, 'limits', limits));
    if (inProcess) {
      log(`Round ${round}: in-process batch, ${IN_FLIGHT} in flight`);
      measured.batchMany = await inProcess.run('batch', SECONDS, IN_FLIGHT);
      log(`Round ${round}: in-process submitResponse, one at a time`);
      measured.submit = await inProcess.run('submit', SECONDS);
      log(`Round ${round}: in-process bare insert, one at a time`);
      measured.insert = await inProcess.run('insert', SECONDS);
    }
    rounds.push(measured);
  }
  log(`(c) receipt lookup over ${receipts.length} receipts`);
  const c = summary(await cannon(server.base, 'receipt', receipt));
  // (d) After (b), so the dashboard reads the rollups of thousands of responses.
  let d = null;
  let dashboardNote = 'no dashboard route';
  for (const email of DASHBOARD?.accounts ?? []) {
    const cookie = await login(server.base, email, server.password);
    const dash = () => ({
      method: 'GET',
      path: DASHBOARD.path.replace('{id}', form.formId),
      headers: { cookie },
    });
    const probe = await fetch(`${server.base}${dash().path}`, { headers: { cookie } });
    await probe.arrayBuffer();
    if (!probe.ok) {
      dashboardNote = `${email}: HTTP ${probe.status}`;
      continue;
    }
    log(`(d) dashboard read as ${email}`);
    meters.dashboard = await meter(server.base, dash);
    d = { ...summary(await cannon(server.base, 'dashboard', dash)), path: DASHBOARD.path, account: email };
    break;
  }
  if (!d) console.warn(`(d) skipped: ${dashboardNote}`);

  const mean = (f) => Math.round(rounds.reduce((s, r) => s + f(r), 0) / rounds.length);
  const pct = (x, y) => Math.round((x / y) * 1000) / 10;
  const load = {
    runtime: RUNTIME,
    machine: machine(),
    connections: CONNECTIONS,
    seconds: SECONDS,
    rounds,
    a: { rps: mean((r) => r.a.rps), p50: mean((r) => r.a.p50), p99: mean((r) => r.a.p99) },
    b: { rps: mean((r) => r.b.rps), p50: mean((r) => r.b.p50), p99: mean((r) => r.b.p99) },
    e: { rps: mean((r) => r.e.rps), p50: mean((r) => r.e.p50), p99: mean((r) => r.e.p99) },
    c,
    d,
    dashboardNote,
    meters,
  };
  load.ratio = Math.round((load.b.rps / load.a.rps) * 1000) / 10;
  load.ceiling = Math.round((load.e.rps / load.a.rps) * 1000) / 10;
  load.ofCeiling = Math.round((load.b.rps / load.e.rps) * 1000) / 10;
  if (inProcess) {
    load.inProcess = {
      inFlight: IN_FLIGHT,
      statements: inProcess.statements,
      batch: mean((r) => r.batch.perSecond),
      batchUs: mean((r) => r.batch.meanUs),
      batchMany: mean((r) => r.batchMany.perSecond),
      submit: mean((r) => r.submit.perSecond),
      submitUs: mean((r) => r.submit.meanUs),
      insert: mean((r) => r.insert.perSecond),
      insertUs: mean((r) => r.insert.meanUs),
    };
    load.ofLimit = pct(load.b.rps, load.inProcess.batch);
    // Each round's (b) next to the batch measured right after it: the median resists a noisy round.
    const perRound = rounds.map((r) => pct(r.b.rps, r.batch.perSecond)).sort((x, y) => x - y);
    load.ofLimitRounds = rounds.map((r) => pct(r.b.rps, r.batch.perSecond));
    const mid = perRound.length >> 1;
    load.ofLimitMedian =
      perRound.length % 2 ? perRound[mid] : Math.round(((perRound[mid - 1] + perRound[mid]) / 2) * 10) / 10;
    load.inProcess.batchCpuUs = mean((r) => r.batch.cpuUs);
    load.inProcess.submitCpuUs = mean((r) => r.submit.cpuUs);
    load.inProcess.insertCpuUs = mean((r) => r.insert.cpuUs);
    for (const k of ['a', 'b', 'e']) load[k].cpuUs = mean((r) => r[k].cpuUs ?? 0) || null;
    load.ofLimitMany = pct(load.b.rps, load.inProcess.batchMany);
    load.ofSubmit = pct(load.b.rps, load.inProcess.submit);
    load.aOfInsert = pct(load.a.rps, load.inProcess.insert);
  }
  console.log(JSON.stringify(load, null, 2));

  log(`Fault run on ${RUNTIME}: 12 clients × 100 submissions, two SIGKILLs`);
  const faultForm = await createBenchForm(server.base, server.password, `fault-${run}`);
  const fault = await runFaultScenario(server, {
    slug: faultForm.slug,
    formId: faultForm.formId,
    clients: 12,
    perClient: 100,
    kills: 2,
    gapMs: 20,
  });
  fault.scale = '12 clients × 100 submissions';
  fault.runtime = RUNTIME;
  console.log(JSON.stringify(fault, null, 2));

  writeSections(OUT, load, fault);
  log(
    ON_NODE
      ? `Wrote ${path.relative(ROOT, OUT)} — (b) ${load.b.rps}/s = ${load.ofLimit} % of the in-process batch (${load.inProcess.batch}/s); target ≥ 50 % and ≥ 1,000/s`
      : `Wrote ${path.relative(ROOT, OUT)} — ratio b/a = ${load.ratio} % (target ≥ 70 %), ceiling e/a = ${load.ceiling} %`,
  );
  if (fault.problems.length) {
    console.error(fault.problems.join('\n'));
    process.exitCode = 1;
  }
} finally {
  await inProcess?.stop();
  await server.stop();
}
