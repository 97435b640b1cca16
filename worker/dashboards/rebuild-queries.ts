/**
 * SQL of the rollup rebuild: recount response_counts and answer_counts of one form and one day
 * range from the raw rows (responses, answers), in ONE batch so the recount replaces the old
 * counters atomically. Which questions are counted comes from each version's definition, read in
 * SQL (json_each over pages and questions), with the same type list as the submission path.
 */
import { COUNTED_TYPES } from '../forms/engine/counted';
import { vnMidnight } from '../lib/time';

/** Forms in id order from `fromId` (inclusive or not), with their raw rows' day range. */
export async function formsFrom(d1: D1Database, fromId: string, inclusive: boolean, limit: number) {
  const { results } = await d1
    .prepare(
      `SELECT f.id, (SELECT MIN(day) FROM responses r WHERE r.form_id = f.id) AS firstDay,
              (SELECT MAX(day) FROM responses r WHERE r.form_id = f.id) AS lastDay
         FROM forms f WHERE f.id ${inclusive ? '>=' : '>'} ? ORDER BY f.id LIMIT ?`,
    )
    .bind(fromId, limit)
    .all<{ id: string; firstDay: string | null; lastDay: string | null }>();
  return results;
}

/**
 * Where a slice must end to hold at most `n` responses: the instant of the (n+1)-th response of the
 * form in [fromAt, toAt), or null when no more than `n` are left there. Walks the
 * (form_id, submitted_at) index only — at most n + 1 entries, no table row.
 */
export async function nthResponseAt(d1: D1Database, formId: string, fromAt: number, toAt: number, n: number) {
  const row = await d1
    .prepare(
      `SELECT submitted_at AS at FROM responses
        WHERE form_id = ? AND submitted_at >= ? AND submitted_at < ?
        ORDER BY submitted_at LIMIT 1 OFFSET ?`,
    )
    .bind(formId, fromAt, toAt, n)
    .first<{ at: number }>();
  return row?.at ?? null;
}

/**
 * Also the rollup rows' own day range, day and month buckets (a rollup row whose raw rows are gone
 * must be cleared too).
 */
export async function rollupDayRange(d1: D1Database, formId: string) {
  return d1
    .prepare(
      `SELECT MIN(d) AS firstDay, MAX(d) AS lastDay FROM (
         SELECT MIN(day) AS d FROM response_counts WHERE form_id = ?1
         UNION ALL SELECT MAX(day) FROM response_counts WHERE form_id = ?1
         UNION ALL SELECT MIN(month) || '-01' FROM response_month_counts WHERE form_id = ?1
         UNION ALL SELECT MAX(month) || '-01' FROM response_month_counts WHERE form_id = ?1)`,
    )
    .bind(formId)
    .first<{ firstDay: string | null; lastDay: string | null }>();
}

/**
 * Re-derives one form's MONTH buckets (decision 205) from its day buckets of that month: run in
 * the batch of the month's last day slice, so after it the month rows equal the sum of the days.
 */
export function monthStatements(d1: D1Database, formId: string, month: string, nextMonthFirstDay: string) {
  const versions = 'SELECT id FROM form_versions WHERE form_id = ?1';
  return [
    d1.prepare('DELETE FROM response_month_counts WHERE form_id = ?1 AND month = ?2').bind(formId, month),
    d1
      .prepare(
        `INSERT INTO response_month_counts (form_id, unit_id, month, n)
         SELECT form_id, unit_id, ?2, SUM(n) FROM response_counts
          WHERE form_id = ?1 AND day >= ?3 AND day < ?4 GROUP BY unit_id`,
      )
      .bind(formId, month, `${month}-01`, nextMonthFirstDay),
    d1
      .prepare(`DELETE FROM answer_month_counts WHERE version_id IN (${versions}) AND month = ?2`)
      .bind(formId, month),
    d1
      .prepare(
        `INSERT INTO answer_month_counts (version_id, question_id, item, option, unit_id, month, n, total)
         SELECT version_id, question_id, item, option, unit_id, ?2, SUM(n), SUM(total) FROM answer_counts
          WHERE version_id IN (${versions}) AND day >= ?3 AND day < ?4 GROUP BY 1, 2, 3, 4, 5`,
      )
      .bind(formId, month, `${month}-01`, nextMonthFirstDay),
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
  return [
    d1
      .prepare('DELETE FROM response_counts WHERE form_id = ? AND day >= ? AND day < ?')
      .bind(formId, fromDay, toDay),
    d1
      .prepare(
        `INSERT INTO response_counts (form_id, unit_id, day, n)
         SELECT form_id, unit_id, day, COUNT(*) FROM responses
          WHERE form_id = ? AND submitted_at >= ? AND submitted_at < ? AND day >= ? AND day < ?
          GROUP BY unit_id, day`,
      )
      .bind(formId, fromAt, toAt, fromDay, toDay),
    d1
      .prepare(
        `DELETE FROM answer_counts WHERE version_id IN (SELECT id FROM form_versions WHERE form_id = ?)
            AND day >= ? AND day < ?`,
      )
      .bind(formId, fromDay, toDay),
    d1
      .prepare(
        `WITH qs(version_id, question_id, type) AS (
           SELECT v.id, json_extract(q.value, '$.id'), json_extract(q.value, '$.type')
             FROM form_versions v, json_each(v.definition, '$.pages') p, json_each(p.value, '$.questions') q
            WHERE v.form_id = ?1
              AND json_extract(q.value, '$.type') IN (SELECT value FROM json_each(?4)))
         INSERT INTO answer_counts (version_id, question_id, item, option, unit_id, day, n, total)
         SELECT r.version_id, a.question_id, a.item, CASE WHEN qs.type = 'number' THEN '' ELSE a.value END,
                r.unit_id, r.day, COUNT(*), SUM(COALESCE(a.num, 0))
           FROM responses r
           JOIN answers a ON a.response_id = r.id
           JOIN qs ON qs.version_id = r.version_id AND qs.question_id = a.question_id
          WHERE r.form_id = ?1 AND r.submitted_at >= ?5 AND r.submitted_at < ?6 AND r.day >= ?2 AND r.day < ?3
          GROUP BY 1, 2, 3, 4, 5, 6`,
      )
      .bind(formId, fromDay, toDay, types, fromAt, toAt),
  ];
}
