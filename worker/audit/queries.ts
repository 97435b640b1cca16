/** Every SQL statement of the audit log. */

export interface AuditRow {
  seq: number;
  at: number;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: string | null;
  prevHash: string;
  hash: string;
}

const COLS = `seq, at, actor_id AS actorId, action, target_type AS targetType, target_id AS targetId,
  detail, prev_hash AS prevHash, hash`;

/** Hash of the newest row, or null for an empty log. */
export async function selectTailHash(d1: D1Database): Promise<string | null> {
  const r = await d1
    .prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')
    .first<{ hash: string }>();
  return r?.hash ?? null;
}

/** Sequence number and hash of the newest row, or null for an empty log (the anchor). */
export async function selectTail(d1: D1Database): Promise<{ seq: number; hash: string } | null> {
  return d1.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').first();
}

/** The hash of the row `seq`, or null when there is no such row. */
export async function selectRowHash(d1: D1Database, seq: number): Promise<string | null> {
  const r = await d1.prepare('SELECT hash FROM audit_log WHERE seq = ?').bind(seq).first<{ hash: string }>();
  return r?.hash ?? null;
}

type NewRow = Omit<AuditRow, 'seq'>;

/**
 * The INSERT of one chained row. With `onlyIfChanged` the row is written only when the statement
 * just before it in the same batch changed at least one row (SQLite `changes()`), so a guarded
 * write that did nothing leaves no audit entry claiming it did.
 */
export function insertAuditStatement(d1: D1Database, r: NewRow, onlyIfChanged = false): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO audit_log (at, actor_id, action, target_type, target_id, detail, prev_hash, hash)
       SELECT ?, ?, ?, ?, ?, ?, ?, ? ${onlyIfChanged ? 'WHERE changes() > 0' : ''}`,
    )
    .bind(r.at, r.actorId, r.action, r.targetType, r.targetId, r.detail, r.prevHash, r.hash);
}

/** Rows in chain order starting after `afterSeq`. */
export async function selectChainPage(d1: D1Database, afterSeq: number, limit: number): Promise<AuditRow[]> {
  const { results } = await d1
    .prepare(`SELECT ${COLS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`)
    .bind(afterSeq, limit)
    .all<AuditRow>();
  return results;
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
  const where: string[] = [];
  const binds: unknown[] = [];
  if (f.beforeSeq !== undefined) {
    where.push('seq < ?');
    binds.push(f.beforeSeq);
  }
  for (const [col, val] of [
    ['actor_id', f.actorId],
    ['target_type', f.targetType],
    ['target_id', f.targetId],
    ['action', f.action],
  ] as const) {
    if (val !== undefined) {
      where.push(`${col} = ?`);
      binds.push(val);
    }
  }
  const { results } = await d1
    .prepare(
      `SELECT ${COLS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
    )
    .bind(...binds, f.limit)
    .all<AuditRow>();
  return results;
}
