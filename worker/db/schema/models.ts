import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Lĩnh vực: the four fields a "Dân vận khéo" model is registered in. */
export const MODEL_FIELDS = ['economy', 'culture_society', 'defence_security', 'political_system'] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];

/** Cấp công nhận: the level that recognised a model. */
export const RECOGNITION_LEVELS = ['ward', 'district', 'province'] as const;

/**
 * Trạng thái: registered → effective | not_effective (by the current evaluation) → replicated
 * (effective and spread to at least one other model). Derived in SQL from `verdict` and
 * `replication_count` (worker/models/queries.ts#refreshStatusStatement), never set directly.
 */
export const MODEL_STATUSES = ['registered', 'effective', 'not_effective', 'replicated'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** Mô hình "Dân vận khéo": one model of the registry. Money in whole VND. */
export const dvkModels = sqliteTable(
  'dvk_models',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id').notNull(),
    name: text('name').notNull(),
    /** fold(name + description): diacritic-insensitive search with instr(). */
    searchText: text('search_text').notNull(),
    field: text('field', { enum: MODEL_FIELDS }).notNull(),
    /** Năm: the registration year (rollup bucket). */
    year: integer('year').notNull(),
    startDate: text('start_date'),
    description: text('description').notNull().default(''),
    peopleMobilised: integer('people_mobilised').notNull().default(0),
    householdsMobilised: integer('households_mobilised').notNull().default(0),
    moneyVnd: integer('money_vnd').notNull().default(0),
    workdays: integer('workdays').notNull().default(0),
    materials: text('materials').notNull().default(''),
    results: text('results').notNull().default(''),
    recognition: text('recognition', { enum: RECOGNITION_LEVELS }),
    /** Verdict of the current evaluation (null until evaluated). */
    verdict: text('verdict', { enum: ['effective', 'not_effective'] }),
    status: text('status', { enum: MODEL_STATUSES }).notNull().default('registered'),
    currentEvaluationId: text('current_evaluation_id'),
    /** Weighted score of the current evaluation, basis points (0..10000 = 0..100 %). */
    currentScoreBp: integer('current_score_bp'),
    replicationCount: integer('replication_count').notNull().default(0),
    /** Set when the model was created by a campaign report (báo cáo đợt). */
    sourceReportId: text('source_report_id'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('dvk_models_unit_idx').on(t.unitId, t.year),
    index('dvk_models_report_idx').on(t.sourceReportId),
    check(
      'dvk_models_nonneg',
      sql`${t.peopleMobilised} >= 0 AND ${t.householdsMobilised} >= 0 AND ${t.moneyVnd} >= 0 AND ${t.workdays} >= 0`,
    ),
  ],
);

/** Nhân rộng: model `fromId` spread to model `toId`. */
export const dvkModelLinks = sqliteTable(
  'dvk_model_links',
  {
    fromId: text('from_id').notNull(),
    toId: text('to_id').notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.fromId, t.toId] }),
    check('dvk_links_not_self', sql`${t.fromId} <> ${t.toId}`),
  ],
);

/** Tiến độ: a progress entry on an existing model (from a campaign report or by staff). */
export const dvkModelProgress = sqliteTable(
  'dvk_model_progress',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id').notNull(),
    /** The report it came from; UNIQUE(report, model) makes a resubmission update, not duplicate. */
    reportId: text('report_id'),
    note: text('note').notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('dvk_progress_model_idx').on(t.modelId, t.createdAt),
    uniqueIndex('dvk_progress_report_uq').on(t.reportId, t.modelId),
  ],
);

/** Ảnh: photos of a model, stored in R2 under `models/<modelId>/…`. */
export const dvkModelPhotos = sqliteTable(
  'dvk_model_photos',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id').notNull(),
    key: text('key').notNull(),
    type: text('type').notNull(),
    size: integer('size').notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('dvk_photos_model_idx').on(t.modelId)],
);

/**
 * Bộ tiêu chí: a rubric version. Immutable once created (criteria JSON: id, label, weight, max);
 * editing creates a new row and marks it active, so every evaluation names the exact criteria it used.
 */
export const dvkRubrics = sqliteTable('dvk_rubrics', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  criteria: text('criteria').notNull(),
  /** Verdict threshold in basis points: score ≥ threshold → effective. */
  thresholdBp: integer('threshold_bp').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(false),
  createdBy: text('created_by'),
  createdAt: integer('created_at').notNull(),
});

/** Đánh giá: one reviewer's scoring of a model; the history is every row, the newest is current. */
export const dvkEvaluations = sqliteTable(
  'dvk_evaluations',
  {
    id: text('id').primaryKey(),
    modelId: text('model_id').notNull(),
    rubricId: text('rubric_id').notNull(),
    reviewerId: text('reviewer_id').notNull(),
    /** JSON { criterionId: points }. */
    scores: text('scores').notNull(),
    scoreBp: integer('score_bp').notNull(),
    verdict: text('verdict', { enum: ['effective', 'not_effective'] }).notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('dvk_evaluations_model_idx').on(t.modelId, t.createdAt)],
);

/**
 * Coverage rollup: models by unit × field × year × status with their totals. Maintained in the
 * same batch as every model write by subtracting the model's old contribution and adding its new
 * one (worker/models/queries.ts#rollupOut/rollupIn), so dashboards read O(buckets) rows.
 */
export const dvkModelCounts = sqliteTable(
  'dvk_model_counts',
  {
    unitId: text('unit_id').notNull(),
    field: text('field').notNull(),
    year: integer('year').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull().default(0),
    people: integer('people').notNull().default(0),
    households: integer('households').notNull().default(0),
    moneyVnd: integer('money_vnd').notNull().default(0),
    workdays: integer('workdays').notNull().default(0),
    replications: integer('replications').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.field, t.year, t.status] })],
);
