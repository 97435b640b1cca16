/** Every SQL statement of the audit log. */
import { and, desc, eq, gt, lt, lte, max, min, sql, sum } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { db, statement } from '../db/client';
import { auditCheckpoints, auditLog } from '../db/schema';

/** One row of the log as stored. */
export type AuditRow = typeof auditLog.$inferSelect;

/** The newest row's sequence number and hash, or null for an empty log. */
function selectNewest(d1: D1Database) {
  return db(d1)
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1)
    .get();
}

/** Hash of the newest row, or null for an empty log. */
export async function selectTailHash(d1: D1Database): Promise<string | null> {
  return (await selectNewest(d1))?.hash ?? null;
}

/** Sequence number and hash of the newest row, or null for an empty log (the anchor). */
export async function selectTail(d1: D1Database): Promise<{ seq: number; hash: string } | null> {
  return (await selectNewest(d1)) ?? null;
}

/** The hash of the row `seq`, or null when there is no such row. */
export async function selectRowHash(d1: D1Database, seq: number): Promise<string | null> {
  const r = await db(d1).select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, seq)).get();
  return r?.hash ?? null;
}

type NewRow = Omit<AuditRow, 'seq'>;

/**
 * The INSERT of one chained row. With `onlyIfChanged` the row is written only when the statement
 * just before it in the same batch changed at least one row (SQLite `changes()`), so a guarded
 * write that did nothing leaves no audit entry claiming it did. A `sql` template: the guard is an
 * INSERT … SELECT with no FROM, which the builder cannot write; it runs as a D1 statement, so a
 * lost race on UNIQUE(prev_hash) reaches `batchWithAudit` as D1's own error.
 */
export function insertAuditStatement(d1: D1Database, r: NewRow, onlyIfChanged = false): D1PreparedStatement {
  const row: [AnySQLiteColumn, unknown][] = [
    [auditLog.at, r.at],
    [auditLog.actorId, r.actorId],
    [auditLog.action, r.action],
    [auditLog.targetType, r.targetType],
    [auditLog.targetId, r.targetId],
    [auditLog.detail, r.detail],
    [auditLog.prevHash, r.prevHash],
    [auditLog.hash, r.hash],
  ];
  return statement(
    d1,
    sql`INSERT INTO ${auditLog} (${sql.join(
      row.map(([column]) => sql.identifier(column.name)),
      sql`, `,
    )}) SELECT ${sql.join(
      row.map(([, value]) => sql`${value}`),
      sql`, `,
    )}${onlyIfChanged ? sql` WHERE changes() > 0` : sql``}`,
  );
}

/** Rows in chain order starting after `afterSeq`. */
export async function selectChainPage(d1: D1Database, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db(d1)
    .select()
    .from(auditLog)
    .where(gt(auditLog.seq, afterSeq))
    .orderBy(auditLog.seq)
    .limit(limit)
    .all();
}

/** Newest first, before `beforeSeq`, optionally filtered. */
export async function selectAuditPage(
  d1: D1Database,
  f: {
    beforeSeq?: number;
    limit: number;
    actorId?: string;
    targetType?: string;
    targetId?: string;
    action?: string;
  },
): Promise<AuditRow[]> {
  return db(d1)
    .select()
    .from(auditLog)
    .where(
      and(
        f.beforeSeq !== undefined ? lt(auditLog.seq, f.beforeSeq) : undefined,
        f.actorId !== undefined ? eq(auditLog.actorId, f.actorId) : undefined,
        f.targetType !== undefined ? eq(auditLog.targetType, f.targetType) : undefined,
        f.targetId !== undefined ? eq(auditLog.targetId, f.targetId) : undefined,
        f.action !== undefined ? eq(auditLog.action, f.action) : undefined,
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(f.limit)
    .all();
}

// ---------------------------------------------------------------------------------------------
// Checkpoints: where the log starts after pruning (decision 300)

/** One checkpoint as stored. */
export type CheckpointRow = typeof auditCheckpoints.$inferSelect;

/** The newest checkpoint (the log starts after its `through_seq`), or null when nothing was pruned. */
export async function selectLatestCheckpoint(d1: D1Database): Promise<CheckpointRow | null> {
  const r = await db(d1)
    .select()
    .from(auditCheckpoints)
    .orderBy(desc(auditCheckpoints.throughSeq))
    .limit(1)
    .get();
  return r ?? null;
}

/** Checkpoints in order after `afterSeq` (their `through_seq`). */
export async function selectCheckpointPage(
  d1: D1Database,
  afterSeq: number,
  limit: number,
): Promise<CheckpointRow[]> {
  return db(d1)
    .select()
    .from(auditCheckpoints)
    .where(gt(auditCheckpoints.throughSeq, afterSeq))
    .orderBy(auditCheckpoints.throughSeq)
    .limit(limit)
    .all();
}

/** Everything pruned so far in one row: entries, their time range, the last one (null: none). */
export async function selectPrunedTotals(d1: D1Database) {
  const c = auditCheckpoints;
  const r = await db(d1)
    .select({ pruned: sum(c.pruned).mapWith(Number), fromAt: min(c.fromAt), toAt: max(c.toAt) })
    .from(c)
    .get();
  return r?.fromAt == null || r.toAt == null ? null : { pruned: r.pruned, fromAt: r.fromAt, toAt: r.toAt };
}

export function insertCheckpointStatement(d1: D1Database, row: CheckpointRow): D1PreparedStatement {
  return statement(d1, db(d1).insert(auditCheckpoints).values(row));
}

/** Deletes the entries after `afterSeq` up to `throughSeq` (both seqs of the chain's oldest part). */
export function deleteChainPrefixStatement(
  d1: D1Database,
  afterSeq: number,
  throughSeq: number,
): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .delete(auditLog)
      .where(and(gt(auditLog.seq, afterSeq), lte(auditLog.seq, throughSeq))),
  );
}
