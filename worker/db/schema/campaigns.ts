import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Đợt báo cáo: a reporting campaign built on a published `report` form version, assigned to the
 * wards/communes (`kinds`) of the subtree of `unitId`, due on `dueDate` (inclusive, Vietnam time).
 */
export const dvkCampaigns = sqliteTable(
  'dvk_campaigns',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    formId: text('form_id').notNull(),
    /** The form version pinned when the campaign opened: every report answers it. */
    versionId: text('version_id').notNull(),
    /** The subtree the campaign covers; staff managing it hold a role here. */
    unitId: text('unit_id').notNull(),
    /** JSON array of unit kinds assigned, e.g. ["ward","commune"]. */
    kinds: text('kinds').notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    dueDate: text('due_date').notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('dvk_campaigns_unit_idx').on(t.unitId)],
);

/** Phân công: the units a campaign was assigned to when it opened. */
export const dvkAssignments = sqliteTable(
  'dvk_assignments',
  {
    campaignId: text('campaign_id').notNull(),
    unitId: text('unit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId] }), index('dvk_assignments_unit_idx').on(t.unitId)],
);

export const REPORT_STATUSES = ['draft', 'submitted', 'returned'] as const;

/**
 * Báo cáo: one unit's report in a campaign (its own table, not `responses`: it has drafts, returns
 * and resubmissions — decision 181). UNIQUE(campaign, unit): one report per unit.
 */
export const dvkReports = sqliteTable(
  'dvk_reports',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id').notNull(),
    unitId: text('unit_id').notNull(),
    versionId: text('version_id').notNull(),
    /** Answers JSON (validated by the form engine on submit; drafts may be incomplete). */
    data: text('data').notNull(),
    /** JSON: the models reported — new ones ({id, …fields}) and progress on existing ones. */
    models: text('models').notNull().default('{"new":[],"progress":[]}'),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('draft'),
    firstSubmittedAt: integer('first_submitted_at'),
    submittedAt: integer('submitted_at'),
    returnComment: text('return_comment'),
    updatedBy: text('updated_by'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('dvk_reports_uq').on(t.campaignId, t.unitId)],
);

/** The history of a report: save, submit, return (with the comment). */
export const dvkReportEvents = sqliteTable(
  'dvk_report_events',
  {
    id: text('id').primaryKey(),
    reportId: text('report_id').notNull(),
    action: text('action', { enum: ['submit', 'return'] }).notNull(),
    actorId: text('actor_id'),
    comment: text('comment'),
    at: integer('at').notNull(),
  },
  (t) => [index('dvk_report_events_idx').on(t.reportId, t.at)],
);
