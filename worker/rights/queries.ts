/** SQL of the reporter's rights (worker/rights/service.ts): requests, their rules, consent texts. */
import { and, asc, eq, getTableColumns, gte, lt, sql } from 'drizzle-orm';
import { db, statement } from '../db/client';
import {
  cases,
  consentTexts,
  type DataRequestKind,
  type DataRequestStatus,
  dataRequestRules,
  dataRequests,
  formVersions,
  responses,
  units,
} from '../db/schema';

export type RequestRow = typeof dataRequests.$inferSelect;
export type RuleRow = Omit<typeof dataRequestRules.$inferSelect, 'updatedAt'>;

export async function selectRules(d1: D1Database): Promise<RuleRow[]> {
  const { kind, days, working, basis } = dataRequestRules;
  return db(d1).select({ kind, days, working, basis }).from(dataRequestRules).all();
}

/** Writes a shipped rule unless an administrator's row is there (ON CONFLICT DO NOTHING). */
export function defaultRuleStatement(d1: D1Database, r: RuleRow, now: number) {
  return statement(
    d1,
    db(d1)
      .insert(dataRequestRules)
      .values({ ...r, updatedAt: now })
      .onConflictDoNothing(),
  );
}

/** An administrator's rule (replaces the row). */
export function putRuleStatement(d1: D1Database, r: RuleRow, now: number) {
  const { days, working, basis } = r;
  return statement(
    d1,
    db(d1)
      .insert(dataRequestRules)
      .values({ ...r, updatedAt: now })
      .onConflictDoUpdate({ target: dataRequestRules.kind, set: { days, working, basis, updatedAt: now } }),
  );
}

export function insertRequestStatement(d1: D1Database, r: RequestRow) {
  return statement(d1, db(d1).insert(dataRequests).values(r));
}

/**
 * Answers an open request. Guarded on `status = 'open'`: a second answer changes nothing, and the
 * CHECK makes a lost race fail the whole batch (the status becomes an invalid value).
 */
export function answerRequestStatement(
  d1: D1Database,
  id: string,
  status: 'done' | 'refused',
  reply: string,
  by: string,
  now: number,
) {
  return statement(
    d1,
    db(d1)
      .update(dataRequests)
      .set({
        status: sql`CASE WHEN ${dataRequests.status} = 'open' THEN ${status} ELSE '!answered' END`,
        reply,
        answeredAt: now,
        answeredBy: by,
      })
      .where(eq(dataRequests.id, id)),
  );
}

export async function selectRequest(d1: D1Database, id: string) {
  return (await db(d1).select().from(dataRequests).where(eq(dataRequests.id, id)).get()) ?? null;
}

export async function selectCaseRequests(d1: D1Database, caseId: string) {
  return db(d1)
    .select()
    .from(dataRequests)
    .where(eq(dataRequests.caseId, caseId))
    .orderBy(asc(dataRequests.requestedAt), asc(dataRequests.id))
    .all();
}

/** An open request of this kind on the case (one at a time). */
export async function selectOpenRequest(d1: D1Database, caseId: string, kind: DataRequestKind) {
  const row = await db(d1)
    .select()
    .from(dataRequests)
    .where(and(eq(dataRequests.caseId, caseId), eq(dataRequests.kind, kind), eq(dataRequests.status, 'open')))
    .limit(1)
    .get();
  return row ?? null;
}

/** Intake's queue: requests of cases whose Front unit is in the subtree [lo, hi), oldest due first. */
export async function selectQueue(
  d1: D1Database,
  f: { lo: string; hi: string; status: DataRequestStatus | null; limit: number },
) {
  const d = dataRequests;
  return db(d1)
    .select({
      ...getTableColumns(d),
      receiptCode: responses.receiptCode,
      caseKind: cases.kind,
      caseStatus: cases.status,
    })
    .from(d)
    .innerJoin(units, eq(units.id, d.intakeUnitId))
    .innerJoin(cases, eq(cases.id, d.caseId))
    .innerJoin(responses, eq(responses.id, cases.responseId))
    .where(
      and(
        gte(units.path, f.lo),
        lt(units.path, f.hi),
        // One statement whatever the filter: NULL status means every request.
        sql`(${f.status} IS NULL OR ${d.status} = ${f.status})`,
      ),
    )
    .orderBy(sql`${d.status} = 'open' DESC`, asc(d.dueDay), asc(d.requestedAt))
    .limit(f.limit)
    .all();
}
export type QueueRow = Awaited<ReturnType<typeof selectQueue>>[number];

/** The response behind a case as the reporter's own data: answers, definition, consent record. */
export async function selectOwnResponse(d1: D1Database, responseId: string) {
  const row = await db(d1)
    .select({
      data: responses.data,
      submittedAt: responses.submittedAt,
      consentVersion: responses.consentVersion,
      consentHash: responses.consentHash,
      sealed: responses.identitySealed,
      definition: formVersions.definition,
      textVersion: consentTexts.version,
      textVi: consentTexts.textVi,
      textEn: consentTexts.textEn,
    })
    .from(responses)
    .innerJoin(formVersions, eq(formVersions.id, responses.versionId))
    .leftJoin(consentTexts, eq(consentTexts.hash, responses.consentHash))
    .where(eq(responses.id, responseId))
    .get();
  return row ?? null;
}

/**
 * Replaces the sealed identity, guarded on the value read (a concurrent change fails the batch:
 * `identity_sealed` would not match and the CHECK-less UPDATE would silently do nothing, so the
 * caller counts `changes`).
 */
export function resealIdentityStatement(d1: D1Database, responseId: string, before: string, after: string) {
  return statement(
    d1,
    db(d1)
      .update(responses)
      .set({ identitySealed: after })
      .where(and(eq(responses.id, responseId), eq(responses.identitySealed, before))),
  );
}

/** Removes the identity (withdrawn consent, deletion). The consent record stays as proof of the past. */
export function dropIdentityStatement(d1: D1Database, responseId: string) {
  return statement(
    d1,
    db(d1).update(responses).set({ identitySealed: null }).where(eq(responses.id, responseId)),
  );
}
