/**
 * Every SQL statement the dashboards read. They read ROLLUP tables only (response_counts,
 * answer_counts), never a GROUP BY over raw responses — except the free-text page, which is raw
 * reading by nature and always bounded by LIMIT.
 *
 * Two patterns make every read O(buckets in the filter):
 * - `EFF`: the units of a subtree plus, recursively, every unit merged into one of them, each
 *   mapped to its current successor ("effective unit"). Merged history rolls up at query time;
 *   raw rows are never rewritten.
 * - Keyed seeks: every lookup into a counter table binds its key prefix up to the unit plus a
 *   range on the day/month — an index seek, not a scan of the form's history (answer_month_counts
 *   is keyed version, unit, month, …: decision 209). CROSS JOIN fixes the join order — SQLite's planner otherwise puts the units last and
 *   loses the unit part of the seek; `+merged_into_id` keeps the subtree on the path index.
 */

import { vnMidnight } from '../lib/time';

/** Subtree of [lo, hi) (see `subtreeBounds`) → (id, eff): a unit and the current unit it counts for. */
const EFF = `eff(id, eff) AS (
  SELECT id, id FROM units WHERE path >= ?1 AND path < ?2 AND +merged_into_id IS NULL
  UNION ALL
  SELECT u.id, e.eff FROM units u JOIN eff e ON u.merged_into_id = e.id
)`;

export interface FormInfo {
  id: string;
  slug: string;
  title: string;
  kind: string;
  ownerUnitId: string;
  ownerPath: string;
}

/** A form with its owner's path (for authorisation). */
export async function selectForm(d1: D1Database, id: string): Promise<FormInfo | null> {
  return d1
    .prepare(
      `SELECT f.id, f.slug, f.title, f.kind, f.owner_unit_id AS ownerUnitId, u.path AS ownerPath
         FROM forms f JOIN units u ON u.id = f.owner_unit_id WHERE f.id = ?`,
    )
    .bind(id)
    .first<FormInfo>();
}

/** Published definitions of a form, newest first. */
export async function selectVersions(d1: D1Database, formId: string) {
  const { results } = await d1
    .prepare('SELECT id, version, definition FROM form_versions WHERE form_id = ? ORDER BY version DESC')
    .bind(formId)
    .all<{ id: string; version: number; definition: string }>();
  return results;
}

/** A unit's id, name and path. */
export async function selectUnit(d1: D1Database, id: string) {
  return d1
    .prepare('SELECT id, name, path, merged_into_id AS mergedIntoId FROM units WHERE id = ?')
    .bind(id)
    .first<{ id: string; name: string; path: string; mergedIntoId: string | null }>();
}

/** Names of units (charts label by name). */
export async function selectUnitNames(d1: D1Database, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const { results } = await d1
    .prepare('SELECT id, name FROM units WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(ids))
    .all<{ id: string; name: string }>();
  return new Map(results.map((r) => [r.id, r.name]));
}

/** Scope of one read: a subtree range, a day range [fromDay, toDay) in Vietnam dates. */
export interface Window {
  lo: string;
  hi: string;
  fromDay: string;
  toDay: string;
}

/** A volume cell: `day` is 'yyyy-mm-dd', or 'yyyy-mm' from the month buckets. */
export interface VolumeRow {
  formId: string;
  unitId: string;
  day: string;
  n: number;
}

/**
 * Adds up rows that share a cell after merges map several units to one effective unit. Done here
 * rather than by SQL GROUP BY: D1 counts every row passed through GROUP BY's sorter as read, which
 * doubled the rows a wide dashboard read (decision 209).
 */
function sumMerged<T extends { n: number; total?: number }>(rows: T[], cell: (r: T) => string): T[] {
  const out = new Map<string, T>();
  for (const r of rows) {
    const key = cell(r);
    const seen = out.get(key);
    if (!seen) out.set(key, { ...r });
    else {
      seen.n += r.n;
      if (seen.total !== undefined && r.total !== undefined) seen.total += r.total;
    }
  }
  return [...out.values()];
}

/**
 * Response volume by effective unit and day for some forms, when the window is one month (the day
 * series); longer windows read the month buckets instead. Forms are enumerated, so the lookup
 * binds the primary key prefix (form, unit) and a day/month range.
 */
export async function volumeByUnitDay(d1: D1Database, formIds: string[], w: Window) {
  // Ranges of more than one month read the month buckets (decision 205); `day` is then 'yyyy-mm'.
  if (w.fromDay.slice(0, 7) !== prevMonthOf(w.toDay)) return volumeByUnitMonth(d1, formIds, w);
  const { results } = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT f.value AS formId, e.eff AS unitId, rc.day, rc.n
         FROM json_each(?5) f
         CROSS JOIN eff e
         CROSS JOIN response_counts rc ON rc.form_id = f.value AND rc.unit_id = e.id AND rc.day >= ?3 AND rc.day < ?4`,
    )
    .bind(w.lo, w.hi, w.fromDay, w.toDay, JSON.stringify(formIds))
    .all<VolumeRow>();
  return sumMerged(results, (r) => `${r.formId}|${r.unitId}|${r.day}`);
}

/** 'yyyy-mm' of the month before the first day `day` (yyyy-mm-01). */
function prevMonthOf(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Response volume by effective unit and MONTH (`day` = 'yyyy-mm'): the month buckets. */
export async function volumeByUnitMonth(d1: D1Database, formIds: string[], w: Window) {
  const { results } = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT f.value AS formId, e.eff AS unitId, rc.month AS day, rc.n
         FROM json_each(?5) f
         CROSS JOIN eff e
         CROSS JOIN response_month_counts rc ON rc.form_id = f.value AND rc.unit_id = e.id AND rc.month >= ?3 AND rc.month < ?4`,
    )
    .bind(w.lo, w.hi, w.fromDay.slice(0, 7), w.toDay.slice(0, 7), JSON.stringify(formIds))
    .all<VolumeRow>();
  return sumMerged(results, (r) => `${r.formId}|${r.unitId}|${r.day}`);
}

/**
 * Answer counts by effective unit, month, question, item and option of the given form versions,
 * from the MONTH buckets (decisions 205, 209). The table is keyed (version, unit, month, …): the
 * subtree is walked once and each (version, unit) is one seek that reads that unit's months whole,
 * so rows read = units + cells (keys × units × months that exist), whatever the volume.
 */
export async function answersByUnitMonth(d1: D1Database, versionIds: string[], w: Window) {
  const { results } = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT e.eff AS unitId, ac.month, ac.question_id AS questionId, ac.item, ac.option, ac.n, ac.total
         FROM eff e
         CROSS JOIN json_each(?5) v
         CROSS JOIN answer_month_counts ac
           ON ac.version_id = v.value AND ac.unit_id = e.id AND ac.month >= ?3 AND ac.month < ?4`,
    )
    .bind(w.lo, w.hi, w.fromDay.slice(0, 7), w.toDay.slice(0, 7), JSON.stringify(versionIds))
    .all<AnswerCellRow>();
  return sumMerged(results, (r) => `${r.unitId}|${r.month}|${r.questionId}|${r.item}|${r.option}`);
}
export interface AnswerCellRow {
  unitId: string;
  month: string;
  questionId: string;
  item: string;
  option: string;
  n: number;
  total: number;
}

/**
 * The bounded scan behind free-text answers (decision 208): at most `scan` responses of the form in
 * the period, newest first (keyset on submitted_at, rowid, after `after`), in index order
 * (form_id, submitted_at, rowid): the rowid tiebreak is in the index, so no sort and no reading
 * past the limit when many responses share a timestamp (an id tiebreak needed a temp B-tree that
 * read every row of the boundary timestamp). Each row says whether it is a candidate: in the subtree, in the day
 * range and, with `needle`, its folded search text contains it. Only the responses table is read
 * (index entry + row per response); answers are fetched for the chosen candidates afterwards.
 */
export async function scanResponsesForText(
  d1: D1Database,
  f: { formId: string; w: Window; needle?: string; after?: { at: number; row: number }; scan: number },
) {
  const params: unknown[] = [
    f.w.lo,
    f.w.hi,
    f.w.fromDay,
    f.w.toDay,
    f.formId,
    vnMidnight(f.w.fromDay),
    vnMidnight(f.w.toDay),
    f.scan,
  ];
  const where = ['r.form_id = ?5', 'r.submitted_at >= ?6', 'r.submitted_at < ?7'];
  if (f.after) {
    params.push(f.after.at, f.after.row);
    const a = params.length - 1;
    where.push(`(r.submitted_at < ?${a} OR (r.submitted_at = ?${a} AND r.rowid < ?${a + 1}))`);
  }
  const hit = ['r.day >= ?3', 'r.day < ?4', 'r.unit_id IN (SELECT id FROM eff)'];
  if (f.needle) {
    params.push(f.needle);
    hit.push(`instr(r.search_text, ?${params.length}) > 0`);
  }
  const { results } = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT r.id, r.rowid AS row, r.submitted_at AS submittedAt, r.day, (${hit.join(' AND ')}) AS hit
         FROM responses r WHERE ${where.join(' AND ')}
        ORDER BY r.submitted_at DESC, r.rowid DESC LIMIT ?8`,
    )
    .bind(...params)
    .all<{ id: string; row: number; submittedAt: number; day: string; hit: number }>();
  return results;
}

/** Non-empty answers to one question of the given responses (at most a page of ids). */
export async function selectTextAnswers(d1: D1Database, questionId: string, responseIds: string[]) {
  if (responseIds.length === 0) return [];
  const { results } = await d1
    .prepare(
      `SELECT a.response_id AS responseId, a.value AS text FROM json_each(?1) j
         JOIN answers a ON a.response_id = j.value
        WHERE a.question_id = ?2 AND a.value IS NOT NULL AND a.value <> ''`,
    )
    .bind(JSON.stringify(responseIds), questionId)
    .all<{ responseId: string; text: string }>();
  return results;
}

/** Forms whose responses a board's intake view counts: every form, with its kind (small table). */
export async function selectFormsForIntake(d1: D1Database) {
  const { results } = await d1
    .prepare(`SELECT id, kind, title FROM forms WHERE current_version_id IS NOT NULL ORDER BY created_at`)
    .all<{ id: string; kind: string; title: string }>();
  return results;
}

/** Units on which someone holds board_viewer: the audiences of the monthly snapshots. */
export async function selectBoardAudiences(d1: D1Database) {
  const { results } = await d1
    .prepare(
      `SELECT DISTINCT u.id, u.name, u.path FROM role_grants g JOIN units u ON u.id = g.unit_id
        WHERE g.role = 'board_viewer' AND u.merged_into_id IS NULL ORDER BY u.path`,
    )
    .all<{ id: string; name: string; path: string }>();
  return results;
}

/**
 * The NAIVE way, for the benchmark's comparison only (development route): the same figures by GROUP BY
 * over raw rows. Never used by a dashboard.
 */
export async function naiveFigures(d1: D1Database, formId: string, w: Window) {
  const volume = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT e.eff AS unitId, COUNT(*) AS n FROM responses r JOIN eff e ON e.id = r.unit_id
        WHERE r.form_id = ?5 AND r.day >= ?3 AND r.day < ?4 GROUP BY 1`,
    )
    .bind(w.lo, w.hi, w.fromDay, w.toDay, formId)
    .all();
  const answers = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT a.question_id, a.item, a.value, COUNT(*) AS n
         FROM responses r JOIN eff e ON e.id = r.unit_id JOIN answers a ON a.response_id = r.id
        WHERE r.form_id = ?5 AND r.day >= ?3 AND r.day < ?4 GROUP BY 1, 2, 3`,
    )
    .bind(w.lo, w.hi, w.fromDay, w.toDay, formId)
    .all();
  return { volume: volume.results, answers: answers.results };
}

/**
 * The NAIVE case figures, for the benchmark only (development route): what the case boards show
 * (entries by kind × unit × month, deadline outcomes, open backlog) by GROUP BY over the raw
 * `cases` and `case_events` rows of the subtree and period. Never used by a dashboard.
 */
export async function naiveCaseFigures(d1: D1Database, w: Window) {
  const from = vnMidnight(w.fromDay);
  const to = vnMidnight(w.toDay);
  const month = "strftime('%Y-%m', (ev.at + 25200000) / 1000, 'unixepoch')";
  const flow = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT ev.kind, ev.to_status AS status, e.eff AS unitId, ${month} AS month, COUNT(*) AS n
         FROM case_events ev JOIN eff e ON e.id = ev.unit_id
        WHERE ev.at >= ?3 AND ev.at < ?4 AND ev.to_status IS NOT NULL
          AND (ev.from_status IS NULL OR ev.from_status <> ev.to_status) GROUP BY 1, 2, 3, 4`,
    )
    .bind(w.lo, w.hi, from, to)
    .all();
  const outcomes = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT ev.kind, e.eff AS unitId, ${month} AS month, ev.outcome, COUNT(*) AS n
         FROM case_events ev JOIN eff e ON e.id = ev.unit_id
        WHERE ev.at >= ?3 AND ev.at < ?4 AND ev.outcome IS NOT NULL GROUP BY 1, 2, 3, 4`,
    )
    .bind(w.lo, w.hi, from, to)
    .all();
  const backlog = await d1
    .prepare(
      `WITH RECURSIVE ${EFF}
       SELECT c.kind, c.status, e.eff AS unitId, COUNT(*) AS n FROM cases c JOIN eff e ON e.id = c.unit_id
        WHERE c.status <> 'closed' GROUP BY 1, 2, 3`,
    )
    .bind(w.lo, w.hi)
    .all();
  return { flow: flow.results, outcomes: outcomes.results, backlog: backlog.results };
}

/**
 * The units of a subtree plus every unit merged (recursively) into one of them, each with the
 * current unit it counts for. Other modules' rollups are read by these ids and summed per `eff`.
 */
export async function selectEffectiveUnits(d1: D1Database, lo: string, hi: string) {
  const { results } = await d1
    .prepare(`WITH RECURSIVE ${EFF} SELECT id, eff FROM eff LIMIT 20000`)
    .bind(lo, hi)
    .all<{ id: string; eff: string }>();
  return results;
}
