/**
 * The fault scenario (issue 3, item 6): several clients stream submissions, each with its own
 * idempotency keys; mid-stream the server's process group is SIGKILLed and restarted on the same
 * port and data. Each client behaves like the public form's offline queue: a submission whose
 * reply it did not see (connection refused/reset, 5xx, 429) stays queued with its key and is sent
 * again once the server answers; at the end it also re-sends a sample of acknowledged submissions.
 * Then the database is counted: every acknowledged key stored exactly once with the acknowledged
 * receipt, no duplicates. Either runtime (`server.runtime`: the wrangler dev process group, or the
 * Node server process, is what gets killed). Plain Node ESM (types in fault.d.mts); used by test/e2e/fault.test.ts
 * (small scale) and test/bench/run.mjs (larger scale).
 */
import { benchAnswers, queryServerDb } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the scenario against `server` (from `startAppServer`) and form `slug`/`formId`.
 * `kills` SIGKILLs happen when the acknowledged count crosses total·k/(kills+1).
 * Returns the counts; `problems` lists every broken guarantee (empty when all hold).
 */
export async function runFaultScenario(server, opts) {
  const {
    slug,
    formId,
    clients = 4,
    perClient = 15,
    kills = 1,
    gapMs = 40,
    backoffMs = 300,
    resendEvery = 3,
    downMs = 500,
    deadlineMs = 120_000,
  } = opts;
  const run = Date.now().toString(36);
  const total = clients * perClient;
  const url = `${server.base}/api/public/forms/${slug}/responses`;
  const started = Date.now();
  const counts = {
    sent: total,
    attempts: 0,
    failedAttempts: 0,
    inFlightAtKill: 0,
    acknowledged: 0,
    replayedAcks: 0,
    resent: 0,
    resendMismatches: 0,
    rejected: 0,
    kills: 0,
    stored: 0,
    duplicateKeys: 0,
    duplicateMarkers: 0,
    missing: 0,
    storedUnacknowledged: 0,
    receiptMismatches: 0,
    seconds: 0,
  };
  const problems = [];
  /** key → receipt acknowledged to the client. */
  const acked = new Map();
  const inFlight = new Set();
  let down = false;

  /** One HTTP attempt: 'ack' (reply seen), 'retry' (no reply / server trouble), 'rejected' (4xx bug). */
  async function attempt(item) {
    counts.attempts++;
    inFlight.add(item);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': item.key,
          'x-device-key': item.device,
          'cf-connecting-ip': item.ip,
        },
        body: item.body,
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      if (res.status === 201 || res.status === 200) {
        const { receiptCode } = JSON.parse(text);
        if (res.status === 200) counts.replayedAcks++;
        const prior = acked.get(item.key);
        if (prior && prior !== receiptCode) {
          counts.resendMismatches++;
          problems.push(`${item.key}: acknowledged ${prior}, then ${receiptCode}`);
        }
        acked.set(item.key, receiptCode);
        return 'ack';
      }
      if (res.status >= 500 || res.status === 429) {
        counts.failedAttempts++;
        return 'retry';
      }
      counts.rejected++;
      problems.push(`${item.key}: HTTP ${res.status} ${text.slice(0, 200)}`);
      return 'rejected';
    } catch {
      counts.failedAttempts++;
      return 'retry';
    } finally {
      inFlight.delete(item);
    }
  }

  async function client(c) {
    const queue = [];
    const mine = [];
    for (let i = 0; i < perClient; i++) {
      const n = c * perClient + i;
      // One device key per submission (one citizen's phone), one simulated IP per client.
      const item = {
        key: `fault-${run}-${c}-${i}`,
        device: `dev-${run}-${n}`,
        ip: `198.51.100.${(c % 250) + 1}`,
        body: JSON.stringify(benchAnswers(`fault-${run}-${n}`, n)),
      };
      mine.push(item);
      const r = await attempt(item);
      if (r === 'retry') {
        queue.push(item);
        await sleep(backoffMs);
        continue;
      }
      // The connection is back: flush what was queued, in order, before the next new submission.
      while (queue.length && (await attempt(queue[0])) !== 'retry') queue.shift();
      await sleep(gapMs);
    }
    // End of the stream: keep flushing until everything is acknowledged (or the deadline).
    while (queue.length) {
      if (Date.now() - started > deadlineMs) {
        problems.push(`client ${c}: ${queue.length} submissions never acknowledged`);
        break;
      }
      if ((await attempt(queue[0])) === 'retry') await sleep(backoffMs);
      else queue.shift();
    }
    // Re-send a sample of acknowledged submissions with the same keys: same receipt, nothing new.
    for (const item of mine.filter((_, i) => i % resendEvery === 0)) {
      if (!acked.has(item.key)) continue;
      counts.resent++;
      const before = counts.replayedAcks;
      await attempt(item);
      if (counts.replayedAcks === before) {
        counts.resendMismatches++;
        problems.push(`${item.key}: a re-send was not answered as a replay (200)`);
      }
    }
  }

  async function killer() {
    for (let k = 1; k <= kills; k++) {
      const at = Math.floor((total * k) / (kills + 1));
      while (acked.size < at) {
        if (Date.now() - started > deadlineMs) return;
        await sleep(5);
      }
      counts.inFlightAtKill += inFlight.size;
      down = true;
      await server.kill();
      counts.kills++;
      await sleep(downMs);
      await server.restart();
      down = false;
    }
  }

  await Promise.all([killer(), ...Array.from({ length: clients }, (_, c) => client(c))]);
  if (down) problems.push('the server did not come back');
  counts.acknowledged = acked.size;
  counts.seconds = Math.round((Date.now() - started) / 100) / 10;

  // Count what the database holds for this run (read straight from the persisted local D1, or the
  // Node server's SQLite file).
  const rows = await queryServerDb(
    server,
    `SELECT idempotency_key AS k, receipt_code AS r, json_extract(data, '$.ho_ten') AS m
       FROM responses WHERE form_id = '${formId}' AND idempotency_key LIKE 'fault-${run}-%'`,
  );
  counts.stored = rows.length;
  const byKey = new Map();
  const byMarker = new Map();
  for (const row of rows) {
    byKey.set(row.k, [...(byKey.get(row.k) ?? []), row]);
    byMarker.set(row.m, (byMarker.get(row.m) ?? 0) + 1);
  }
  counts.duplicateKeys = [...byKey.values()].filter((l) => l.length > 1).length;
  counts.duplicateMarkers = [...byMarker.values()].filter((n) => n > 1).length;
  for (const [key, receipt] of acked) {
    const stored = byKey.get(key);
    if (!stored) {
      counts.missing++;
      problems.push(`${key}: acknowledged (${receipt}) but not stored`);
    } else if (stored[0].r !== receipt) {
      counts.receiptMismatches++;
      problems.push(`${key}: acknowledged ${receipt}, stored ${stored[0].r}`);
    }
  }
  counts.storedUnacknowledged = [...byKey.keys()].filter((k) => !acked.has(k)).length;
  if (counts.duplicateKeys) problems.push(`${counts.duplicateKeys} keys stored more than once`);
  if (counts.duplicateMarkers) problems.push(`${counts.duplicateMarkers} submissions stored more than once`);
  if (counts.storedUnacknowledged)
    problems.push(`${counts.storedUnacknowledged} stored rows never acknowledged`);
  if (counts.kills !== kills) problems.push(`${counts.kills} of ${kills} kills happened`);
  return { counts, problems };
}
