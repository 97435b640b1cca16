import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { units } from './org';

export const FORM_STATUSES = ['draft', 'published', 'closed', 'archived'] as const;
export const FORM_KINDS = ['survey', 'feedback', 'petition', 'report', 'other'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];
export type FormKind = (typeof FORM_KINDS)[number];

/**
 * Biểu mẫu: a form. `draft` holds the editable definition (JSON); publishing copies it into an
 * immutable `form_versions` row and points `currentVersionId` at it.
 */
export const forms = sqliteTable(
  'forms',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    kind: text('kind', { enum: FORM_KINDS }).notNull().default('survey'),
    ownerUnitId: text('owner_unit_id')
      .notNull()
      .references(() => units.id),
    title: text('title').notNull(),
    status: text('status', { enum: FORM_STATUSES }).notNull().default('draft'),
    draft: text('draft').notNull(),
    currentVersionId: text('current_version_id'),
    opensAt: integer('opens_at'),
    closesAt: integer('closes_at'),
    /** Ask for a Turnstile challenge on submission (forms that attract abuse). */
    turnstile: integer('turnstile', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('forms_slug_uq').on(t.slug), index('forms_owner_idx').on(t.ownerUnitId)],
);

/** Phiên bản: a published, immutable definition. Every response points at one. */
export const formVersions = sqliteTable(
  'form_versions',
  {
    id: text('id').primaryKey(),
    formId: text('form_id')
      .notNull()
      .references(() => forms.id),
    version: integer('version').notNull(),
    definition: text('definition').notNull(),
    publishedAt: integer('published_at').notNull(),
    publishedBy: text('published_by').references(() => users.id),
  },
  (t) => [uniqueIndex('form_versions_uq').on(t.formId, t.version)],
);

/**
 * Response cap, enforced by the database: each submission's batch starts by incrementing `used`;
 * the CHECK fails the whole batch once the cap is reached, so concurrent submissions can never
 * exceed it (no read-then-insert).
 */
export const formQuota = sqliteTable(
  'form_quota',
  {
    formId: text('form_id')
      .primaryKey()
      .references(() => forms.id),
    used: integer('used').notNull().default(0),
    cap: integer('cap'),
  },
  (t) => [check('form_quota_cap', sql`${t.cap} IS NULL OR ${t.used} <= ${t.cap}`)],
);

/**
 * Per-response counter by form × unit × day (Vietnam date): what dashboards read. WITHOUT ROWID in
 * migrations/0001 (decision 207; Drizzle cannot declare it).
 */
export const responseCounts = sqliteTable(
  'response_counts',
  {
    formId: text('form_id').notNull(),
    unitId: text('unit_id').notNull(),
    day: text('day').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.unitId, t.day] })],
);

/**
 * Per-answer counter by version × question × item (Likert row, else '') × option × unit × day.
 * Numeric questions count under option '' and add their value to `total`. WITHOUT ROWID (decision 207).
 */
export const answerCounts = sqliteTable(
  'answer_counts',
  {
    versionId: text('version_id').notNull(),
    questionId: text('question_id').notNull(),
    item: text('item').notNull(),
    option: text('option').notNull(),
    unitId: text('unit_id').notNull(),
    day: text('day').notNull(),
    n: integer('n').notNull(),
    total: real('total').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.questionId, t.item, t.option, t.unitId, t.day] })],
);
