/**
 * Recount of the cases module's counters from raw rows (decision 210), for the rollup rebuild
 * (`worker/dashboards/rebuild.ts`). Statements are returned unrun: each list is ONE `d1.batch`, so a
 * recount replaces the old counters atomically (readers see old or new, never half).
 *
 * Sources: `case_flow` and `case_outcomes` from the counting events (`case_events` rows with a
 * `kind`: intake, transitions, overdue flags — each carries the kind, unit and outcome it was
 * counted under); `case_backlog` from the cases' current rows; `case_person_counts` from the
 * responses of feedback cases (the person named at intake and the Likert answers).
 */
import { and, eq, gte, isNotNull, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { db, statement } from '../db/client';
import {
  answers,
  caseBacklog,
  caseEvents,
  caseFlow,
  caseOutcomes,
  casePersonCounts,
  cases,
  formVersions,
  responses,
} from '../db/schema';
import { VN_OFFSET_MS } from '../lib/time';

/** UTC ms of 00:00 Vietnam time on the first of `month` (yyyy-mm). */
export function monthStartAt(month: string): number {
  return Date.parse(`${month}-01T00:00:00Z`) - VN_OFFSET_MS;
}

/**
 * The months (yyyy-mm, Vietnam time) that hold counting events or case counters: the rebuild walks
 * [first, last]. Events by the partial index `case_events_rollup_idx` (two seeks); counters by a
 * scan of their rows (O(buckets)). The six bounds are rows of a VALUES list: D1 allows no more than
 * five terms in a compound SELECT.
 */
export async function caseMonthRange(d1: D1Database): Promise<{ first: string | null; last: string | null }> {
  const [e, f, o] = [caseEvents, caseFlow, caseOutcomes];
  const eventMonth = (at: SQL) =>
    sql`strftime('%Y-%m', ((SELECT ${at} FROM ${e} WHERE ${e.kind} IS NOT NULL) + ${VN_OFFSET_MS}) / 1000, 'unixepoch')`;
  const bounds = [
    eventMonth(sql`MIN(${e.at})`),
    eventMonth(sql`MAX(${e.at})`),
    sql`(SELECT MIN(${f.month}) FROM ${f})`,
    sql`(SELECT MAX(${f.month}) FROM ${f})`,
    sql`(SELECT MIN(${o.month}) FROM ${o})`,
    sql`(SELECT MAX(${o.month}) FROM ${o})`,
  ];
  const rows = sql.join(
    bounds.map((b) => sql`(${b})`),
    sql`, `,
  );
  const row = await db(d1)
    .select({ first: sql<string | null>`MIN(column1)`, last: sql<string | null>`MAX(column1)` })
    .from(sql`(VALUES ${rows})`)
    .get();
  return { first: row?.first ?? null, last: row?.last ?? null };
}

/**
 * One month of `case_flow` and `case_outcomes`: clear the month, insert the GROUP BY of the month's
 * counting events. A flow entry is an event whose status differs from the one before (the intake
 * has none); an outcome is an event with one. `nextMonth` is the month after `month`.
 */
export function recountCaseMonthStatements(d1: D1Database, month: string, nextMonth: string) {
  const [e, f, o] = [caseEvents, caseFlow, caseOutcomes];
  const q = db(d1);
  // The month's counting events, by the partial index case_events_rollup_idx.
  const counting = and(isNotNull(e.kind), gte(e.at, monthStartAt(month)), lt(e.at, monthStartAt(nextMonth)));
  return [
    q.delete(f).where(eq(f.month, month)),
    q.insert(f).select(
      q
        .select({
          kind: e.kind,
          status: e.toStatus,
          unitId: e.unitId,
          month: sql<string>`${month}`.as('month'),
          n: sql<number>`COUNT(*)`.as('n'),
        })
        .from(e)
        .where(and(counting, isNotNull(e.toStatus), or(isNull(e.fromStatus), ne(e.fromStatus, e.toStatus))))
        .groupBy(e.kind, e.toStatus, e.unitId),
    ),
    q.delete(o).where(eq(o.month, month)),
    q.insert(o).select(
      q
        .select({
          kind: e.kind,
          unitId: e.unitId,
          month: sql<string>`${month}`.as('month'),
          outcome: e.outcome,
          n: sql<number>`COUNT(*)`.as('n'),
        })
        .from(e)
        .where(and(counting, isNotNull(e.outcome)))
        .groupBy(e.kind, e.unitId, e.outcome),
    ),
  ].map((query) => statement(d1, query));
}

/** `case_backlog` = the cases now in each (kind, status, unit). */
export function recountBacklogStatements(d1: D1Database) {
  const q = db(d1);
  return [
    q.delete(caseBacklog),
    q.insert(caseBacklog).select(
      q
        .select({
          kind: cases.kind,
          status: cases.status,
          unitId: cases.unitId,
          n: sql<number>`COUNT(*)`.as('n'),
        })
        .from(cases)
        .groupBy(cases.kind, cases.status, cases.unitId),
    ),
  ].map((query) => statement(d1, query));
}

/**
 * `case_person_counts` as intake counts it (`caseIntakeStatements`): for each case from a feedback
 * form whose response names a person (the first person picker of the version's definition that
 * was answered), one '*' total and one count per Likert (criterion, level) answered. Re-classifying
 * a case does not move these counts, so the source is the response, not the case's current subject.
 */
export function recountPersonCountsStatements(d1: D1Database) {
  const [v, c, r, a] = [formVersions, cases, responses, answers];
  const q = db(d1);
  // The questions are read from each VERSION's definition once (`qs`, materialised), not from the
  // definition again for every response: at 100,000 cases that was 23.7 s of one statement,
  // near hosted D1's 30 s per query (decision 213). The SELECT lists case_person_counts' columns
  // in the table's order.
  return [
    q.delete(casePersonCounts),
    q.insert(casePersonCounts).select(
      sql`WITH qs AS MATERIALIZED (
            SELECT ${v.id} AS vid, json_extract(q.value, '$.id') AS qid, json_extract(q.value, '$.type') AS type,
                   p.key AS pk, q.key AS qk
              FROM ${v}, json_each(${v.definition}, '$.pages') p, json_each(p.value, '$.questions') q
             WHERE ${v.formId} IN (SELECT DISTINCT ${c.formId} FROM ${c} WHERE ${c.channel} = 'feedback')
               AND json_extract(q.value, '$.type') IN ('person_picker', 'likert')),
          subj AS MATERIALIZED (
            SELECT ${r.id} AS rid, ${r.versionId} AS vid,
                   (SELECT ${a.value} FROM qs
                      JOIN ${a} ON ${a.responseId} = ${r.id} AND ${a.questionId} = qs.qid AND ${a.item} = ''
                     WHERE qs.vid = ${r.versionId} AND qs.type = 'person_picker' AND ${a.value} IS NOT NULL
                     ORDER BY qs.pk, qs.qk LIMIT 1) AS person
              FROM ${c} JOIN ${r} ON ${r.id} = ${c.responseId}
             WHERE ${c.channel} = 'feedback')
          SELECT person, '*', '', '', COUNT(*) FROM subj WHERE person IS NOT NULL GROUP BY person
          UNION ALL
          SELECT s.person, ${a.questionId}, ${a.item}, ${a.value}, COUNT(*)
            FROM subj s JOIN qs ON qs.vid = s.vid AND qs.type = 'likert'
            JOIN ${a} ON ${a.responseId} = s.rid AND ${a.questionId} = qs.qid
           WHERE s.person IS NOT NULL AND ${a.value} IS NOT NULL
           GROUP BY 1, 2, 3, 4`,
    ),
  ].map((query) => statement(d1, query));
}
