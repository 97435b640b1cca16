/**
 * Every SQL statement of the responses module. The submission is ONE batch of five statements;
 * bulk rows travel as one JSON parameter expanded by `json_each`, so a form with many questions
 * never hits D1's 100-bound-parameter limit.
 */

/** What one submission writes. `answerRows`/`rollups` are compact tuples (small JSON). */
export interface SubmissionRows {
  responseId: string;
  formId: string;
  versionId: string;
  /** `forms.updated_at` of the form as read: the guard stores nothing if the form changed since. */
  formUpdatedAt: number;
  unitId: string;
  receiptCode: string;
  idempotencyKey: string;
  lang: string;
  data: string;
  identitySealed: string | null;
  consentVersion: string | null;
  /** `consent_texts.hash` of the accepted text (worker/responses/consent.ts). */
  consentHash?: string | null;
  searchText: string;
  submittedAt: number;
  day: string;
  /** [questionId, item, value, num] */
  answerRows: [string, string, string | null, number | null][];
  /** [questionId, item, option, num] */
  rollups: [string, string, string, number | null][];
  /** Statements another module adds to the same batch (a case channel's case: worker/cases/intake.ts). */
  extra?: D1PreparedStatement[];
}

/**
 * The submission batch (one D1 transaction):
 * 1. count against the cap — CHECK(form_quota_cap) fails the batch when it is reached;
 * 2. the response — UNIQUE(form_id, idempotency_key) fails the batch on a concurrent retry, and its
 *    version_id guard fails it when the form changed since it was read (decision 134);
 * 3. all answer rows in one INSERT … SELECT FROM json_each;
 * 4. the per-day response counter; 5. the per-option answer counters (upserts); 6–7. the same two
 *    counters by calendar month (what wide dashboards read).
 * Returns the D1 results (their `meta.rows_written` is asserted in tests).
 */
export async function insertSubmission(d1: D1Database, s: SubmissionRows) {
  return d1.batch([
    d1
      .prepare(
        `INSERT INTO form_quota (form_id, used) VALUES (?, 1)
         ON CONFLICT (form_id) DO UPDATE SET used = used + 1`,
      )
      .bind(s.formId),
    // The guard (decision 134): version_id is NULL — and NOT NULL fails the whole batch — unless the
    // form is still published on this version, unchanged since it was read, and open now.
    d1
      .prepare(
        `INSERT INTO responses (id, form_id, version_id, unit_id, receipt_code, idempotency_key, status, lang,
                                data, identity_sealed, consent_version, search_text, submitted_at, day,
                                consent_hash)
         VALUES (?1, ?2,
                 (SELECT f.current_version_id FROM forms f
                   WHERE f.id = ?2 AND f.current_version_id = ?3 AND f.status = 'published' AND f.updated_at = ?14
                     AND (f.opens_at IS NULL OR f.opens_at <= ?12) AND (f.closes_at IS NULL OR f.closes_at > ?12)),
                 ?4, ?5, ?6, 'received', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?15)`,
      )
      .bind(
        s.responseId,
        s.formId,
        s.versionId,
        s.unitId,
        s.receiptCode,
        s.idempotencyKey,
        s.lang,
        s.data,
        s.identitySealed,
        s.consentVersion,
        s.searchText,
        s.submittedAt,
        s.day,
        s.formUpdatedAt,
        s.consentHash ?? null,
      ),
    d1
      .prepare(
        `INSERT INTO answers (response_id, question_id, item, value, num)
         SELECT ?1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'),
                json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]')
           FROM json_each(?2) j`,
      )
      .bind(s.responseId, JSON.stringify(s.answerRows)),
    d1
      .prepare(
        `INSERT INTO response_counts (form_id, unit_id, day, n) VALUES (?, ?, ?, 1)
         ON CONFLICT (form_id, unit_id, day) DO UPDATE SET n = n + 1`,
      )
      .bind(s.formId, s.unitId, s.day),
    // `WHERE true` resolves SQLite's parsing ambiguity between a SELECT's join and ON CONFLICT.
    d1
      .prepare(
        `INSERT INTO answer_counts (version_id, question_id, item, option, unit_id, day, n, total)
         SELECT ?1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
                ?2, ?3, 1, COALESCE(json_extract(j.value, '$[3]'), 0)
           FROM json_each(?4) j WHERE true
         ON CONFLICT (version_id, question_id, item, option, unit_id, day)
         DO UPDATE SET n = n + excluded.n, total = total + excluded.total`,
      )
      .bind(s.versionId, s.unitId, s.day, JSON.stringify(s.rollups)),
    // 6–7. Month buckets (dashboards decision 205): wide dashboards read O(units × months).
    d1
      .prepare(
        `INSERT INTO response_month_counts (form_id, unit_id, month, n) VALUES (?, ?, substr(?, 1, 7), 1)
         ON CONFLICT (form_id, unit_id, month) DO UPDATE SET n = n + 1`,
      )
      .bind(s.formId, s.unitId, s.day),
    d1
      .prepare(
        `INSERT INTO answer_month_counts (version_id, question_id, item, option, unit_id, month, n, total)
         SELECT ?1, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
                ?2, substr(?3, 1, 7), 1, COALESCE(json_extract(j.value, '$[3]'), 0)
           FROM json_each(?4) j WHERE true
         ON CONFLICT (version_id, question_id, item, option, unit_id, month)
         DO UPDATE SET n = n + excluded.n, total = total + excluded.total`,
      )
      .bind(s.versionId, s.unitId, s.day, JSON.stringify(s.rollups)),
    ...(s.extra ?? []),
  ]);
}

/** The stored response for a (form, idempotency key), if any: what a replay returns. */
export async function findByIdempotencyKey(d1: D1Database, formId: string, key: string) {
  return d1
    .prepare(
      'SELECT id, receipt_code AS receiptCode FROM responses WHERE form_id = ? AND idempotency_key = ?',
    )
    .bind(formId, key)
    .first<{ id: string; receiptCode: string }>();
}

/** What a receipt lookup may reveal: status, time, the title of the form version answered. */
export async function findReceipt(d1: D1Database, code: string, lang: 'vi' | 'en') {
  return d1
    .prepare(
      `SELECT r.receipt_code AS receiptCode, r.status, r.submitted_at AS submittedAt,
              CASE WHEN ?2 = 'en' THEN COALESCE(json_extract(v.definition, '$.title.en'), json_extract(v.definition, '$.title.vi'))
                   ELSE json_extract(v.definition, '$.title.vi') END AS formTitle
         FROM responses r JOIN form_versions v ON v.id = r.version_id
        WHERE r.receipt_code = ?1`,
    )
    .bind(code, lang)
    .first<{ receiptCode: string; status: string; submittedAt: number; formTitle: string }>();
}

/** Units by id (unit-picker answers): which exist, their kind and name. */
export async function unitsByIds(d1: D1Database, ids: string[]) {
  if (ids.length === 0) return [];
  const { results } = await d1
    .prepare('SELECT id, kind, name FROM units WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify([...new Set(ids)]))
    .all<{ id: string; kind: string; name: string }>();
  return results;
}

/** People by id (person-picker answers): which exist, and their names. */
export async function peopleByIds(d1: D1Database, ids: string[]) {
  if (ids.length === 0) return [];
  const { results } = await d1
    .prepare('SELECT id, full_name AS name FROM people WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify([...new Set(ids)]))
    .all<{ id: string; name: string }>();
  return results;
}

/** One row of the staff listing (never identity). */
export interface ResponseRow {
  id: string;
  receiptCode: string;
  versionId: string;
  version: number;
  unitId: string;
  unitName: string | null;
  status: string;
  lang: string;
  data: string;
  submittedAt: number;
  day: string;
}

/**
 * A page of a form's responses, newest first, by keyset (submitted_at, id) so deep pages cost
 * the same as the first. `fromAt`/`toAt` are instants; `unitId` selects a unit's subtree;
 * `needle` is folded text searched in `search_text`.
 */
export async function pageResponses(
  d1: D1Database,
  f: {
    formId: string;
    fromAt?: number;
    toAt?: number;
    /** Responses attributed to this unit or any unit below it. */
    unitId?: string;
    needle?: string;
    after?: { at: number; id: string };
    limit: number;
  },
): Promise<ResponseRow[]> {
  const where = ['r.form_id = ?'];
  const params: unknown[] = [f.formId];
  if (f.fromAt !== undefined) {
    where.push('r.submitted_at >= ?');
    params.push(f.fromAt);
  }
  if (f.toAt !== undefined) {
    where.push('r.submitted_at < ?');
    params.push(f.toAt);
  }
  if (f.unitId) {
    // A prefix range (paths end in '/', and '0' follows '/'): D1 refuses LIKE patterns over 50 bytes.
    where.push(
      `r.unit_id IN (SELECT u.id FROM units u JOIN units p ON p.id = ?
                      WHERE u.path >= p.path AND u.path < substr(p.path, 1, length(p.path) - 1) || '0')`,
    );
    params.push(f.unitId);
  }
  if (f.needle) {
    // instr(), not LIKE: no wildcards to escape, and D1 caps LIKE patterns at 50 bytes.
    where.push('instr(r.search_text, ?) > 0');
    params.push(f.needle);
  }
  if (f.after) {
    where.push('(r.submitted_at < ? OR (r.submitted_at = ? AND r.id < ?))');
    params.push(f.after.at, f.after.at, f.after.id);
  }
  const { results } = await d1
    .prepare(
      `SELECT r.id, r.receipt_code AS receiptCode, r.version_id AS versionId, v.version, r.unit_id AS unitId,
              u.name AS unitName, r.status, r.lang, r.data, r.submitted_at AS submittedAt, r.day
         FROM responses r
         JOIN form_versions v ON v.id = r.version_id
         LEFT JOIN units u ON u.id = r.unit_id
        WHERE ${where.join(' AND ')}
        ORDER BY r.submitted_at DESC, r.id DESC
        LIMIT ?`,
    )
    .bind(...params, f.limit)
    .all<ResponseRow>();
  return results;
}

/** Every published definition of a form, newest first (CSV columns span versions). */
export async function versionDefinitions(d1: D1Database, formId: string) {
  const { results } = await d1
    .prepare('SELECT id, version, definition FROM form_versions WHERE form_id = ? ORDER BY version DESC')
    .bind(formId)
    .all<{ id: string; version: number; definition: string }>();
  return results;
}

/** A consent text as accepted (immutable: a changed text has another hash, so another row). */
export function consentTextStatement(
  d1: D1Database,
  t: { hash: string; version: string; vi: string; en: string | null },
  now: number,
) {
  return d1
    .prepare(
      'INSERT OR IGNORE INTO consent_texts (hash, version, text_vi, text_en, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .bind(t.hash, t.version, t.vi, t.en, now);
}
