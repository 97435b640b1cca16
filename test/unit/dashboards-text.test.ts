/**
 * Free-text answers with bounded work per request (decision 208) and the WITHOUT ROWID counter
 * tables (decision 207), against real D1.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { formTextAnswers } from '../../worker/dashboards/form-results';
import { scanResponsesForText } from '../../worker/dashboards/queries';
import { resolveScope } from '../../worker/dashboards/scope';
import { meterD1 } from '../../worker/lib/d1meter';
import { createTree } from '../helpers/fixtures';
import { publishForm, session, submit } from './dashboards.fixtures';

type Tree = Awaited<ReturnType<typeof createTree>>;
let tree: Tree;
let form: Awaited<ReturnType<typeof publishForm>>;
/** Texts in ward A that contain the needle ("ngập nước"), and the count of ward-A responses. */
const matching: string[] = [];
const TOTAL = 45;
beforeAll(async () => {
  tree = await createTree();
  form = await publishForm(tree.city.id);
  const days = ['2026-03-02', '2026-03-09', '2026-03-16'];
  for (let i = 0; i < TOTAL; i++) {
    // Every 4th one mentions flooding; same day ⇒ same submitted_at, so ties are broken by id.
    const text = i % 4 === 0 ? `Đường ${i} bị ngập nước` : `Góp ý ${i} về vỉa hè`;
    if (i % 4 === 0) matching.push(text);
    await submit(form, tree.wardA.id, days[i % 3]!, { y_kien: text, hai_long: 3 });
  }
  // Outside ward A: must never appear for a ward-A viewer, but it is visited by the scan.
  for (let i = 0; i < 6; i++) {
    await submit(form, tree.wardB.id, '2026-03-10', { y_kien: `Phường B ${i} ngập nước`, hai_long: 4 });
  }
});

describe('counter tables', () => {
  it('are WITHOUT ROWID (migration 0001)', async () => {
    const { results } = await env.DB.prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'table'
        AND name IN ('response_counts', 'answer_counts', 'response_month_counts', 'answer_month_counts')`,
    ).all<{ name: string; sql: string }>();
    expect(results).toHaveLength(4);
    for (const t of results) expect(t.sql).toMatch(/WITHOUT ROWID\s*$/);
  });
});

describe('free-text search with bounded scan', () => {
  const viewer = () => session('board_viewer', tree.wardA);
  const filters = { unitId: undefined, from: '2026-03', to: '2026-03', questionId: 'y_kien' };

  /** Follows nextCursor to the end; returns every answer and every request's `searched`. */
  async function all(q: string | undefined, limit: number, scan: number) {
    const texts: string[] = [];
    const searched: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await formTextAnswers(
        env.DB,
        viewer(),
        form.id,
        { ...filters, q, cursor, limit },
        5,
        scan,
      );
      expect(page.suppressed).toBe(false);
      texts.push(...page.answers.map((a) => a.text));
      searched.push(page.searched);
      if (!page.nextCursor) return { texts, searched };
      cursor = page.nextCursor;
    }
    throw new Error('no end');
  }

  it('continuing finds every match exactly once, each request visiting at most `scan` responses', async () => {
    for (const [limit, scan] of [
      [2, 7],
      [50, 7],
      [1, 100],
      [3, 1],
    ] as const) {
      const { texts, searched } = await all('NGAP nuoc', limit, scan);
      expect(texts.slice().sort()).toEqual(matching.slice().sort());
      expect(new Set(texts).size).toBe(texts.length);
      expect(Math.max(...searched)).toBeLessThanOrEqual(scan);
      // Requests resume where the previous stopped: together they visit each response once. The
      // ward-B responses are visited too (scope is applied to the visited rows).
      expect(searched.reduce((s, n) => s + n, 0)).toBe(TOTAL + 6);
    }
  });

  it('a search with few matches stops at the scan limit and says how far it got', async () => {
    const page = await formTextAnswers(env.DB, viewer(), form.id, { ...filters, q: 'ngập', limit: 50 }, 5, 8);
    expect(page.searched).toBe(8);
    expect(page.nextCursor).not.toBeNull();
    expect(page.answers.length).toBeLessThanOrEqual(8);
    expect(page.answers.every((a) => a.text.includes('ngập nước') && !a.text.startsWith('Phường B'))).toBe(
      true,
    );
  });

  it('without a needle it pages through all ward-A answers, newest first', async () => {
    const { texts } = await all(undefined, 10, 12);
    expect(texts).toHaveLength(TOTAL);
    const days = (
      await formTextAnswers(env.DB, viewer(), form.id, { ...filters, limit: 45 }, 5, 100)
    ).answers.map((a) => a.day);
    expect(days).toEqual(days.slice().sort().reverse());
  });

  // D1's rows_read meter; node:sqlite reports none (worker/platform/node/d1.ts), so this is workerd's.
  it.runIf(env.TEST_RUNTIME === 'workerd')(
    'rows read grow with the scan limit, not with the responses in the period',
    async () => {
      const scope = await resolveScope(env.DB, viewer(), filters);
      const read = async (scan: number) => {
        const { db, usage } = meterD1(env.DB);
        await scanResponsesForText(db, { formId: form.id, w: scope.window, needle: 'khong co dau', scan });
        return usage.rowsRead;
      };
      const small = await read(5);
      const full = await read(1000);
      console.log(`text scan rows read: scan 5 → ${small}, whole period (51) → ${full}`);
      expect(small).toBeLessThan(full / 3);
    },
  );

  it('the scan follows the (form_id, submitted_at, rowid) index with no sort, so ties cost nothing extra', async () => {
    const { results } = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT r.id FROM responses r
        WHERE r.form_id = ?1 AND r.submitted_at >= ?2 AND r.submitted_at < ?3
          AND (r.submitted_at < ?4 OR (r.submitted_at = ?4 AND r.rowid < ?5))
        ORDER BY r.submitted_at DESC, r.rowid DESC LIMIT 10`,
    )
      .bind(form.id, 0, 1e15, 1e14, 5)
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail).join(' | ');
    expect(plan).toContain('responses_form_idx');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
