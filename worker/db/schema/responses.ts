import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { forms, formVersions } from './forms';

/**
 * Phản hồi: one submission of a form. `idempotencyKey` is chosen by the client at its first
 * attempt; UNIQUE(form, key) makes every retry land on the same row.
 */
export const responses = sqliteTable(
  'responses',
  {
    id: text('id').primaryKey(),
    formId: text('form_id')
      .notNull()
      .references(() => forms.id),
    versionId: text('version_id')
      .notNull()
      .references(() => formVersions.id),
    /** The unit the response counts for (a unit-picker answer, else the form's owner unit). */
    unitId: text('unit_id').notNull(),
    receiptCode: text('receipt_code').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status').notNull().default('received'),
    lang: text('lang').notNull().default('vi'),
    /** Answers as submitted (after the engine dropped hidden questions): JSON. */
    data: text('data').notNull(),
    /** Identity fields when the form asks for them: AES-GCM sealed JSON, never plain. */
    identitySealed: text('identity_sealed'),
    consentVersion: text('consent_version'),
    /** The consent text accepted (`consent_texts.hash`); the time is `submitted_at` (decision 266). */
    consentHash: text('consent_hash'),
    /** Folded (no diacritics, lower case) text of the answers, for staff free-text search. Never identity. */
    searchText: text('search_text').notNull().default(''),
    submittedAt: integer('submitted_at').notNull(),
    /** yyyy-mm-dd in Asia/Ho_Chi_Minh, the rollup bucket. */
    day: text('day').notNull(),
  },
  (t) => [
    uniqueIndex('responses_receipt_uq').on(t.receiptCode),
    uniqueIndex('responses_idem_uq').on(t.formId, t.idempotencyKey),
    index('responses_form_idx').on(t.formId, t.submittedAt),
  ],
);

/**
 * Answers in queryable form: one row per question (per Likert row, per chosen option). Reached
 * through their response (form → responses → answers); no index on question_id alone, because
 * question ids repeat across forms and every index costs one more write per answer row
 * (docs/decisions/041-submission-writes.md). Aggregates read the rollup tables instead.
 */
export const answers = sqliteTable(
  'answers',
  {
    responseId: text('response_id')
      .notNull()
      .references(() => responses.id),
    questionId: text('question_id').notNull(),
    item: text('item').notNull().default(''),
    value: text('value'),
    num: real('num'),
  },
  (t) => [index('answers_response_idx').on(t.responseId)],
);
