/**
 * SQL of the cases module: the case row, its timeline, the rollups and the guarded transition.
 * Statements are returned unrun so callers put them in ONE batch with the change they belong to.
 * What a citizen's request runs — a case channel's submission, the tracking lookup — is built once
 * (`preparedStatement` / `preparedQuery`, decision 284): those requests render no SQL.
 */
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  db,
  excluded,
  inJson,
  type Placeholders,
  preparedQuery,
  preparedStatement,
  statement,
} from '../db/client';
import {
  CASE_STATUSES,
  type CaseStatus,
  caseBacklog,
  caseEvents,
  caseFlow,
  caseOutcomes,
  casePersonCounts,
  cases,
  consentTexts,
  forms,
  formVersions,
  people,
  positions,
  responses,
  units,
  users,
} from '../db/schema';
import type { LocalText } from '../lib/i18n';

/** A case as stored (never identity: that stays sealed on the response). */
export type CaseRow = typeof cases.$inferSelect;

/** Columns a transition may set. */
export type CaseChanges = Partial<
  Pick<
    CaseRow,
    | 'kind'
    | 'closure'
    | 'unitId'
    | 'subjectPersonId'
    | 'subjectUnitId'
    | 'field'
    | 'severity'
    | 'bodyUnitId'
    | 'mergedIntoId'
    | 'acceptedDay'
    | 'acceptDue'
    | 'resolveDue'
    | 'extensionDays'
    | 'overdueSince'
    | 'answeredAt'
    | 'closedAt'
    | 'answer'
    | 'rating'
    | 'reopenCount'
    | 'pinNonce'
  >
>;

/** Marker a stale transition writes into `status`: CHECK(cases_status) rejects it, failing the batch. */
export const STALE_MARK = '!stale';

/** A new case: every column but the counters a new case starts at their defaults. */
type NewCase = Omit<CaseRow, 'version' | 'pinFailures' | 'pinLockedUntil'>;

const insertCase = preparedStatement<NewCase>((q, v) =>
  q.insert(cases).values({
    id: v.id,
    responseId: v.responseId,
    formId: v.formId,
    channel: v.channel,
    kind: v.kind,
    status: v.status,
    closure: v.closure,
    intakeUnitId: v.intakeUnitId,
    unitId: v.unitId,
    subjectPersonId: v.subjectPersonId,
    subjectUnitId: v.subjectUnitId,
    field: v.field,
    severity: v.severity,
    bodyUnitId: v.bodyUnitId,
    mergedIntoId: v.mergedIntoId,
    receivedAt: v.receivedAt,
    receivedDay: v.receivedDay,
    acceptedDay: v.acceptedDay,
    acceptDue: v.acceptDue,
    resolveDue: v.resolveDue,
    extensionDays: v.extensionDays,
    overdueSince: v.overdueSince,
    answeredAt: v.answeredAt,
    closedAt: v.closedAt,
    answer: v.answer,
    rating: v.rating,
    reopenCount: v.reopenCount,
    pinNonce: v.pinNonce,
    updatedAt: v.updatedAt,
  } satisfies Record<keyof NewCase, unknown>),
);

export function insertCaseStatement(d1: D1Database, c: NewCase) {
  return insertCase(d1, c);
}

/**
 * The guarded change of one case: applies only to the `version` that was read. A stale one
 * writes STALE_MARK into status, which CHECK(cases_status) refuses, so the whole batch fails
 * (D1 has no interactive transactions; this makes the read-decide-write safe).
 */
export function transitionStatement(
  d1: D1Database,
  id: string,
  version: number,
  to: CaseStatus,
  changes: CaseChanges,
  now: number,
) {
  return statement(
    d1,
    db(d1)
      .update(cases)
      .set({
        ...changes,
        status: sql`CASE WHEN ${cases.version} = ${version} THEN ${to} ELSE ${STALE_MARK} END`,
        version: sql`${cases.version} + 1`,
        updatedAt: now,
      })
      .where(eq(cases.id, id)),
  );
}

/** A timeline event as the timeline shows it (without the rollup attribution below). */
export type EventRow = Omit<typeof caseEvents.$inferSelect, 'kind' | 'unitId' | 'outcome'>;

/**
 * What a counting event moved (decision 210): the kind and unit it was counted under and, for an
 * answer, its deadline outcome. Recorded on the event so the rebuild recounts history as it was.
 */
export interface EventRollup {
  kind: string;
  unitId: string;
  outcome?: string | null;
}

const insertEvent = preparedStatement<typeof caseEvents.$inferSelect>((q, v) =>
  q.insert(caseEvents).values({
    id: v.id,
    caseId: v.caseId,
    at: v.at,
    actorId: v.actorId,
    actorKind: v.actorKind,
    type: v.type,
    fromStatus: v.fromStatus,
    toStatus: v.toStatus,
    visibility: v.visibility,
    body: v.body,
    detail: v.detail,
    kind: v.kind,
    unitId: v.unitId,
    outcome: v.outcome,
  } satisfies Record<keyof typeof caseEvents.$inferSelect, unknown>),
);

/** A timeline event; `rollup` on the events that move a counter (intake, transitions), else none. */
export function eventStatement(d1: D1Database, e: EventRow, rollup?: EventRollup) {
  return insertEvent(d1, {
    ...e,
    kind: rollup?.kind ?? null,
    unitId: rollup?.unitId ?? null,
    outcome: rollup?.outcome ?? null,
  });
}

const countBacklog = preparedStatement<typeof caseBacklog.$inferSelect>((q, v) =>
  q
    .insert(caseBacklog)
    .values({ kind: v.kind, status: v.status, unitId: v.unitId, n: v.n })
    .onConflictDoUpdate({
      target: [caseBacklog.kind, caseBacklog.status, caseBacklog.unitId],
      set: { n: sql`${caseBacklog.n} + ${excluded(caseBacklog.n)}` },
    }),
);

/** Backlog: cases now in (kind, status, unit), +1 or −1. */
export function backlogStatement(
  d1: D1Database,
  kind: string,
  status: string,
  unitId: string,
  delta: 1 | -1,
) {
  return countBacklog(d1, { kind, status, unitId, n: delta });
}

const countFlow = preparedStatement<Omit<typeof caseFlow.$inferSelect, 'n'>>((q, v) =>
  q
    .insert(caseFlow)
    .values({ kind: v.kind, status: v.status, unitId: v.unitId, month: v.month, n: 1 })
    .onConflictDoUpdate({
      target: [caseFlow.kind, caseFlow.status, caseFlow.unitId, caseFlow.month],
      set: { n: sql`${caseFlow.n} + 1` },
    }),
);

/** Flow: one case entered `status` in the Vietnam month of `day` (yyyy-mm-dd; decision 210). */
export function flowStatement(d1: D1Database, kind: string, status: string, unitId: string, day: string) {
  return countFlow(d1, { kind, status, unitId, month: day.slice(0, 7) });
}

const countOutcome = preparedStatement<Omit<typeof caseOutcomes.$inferSelect, 'n'>>((q, v) =>
  q
    .insert(caseOutcomes)
    .values({ kind: v.kind, unitId: v.unitId, month: v.month, outcome: v.outcome, n: 1 })
    .onConflictDoUpdate({
      target: [caseOutcomes.kind, caseOutcomes.unitId, caseOutcomes.month, caseOutcomes.outcome],
      set: { n: sql`${caseOutcomes.n} + 1` },
    }),
);

/**
 * Deadline outcome in the Vietnam month of `day`: on_time | late (answered after the due day) |
 * overdue (flagged by the daily job).
 */
export function outcomeStatement(d1: D1Database, kind: string, unitId: string, day: string, outcome: string) {
  return countOutcome(d1, { kind, unitId, month: day.slice(0, 7), outcome });
}

/** `json_extract(<row>.value, '$[i]')`: the i-th element of a `json_each` row of tuples. */
const nth = (row: 'j' | 'k', i: number) =>
  sql<string>`json_extract(${sql.raw(row)}.value, ${sql.raw(`'$[${i}]'`)})`;

const countPerson = preparedStatement<{ personId: string; rows: string }>((q, v) =>
  q
    .insert(casePersonCounts)
    .select(
      q
        .select({
          personId: sql<string>`${v.personId}`.as('person_id'),
          questionId: nth('j', 0).as('question_id'),
          item: nth('j', 1).as('item'),
          option: nth('j', 2).as('option'),
          n: sql<number>`1`.as('n'),
        })
        .from(sql`json_each(${v.rows}) j`)
        // `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint.
        .where(sql`true`),
    )
    .onConflictDoUpdate({
      target: [
        casePersonCounts.personId,
        casePersonCounts.questionId,
        casePersonCounts.item,
        casePersonCounts.option,
      ],
      set: { n: sql`${casePersonCounts.n} + 1` },
    }),
);

/** Per-person counts: `[questionId, item, option]` tuples, +1 each (one JSON parameter). */
export function personCountsStatement(d1: D1Database, personId: string, rows: [string, string, string][]) {
  return countPerson(d1, { personId, rows: JSON.stringify(rows) });
}

export async function selectCase(d1: D1Database, id: string) {
  return (await db(d1).select().from(cases).where(eq(cases.id, id)).get()) ?? null;
}

const caseByResponse = preparedQuery((q, v: Placeholders<{ responseId: string }>) =>
  q.select().from(cases).where(eq(cases.responseId, v.responseId)).prepare(),
);

/** The case a response opened (a case channel's submission reads its PIN back). */
export async function selectCaseByResponse(d1: D1Database, responseId: string) {
  return (await caseByResponse.get(d1, { responseId })) ?? null;
}

const caseByReceipt = preparedQuery((q, v: Placeholders<{ code: string }>) =>
  q
    .select({
      ...getTableColumns(cases),
      receiptCode: responses.receiptCode,
      formTitle: sql`json_extract(${formVersions.definition}, '$.title')`.mapWith(
        (json: string): LocalText => JSON.parse(json),
      ),
    })
    .from(responses)
    .innerJoin(cases, eq(cases.responseId, responses.id))
    .innerJoin(formVersions, eq(formVersions.id, responses.versionId))
    .where(eq(responses.receiptCode, v.code))
    .prepare(),
);

/** The case behind a receipt code, with the answered form's title in both languages. */
export async function selectCaseByReceipt(d1: D1Database, code: string) {
  return (await caseByReceipt.get(d1, { code })) ?? null;
}

const pinFailure = preparedStatement<{ id: string; lockAfter: number; lockedUntil: number }>((q, v) => {
  const locks = sql`${cases.pinFailures} + 1 >= ${v.lockAfter}`;
  return q
    .update(cases)
    .set({
      pinLockedUntil: sql`CASE WHEN ${locks} THEN ${v.lockedUntil} ELSE ${cases.pinLockedUntil} END`,
      pinFailures: sql`CASE WHEN ${locks} THEN 0 ELSE ${cases.pinFailures} + 1 END`,
    })
    .where(eq(cases.id, v.id));
});

/**
 * One wrong PIN, counted in SQL: the `lockAfter`-th failure locks tracking for `lockMs` and
 * starts the count again.
 */
export function pinFailureStatement(
  d1: D1Database,
  id: string,
  lockAfter: number,
  lockMs: number,
  now: number,
) {
  return pinFailure(d1, { id, lockAfter, lockedUntil: now + lockMs });
}

const pinSuccess = preparedStatement<{ id: string }>((q, v) =>
  q
    .update(cases)
    .set({ pinFailures: 0 })
    .where(and(eq(cases.id, v.id), gt(cases.pinFailures, 0))),
);

export function pinSuccessStatement(d1: D1Database, id: string) {
  return pinSuccess(d1, { id });
}

/** A new tracking PIN (a new nonce): the failure count and any lock go with the old one. */
export function pinResetStatement(d1: D1Database, id: string, nonce: string) {
  return statement(
    d1,
    db(d1)
      .update(cases)
      .set({ pinNonce: nonce, pinFailures: 0, pinLockedUntil: null })
      .where(eq(cases.id, id)),
  );
}

const timeline = (publicOnly: boolean) =>
  preparedQuery((q, v: Placeholders<{ caseId: string }>) => {
    const { kind: _k, unitId: _u, outcome: _o, ...columns } = getTableColumns(caseEvents);
    return q
      .select(columns)
      .from(caseEvents)
      .where(
        and(eq(caseEvents.caseId, v.caseId), publicOnly ? eq(caseEvents.visibility, 'public') : undefined),
      )
      .orderBy(asc(caseEvents.at), asc(caseEvents.id))
      .prepare();
  });
const fullTimeline = timeline(false);
const publicTimeline = timeline(true);

/** A case's timeline, oldest first; `publicOnly` for the reporter. */
export async function selectEvents(d1: D1Database, caseId: string, publicOnly: boolean): Promise<EventRow[]> {
  return (publicOnly ? publicTimeline : fullTimeline).all(d1, { caseId });
}

/** Staff names of timeline actors (display only). */
export async function staffNames(d1: D1Database, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db(d1)
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inJson(users.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A queue: cases whose intake unit (`by = 'intake'`) or responsible body (`by = 'body'`) lies in
 * the subtree [lo, hi), optionally in some statuses, newest first, at most `limit`.
 */
export async function selectQueue(
  d1: D1Database,
  f: { by: 'intake' | 'body'; lo: string; hi: string; statuses?: readonly string[]; limit: number },
) {
  const s = alias(units, 's');
  const u = alias(units, 'u');
  const b = alias(units, 'b');
  return db(d1)
    .select({
      id: cases.id,
      receiptCode: responses.receiptCode,
      kind: cases.kind,
      status: cases.status,
      closure: cases.closure,
      receivedAt: cases.receivedAt,
      acceptDue: cases.acceptDue,
      resolveDue: cases.resolveDue,
      overdueSince: cases.overdueSince,
      unitId: cases.unitId,
      unitName: u.name,
      bodyUnitId: cases.bodyUnitId,
      bodyName: b.name,
      subjectName: people.fullName,
      field: cases.field,
      severity: cases.severity,
    })
    .from(cases)
    .innerJoin(s, eq(s.id, f.by === 'intake' ? cases.intakeUnitId : cases.bodyUnitId))
    .innerJoin(responses, eq(responses.id, cases.responseId))
    .leftJoin(u, eq(u.id, cases.unitId))
    .leftJoin(b, eq(b.id, cases.bodyUnitId))
    .leftJoin(people, eq(people.id, cases.subjectPersonId))
    .where(
      and(gte(s.path, f.lo), lt(s.path, f.hi), f.statuses ? inJson(cases.status, f.statuses) : undefined),
    )
    .orderBy(desc(cases.receivedAt), desc(cases.id))
    .limit(f.limit)
    .all();
}
export type CaseListRow = Awaited<ReturnType<typeof selectQueue>>[number];

/** The response behind a case: answers, form definition of its version, receipt code, sealed identity. */
export async function selectCaseResponse(d1: D1Database, responseId: string) {
  const row = await db(d1)
    .select({
      receiptCode: responses.receiptCode,
      data: responses.data,
      consentVersion: responses.consentVersion,
      definition: formVersions.definition,
      identified: sql<number>`${responses.identitySealed} IS NOT NULL`,
      submittedAt: responses.submittedAt,
      consentHash: responses.consentHash,
      consentVi: consentTexts.textVi,
      consentEn: consentTexts.textEn,
    })
    .from(responses)
    .innerJoin(formVersions, eq(formVersions.id, responses.versionId))
    .leftJoin(consentTexts, eq(consentTexts.hash, responses.consentHash))
    .where(eq(responses.id, responseId))
    .get();
  return row ?? null;
}

/** The sealed identity of a response: ONLY the intake identity reader calls this (identity.ts). */
export async function selectSealedIdentity(d1: D1Database, responseId: string) {
  const row = await db(d1)
    .select({ sealed: responses.identitySealed })
    .from(responses)
    .where(eq(responses.id, responseId))
    .get();
  return row?.sealed ?? null;
}

/** Unit rows (id, path, name) by id. */
export async function unitPaths(d1: D1Database, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; path: string; name: string }>();
  const rows = await db(d1)
    .select({ id: units.id, path: units.path, name: units.name })
    .from(units)
    .where(inJson(units.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

const unitsOfPerson = preparedQuery((q, v: Placeholders<{ personId: string; today: string }>) =>
  q
    .select({ unitId: positions.unitId, path: units.path })
    .from(positions)
    .innerJoin(units, eq(units.id, positions.unitId))
    .where(
      and(eq(positions.personId, v.personId), or(isNull(positions.validTo), gte(positions.validTo, v.today))),
    )
    .orderBy(desc(positions.validFrom))
    .prepare(),
);

/** A person's current position units (valid on `today`), newest first. */
export async function personUnits(d1: D1Database, personId: string, today: string) {
  return unitsOfPerson.all(d1, { personId, today });
}

export async function selectPerson(d1: D1Database, id: string) {
  const row = await db(d1)
    .select({ id: people.id, fullName: people.fullName })
    .from(people)
    .where(eq(people.id, id))
    .get();
  return row ?? null;
}

/** Per-person counts (the summary filters them by k). */
export async function selectPersonCounts(d1: D1Database, personId: string) {
  return db(d1)
    .select({
      questionId: casePersonCounts.questionId,
      item: casePersonCounts.item,
      option: casePersonCounts.option,
      n: casePersonCounts.n,
    })
    .from(casePersonCounts)
    .where(eq(casePersonCounts.personId, personId))
    .all();
}

/** A form's owner unit and kind (intake reads these at submission). */
export async function selectFormInfo(d1: D1Database, formId: string) {
  const row = await db(d1)
    .select({ kind: forms.kind, ownerUnitId: forms.ownerUnitId })
    .from(forms)
    .where(eq(forms.id, formId))
    .get();
  return row ?? null;
}

/** An open feedback form (the channel offered to someone who tried an anonymous denunciation). */
export async function selectFeedbackSlug(d1: D1Database, now: number) {
  const row = await db(d1)
    .select({ slug: forms.slug })
    .from(forms)
    .where(
      and(
        eq(forms.kind, 'feedback'),
        eq(forms.status, 'published'),
        isNotNull(forms.currentVersionId),
        or(isNull(forms.opensAt), lte(forms.opensAt, now)),
        or(isNull(forms.closesAt), gt(forms.closesAt, now)),
      ),
    )
    .orderBy(asc(forms.createdAt))
    .limit(1)
    .get();
  return row?.slug ?? null;
}

/** A key list as the outer table of a `CROSS JOIN` (fixes the loop order: one seek per key). */
const keyList = (keys: unknown[][]) => sql`json_each(${JSON.stringify(keys)}) k`;

/**
 * Dashboards: case_flow for kinds × statuses × units over whole months [fromMonth, toMonth]
 * (yyyy-mm). Keys are enumerated (json_each) so each lookup is ONE seek on the primary key prefix
 * (kind, status, unit_id) that reads the unit's months in range (decision 210): rows read =
 * keys + cells. Raw cells, no GROUP BY (decision 209): callers sum what merges map together.
 */
export async function selectFlowByUnits(
  d1: D1Database,
  f: { unitIds: string[]; kinds: string[]; statuses: string[]; fromMonth: string; toMonth: string },
) {
  if (!f.unitIds.length) return [];
  const keys = f.kinds.flatMap((k) => f.statuses.flatMap((s) => f.unitIds.map((u) => [k, s, u])));
  return db(d1)
    .select({
      kind: caseFlow.kind,
      status: caseFlow.status,
      unitId: caseFlow.unitId,
      month: caseFlow.month,
      n: caseFlow.n,
    })
    .from(keyList(keys))
    .crossJoin(caseFlow)
    .where(
      and(
        eq(caseFlow.kind, nth('k', 0)),
        eq(caseFlow.status, nth('k', 1)),
        eq(caseFlow.unitId, nth('k', 2)),
        gte(caseFlow.month, f.fromMonth),
        lte(caseFlow.month, f.toMonth),
      ),
    )
    .all();
}

/**
 * Dashboards: deadline outcomes (on_time | late | overdue) for kinds × units over whole months:
 * one seek per (kind, unit) reading its months in range, outcomes within (decision 210).
 */
export async function selectOutcomesByUnits(
  d1: D1Database,
  f: { unitIds: string[]; kinds: string[]; fromMonth: string; toMonth: string },
) {
  if (!f.unitIds.length) return [];
  const keys = f.kinds.flatMap((k) => f.unitIds.map((u) => [k, u]));
  return db(d1)
    .select({
      kind: caseOutcomes.kind,
      unitId: caseOutcomes.unitId,
      month: caseOutcomes.month,
      outcome: caseOutcomes.outcome,
      n: caseOutcomes.n,
    })
    .from(keyList(keys))
    .crossJoin(caseOutcomes)
    .where(
      and(
        eq(caseOutcomes.kind, nth('k', 0)),
        eq(caseOutcomes.unitId, nth('k', 1)),
        gte(caseOutcomes.month, f.fromMonth),
        lte(caseOutcomes.month, f.toMonth),
      ),
    )
    .all();
}

/** Statuses a case can be open in (the backlog the dashboards show). */
export const OPEN_STATUSES = CASE_STATUSES.filter((s) => s !== 'closed');

/**
 * Dashboards: open work now, cases in each (kind, status) for the units. The whole primary key
 * (kind, status, unit) is enumerated, so each lookup is one seek reading at most one row; binding
 * only (kind, unit) read every status × unit of the kind per key (32,338 rows for a city at the
 * 100,000-case bench, decision 210).
 */
export async function selectBacklogByUnits(
  d1: D1Database,
  unitIds: string[],
  kinds: string[],
  statuses: readonly string[] = OPEN_STATUSES,
) {
  if (!unitIds.length) return [];
  const keys = kinds.flatMap((k) => statuses.flatMap((s) => unitIds.map((u) => [k, s, u])));
  return db(d1)
    .select({
      kind: caseBacklog.kind,
      status: caseBacklog.status,
      unitId: caseBacklog.unitId,
      n: caseBacklog.n,
    })
    .from(keyList(keys))
    .crossJoin(caseBacklog)
    .where(
      and(
        eq(caseBacklog.kind, nth('k', 0)),
        eq(caseBacklog.status, nth('k', 1)),
        eq(caseBacklog.unitId, nth('k', 2)),
      ),
    )
    .all();
}

/**
 * Dashboards (Ủy ban Kiểm tra): people holding a current position in one of the units, with the
 * number of feedback responses about them (`case_person_counts` row '*') and their per-criterion
 * counts. The caller applies the k threshold.
 */
export async function selectPersonCountsInUnits(d1: D1Database, unitIds: string[], today: string) {
  if (!unitIds.length) return [];
  const q = db(d1);
  const ppl = q.$with('ppl').as(
    q
      .selectDistinct({ id: positions.personId })
      .from(sql`json_each(${JSON.stringify(unitIds)}) u`)
      .innerJoin(positions, eq(positions.unitId, sql`u.value`))
      .where(or(isNull(positions.validTo), gte(positions.validTo, today))),
  );
  return q
    .with(ppl)
    .select({
      personId: ppl.id,
      fullName: people.fullName,
      questionId: casePersonCounts.questionId,
      item: casePersonCounts.item,
      option: casePersonCounts.option,
      n: casePersonCounts.n,
    })
    .from(ppl)
    .innerJoin(people, eq(people.id, ppl.id))
    .innerJoin(casePersonCounts, eq(casePersonCounts.personId, ppl.id))
    .orderBy(asc(people.fullName))
    .limit(5000)
    .all();
}
