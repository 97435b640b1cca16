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
