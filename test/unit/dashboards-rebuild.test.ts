/**
 * The rollup rebuild is bounded by rows and time, not only by batches (decision 213, issue 15
 * item 4): a call with a tiny time budget runs one batch and hands back a cursor; a slice holds at
 * most `sliceRows` responses (a busier day alone is one slice); and looping on the cursor under any
 * budget gives exactly the rollups of one unbounded rebuild — which are the incremental ones.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildAll, rebuildRollups } from '../../worker/dashboards/rebuild';
import { vnMidnight } from '../../worker/lib/time';
import { createTree } from '../helpers/fixtures';
import { publishForm, rollupsOf, submit } from './dashboards.fixtures';

type Tree = Awaited<ReturnType<typeof createTree>>;
let tree: Tree;
let form: Awaited<ReturnType<typeof publishForm>>;
/** Responses per day of the test form: a busy day (5), quiet days, two months. */
const DAYS: [string, number][] = [
  ['2026-01-03', 1],
  ['2026-01-04', 5],
  ['2026-01-09', 1],
  ['2026-01-20', 2],
  ['2026-01-31', 1],
  ['2026-02-01', 3],
  ['2026-02-27', 1],
];
let incremental: Awaited<ReturnType<typeof rollupsOf>>;

beforeAll(async () => {
  tree = await createTree();
  form = await publishForm(tree.city.id);
  let i = 0;
  for (const [day, n] of DAYS)
    for (let k = 0; k < n; k++)
      await submit(form, [tree.wardA, tree.wardB][i++ % 2]!.id, day, {
        hai_long: 1 + (i % 5),
        chu_de: ['y_te'],
        y_kien: 'Ý kiến',
      });
  incremental = await rollupsOf(form.id);
});

/** Shifts every counter of the form, so a rebuild that skips anything shows. */
async function damage() {
  await env.DB.batch([
    env.DB.prepare('UPDATE response_counts SET n = n + 7 WHERE form_id = ?').bind(form.id),
    env.DB.prepare('UPDATE response_month_counts SET n = n + 3 WHERE form_id = ?').bind(form.id),
    env.DB.prepare('UPDATE answer_counts SET n = n + 2 WHERE version_id = ?').bind(form.versionId),
    env.DB.prepare('UPDATE answer_month_counts SET n = n + 1 WHERE version_id = ?').bind(form.versionId),
  ]);
  expect(await rollupsOf(form.id)).not.toEqual(incremental);
}

/** Raw responses of the form from day `from` (inclusive) to day `to` (exclusive). */
async function responsesBetween(from: string, to: string) {
  const r = await env.DB.prepare(
    'SELECT COUNT(*) AS n FROM responses WHERE form_id = ? AND submitted_at >= ? AND submitted_at < ?',
  )
    .bind(form.id, vnMidnight(from), vnMidnight(to))
    .first<{ n: number }>();
  return r!.n;
}

describe('rebuild budget', () => {
  it('one unbounded call rebuilds everything: the incremental rollups', async () => {
    await damage();
    const r = await rebuildRollups(env.DB, { formId: form.id, maxBatches: 1000, maxMs: 60_000 });
    expect(r.cursor).toBeNull();
    expect(await rollupsOf(form.id)).toEqual(incremental);
  });

  it('a tiny time budget: each call runs exactly one batch and returns a cursor; the loop gives the same rollups', async () => {
    await damage();
    let cursor: string | null = null;
    const batches: number[] = [];
    do {
      const r = await rebuildRollups(env.DB, { formId: form.id, cursor, maxMs: 0, maxBatches: 1000 });
      batches.push(r.batches);
      cursor = r.cursor;
    } while (cursor && batches.length < 100);
    expect(cursor).toBeNull();
    // Two months, a whole-month slice each (default sliceRows): two calls of one batch.
    expect(batches).toEqual([1, 1]);
    expect(await rollupsOf(form.id)).toEqual(incremental);
  });

  it('a row budget: every slice holds at most sliceRows responses, or is one day', async () => {
    await damage();
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await rebuildRollups(env.DB, { formId: form.id, cursor, maxBatches: 1, sliceRows: 2 });
      cursor = r.cursor;
      if (cursor) cursors.push(cursor.split('|')[1]!);
    } while (cursor && cursors.length < 100);
    expect(await rollupsOf(form.id)).toEqual(incremental);
    const bounds = ['2026-01-01', ...cursors, '2026-03-01'];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [from, to] = [bounds[i]!, bounds[i + 1]!];
      const n = await responsesBetween(from, to);
      const oneDay = vnMidnight(to) - vnMidnight(from) === 86_400_000;
      expect(n <= 2 || oneDay, `${from}…${to}: ${n} responses`).toBe(true);
    }
    // The busy day (5 responses) is a slice of its own; whole months would have been 2 slices.
    expect(cursors).toContain('2026-01-04');
    expect(cursors).toContain('2026-01-05');
    expect(cursors.length).toBeGreaterThan(4);
  });

  it('rebuildAll (forms, then cases) under a tiny time budget: one batch per call, nothing lost', async () => {
    await damage();
    let cursor: string | null = null;
    let calls = 0;
    do {
      const r = await rebuildAll(env.DB, { cursor, maxMs: 0, sliceRows: 3 });
      expect(r.batches).toBeLessThanOrEqual(1);
      cursor = r.cursor;
      calls += 1;
    } while (cursor && calls < 100);
    expect(cursor).toBeNull();
    expect(await rollupsOf(form.id)).toEqual(incremental);
  });
});
