import { sql } from 'drizzle-orm';
import { check, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Thời hạn lưu trữ: the retention period an administrator set for one (form kind, data category)
 * (decision 260). Categories that do not depend on a form kind use form_kind '*'. No row means the
 * default in worker/retention/policy.ts; bounds are checked in the service (legal minimum and
 * maximum per category) and the CHECK keeps any other writer from storing a negative period.
 */
export const retentionPeriods = sqliteTable(
  'retention_periods',
  {
    formKind: text('form_kind').notNull(),
    category: text('category').notNull(),
    days: integer('days').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.formKind, t.category] }),
    check('retention_periods_days', sql`${t.days} >= 0`),
  ],
);

/**
 * Which responses the retention job has already anonymised for a category that leaves no trace of
 * its own on the row (free text, evidence files): the job's anti-join skips them (decision 261).
 */
export const retentionMarks = sqliteTable(
  'retention_marks',
  {
    responseId: text('response_id').notNull(),
    category: text('category').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.category] })],
);

/**
 * Lưu giữ theo yêu cầu pháp lý: an administrator's explicit hold on a case (an inspection, a lawsuit,
 * an investigation) — the retention job touches nothing of a held case until the hold is lifted
 * (decision 262).
 */
export const retentionHolds = sqliteTable('retention_holds', {
  caseId: text('case_id').primaryKey(),
  reason: text('reason').notNull(),
  setBy: text('set_by').notNull(),
  setAt: integer('set_at').notNull(),
});
