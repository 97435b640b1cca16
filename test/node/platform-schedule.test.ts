/** The Node platform's schedules (worker/platform/node/platform.ts): wrangler.toml's crons, UTC, one run at a time. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createNodePlatform } from '../../worker/platform/node/platform';

const root = path.resolve(import.meta.dirname, '../..');

/** A platform on a throwaway in-memory database (schedules only: nothing is migrated). */
const platformWith = (jobs?: Parameters<typeof createNodePlatform>[0]['jobs']) =>
  createNodePlatform({
    root,
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cron-')),
    vars: {},
    dbPath: ':memory:',
    migrate: false,
    jobs,
  });

describe('schedules', () => {
  it('runs the crons of wrangler.toml at the same UTC times', async () => {
    const p = platformWith();
    p.startSchedules();
    const runs = p.nextRuns();
    expect(runs.map((r) => r.cron)).toEqual(['0 18 * * *', '*/10 * * * *']);
    const daily = runs[0]!.next!;
    expect([daily.getUTCHours(), daily.getUTCMinutes()]).toEqual([18, 0]);
    expect(runs[1]!.next!.getUTCMinutes() % 10).toBe(0);
    await p.close();
  });

  it('one run at a time: a run that is due while another works waits for it; a failure does not stop the next', async () => {
    const events: string[] = [];
    const p = platformWith(async (cron) => {
      events.push(`start ${cron}`);
      await new Promise((r) => setTimeout(r, 30));
      events.push(`end ${cron}`);
      if (cron === 'b') throw new Error('job failed');
    });
    // The failure is logged as one JSON line (kept out of the test output, and checked).
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let lines: unknown[];
    try {
      await Promise.all([p.runSchedule('a'), p.runSchedule('b'), p.runSchedule('c')]);
      lines = logged.mock.calls.map((c) => JSON.parse(String(c[0])));
    } finally {
      logged.mockRestore();
    }
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(lines).toEqual([
      { level: 'error', msg: 'scheduled run failed', cron: 'b', err: 'Error: job failed' },
    ]);
    await p.close();
  });
});
