import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Hồ sơ states (docs/cases.md). `received` is transient: intake moves it on at once or it shows in the queue. */
export const CASE_STATUSES = [
  'received',
  'prescreening',
  'classified',
  'forwarded',
  'in_progress',
  'answered',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Loại vụ việc: what the case is in law; decides its clock. */
export const CASE_KINDS = ['feedback', 'complaint', 'denunciation', 'petition'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** How a case ended. */
export const CASE_CLOSURES = ['resolved', 'not_competent', 'duplicate', 'insufficient_info'] as const;
export type CaseClosure = (typeof CASE_CLOSURES)[number];

/** Who acted on a case: a staff user, the reporter, or the system (the daily job). */
export const CASE_ACTOR_KINDS = ['staff', 'citizen', 'system'] as const;
/** Who sees a timeline event: the reporter too (public), intake and the body (internal), intake only. */
export const CASE_VISIBILITIES = ['public', 'internal', 'intake'] as const;

const inList = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(', '));

/**
 * Vụ việc: one feedback or petition, created in the same batch as the response it came from
 * (response_id UNIQUE). Reporter identity is NOT here: it stays sealed on the response and only
 * the intake role's audited reader opens it. `version` guards every transition: a transition
 * writes `status = CASE WHEN version = ? THEN new ELSE '!stale' END`, so a stale one violates
 * CHECK(cases_status) and its whole batch rolls back.
 */
export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    responseId: text('response_id').notNull(),
    formId: text('form_id').notNull(),
    /** The form's kind at intake: 'feedback' or 'petition'. */
    channel: text('channel').notNull(),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    closure: text('closure'),
    /** The Front unit that owns the intake form (intake scope). */
    intakeUnitId: text('intake_unit_id').notNull(),
    /** Rollup attribution: the subject's unit when known, else the intake unit. */
    unitId: text('unit_id').notNull(),
    subjectPersonId: text('subject_person_id'),
    subjectUnitId: text('subject_unit_id'),
    field: text('field'),
    severity: text('severity'),
    /** Cơ quan xử lý: the responsible body once forwarded. */
    bodyUnitId: text('body_unit_id'),
    mergedIntoId: text('merged_into_id'),
    receivedAt: integer('received_at').notNull(),
    receivedDay: text('received_day').notNull(),
    acceptedDay: text('accepted_day'),
    /** Deadlines as Vietnam dates (the whole day counts): yyyy-mm-dd. */
    acceptDue: text('accept_due'),
    resolveDue: text('resolve_due'),
    extensionDays: integer('extension_days').notNull().default(0),
    /** Set once by the daily job (or a late transition) the first time a deadline passed. */
    overdueSince: text('overdue_since'),
    answeredAt: integer('answered_at'),
    closedAt: integer('closed_at'),
    answer: text('answer'),
    rating: integer('rating'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /**
     * The tracking PIN's secret: the PIN sealed by the keyring (`v2.<key id>.…`, decision 252) or, on
     * older cases until the re-seal job moves them, the nonce it is derived from (decision 142).
     */
    pinNonce: text('pin_nonce').notNull(),
    pinFailures: integer('pin_failures').notNull().default(0),
    pinLockedUntil: integer('pin_locked_until'),
    version: integer('version').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('cases_response_uq').on(t.responseId),
    index('cases_intake_idx').on(t.intakeUnitId, t.status),
    index('cases_body_idx').on(t.bodyUnitId, t.status),
    index('cases_subject_idx').on(t.subjectPersonId),
    check('cases_status', sql`${t.status} IN (${inList(CASE_STATUSES)})`),
    check('cases_kind', sql`${t.kind} IN (${inList(CASE_KINDS)})`),
    check('cases_closure', sql`${t.closure} IS NULL OR ${t.closure} IN (${inList(CASE_CLOSURES)})`),
    check('cases_rating', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
  ],
);

/** Diễn biến: the timeline. `visibility` public events are shown to the reporter; internal never. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    at: integer('at').notNull(),
    /** Staff user id; null for the reporter or the system. */
    actorId: text('actor_id'),
    actorKind: text('actor_kind', { enum: CASE_ACTOR_KINDS }).notNull(),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    visibility: text('visibility', { enum: CASE_VISIBILITIES }).notNull(),
    body: text('body'),
    detail: text('detail'),
    /**
     * Rollup attribution at the time of the event (decision 210): set on every event that moves a
     * counter (the intake, each transition, the overdue flag), null on notes and replies. The
     * rebuild recounts `case_flow` and `case_outcomes` from these, never from the case's current row.
     */
    kind: text('kind'),
    unitId: text('unit_id'),
    /** on_time | late (an answer) | overdue (the daily flag); null otherwise. */
    outcome: text('outcome'),
  },
  (t) => [
    index('case_events_case_idx').on(t.caseId, t.at),
    // Only the counting events, by time: the rebuild's month slices seek here.
    index('case_events_rollup_idx').on(t.at).where(sql`${t.kind} IS NOT NULL`),
    // public: the reporter too; internal: intake and the handling body; intake: the Front's intake only.
    check('case_events_visibility', sql`${t.visibility} IN ('public', 'internal', 'intake')`),
  ],
);

/**
 * Rollup: cases entering `status` per (kind, unit, Vietnam month `yyyy-mm`). Dashboards read this,
 * never `cases`. WITHOUT ROWID (decision 207), month-keyed (decision 210): custom migration 0003.
 */
export const caseFlow = sqliteTable(
  'case_flow',
  {
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    unitId: text('unit_id').notNull(),
    month: text('month').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.status, t.unitId, t.month] })],
);

/** Rollup: cases currently in `status` per (kind, unit): +1/−1 in every transition's batch. WITHOUT ROWID (0003). */
export const caseBacklog = sqliteTable(
  'case_backlog',
  {
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    unitId: text('unit_id').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.status, t.unitId] })],
);

/**
 * Rollup: deadline outcomes per (kind, unit, Vietnam month, outcome ∈ on_time | late | overdue).
 * WITHOUT ROWID, month-keyed (decision 210, custom migration 0003).
 */
export const caseOutcomes = sqliteTable(
  'case_outcomes',
  {
    kind: text('kind').notNull(),
    unitId: text('unit_id').notNull(),
    month: text('month').notNull(),
    outcome: text('outcome').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.unitId, t.month, t.outcome] })],
);

/**
 * Rollup for the per-person summary: distinct responses about a person, per criterion × level.
 * WITHOUT ROWID (0003).
 */
export const casePersonCounts = sqliteTable(
  'case_person_counts',
  {
    personId: text('person_id').notNull(),
    questionId: text('question_id').notNull(),
    /** Likert row (criterion) or '' for the total of responses (questionId '*'). */
    item: text('item').notNull(),
    option: text('option').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.questionId, t.item, t.option] })],
);

/** Thời hạn: deadline rules per case kind, as data (the law changes). */
export const caseDeadlineRules = sqliteTable('case_deadline_rules', {
  kind: text('kind', { enum: CASE_KINDS }).primaryKey(),
  acceptDays: integer('accept_days').notNull(),
  acceptWorking: integer('accept_working', { mode: 'boolean' }).notNull(),
  resolveDays: integer('resolve_days').notNull(),
  resolveWorking: integer('resolve_working', { mode: 'boolean' }).notNull(),
  maxExtensionDays: integer('max_extension_days').notNull().default(0),
  /** Legal basis, with number AND date, e.g. "Luật Tố cáo 2018 (12/6/2018), Điều 29, 30". */
  basis: text('basis').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** A day off, or a weekend day worked in compensation. */
export const HOLIDAY_KINDS = ['off', 'work'] as const;
/** Where a holiday comes from: the Labour Code, a government decision, or announced later (admins confirm). */
export const HOLIDAY_SOURCES = ['statute', 'decision', 'provisional'] as const;

/** Lịch nghỉ: days off (`off`) and weekend days worked in compensation (`work`), Vietnam dates. */
export const holidays = sqliteTable(
  'holidays',
  {
    day: text('day').primaryKey(),
    kind: text('kind', { enum: HOLIDAY_KINDS }).notNull(),
    name: text('name').notNull(),
    /** statute | decision | provisional (announced later; admins confirm). */
    source: text('source', { enum: HOLIDAY_SOURCES }).notNull(),
  },
  (t) => [check('holidays_kind', sql`${t.kind} IN ('off', 'work')`)],
);

/** Định tuyến: kind × subject's unit subtree → responsible body. Most specific unit wins, then kind over any. */
export const routingRules = sqliteTable(
  'case_routing_rules',
  {
    id: text('id').primaryKey(),
    /** A case kind, or '*' for every kind (not NULL: UNIQUE treats NULLs as distinct). */
    kind: text('kind').notNull().default('*'),
    /** The subtree of the subject's unit this rule covers. */
    unitId: text('unit_id').notNull(),
    bodyUnitId: text('body_unit_id').notNull(),
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('case_routing_uq').on(t.unitId, t.kind)],
);

/** Bộ tiêu chí: a criteria set from a regulation, with its number AND date (124-QĐ/TW exists twice). */
export const criteriaSets = sqliteTable('criteria_sets', {
  code: text('code').primaryKey(),
  title: text('title').notNull(),
  titleEn: text('title_en'),
  docNumber: text('doc_number').notNull(),
  docDate: text('doc_date').notNull(),
  issuer: text('issuer').notNull(),
  /** JSON array of {value, label:{vi,en}}. */
  criteria: text('criteria').notNull(),
});

/** One-row settings of the capability. k never below 5 (CHECK), reopen window in days. */
export const caseSettings = sqliteTable(
  'case_settings',
  {
    id: integer('id').primaryKey(),
    kThreshold: integer('k_threshold').notNull().default(5),
    reopenDays: integer('reopen_days').notNull().default(30),
    pinLockAfter: integer('pin_lock_after').notNull().default(5),
  },
  (t) => [check('case_settings_one', sql`${t.id} = 1`), check('case_settings_k', sql`${t.kThreshold} >= 5`)],
);

/** Webhook subscribers (admin). The signing secret is sealed by the keyring (purpose webhook). */
export const webhookSubscriptions = sqliteTable('webhook_subscriptions', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** Space-separated event names: `case.created case.forwarded case.answered case.overdue`. */
  events: text('events').notNull(),
  secretSealed: text('secret_sealed').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
});

/** Outbox: one row per (subscription, event), written in the batch of the event; delivered with retries. */
export const webhookOutbox = sqliteTable(
  'webhook_outbox',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id').notNull(),
    event: text('event').notNull(),
    caseId: text('case_id').notNull(),
    payload: text('payload').notNull(),
    createdAt: integer('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAt: integer('next_at').notNull(),
    deliveredAt: integer('delivered_at'),
    /** pending | delivered | failed (gave up). */
    state: text('state').notNull().default('pending'),
    lastError: text('last_error'),
  },
  (t) => [index('webhook_outbox_due_idx').on(t.state, t.nextAt)],
);
