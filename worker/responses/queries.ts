/**
 * Every SQL statement of the responses module. The submission is ONE batch of seven statements;
 * bulk rows travel as one JSON parameter expanded by `json_each`, so a form with many questions
 * never hits D1's 100-bound-parameter limit. Its statements are built once and only bound per
 * submission (`preparedStatement`): the hot path renders no SQL.
 */
import { and, desc, eq, gt, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { type AnySQLiteColumn, alias } from 'drizzle-orm/sqlite-core';
import { db, inJson, type Placeholders, preparedQuery, preparedStatement, statement } from '../db/client';
import {
  answerCounts,
  answerMonthCounts,
  answers,
  consentTexts,
  formQuota,
  forms,
  formVersions,
  people,
  responseCounts,
  responseMonthCounts,
  responses,
  units,
} from '../db/schema';

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

/** The value an upsert tried to insert (`excluded.<column>`). */
const excluded = (c: AnySQLiteColumn) => sql`excluded.${sql.identifier(c.name)}`;

/** What the submission's statements bind: the rows' fields, the bulk rows as JSON. */
type SubmissionValues = Omit<SubmissionRows, 'answerRows' | 'rollups' | 'extra' | 'consentHash'> & {
  consentHash: string | null;
  answerRows: string;
  rollups: string;
};

/** 1. Count against the cap (the quota row exists from the form's creation). */
const countQuota = preparedStatement<SubmissionValues>((q, v) =>
  q
    .insert(formQuota)
    .values({ formId: v.formId, used: 1 })
    .onConflictDoUpdate({ target: formQuota.formId, set: { used: sql`${formQuota.used} + 1` } }),
);

/**
 * 2. The response. The guard (decision 134): version_id is NULL — and NOT NULL fails the whole
 * batch — unless the form is still published on this version, unchanged since it was read, and
 * open now.
 */
const insertResponse = preparedStatement<SubmissionValues>((q, v) => {
  const currentVersion = q
    .select({ id: forms.currentVersionId })
    .from(forms)
    .where(
      and(
        eq(forms.id, v.formId),
        eq(forms.currentVersionId, v.versionId),
        eq(forms.status, 'published'),
        eq(forms.updatedAt, v.formUpdatedAt),
        or(isNull(forms.opensAt), lte(forms.opensAt, v.submittedAt)),
        or(isNull(forms.closesAt), gt(forms.closesAt, v.submittedAt)),
      ),
    );
  return q.insert(responses).values({
    id: v.responseId,
    formId: v.formId,
    versionId: sql`${currentVersion}`,
    unitId: v.unitId,
    receiptCode: v.receiptCode,
    idempotencyKey: v.idempotencyKey,
    status: 'received',
    lang: v.lang,
    data: v.data,
    identitySealed: v.identitySealed,
    consentVersion: v.consentVersion,
    consentHash: v.consentHash,
    searchText: v.searchText,
    submittedAt: v.submittedAt,
    day: v.day,
  });
});

/** The i-th element of a `json_each` row `j` (the bulk rows are arrays). */
const nth = <T>(i: number) => sql<T>`json_extract(j.value, ${sql.raw(`'$[${i}]'`)})`;

/** 3. All answer rows in one INSERT … SELECT FROM json_each. */
const insertAnswers = preparedStatement<SubmissionValues>((q, v) =>
  q.insert(answers).select(
    q
      .select({
        responseId: sql<string>`${v.responseId}`.as('response_id'),
        questionId: nth<string>(0).as('question_id'),
        item: nth<string>(1).as('item'),
        value: nth<string | null>(2).as('value'),
        num: nth<number | null>(3).as('num'),
      })
      .from(sql`json_each(${v.answerRows}) j`),
  ),
);

/** 4. The per-day response counter. */
const countResponseDay = preparedStatement<SubmissionValues>((q, v) =>
  q
    .insert(responseCounts)
    .values({ formId: v.formId, unitId: v.unitId, day: v.day, n: 1 })
    .onConflictDoUpdate({
      target: [responseCounts.formId, responseCounts.unitId, responseCounts.day],
      set: { n: sql`${responseCounts.n} + 1` },
    }),
);

/**
 * 5. The per-option answer counters. `WHERE true` resolves SQLite's parsing ambiguity between a
 * SELECT's join and ON CONFLICT.
 */
const countAnswersDay = preparedStatement<SubmissionValues>((q, v) =>
  q
    .insert(answerCounts)
    .select(
      q
        .select({
          versionId: sql<string>`${v.versionId}`.as('version_id'),
          questionId: nth<string>(0).as('question_id'),
          item: nth<string>(1).as('item'),
          option: nth<string>(2).as('option'),
          unitId: sql<string>`${v.unitId}`.as('unit_id'),
          day: sql<string>`${v.day}`.as('day'),
          n: sql<number>`1`.as('n'),
          total: sql<number>`COALESCE(${nth(3)}, 0)`.as('total'),
        })
        .from(sql`json_each(${v.rollups}) j`)
        .where(sql`true`),
    )
    .onConflictDoUpdate({
      target: [
        answerCounts.versionId,
        answerCounts.questionId,
        answerCounts.item,
        answerCounts.option,
        answerCounts.unitId,
        answerCounts.day,
      ],
      set: {
        n: sql`${answerCounts.n} + ${excluded(answerCounts.n)}`,
        total: sql`${answerCounts.total} + ${excluded(answerCounts.total)}`,
      },
    }),
);

/** 6. The response counter by calendar month (what wide dashboards read, decision 205). */
const countResponseMonth = preparedStatement<SubmissionValues>((q, v) =>
  q
    .insert(responseMonthCounts)
    .values({ formId: v.formId, unitId: v.unitId, month: sql`substr(${v.day}, 1, 7)`, n: 1 })
    .onConflictDoUpdate({
      target: [responseMonthCounts.formId, responseMonthCounts.unitId, responseMonthCounts.month],
      set: { n: sql`${responseMonthCounts.n} + 1` },
    }),
);

/** 7. The answer counters by calendar month. */
const countAnswersMonth = preparedStatement<SubmissionValues>((q, v) =>
  q
    .insert(answerMonthCounts)
    .select(
      q
        .select({
          versionId: sql<string>`${v.versionId}`.as('version_id'),
          questionId: nth<string>(0).as('question_id'),
          item: nth<string>(1).as('item'),
          option: nth<string>(2).as('option'),
          unitId: sql<string>`${v.unitId}`.as('unit_id'),
          month: sql<string>`substr(${v.day}, 1, 7)`.as('month'),
          n: sql<number>`1`.as('n'),
          total: sql<number>`COALESCE(${nth(3)}, 0)`.as('total'),
        })
        .from(sql`json_each(${v.rollups}) j`)
        .where(sql`true`),
    )
    .onConflictDoUpdate({
      target: [
        answerMonthCounts.versionId,
        answerMonthCounts.questionId,
        answerMonthCounts.item,
        answerMonthCounts.option,
        answerMonthCounts.unitId,
        answerMonthCounts.month,
      ],
      set: {
        n: sql`${answerMonthCounts.n} + ${excluded(answerMonthCounts.n)}`,
        total: sql`${answerMonthCounts.total} + ${excluded(answerMonthCounts.total)}`,
      },
    }),
);

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
  const { extra = [], ...rows } = s;
  const v: SubmissionValues = {
    ...rows,
    consentHash: s.consentHash ?? null,
    answerRows: JSON.stringify(s.answerRows),
    rollups: JSON.stringify(s.rollups),
  };
  return d1.batch([
    countQuota(d1, v),
    insertResponse(d1, v),
    insertAnswers(d1, v),
    countResponseDay(d1, v),
    countAnswersDay(d1, v),
    countResponseMonth(d1, v),
    countAnswersMonth(d1, v),
    ...extra,
  ]);
}

/** The stored response for a (form, idempotency key), if any: what a replay returns. */
export async function findByIdempotencyKey(d1: D1Database, formId: string, key: string) {
  const row = await db(d1)
    .select({ id: responses.id, receiptCode: responses.receiptCode })
    .from(responses)
    .where(and(eq(responses.formId, formId), eq(responses.idempotencyKey, key)))
    .get();
  return row ?? null;
}

const receiptByCode = preparedQuery((q, v: Placeholders<{ code: string; lang: 'vi' | 'en' }>) =>
  q
    .select({
      receiptCode: responses.receiptCode,
      status: responses.status,
      submittedAt: responses.submittedAt,
      formTitle: sql<string>`CASE WHEN ${v.lang} = 'en'
        THEN COALESCE(json_extract(${formVersions.definition}, '$.title.en'), json_extract(${formVersions.definition}, '$.title.vi'))
        ELSE json_extract(${formVersions.definition}, '$.title.vi') END`,
    })
    .from(responses)
    .innerJoin(formVersions, eq(formVersions.id, responses.versionId))
    .where(eq(responses.receiptCode, v.code))
    .prepare(),
);

/** What a receipt lookup may reveal: status, time, the title of the form version answered. */
export async function findReceipt(d1: D1Database, code: string, lang: 'vi' | 'en') {
  return (await receiptByCode.get(d1, { code, lang })) ?? null;
}

/** One row of the staff listing (never identity). */
export type ResponseRow = Awaited<ReturnType<typeof pageResponses>>[number];

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
) {
  const q = db(d1);
  const scope = alias(units, 'scope');
  const below = alias(units, 'below');
  return q
    .select({
      id: responses.id,
      receiptCode: responses.receiptCode,
      versionId: responses.versionId,
      version: formVersions.version,
      unitId: responses.unitId,
      unitName: units.name,
      status: responses.status,
      lang: responses.lang,
      data: responses.data,
      submittedAt: responses.submittedAt,
      day: responses.day,
    })
    .from(responses)
    .innerJoin(formVersions, eq(formVersions.id, responses.versionId))
    .leftJoin(units, eq(units.id, responses.unitId))
    .where(
      and(
        eq(responses.formId, f.formId),
        f.fromAt !== undefined ? gte(responses.submittedAt, f.fromAt) : undefined,
        f.toAt !== undefined ? lt(responses.submittedAt, f.toAt) : undefined,
        // The unit's subtree as a prefix range computed from its path (paths end in '/', and '0'
        // follows '/'): D1 refuses LIKE patterns over 50 bytes.
        f.unitId
          ? inArray(
              responses.unitId,
              q
                .select({ id: below.id })
                .from(below)
                .innerJoin(scope, eq(scope.id, f.unitId))
                .where(
                  sql`${below.path} >= ${scope.path} AND ${below.path} < substr(${scope.path}, 1, length(${scope.path}) - 1) || '0'`,
                ),
            )
          : undefined,
        // instr(), not LIKE: no wildcards to escape, and D1 caps LIKE patterns at 50 bytes.
        f.needle ? sql`instr(${responses.searchText}, ${f.needle}) > 0` : undefined,
        f.after
          ? or(
              lt(responses.submittedAt, f.after.at),
              and(eq(responses.submittedAt, f.after.at), lt(responses.id, f.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(responses.submittedAt), desc(responses.id))
    .limit(f.limit)
    .all();
}

/** Every published definition of a form, newest first (CSV columns span versions). */
export async function versionDefinitions(d1: D1Database, formId: string) {
  return db(d1)
    .select({ id: formVersions.id, version: formVersions.version, definition: formVersions.definition })
    .from(formVersions)
    .where(eq(formVersions.formId, formId))
    .orderBy(desc(formVersions.version))
    .all();
}

/** A consent text as accepted (immutable: a changed text has another hash, so another row). */
export function consentTextStatement(
  d1: D1Database,
  t: { hash: string; version: string; vi: string; en: string | null },
  now: number,
) {
  return statement(
    d1,
    db(d1)
      .insert(consentTexts)
      .values({ hash: t.hash, version: t.version, textVi: t.vi, textEn: t.en, createdAt: now })
      .onConflictDoNothing(),
  );
}
