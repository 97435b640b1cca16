import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Cấu hình bảng số liệu: which board views the board viewers granted on a unit (and below, unless a
 * deeper unit has its own row) may open. No row on the way up means every view. Set by admins.
 */
export const dashboardViews = sqliteTable('dashboard_views', {
  unitId: text('unit_id').primaryKey(),
  /** JSON array of view ids (worker/dashboards/boards.ts BOARD_VIEWS). */
  views: text('views').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Month buckets of `response_counts` (decision 205): responses per form × unit × calendar month
 * (Vietnam), written in the submission batch beside the day counter. Dashboards read these for
 * ranges of whole months; the day table stays for day series within one month. WITHOUT ROWID in
 * migrations/0001 (decision 207; Drizzle cannot declare it).
 */
export const responseMonthCounts = sqliteTable(
  'response_month_counts',
  {
    formId: text('form_id').notNull(),
    unitId: text('unit_id').notNull(),
    /** yyyy-mm */
    month: text('month').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.unitId, t.month] })],
);

/**
 * Month buckets of `answer_counts`, keyed version × unit × month × question × item × option: a wide
 * read seeks once per (version, unit) and reads that unit's months whole (decision 209).
 * WITHOUT ROWID (decision 207).
 */
export const answerMonthCounts = sqliteTable(
  'answer_month_counts',
  {
    versionId: text('version_id').notNull(),
    questionId: text('question_id').notNull(),
    item: text('item').notNull(),
    option: text('option').notNull(),
    unitId: text('unit_id').notNull(),
    /** yyyy-mm */
    month: text('month').notNull(),
    n: integer('n').notNull(),
    total: real('total').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.unitId, t.month, t.questionId, t.item, t.option] })],
);
