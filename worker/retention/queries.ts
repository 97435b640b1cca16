/**
 * Every SQL statement of the retention module: the periods, the expired-and-not-held selections
 * and the bounded slices that anonymise or delete them (decision 261). Every slice statement has a
 * LIMIT; ids travel as one JSON array parameter (json_each), so no statement nears D1's 100 bound
 * parameters however large the slice.
 */
import {
  and,
  desc,
  eq,
  exists,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  notExists,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db, inJson, selectValues, statement } from '../db/client';
import {
  answers,
  auditLog,
  ballotCodes,
  ballotRounds,
  ballotSpends,
  caseEvents,
  cases,
  dataRequests,
  type FORM_KINDS,
  forms,
  formVersions,
  responses,
  retentionHolds,
  retentionMarks,
  retentionPeriods,
  sessions,
  users,
  webhookOutbox,
} from '../db/schema';

export type PeriodRow = typeof retentionPeriods.$inferSelect;

export async function selectPeriods(d1: D1Database): Promise<PeriodRow[]> {
  return db(d1).select().from(retentionPeriods).all();
}

export function upsertPeriodStatement(d1: D1Database, row: PeriodRow): D1PreparedStatement {
  const { days, updatedBy, updatedAt } = row;
  return statement(
    d1,
    db(d1)
      .insert(retentionPeriods)
      .values(row)
      .onConflictDoUpdate({
        target: [retentionPeriods.formKind, retentionPeriods.category],
        set: { days, updatedBy, updatedAt },
      }),
  );
}

/** What makes a response's data expired and free of any legal hold. */
export interface ExpiryWindow {
  formKind: (typeof FORM_KINDS)[number];
  /** Expired before this instant (now − period). */
  cutoff: number;
  /** A closed case may be reopened until closed_at + reopen window: it must be closed before this. */
  reopenCutoff: number;
}

/** The expired-responses subquery's tables: `r` is what its `extra` condition reads. */
const [r, c, m] = [alias(responses, 'r'), alias(cases, 'c'), alias(cases, 'm')];

/**
 * Responses of `formKind` whose period has run out and that no legal hold keeps:
 * - a response without a case: submitted before the cutoff;
 * - a case: closed (not answered, not reopened, not under review), closed before the cutoff and
 *   before the reopen window's start; when merged into another case, that case closed the same way;
 *   no open data-subject request on it, no administrator's hold (decision 262).
 * `extra` narrows to rows not yet processed for the category (its own marker), over `r`.
 * Responses are reached through forms of the kind and `responses_form_idx` (form_id, submitted_at):
 * a case closes after its response was submitted, so `submitted_at < cutoff` bounds every seek.
 */
function expiredResponses(d1: D1Database, w: ExpiryWindow, extra: SQL, limit: number) {
  const q = db(d1);
  const one = { one: sql`1` };
  return q
    .select({ id: r.id })
    .from(forms)
    .innerJoin(r, eq(r.formId, forms.id))
    .leftJoin(c, eq(c.responseId, r.id))
    .where(
      and(
        eq(forms.kind, w.formKind),
        lt(r.submittedAt, w.cutoff),
        extra,
        or(
          isNull(c.id),
          and(
            eq(c.status, 'closed'),
            lt(c.closedAt, w.cutoff),
            lt(c.closedAt, w.reopenCutoff),
            or(
              isNull(c.mergedIntoId),
              exists(
                q
                  .select(one)
                  .from(m)
                  .where(
                    and(eq(m.id, c.mergedIntoId), eq(m.status, 'closed'), lt(m.closedAt, w.reopenCutoff)),
                  ),
              ),
            ),
            notExists(
              q
                .select(one)
                .from(dataRequests)
                .where(and(eq(dataRequests.caseId, c.id), eq(dataRequests.status, 'open'))),
            ),
            notExists(q.select(one).from(retentionHolds).where(eq(retentionHolds.caseId, c.id))),
          ),
        ),
      ),
    )
    .limit(limit);
}

/** Seals identity away: one bounded UPDATE (the NULL is its own marker). Returns rows changed. */
export async function clearIdentitySlice(d1: D1Database, w: ExpiryWindow, limit: number): Promise<number> {
  const res = await db(d1)
    .update(responses)
    .set({ identitySealed: null })
    .where(inArray(responses.id, expiredResponses(d1, w, isNotNull(r.identitySealed), limit)))
    .run();
  return res.meta.changes ?? 0;
}

/** Up to `limit` expired, unheld responses not yet marked for `category`, with their answers. */
export async function selectUnmarkedSlice(d1: D1Database, w: ExpiryWindow, category: string, limit: number) {
  const q = db(d1);
  const unmarked = notExists(
    q
      .select({ one: sql`1` })
      .from(retentionMarks)
      .where(and(eq(retentionMarks.responseId, r.id), eq(retentionMarks.category, category))),
  );
  return q
    .select({ id: responses.id, versionId: responses.versionId, data: responses.data, caseId: cases.id })
    .from(responses)
    .leftJoin(cases, eq(cases.responseId, responses.id))
    .where(inArray(responses.id, expiredResponses(d1, w, unmarked, limit)))
    .all();
}

/** Question ids and types of the given versions' definitions. */
export async function selectVersionQuestions(d1: D1Database, versionIds: string[]) {
  return db(d1)
    .select({
      versionId: formVersions.id,
      questionId: sql<string>`json_extract(q.value, '$.id')`,
      type: sql<string>`json_extract(q.value, '$.type')`,
    })
    .from(formVersions)
    .crossJoin(sql`json_each(${formVersions.definition}, '$.pages') p`)
    .crossJoin(sql`json_each(p.value, '$.questions') q`)
    .where(inJson(formVersions.id, versionIds))
    .all();
}

/** One response's answers as stored after anonymisation (computed in the Worker from its `data`). */
export function setDataStatement(d1: D1Database, id: string, data: string, clearSearch: boolean) {
  return statement(
    d1,
    db(d1)
      .update(responses)
      .set(clearSearch ? { data, searchText: '' } : { data })
      .where(eq(responses.id, id)),
  );
}

/** The queryable answer rows of the listed questions take `value` (a marker, or NULL for files). */
export function setAnswerValuesStatement(
  d1: D1Database,
  pairs: [responseId: string, questionId: string][],
  value: string | null,
) {
  return statement(
    d1,
    db(d1)
      .update(answers)
      .set({ value })
      .where(
        sql`(${answers.responseId}, ${answers.questionId}) IN (
              SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${JSON.stringify(pairs)}))`,
      ),
  );
}

/** The reporter's own words on the cases' timelines (their additions) take the marker. */
export function redactCitizenEventsStatement(d1: D1Database, caseIds: string[], marker: string) {
  return statement(
    d1,
    db(d1)
      .update(caseEvents)
      .set({ body: marker })
      .where(
        and(
          inJson(caseEvents.caseId, caseIds),
          eq(caseEvents.actorKind, 'citizen'),
          isNotNull(caseEvents.body),
        ),
      ),
  );
}

/** Marks responses processed for `category` (a mark already there stays: ON CONFLICT DO NOTHING). */
export function markStatement(d1: D1Database, ids: string[], category: string, now: number) {
  // `WHERE true`: an INSERT … SELECT FROM followed by ON CONFLICT needs it (SQLite's parser).
  return statement(
    d1,
    db(d1)
      .insert(retentionMarks)
      .select(
        sql`${selectValues(retentionMarks, { responseId: sql`value`, category, at: now })}
              FROM json_each(${JSON.stringify(ids)}) WHERE true`,
      )
      .onConflictDoNothing(),
  );
}

/**
 * Which of `keys` (evidence keys of one form) a submitted response of that form refers to. The keys
 * are random (16 characters after the form's prefix), so finding one in the answers' JSON is exact.
 * Each key costs a seek on `responses_form_idx` and a read of that form's responses: called with at
 * most 100 keys, for uploads past their grace period only.
 */
export async function selectReferencedKeys(
  d1: D1Database,
  formId: string,
  keys: string[],
): Promise<Set<string>> {
  const q = db(d1);
  const rows = await q
    .select({ key: sql<string>`k.value` })
    .from(sql`json_each(${JSON.stringify(keys)}) k`)
    .where(
      exists(
        q
          .select({ one: sql`1` })
          .from(responses)
          .where(and(eq(responses.formId, formId), sql`instr(${responses.data}, k.value) > 0`)),
      ),
    )
    .all();
  return new Set(rows.map((x) => x.key));
}

/** Sessions expired before `cutoff`, at most `limit`. */
export async function deleteSessionsSlice(d1: D1Database, cutoff: number, limit: number): Promise<number> {
  const q = db(d1);
  const slice = q
    .select({ id: sessions.id })
    .from(sessions)
    .where(lte(sessions.expiresAt, cutoff))
    .limit(limit);
  const res = await q.delete(sessions).where(inArray(sessions.id, slice)).run();
  return res.meta.changes ?? 0;
}

/**
 * Code hashes and spent credentials of rounds published before `cutoff`, at most `limit` of each per
 * statement, one batch; returns the rows deleted from both tables.
 */
export async function deleteBallotCodesSlice(d1: D1Database, cutoff: number, limit: number): Promise<number> {
  const q = db(d1);
  const rounds = q
    .select({ id: ballotRounds.id })
    .from(ballotRounds)
    .where(and(eq(ballotRounds.phase, 'published'), lt(ballotRounds.publishedAt, cutoff)));
  const sliceOf = (t: typeof ballotCodes | typeof ballotSpends) =>
    statement(
      d1,
      q.delete(t).where(
        inArray(
          sql`${t}.rowid`,
          q
            .select({ row: sql`${t}.rowid` })
            .from(t)
            .where(inArray(t.roundId, rounds))
            .limit(limit),
        ),
      ),
    );
  const [codes, spends] = await d1.batch([sliceOf(ballotCodes), sliceOf(ballotSpends)]);
  // The sum reaches `limit` whenever either table may hold more: the caller's drain goes on.
  return (codes!.meta.changes ?? 0) + (spends!.meta.changes ?? 0);
}

/** Delivered or abandoned outbox rows created before `cutoff`; pending ones are never touched. */
export async function deleteOutboxSlice(d1: D1Database, cutoff: number, limit: number): Promise<number> {
  const q = db(d1);
  const o = webhookOutbox;
  const slice = q
    .select({ id: o.id })
    .from(o)
    .where(and(inArray(o.state, ['delivered', 'failed']), lt(o.createdAt, cutoff)))
    .limit(limit);
  const res = await q.delete(o).where(inArray(o.id, slice)).run();
  return res.meta.changes ?? 0;
}

/** Audit rows in [from, to), oldest first, at most `limit` (the caller asks for one more to detect overflow). */
export async function selectAuditRange(d1: D1Database, from: number, to: number, limit: number) {
  const a = auditLog;
  return db(d1)
    .select({
      seq: a.seq,
      at: a.at,
      actorId: a.actorId,
      actorEmail: users.email,
      action: a.action,
      targetType: a.targetType,
      targetId: a.targetId,
      detail: a.detail,
      hash: a.hash,
    })
    .from(a)
    .leftJoin(users, eq(users.id, a.actorId))
    .where(and(gte(a.at, from), lt(a.at, to)))
    .orderBy(a.seq)
    .limit(limit)
    .all();
}

/**
 * Cases whose audit entries the job keeps (decision 300): an administrator's hold, or an open
 * data-subject request (the answer may have to say who processed the data).
 */
export async function selectHeldCaseIds(d1: D1Database): Promise<string[]> {
  const q = db(d1);
  const rows = await q
    .select({ id: retentionHolds.caseId })
    .from(retentionHolds)
    .union(q.select({ id: dataRequests.caseId }).from(dataRequests).where(eq(dataRequests.status, 'open')))
    .all();
  return rows.map((r) => r.id);
}

export type HoldRow = typeof retentionHolds.$inferSelect;

/**
 * The holds, newest first, with what an administrator recognises them by: the case's receipt code
 * and status, and who placed the hold.
 */
export async function selectHolds(d1: D1Database) {
  const h = retentionHolds;
  return db(d1)
    .select({
      caseId: h.caseId,
      reason: h.reason,
      setBy: h.setBy,
      setAt: h.setAt,
      setByName: users.name,
      receiptCode: responses.receiptCode,
      caseStatus: cases.status,
    })
    .from(h)
    .innerJoin(cases, eq(cases.id, h.caseId))
    .innerJoin(responses, eq(responses.id, cases.responseId))
    .leftJoin(users, eq(users.id, h.setBy))
    .orderBy(desc(h.setAt))
    .limit(1000)
    .all();
}

/** The id of the case named by its id or by its response's receipt code (canonical form); null if none. */
export async function selectCaseIdByRef(
  d1: D1Database,
  ref: string,
  receiptCode: string | null,
): Promise<string | null> {
  const q = db(d1);
  const byId = await q.select({ id: cases.id }).from(cases).where(eq(cases.id, ref)).get();
  if (byId || !receiptCode) return byId?.id ?? null;
  const byCode = await q
    .select({ id: cases.id })
    .from(responses)
    .innerJoin(cases, eq(cases.responseId, responses.id))
    .where(eq(responses.receiptCode, receiptCode))
    .get();
  return byCode?.id ?? null;
}

/** Places (or re-words) a hold on an existing case; zero changes when there is no such case. */
export function putHoldStatement(d1: D1Database, h: HoldRow): D1PreparedStatement {
  const q = db(d1);
  const { reason, setBy, setAt } = h;
  return statement(
    d1,
    q
      .insert(retentionHolds)
      .select(
        sql`${selectValues(retentionHolds, { ...h, caseId: sql`${cases.id}` })} FROM ${cases} WHERE ${eq(cases.id, h.caseId)}`,
      )
      .onConflictDoUpdate({ target: retentionHolds.caseId, set: { reason, setBy, setAt } }),
  );
}

export function deleteHoldStatement(d1: D1Database, caseId: string): D1PreparedStatement {
  return statement(d1, db(d1).delete(retentionHolds).where(eq(retentionHolds.caseId, caseId)));
}
