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
import { VN_OFFSET_MS } from '../lib/time';

/** UTC ms of 00:00 Vietnam time on the first of `month` (yyyy-mm). */
export function monthStartAt(month: string): number {
  return Date.parse(`${month}-01T00:00:00Z`) - VN_OFFSET_MS;
}

/**
 * The months (yyyy-mm, Vietnam time) that hold counting events or case counters: the rebuild walks
 * [first, last]. Events by the partial index `case_events_rollup_idx` (two seeks); counters by a
 * scan of their rows (O(buckets)).
 */
export async function caseMonthRange(d1: D1Database): Promise<{ first: string | null; last: string | null }> {
  const m = (at: string) => `strftime('%Y-%m', (${at} + ?1) / 1000, 'unixepoch')`;
  const row = await d1
    .prepare(
      `SELECT ${m('(SELECT MIN(at) FROM case_events WHERE kind IS NOT NULL)')} AS e0,
              ${m('(SELECT MAX(at) FROM case_events WHERE kind IS NOT NULL)')} AS e1,
              (SELECT MIN(month) FROM case_flow) AS f0, (SELECT MAX(month) FROM case_flow) AS f1,
              (SELECT MIN(month) FROM case_outcomes) AS o0, (SELECT MAX(month) FROM case_outcomes) AS o1`,
    )
    .bind(VN_OFFSET_MS)
    .first<Record<'e0' | 'e1' | 'f0' | 'f1' | 'o0' | 'o1', string | null>>();
  const months = Object.values(row ?? {})
    .filter((x): x is string => !!x)
    .sort();
  return { first: months[0] ?? null, last: months[months.length - 1] ?? null };
}

/**
 * One month of `case_flow` and `case_outcomes`: clear the month, insert the GROUP BY of the month's
 * counting events. A flow entry is an event whose status differs from the one before (the intake
 * has none); an outcome is an event with one. `nextMonth` is the month after `month`.
 */
export function recountCaseMonthStatements(d1: D1Database, month: string, nextMonth: string) {
  const from = monthStartAt(month);
  const to = monthStartAt(nextMonth);
  return [
    d1.prepare('DELETE FROM case_flow WHERE month = ?').bind(month),
    d1
      .prepare(
        `INSERT INTO case_flow (kind, status, unit_id, month, n)
         SELECT kind, to_status, unit_id, ?1, COUNT(*) FROM case_events
          WHERE kind IS NOT NULL AND at >= ?2 AND at < ?3
            AND to_status IS NOT NULL AND (from_status IS NULL OR from_status <> to_status)
          GROUP BY kind, to_status, unit_id`,
      )
      .bind(month, from, to),
    d1.prepare('DELETE FROM case_outcomes WHERE month = ?').bind(month),
    d1
      .prepare(
        `INSERT INTO case_outcomes (kind, unit_id, month, outcome, n)
         SELECT kind, unit_id, ?1, outcome, COUNT(*) FROM case_events
          WHERE kind IS NOT NULL AND at >= ?2 AND at < ?3 AND outcome IS NOT NULL
          GROUP BY kind, unit_id, outcome`,
      )
      .bind(month, from, to),
  ];
}

/** `case_backlog` = the cases now in each (kind, status, unit). */
export function recountBacklogStatements(d1: D1Database) {
  return [
    d1.prepare('DELETE FROM case_backlog'),
    d1.prepare(
      `INSERT INTO case_backlog (kind, status, unit_id, n)
       SELECT kind, status, unit_id, COUNT(*) FROM cases GROUP BY kind, status, unit_id`,
    ),
  ];
}

/**
 * `case_person_counts` as intake counts it (`caseIntakeStatements`): for each case from a feedback
 * form whose response names a person (the first person picker of the version's definition that
 * was answered), one '*' total and one count per Likert (criterion, level) answered. Re-classifying
 * a case does not move these counts, so the source is the response, not the case's current subject.
 */
export function recountPersonCountsStatements(d1: D1Database) {
  // The questions are read from each VERSION's definition once (`qs`, materialised), not from the
  // definition again for every response: at 100,000 cases that was 23.7 s of one statement,
  // near hosted D1's 30 s per query (decision 213).
  return [
    d1.prepare('DELETE FROM case_person_counts'),
    d1.prepare(
      `WITH qs AS MATERIALIZED (
         SELECT v.id AS vid, json_extract(q.value, '$.id') AS qid, json_extract(q.value, '$.type') AS type,
                p.key AS pk, q.key AS qk
           FROM form_versions v, json_each(v.definition, '$.pages') p, json_each(p.value, '$.questions') q
          WHERE v.form_id IN (SELECT DISTINCT form_id FROM cases WHERE channel = 'feedback')
            AND json_extract(q.value, '$.type') IN ('person_picker', 'likert')),
       subj AS MATERIALIZED (
         SELECT r.id AS rid, r.version_id AS vid,
                (SELECT a.value FROM qs
                   JOIN answers a ON a.response_id = r.id AND a.question_id = qs.qid AND a.item = ''
                  WHERE qs.vid = r.version_id AND qs.type = 'person_picker' AND a.value IS NOT NULL
                  ORDER BY qs.pk, qs.qk LIMIT 1) AS person
           FROM cases c JOIN responses r ON r.id = c.response_id
          WHERE c.channel = 'feedback')
       INSERT INTO case_person_counts (person_id, question_id, item, option, n)
       SELECT person, '*', '', '', COUNT(*) FROM subj WHERE person IS NOT NULL GROUP BY person
       UNION ALL
       SELECT s.person, a.question_id, a.item, a.value, COUNT(*)
         FROM subj s JOIN qs ON qs.vid = s.vid AND qs.type = 'likert'
         JOIN answers a ON a.response_id = s.rid AND a.question_id = qs.qid
        WHERE s.person IS NOT NULL AND a.value IS NOT NULL
        GROUP BY 1, 2, 3, 4`,
    ),
  ];
}
