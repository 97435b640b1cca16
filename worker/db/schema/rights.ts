import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Quyền của chủ thể dữ liệu (docs/decisions/265): what a reporter asks with the receipt code + PIN.
 * `access` is answered on the spot, `correct` and `withdraw` take effect at once and intake
 * acknowledges them, `delete` waits for intake's decision. Never holds identity values.
 */
export const DATA_REQUEST_KINDS = ['access', 'correct', 'withdraw', 'delete'] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];
export const DATA_REQUEST_STATUSES = ['open', 'done', 'refused'] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];

const inList = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(', '));

export const dataRequests = sqliteTable(
  'data_requests',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    /** The case's Front unit (intake's queue is scoped by it). */
    intakeUnitId: text('intake_unit_id').notNull(),
    kind: text('kind', { enum: DATA_REQUEST_KINDS }).notNull(),
    status: text('status', { enum: DATA_REQUEST_STATUSES }).notNull().default('open'),
    requestedAt: integer('requested_at').notNull(),
    /** yyyy-mm-dd (Vietnam): the statutory response day from `data_request_rules`. */
    dueDay: text('due_day').notNull(),
    /** What the reporter was told (shown on their page). Never identity. */
    reply: text('reply'),
    answeredAt: integer('answered_at'),
    answeredBy: text('answered_by'),
  },
  (t) => [
    index('data_requests_queue_idx').on(t.intakeUnitId, t.status, t.dueDay),
    index('data_requests_case_idx').on(t.caseId),
    check('data_requests_kind', sql`${t.kind} IN (${inList(DATA_REQUEST_KINDS)})`),
    check('data_requests_status', sql`${t.status} IN (${inList(DATA_REQUEST_STATUSES)})`),
  ],
);

/** Response periods per request kind, as data (like `case_deadline_rules`), with the legal basis. */
export const dataRequestRules = sqliteTable('data_request_rules', {
  kind: text('kind').primaryKey(),
  days: integer('days').notNull(),
  working: integer('working', { mode: 'boolean' }).notNull(),
  basis: text('basis').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Văn bản đồng ý: a form's consent text as accepted, immutable, keyed by the SHA-256 of its
 * canonical JSON (version + both languages): a changed text is a new row (decision 266).
 */
export const consentTexts = sqliteTable('consent_texts', {
  hash: text('hash').primaryKey(),
  version: text('version').notNull(),
  textVi: text('text_vi').notNull(),
  textEn: text('text_en'),
  createdAt: integer('created_at').notNull(),
});
