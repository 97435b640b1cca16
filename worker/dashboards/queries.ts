/**
 * Every SQL statement the dashboards read. They read ROLLUP tables only (response_counts,
 * answer_counts), never a GROUP BY over raw responses — except the free-text page, which is raw
 * reading by nature and always bounded by LIMIT.
 *
 * Two patterns make every read O(buckets in the filter):
 * - `effOf` (the CTE `eff`): the units of a subtree plus, recursively, every unit merged into one
 *   of them, each mapped to its current successor ("effective unit"). Merged history rolls up at
 *   query time; raw rows are never rewritten.
 * - Keyed seeks: every lookup into a counter table binds its key prefix up to the unit plus a
 *   range on the day/month — an index seek, not a scan of the form's history (answer_month_counts
 *   is keyed version, unit, month, …: decision 209). CROSS JOIN (`.crossJoin`, the conditions in
 *   WHERE) fixes the join order — SQLite's planner otherwise puts the units last and loses the
 *   unit part of the seek; `+merged_into_id` keeps the subtree on the path index.
 */

import { and, desc, eq, gte, isNotNull, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { QueryBuilder, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { db, inJson } from '../db/client';
import {
  answerMonthCounts,
  answers,
  caseEvents,
  cases,
  forms,
  formVersions,
  responseCounts,
  responseMonthCounts,
  responses,
  roleGrants,
  units,
} from '../db/schema';
import { vnMidnight } from '../lib/time';

/** The columns of the `eff` CTE, typed: a name for Drizzle, not a table. */
const effColumns = sqliteTable('eff', { id: text('id').notNull(), eff: text('eff').notNull() });

/**
 * Subtree of [lo, hi) (see `subtreeBounds`) → eff(id, eff): a unit and the current unit it counts
 * for. The CTE refers to itself (SQLite needs no RECURSIVE keyword for that).
 */
function effOf(lo: string, hi: string) {
  const e = effColumns;
  return new QueryBuilder().$with('eff', { id: e.id, eff: e.eff }).as(
    sql`SELECT ${units.id}, ${units.id} AS eff FROM ${units}
         WHERE ${units.path} >= ${lo} AND ${units.path} < ${hi} AND +${units.mergedIntoId} IS NULL
        UNION ALL
        SELECT ${units.id}, ${e.eff} FROM ${units} JOIN ${e} ON ${units.mergedIntoId} = ${e.id}`,
  );
}

/** The values of a JSON array as a table `alias(value)` (json_each), for a CROSS JOIN over keys. */
function jsonValues(alias: string, values: readonly string[]) {
  return {
    from: sql`json_each(${JSON.stringify(values)}) ${sql.identifier(alias)}`,
    value: sql<string>`${sql.identifier(alias)}.value`,
  };
}

/** A form with its owner's path (for authorisation). */
export async function selectForm(d1: D1Database, id: string) {
  const row = await db(d1)
    .select({
      id: forms.id,
      slug: forms.slug,
      title: forms.title,
      kind: forms.kind,
      ownerUnitId: forms.ownerUnitId,
      ownerPath: units.path,
    })
    .from(forms)
    .innerJoin(units, eq(units.id, forms.ownerUnitId))
    .where(eq(forms.id, id))
    .get();
  return row ?? null;
}

/** Published definitions of a form, newest first. */
export async function selectVersions(d1: D1Database, formId: string) {
  return db(d1)
    .select({ id: formVersions.id, version: formVersions.version, definition: formVersions.definition })
    .from(formVersions)
    .where(eq(formVersions.formId, formId))
    .orderBy(desc(formVersions.version))
    .all();
}

/** A unit's id, name and path. */
export async function selectUnit(d1: D1Database, id: string) {
  const row = await db(d1)
    .select({ id: units.id, name: units.name, path: units.path, mergedIntoId: units.mergedIntoId })
    .from(units)
    .where(eq(units.id, id))
    .get();
  return row ?? null;
}

/** Names of units (charts label by name). */
export async function selectUnitNames(d1: D1Database, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db(d1)
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(inJson(units.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Scope of one read: a subtree range, a day range [fromDay, toDay) in Vietnam dates. */
export interface Window {
  lo: string;
  hi: string;
  fromDay: string;
  toDay: string;
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
  const eff = effOf(w.lo, w.hi);
  const f = jsonValues('f', formIds);
  const rc = responseCounts;
  const rows = await db(d1)
    .with(eff)
    .select({ formId: f.value, unitId: eff.eff, day: rc.day, n: rc.n })
    .from(f.from)
    .crossJoin(eff)
    .crossJoin(rc)
    .where(and(eq(rc.formId, f.value), eq(rc.unitId, eff.id), gte(rc.day, w.fromDay), lt(rc.day, w.toDay)))
    .all();
  return sumMerged(rows, (r) => `${r.formId}|${r.unitId}|${r.day}`);
}
/** A volume cell: `day` is 'yyyy-mm-dd', or 'yyyy-mm' from the month buckets. */
export type VolumeRow = Awaited<ReturnType<typeof volumeByUnitDay>>[number];

/** 'yyyy-mm' of the month before the first day `day` (yyyy-mm-01). */
function prevMonthOf(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Response volume by effective unit and MONTH (`day` = 'yyyy-mm'): the month buckets. */
export async function volumeByUnitMonth(d1: D1Database, formIds: string[], w: Window) {
  const eff = effOf(w.lo, w.hi);
  const f = jsonValues('f', formIds);
  const rc = responseMonthCounts;
  const [from, to] = [w.fromDay.slice(0, 7), w.toDay.slice(0, 7)];
  const rows = await db(d1)
    .with(eff)
    .select({ formId: f.value, unitId: eff.eff, day: rc.month, n: rc.n })
    .from(f.from)
    .crossJoin(eff)
    .crossJoin(rc)
    .where(and(eq(rc.formId, f.value), eq(rc.unitId, eff.id), gte(rc.month, from), lt(rc.month, to)))
    .all();
  return sumMerged(rows, (r) => `${r.formId}|${r.unitId}|${r.day}`);
}

/**
 * Answer counts by effective unit, month, question, item and option of the given form versions,
 * from the MONTH buckets (decisions 205, 209). The table is keyed (version, unit, month, …): the
 * subtree is walked once and each (version, unit) is one seek that reads that unit's months whole,
 * so rows read = units + cells (keys × units × months that exist), whatever the volume.
 */
export async function answersByUnitMonth(d1: D1Database, versionIds: string[], w: Window) {
  const eff = effOf(w.lo, w.hi);
  const v = jsonValues('v', versionIds);
  const ac = answerMonthCounts;
  const [from, to] = [w.fromDay.slice(0, 7), w.toDay.slice(0, 7)];
  const rows = await db(d1)
    .with(eff)
    .select({
      unitId: eff.eff,
      month: ac.month,
      questionId: ac.questionId,
      item: ac.item,
      option: ac.option,
      n: ac.n,
      total: ac.total,
    })
    .from(eff)
    .crossJoin(v.from)
    .crossJoin(ac)
    .where(and(eq(ac.versionId, v.value), eq(ac.unitId, eff.id), gte(ac.month, from), lt(ac.month, to)))
    .all();
  return sumMerged(rows, (r) => `${r.unitId}|${r.month}|${r.questionId}|${r.item}|${r.option}`);
}
export type AnswerCellRow = Awaited<ReturnType<typeof answersByUnitMonth>>[number];

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
  const eff = effOf(f.w.lo, f.w.hi);
  const r = responses;
  const rowid = sql<number>`${r}.rowid`;
  const hit: SQL[] = [
    gte(r.day, f.w.fromDay),
    lt(r.day, f.w.toDay),
    sql`${r.unitId} IN (SELECT ${eff.id} FROM ${eff})`,
  ];
  if (f.needle) hit.push(sql`instr(${r.searchText}, ${f.needle}) > 0`);
  const after = f.after;
  return db(d1)
    .with(eff)
    .select({
      id: r.id,
      row: rowid,
      submittedAt: r.submittedAt,
      day: r.day,
      hit: sql<number>`(${and(...hit)})`,
    })
    .from(r)
    .where(
      and(
        eq(r.formId, f.formId),
        gte(r.submittedAt, vnMidnight(f.w.fromDay)),
        lt(r.submittedAt, vnMidnight(f.w.toDay)),
        after && or(lt(r.submittedAt, after.at), and(eq(r.submittedAt, after.at), lt(rowid, after.row))),
      ),
    )
    .orderBy(desc(r.submittedAt), desc(rowid))
    .limit(f.scan)
    .all();
}

/** Non-empty answers to one question of the given responses (at most a page of ids). */
export async function selectTextAnswers(d1: D1Database, questionId: string, responseIds: string[]) {
  if (responseIds.length === 0) return [];
  const j = jsonValues('j', responseIds);
  return db(d1)
    .select({ responseId: answers.responseId, text: sql<string>`${answers.value}` }) // not null: WHERE
    .from(j.from)
    .innerJoin(answers, eq(answers.responseId, j.value))
    .where(and(eq(answers.questionId, questionId), isNotNull(answers.value), ne(answers.value, '')))
    .all();
}

/** Forms whose responses a board's intake view counts: every form, with its kind (small table). */
export async function selectFormsForIntake(d1: D1Database) {
  return db(d1)
    .select({ id: forms.id, kind: forms.kind, title: forms.title })
    .from(forms)
    .where(isNotNull(forms.currentVersionId))
    .orderBy(forms.createdAt)
    .all();
}

/** Units on which someone holds board_viewer: the audiences of the monthly snapshots. */
export async function selectBoardAudiences(d1: D1Database) {
  return db(d1)
    .selectDistinct({ id: units.id, name: units.name, path: units.path })
    .from(roleGrants)
    .innerJoin(units, eq(units.id, roleGrants.unitId))
    .where(and(eq(roleGrants.role, 'board_viewer'), isNull(units.mergedIntoId)))
    .orderBy(units.path)
    .all();
}

/**
 * The NAIVE way, for the benchmark's comparison only (development route): the same figures by GROUP BY
 * over raw rows. Never used by a dashboard.
 */
export async function naiveFigures(d1: D1Database, formId: string, w: Window) {
  const eff = effOf(w.lo, w.hi);
  const r = responses;
  const inPeriod = and(eq(r.formId, formId), gte(r.day, w.fromDay), lt(r.day, w.toDay));
  const volume = await db(d1)
    .with(eff)
    .select({ unitId: eff.eff, n: sql<number>`COUNT(*)` })
    .from(r)
    .innerJoin(eff, eq(eff.id, r.unitId))
    .where(inPeriod)
    .groupBy(sql`${eff.eff}`)
    .all();
  const answerRows = await db(d1)
    .with(eff)
    .select({
      questionId: answers.questionId,
      item: answers.item,
      value: answers.value,
      n: sql<number>`COUNT(*)`,
    })
    .from(r)
    .innerJoin(eff, eq(eff.id, r.unitId))
    .innerJoin(answers, eq(answers.responseId, r.id))
    .where(inPeriod)
    .groupBy(answers.questionId, answers.item, answers.value)
    .all();
  return { volume, answers: answerRows };
}

/**
 * The NAIVE case figures, for the benchmark only (development route): what the case boards show
 * (entries by kind × unit × month, deadline outcomes, open backlog) by GROUP BY over the raw
 * `cases` and `case_events` rows of the subtree and period. Never used by a dashboard.
 */
export async function naiveCaseFigures(d1: D1Database, w: Window) {
  const eff = effOf(w.lo, w.hi);
  const ev = caseEvents;
  const inPeriod = and(gte(ev.at, vnMidnight(w.fromDay)), lt(ev.at, vnMidnight(w.toDay)));
  const month = sql<string>`strftime('%Y-%m', (${ev.at} + 25200000) / 1000, 'unixepoch')`;
  const flow = await db(d1)
    .with(eff)
    .select({ kind: ev.kind, status: ev.toStatus, unitId: eff.eff, month, n: sql<number>`COUNT(*)` })
    .from(ev)
    .innerJoin(eff, eq(eff.id, ev.unitId))
    .where(and(inPeriod, isNotNull(ev.toStatus), or(isNull(ev.fromStatus), ne(ev.fromStatus, ev.toStatus))))
    .groupBy(ev.kind, ev.toStatus, sql`${eff.eff}`, month)
    .all();
  const outcomes = await db(d1)
    .with(eff)
    .select({ kind: ev.kind, unitId: eff.eff, month, outcome: ev.outcome, n: sql<number>`COUNT(*)` })
    .from(ev)
    .innerJoin(eff, eq(eff.id, ev.unitId))
    .where(and(inPeriod, isNotNull(ev.outcome)))
    .groupBy(ev.kind, sql`${eff.eff}`, month, ev.outcome)
    .all();
  const backlog = await db(d1)
    .with(eff)
    .select({ kind: cases.kind, status: cases.status, unitId: eff.eff, n: sql<number>`COUNT(*)` })
    .from(cases)
    .innerJoin(eff, eq(eff.id, cases.unitId))
    .where(ne(cases.status, 'closed'))
    .groupBy(cases.kind, cases.status, sql`${eff.eff}`)
    .all();
  return { flow, outcomes, backlog };
}

/**
 * The units of a subtree plus every unit merged (recursively) into one of them, each with the
 * current unit it counts for. Other modules' rollups are read by these ids and summed per `eff`.
 */
export async function selectEffectiveUnits(d1: D1Database, lo: string, hi: string) {
  const eff = effOf(lo, hi);
  return db(d1).with(eff).select({ id: eff.id, eff: eff.eff }).from(eff).limit(20000).all();
}
