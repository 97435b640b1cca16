/**
 * Bản chụp hằng tháng: on the 1st of each month (Vietnam time) the daily cron writes, for every
 * unit where someone holds board_viewer and every available view, last month's report to R2 —
 * JSON (the sections) and CSV (the export) under `snapshots/<yyyy-mm>/<unitId>/<view>.{json,csv}`.
 * Idempotent: a re-run overwrites the same keys with the same figures.
 */

import { subtreeBounds } from '../db/subtree';
import type { Env } from '../env';
import { addMonths, vnDay } from '../lib/time';
import { BOARD_VIEWS, reportFor, VIEWS } from './boards';
import { reportCsv } from './export';
import { selectBoardAudiences } from './queries';

/**
 * Writes last month's snapshots when `now` is the 1st (or always with `force`). Returns the keys
 * written. Call from the daily cron: `snapshotBoards(env, now)`.
 */
export async function snapshotBoards(env: Env, now = Date.now(), opts: { force?: boolean } = {}) {
  const today = vnDay(now);
  if (!opts.force && !today.endsWith('-01')) return [];
  const month = addMonths(today.slice(0, 7), -1);
  const keys: string[] = [];
  for (const unit of await selectBoardAudiences(env.DB)) {
    const [lo, hi] = subtreeBounds(unit.path);
    const scope = {
      unit,
      period: { from: month, to: month },
      window: { lo, hi, fromDay: `${month}-01`, toDay: `${addMonths(month, 1)}-01` },
    };
    for (const view of BOARD_VIEWS) {
      if (!VIEWS[view].build) continue;
      const r = await reportFor(env.DB, view, scope);
      const base = `snapshots/${month}/${unit.id}/${view}`;
      const meta = { httpMetadata: { contentType: 'application/json' } };
      await env.FILES.put(`${base}.json`, JSON.stringify(r), meta);
      await env.FILES.put(`${base}.csv`, reportCsv({ ...r, title: r.title.vi }), {
        httpMetadata: { contentType: 'text/csv; charset=utf-8' },
      });
      keys.push(`${base}.json`, `${base}.csv`);
    }
  }
  return keys;
}
