/**
 * SQL of the rollup rebuild: recount response_counts and answer_counts of one form and one day
 * range from the raw rows (responses, answers), in ONE batch so the recount replaces the old
 * counters atomically. Which questions are counted comes from each version's definition, read in
 * SQL (json_each over pages and questions), with the same type list as the submission path.
 */
import { and, asc, eq, gt, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { db, statement } from '../db/client';
import {
  answerCounts,
  answerMonthCounts,
  answers,
  forms,
  formVersions,
  responseCounts,
  responseMonthCounts,
  responses,
} from '../db/schema';
import { COUNTED_TYPES } from '../forms/engine/counted';
import { vnMidnight } from '../lib/time';

/** Forms in id order from `fromId` (inclusive or not), with their raw rows' day range. */
export async function formsFrom(d1: D1Database, fromId: string, inclusive: boolean, limit: number) {
  // Correlated scalar subqueries: a builder of their own, so their columns stay qualified.
  const dayOfResponses = (agg: SQL) =>
    sql<string | null>`${db(d1).select({ d: agg }).from(responses).where(eq(responses.formId, forms.id))}`;
  return db(d1)
    .select({
      id: forms.id,
      firstDay: dayOfResponses(sql`MIN(${responses.day})`),
      lastDay: dayOfResponses(sql`MAX(${responses.day})`),
    })
    .from(forms)
    .where(inclusive ? gte(forms.id, fromId) : gt(forms.id, fromId))
    .orderBy(asc(forms.id))
    .limit(limit)
    .all();
}

/**
 * Where a slice must end to hold at most `n` responses: the instant of the (n+1)-th response of the
 * form in [fromAt, toAt), or null when no more than `n` are left there. Walks the
 * (form_id, submitted_at) index only — at most n + 1 entries, no table row.
 */
export async function nthResponseAt(d1: D1Database, formId: string, fromAt: number, toAt: number, n: number) {
  const row = await db(d1)
    .select({ at: responses.submittedAt })
    .from(responses)
    .where(
      and(eq(responses.formId, formId), gte(responses.submittedAt, fromAt), lt(responses.submittedAt, toAt)),
    )
    .orderBy(asc(responses.submittedAt))
    .limit(1)
    .offset(n)
    .get();
  return row?.at ?? null;
}

/**
 * Also the rollup rows' own day range, day and month buckets (a rollup row whose raw rows are gone
 * must be cleared too).
 */
export async function rollupDayRange(d1: D1Database, formId: string) {
  const [rc, rm] = [responseCounts, responseMonthCounts];
  const row = await db(d1)
    .select({ firstDay: sql<string | null>`MIN(d)`, lastDay: sql<string | null>`MAX(d)` })
    .from(
      sql`(SELECT MIN(${rc.day}) AS d FROM ${rc} WHERE ${rc.formId} = ${formId}
           UNION ALL SELECT MAX(${rc.day}) FROM ${rc} WHERE ${rc.formId} = ${formId}
           UNION ALL SELECT MIN(${rm.month}) || '-01' FROM ${rm} WHERE ${rm.formId} = ${formId}
           UNION ALL SELECT MAX(${rm.month}) || '-01' FROM ${rm} WHERE ${rm.formId} = ${formId})`,
    )
    .get();
  return row ?? null;
}

/** Version ids of a form (a subquery: the answer counters are keyed by version). */
const versionsOf = (d1: D1Database, formId: string) =>
  db(d1).select({ id: formVersions.id }).from(formVersions).where(eq(formVersions.formId, formId));

/**
 * Re-derives one form's MONTH buckets (decision 205) from its day buckets of that month: run in
 * the batch of the month's last day slice, so after it the month rows equal the sum of the days.
 */
export function monthStatements(d1: D1Database, formId: string, month: string, nextMonthFirstDay: string) {
  const [rc, rm, ac, am] = [responseCounts, responseMonthCounts, answerCounts, answerMonthCounts];
  const q = db(d1);
  return [
    statement(d1, q.delete(rm).where(and(eq(rm.formId, formId), eq(rm.month, month)))),
    statement(
      d1,
      q.insert(rm).select(
        q
          .select({
            formId: rc.formId,
            unitId: rc.unitId,
            month: sql<string>`${month}`.as('month'),
            n: sql<number>`SUM(${rc.n})`.as('n'),
          })
          .from(rc)
          .where(and(eq(rc.formId, formId), gte(rc.day, `${month}-01`), lt(rc.day, nextMonthFirstDay)))
          .groupBy(rc.unitId),
      ),
    ),
    statement(
      d1,
      q.delete(am).where(and(inArray(am.versionId, versionsOf(d1, formId)), eq(am.month, month))),
    ),
    statement(
      d1,
      q.insert(am).select(
        q
          .select({
            versionId: ac.versionId,
            questionId: ac.questionId,
            item: ac.item,
            option: ac.option,
            unitId: ac.unitId,
            month: sql<string>`${month}`.as('month'),
            n: sql<number>`SUM(${ac.n})`.as('n'),
            total: sql<number>`SUM(${ac.total})`.as('total'),
          })
          .from(ac)
          .where(
            and(
              inArray(ac.versionId, versionsOf(d1, formId)),
              gte(ac.day, `${month}-01`),
              lt(ac.day, nextMonthFirstDay),
            ),
          )
          .groupBy(ac.versionId, ac.questionId, ac.item, ac.option, ac.unitId),
      ),
    ),
  ];
}

/**
 * The four statements recounting one form over [fromDay, toDay): clear, then insert the GROUP BY
 * of the raw rows. Run them as one `d1.batch`. The raw rows are found by the (form_id,
 * submitted_at) index over the Vietnam instants of the two days (`day` is the Vietnam date of
 * `submitted_at`, as every reader assumes: decision 208), so a slice reads its own rows only, not
 * every row of the form (decision 213).
 */
export function recountStatements(d1: D1Database, formId: string, fromDay: string, toDay: string) {
  const types = JSON.stringify([...COUNTED_TYPES]);
  const [fromAt, toAt] = [vnMidnight(fromDay), vnMidnight(toDay)];
  const [r, a, rc, ac] = [responses, answers, responseCounts, answerCounts];
  const q = db(d1);
  const sliceOf = and(
    eq(r.formId, formId),
    gte(r.submittedAt, fromAt),
    lt(r.submittedAt, toAt),
    gte(r.day, fromDay),
    lt(r.day, toDay),
  );
  return [
    statement(d1, q.delete(rc).where(and(eq(rc.formId, formId), gte(rc.day, fromDay), lt(rc.day, toDay)))),
    statement(
      d1,
      q.insert(rc).select(
        q
          .select({ formId: r.formId, unitId: r.unitId, day: r.day, n: sql<number>`COUNT(*)`.as('n') })
          .from(r)
          .where(sliceOf)
          .groupBy(r.unitId, r.day),
      ),
    ),
    statement(
      d1,
      q
        .delete(ac)
        .where(and(inArray(ac.versionId, versionsOf(d1, formId)), gte(ac.day, fromDay), lt(ac.day, toDay))),
    ),
    // The counted questions of each version, read from its definition (json_each), as a CTE; the
    // SELECT lists answer_counts' columns in the table's order.
    statement(
      d1,
      q.insert(ac).select(
        sql`WITH qs(version_id, question_id, type) AS (
              SELECT ${formVersions.id}, json_extract(q.value, '$.id'), json_extract(q.value, '$.type')
                FROM ${formVersions}, json_each(${formVersions.definition}, '$.pages') p,
                     json_each(p.value, '$.questions') q
               WHERE ${formVersions.formId} = ${formId}
                 AND json_extract(q.value, '$.type') IN (SELECT value FROM json_each(${types})))
            SELECT ${r.versionId}, ${a.questionId}, ${a.item}, CASE WHEN qs.type = 'number' THEN '' ELSE ${a.value} END,
                   ${r.unitId}, ${r.day}, COUNT(*), SUM(COALESCE(${a.num}, 0))
              FROM ${r}
              JOIN ${a} ON ${a.responseId} = ${r.id}
              JOIN qs ON qs.version_id = ${r.versionId} AND qs.question_id = ${a.questionId}
             WHERE ${sliceOf}
             GROUP BY 1, 2, 3, 4, 5, 6`,
      ),
    ),
  ];
}
