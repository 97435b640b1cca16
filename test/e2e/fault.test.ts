/**
 * Fault test (issue 3, item 6; issue 11, item 5), small scale: 4 clients stream 60 submissions to a
 * server of this file's own (not the shared e2e server: this one is SIGKILLed mid-stream and
 * restarted on the same port and data), on the runtime of the browser project (global-setup's
 * `runtime`: the `wrangler dev` process group, or with E2E_RUNTIME=node the Node server process).
 * Every acknowledged submission must be stored exactly once with the receipt the client saw;
 * retries and re-sends with the same keys must add nothing. The larger scale runs in `npm run
 * bench` (`-- --runtime=node` for Node, test/bench/run.mjs); its counts go to docs/benchmarks.md.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runFaultScenario } from '../bench/fault.mjs';
import { type AppServer, createBenchForm, startAppServer } from '../bench/harness.mjs';

let server: AppServer;
let form: { slug: string; formId: string };
const runtime = inject('runtime') ?? 'workerd';

beforeAll(async () => {
  server = await startAppServer({ label: 'fault', runtime });
  form = await createBenchForm(server.base, server.password, 'fault-test');
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe(`a server killed mid-stream loses nothing and duplicates nothing (${runtime})`, () => {
  it('60 submissions from 4 clients, one SIGKILL + restart', async () => {
    const { counts, problems } = await runFaultScenario(server, {
      ...form,
      clients: 4,
      perClient: 15,
      kills: 1,
    });
    console.log('fault test counts', JSON.stringify(counts));
    expect(problems).toEqual([]);
    expect(counts.kills).toBe(1);
    // The kill really interrupted the stream: some attempts failed and were retried.
    expect(counts.failedAttempts).toBeGreaterThan(0);
    expect(counts.acknowledged).toBe(60);
    expect(counts.stored).toBe(60);
    expect(counts.duplicateKeys).toBe(0);
    expect(counts.duplicateMarkers).toBe(0);
    expect(counts.missing).toBe(0);
    expect(counts.resent).toBeGreaterThan(0);
    expect(counts.resendMismatches).toBe(0);
  }, 180_000);
});
