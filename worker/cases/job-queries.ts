/**
 * The SQL of the capability's background work: the webhook outbox (written in the caller's batch,
 * delivered from the cron) and the daily overdue flagging.
 */
import { and, desc, eq, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { type Db, db, preparedStatement, selectValues, statement } from '../db/client';
import { caseEvents, caseOutcomes, cases, webhookOutbox, webhookSubscriptions } from '../db/schema';
import type { WebhookEvent } from './webhooks';

/**
 * `INSERT … SELECT`: one pending outbox row per active subscription listening to `event`, when
 * `guard` (if any) holds. Values are SQL parameters or placeholders (the prepared statement below).
 */
function outboxRows(
  q: Db,
  v: { event: unknown; caseId: unknown; payload: unknown; now: unknown },
  guard?: SQL,
) {
  const s = webhookSubscriptions;
  return q.insert(webhookOutbox).select(
    q
      .select({
        id: sql<string>`lower(hex(randomblob(16)))`.as('id'),
        subscriptionId: s.id,
        event: sql<string>`${v.event}`.as('event'),
        caseId: sql<string>`${v.caseId}`.as('case_id'),
        payload: sql<string>`${v.payload}`.as('payload'),
        createdAt: sql<number>`${v.now}`.as('created_at'),
        attempts: sql<number>`0`.as('attempts'),
        nextAt: sql<number>`${v.now}`.as('next_at'),
        deliveredAt: sql<number | null>`NULL`.as('delivered_at'),
        state: sql<string>`'pending'`.as('state'),
        lastError: sql<string | null>`NULL`.as('last_error'),
      })
      .from(s)
      .where(
        and(eq(s.active, true), sql`instr(' ' || ${s.events} || ' ', ' ' || ${v.event} || ' ') > 0`, guard),
      ),
  );
}

const insertOutbox = preparedStatement<{ event: string; caseId: string; payload: string; now: number }>(
  (q, v) => outboxRows(q, v),
);

/**
 * Outbox rows for `event`: one per active subscription listening to it, in the caller's batch
 * (a case channel's submission among them: built once, decision 284).
 */
export function outboxStatement(
  d1: D1Database,
  event: WebhookEvent,
  caseId: string,
  payload: unknown,
  now: number,
) {
  return insertOutbox(d1, { event, caseId, payload: JSON.stringify(payload), now });
}

/** Pending outbox rows due at `now` for active subscriptions, oldest first. */
export async function selectDueOutbox(d1: D1Database, now: number, limit: number) {
  const o = webhookOutbox;
  const s = webhookSubscriptions;
  return db(d1)
    .select({
      id: o.id,
      event: o.event,
      payload: o.payload,
      attempts: o.attempts,
      url: s.url,
      secretSealed: s.secretSealed,
      subscriptionId: s.id,
    })
    .from(o)
    .innerJoin(s, eq(s.id, o.subscriptionId))
    .where(and(eq(o.state, 'pending'), lte(o.nextAt, now), eq(s.active, true)))
    .orderBy(o.nextAt)
    .limit(limit)
    .all();
}
/** An outbox row due for delivery, with its subscription's address and sealed secret. */
export type DueRow = Awaited<ReturnType<typeof selectDueOutbox>>[number];

/** Marks a pending outbox row delivered (a row no longer pending is left alone). */
export async function markDelivered(d1: D1Database, id: string, at: number): Promise<void> {
  const o = webhookOutbox;
  await db(d1)
    .update(o)
    .set({ state: 'delivered', deliveredAt: at, attempts: sql`${o.attempts} + 1`, lastError: null })
    .where(and(eq(o.id, id), eq(o.state, 'pending')))
    .run();
}

/** Records a failed attempt on a pending outbox row: the next try, or `failed` when given up. */
export async function markAttemptFailed(
  d1: D1Database,
  id: string,
  f: { attempts: number; nextAt: number; giveUp: boolean; error: string },
): Promise<void> {
  const o = webhookOutbox;
  await db(d1)
    .update(o)
    .set({
      attempts: f.attempts,
      nextAt: f.nextAt,
      state: f.giveUp ? 'failed' : 'pending',
      lastError: f.error,
    })
    .where(and(eq(o.id, id), eq(o.state, 'pending')))
    .run();
}

/** Recent outbox rows (admin console: did it arrive?). */
export async function selectOutbox(d1: D1Database, limit = 50) {
  const o = webhookOutbox;
  return db(d1)
    .select({
      id: o.id,
      subscriptionId: o.subscriptionId,
      event: o.event,
      caseId: o.caseId,
      createdAt: o.createdAt,
      attempts: o.attempts,
      nextAt: o.nextAt,
      deliveredAt: o.deliveredAt,
      state: o.state,
      lastError: o.lastError,
    })
    .from(o)
    .orderBy(desc(o.createdAt))
    .limit(limit)
    .all();
}

/** Cases past their running deadline and not flagged yet (at most `limit` per run). */
export async function selectNewlyOverdue(d1: D1Database, today: string, limit: number) {
  return db(d1)
    .select({
      id: cases.id,
      kind: cases.kind,
      status: cases.status,
      unitId: cases.unitId,
      bodyUnitId: cases.bodyUnitId,
      acceptDue: cases.acceptDue,
      resolveDue: cases.resolveDue,
      version: cases.version,
    })
    .from(cases)
    .where(
      and(
        isNull(cases.overdueSince),
        or(
          and(inArray(cases.status, ['received', 'prescreening']), lt(cases.acceptDue, today)),
          and(inArray(cases.status, ['classified', 'forwarded', 'in_progress']), lt(cases.resolveDue, today)),
        ),
      ),
    )
    .limit(limit)
    .all();
}
/** A case past its running deadline and not flagged yet. */
export type OverdueCandidate = Awaited<ReturnType<typeof selectNewlyOverdue>>[number];

/**
 * The batch that flags one case overdue: the guarded UPDATE first (`overdue_since IS NULL AND
 * version = ?`), then the timeline event (carrying the kind, unit and outcome it counts, decision
 * 210), the `overdue` outcome count in the month of `today` and the `case.overdue` outbox rows,
 * each written only when the guard applied. Its first result's `changes` says so.
 */
export function flagOverdueStatements(
  d1: D1Database,
  c: OverdueCandidate,
  f: { today: string; now: number; eventId: string; detail: unknown; payload: unknown },
): D1PreparedStatement[] {
  const { today, now } = f;
  const q = db(d1);
  // Followers run only when the guard applied: the row then carries exactly (today, now).
  const applied = sql`(SELECT ${cases.overdueSince} = ${today} AND ${cases.updatedAt} = ${now} FROM ${cases} WHERE ${cases.id} = ${c.id})`;
  return [
    q
      .update(cases)
      .set({ overdueSince: today, updatedAt: now })
      .where(and(eq(cases.id, c.id), isNull(cases.overdueSince), eq(cases.version, c.version))),
    q.insert(caseEvents).select(
      sql`${selectValues(caseEvents, {
        id: f.eventId,
        caseId: c.id,
        at: now,
        actorId: null,
        actorKind: 'system',
        type: 'overdue',
        fromStatus: null,
        toStatus: null,
        visibility: 'internal',
        body: null,
        detail: JSON.stringify(f.detail),
        kind: c.kind,
        unitId: c.unitId,
        outcome: 'overdue',
      })} WHERE ${applied}`,
    ),
    q
      .insert(caseOutcomes)
      .select(
        sql`${selectValues(caseOutcomes, { kind: c.kind, unitId: c.unitId, month: today.slice(0, 7), outcome: 'overdue', n: 1 })} WHERE ${applied}`,
      )
      .onConflictDoUpdate({
        target: [caseOutcomes.kind, caseOutcomes.unitId, caseOutcomes.month, caseOutcomes.outcome],
        set: { n: sql`${caseOutcomes.n} + 1` },
      }),
    outboxRows(q, { event: 'case.overdue', caseId: c.id, payload: JSON.stringify(f.payload), now }, applied),
  ].map((query) => statement(d1, query));
}
