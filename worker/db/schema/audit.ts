import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Nhật ký: append-only audit of staff actions and data access. Each row's `hash` is
 * SHA-256(prevHash + canonical row); UNIQUE(prev_hash) means two writers can never both extend
 * the same link, so the chain cannot fork and any edit or deletion breaks verification.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    detail: text('detail'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_prev_uq').on(t.prevHash),
    index('audit_target_idx').on(t.targetType, t.targetId),
  ],
);

/**
 * Điểm mốc: where the audit log starts after the retention job pruned its oldest entries (decision
 * 300). One row per pruned slice: the last pruned entry (`through_seq`, `through_hash` — the first
 * kept entry's `prev_hash`), how many entries and which time range it removed, the cutoff, when
 * and by whom (NULL: the daily job). The checkpoints form their own hash chain
 * (`hash` = SHA-256(prev_hash + canonical row)); UNIQUE(prev_hash) lets only one of two concurrent
 * pruners extend it, and each checkpoint is copied to R2 (`audit/checkpoints/`) before it is written.
 */
export const auditCheckpoints = sqliteTable(
  'audit_checkpoints',
  {
    throughSeq: integer('through_seq').primaryKey(),
    throughHash: text('through_hash').notNull(),
    pruned: integer('pruned').notNull(),
    fromAt: integer('from_at').notNull(),
    toAt: integer('to_at').notNull(),
    cutoff: integer('cutoff').notNull(),
    at: integer('at').notNull(),
    actorId: text('actor_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_checkpoints_prev_uq').on(t.prevHash)],
);
