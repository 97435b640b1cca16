/**
 * Nhật ký kiểm toán: the append-only, hash-chained audit log.
 *
 * Each row's `hash` = SHA-256(prevHash + canonical JSON of the row's content). `prev_hash` is
 * UNIQUE, so two writers can never extend the same link: the loser of a race gets a constraint
 * violation, re-reads the tail and retries (bounded). Editing or deleting any row breaks every
 * later link, which `verifyChain` reports. Truncating the newest rows is not detectable from the
 * chain alone, so every scheduled run copies the tail (seq + hash) to R2 (`anchorTail`) and
 * `verifyChain` checks the chain still holds the latest anchor (decision 024).
 *
 * An audit row cannot be hashed in SQL (D1 has no SHA-256 function), so its hash is computed in
 * the Worker from the tail read just before. It can still ride in a caller's batch
 * (`batchWithAudit`): the batch is one transaction, so a lost race on the link rolls back the
 * caller's writes too, and the whole batch is retried with the new tail.
 */
import { violates } from '../db/constraints';
import { sha256Hex } from '../lib/crypto';
import {
  type AuditRow,
  insertAuditStatement,
  selectAuditPage,
  selectChainPage,
  selectRowHash,
  selectTail,
  selectTailHash,
} from './queries';

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);
/**
 * Bounded retries. Each round of a race lets exactly one writer through, so N simultaneous
 * writers need up to N attempts; a small random back-off spreads them out.
 */
const MAX_ATTEMPTS = 50;

/** What a caller records. `detail` is any JSON value (kept small; never secrets or identities). */
export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  detail?: unknown;
}

/** Canonical serialisation: a fixed-order array, so the same row always hashes the same. */
function canonical(
  r: Pick<AuditRow, 'at' | 'actorId' | 'action' | 'targetType' | 'targetId' | 'detail'>,
): string {
  return JSON.stringify([r.at, r.actorId, r.action, r.targetType, r.targetId, r.detail]);
}

/** The hash a row must carry given its predecessor's hash. */
export async function rowHash(
  prevHash: string,
  r: Pick<AuditRow, 'at' | 'actorId' | 'action' | 'targetType' | 'targetId' | 'detail'>,
): Promise<string> {
  return sha256Hex(prevHash + canonical(r));
}

/**
 * Builds the INSERT that appends `entry` after the current tail. The statement is only valid
 * while the tail does not move: run it in a batch and retry on a chain race, as `batchWithAudit`
 * does. Exported for callers that assemble batches themselves.
 */
export async function auditStatement(
  d1: D1Database,
  entry: AuditEntry,
  opts: { onlyIfChanged?: boolean; now?: number } = {},
): Promise<D1PreparedStatement> {
  const prevHash = (await selectTailHash(d1)) ?? GENESIS_HASH;
  const row = {
    at: opts.now ?? Date.now(),
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
  };
  return insertAuditStatement(
    d1,
    { ...row, prevHash, hash: await rowHash(prevHash, row) },
    opts.onlyIfChanged,
  );
}

/**
 * Runs `statements` and the audit row of `entry` as ONE batch (one transaction), retrying the
 * whole batch when another writer took the chain link first. With `onlyIfChanged`, the audit row
 * is written only if the last of `statements` changed a row (for guarded, conditional writes).
 * Statements must therefore be safe to run again after a rollback (they are: nothing committed).
 * @example const [upd] = await batchWithAudit(d1, [mergeStmt], { actorId, action: 'unit.merge', targetType: 'unit', targetId: id }, { onlyIfChanged: true })
 */
export async function batchWithAudit(
  d1: D1Database,
  statements: D1PreparedStatement[],
  entry: AuditEntry,
  opts: { onlyIfChanged?: boolean } = {},
): Promise<D1Result[]> {
  for (let attempt = 1; ; attempt++) {
    const stmt = await auditStatement(d1, entry, opts);
    try {
      return await d1.batch([...statements, stmt]);
    } catch (e) {
      if (!violates(e, 'audit_prev_uq') || attempt >= MAX_ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 * attempt, 20)));
    }
  }
}

/**
 * Appends one audit row on its own.
 * @example await audit(env.DB, { actorId: staff.userId, action: 'grant.create', targetType: 'user', targetId: userId, detail: { role, unitId } })
 */
export async function audit(d1: D1Database, entry: AuditEntry): Promise<void> {
  await batchWithAudit(d1, [], entry);
}

/**
 * One page of the log as the viewer shows it, newest first: rows before `before` (a seq), at most
 * `limit` (1–200, default 50), optionally filtered; each row's detail parsed, its link left out,
 * and the `before` of the next page (null on the last).
 */
export async function auditLogPage(
  d1: D1Database,
  f: {
    before?: number;
    limit?: number;
    actorId?: string;
    targetType?: string;
    targetId?: string;
    action?: string;
  },
) {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const rows = await selectAuditPage(d1, {
    beforeSeq: f.before,
    limit,
    actorId: f.actorId,
    targetType: f.targetType,
    targetId: f.targetId,
    action: f.action,
  });
  const entries = rows.map(({ prevHash: _p, detail, ...r }) => ({
    ...r,
    detail: detail ? JSON.parse(detail) : null,
  }));
  return { entries, nextBefore: rows.length === limit ? rows[rows.length - 1]!.seq : null };
}

/** A copy of the chain's tail kept outside D1 (R2), so deleting the newest rows is detectable. */
export interface ChainAnchor {
  seq: number;
  hash: string;
  at: number;
}

/** Result of walking the chain. `firstBroken` names the first row whose link or hash is wrong. */
export interface ChainReport {
  ok: boolean;
  rows: number;
  /** Hash of the newest row (GENESIS_HASH for an empty log). */
  tailHash?: string;
  /** The anchor checked (the latest one in R2), when there is one. */
  anchor?: ChainAnchor;
  firstBroken?: {
    seq: number;
    /** `anchor_mismatch`: the anchored row differs; `anchor_missing`: the anchored row is gone (truncated). */
    reason: 'prev_hash_mismatch' | 'hash_mismatch' | 'anchor_mismatch' | 'anchor_missing';
  };
}

/**
 * Walks the whole log in order and checks every link and every row hash, and that the row an
 * anchor names is still there with the anchored hash.
 */
export async function verifyChain(
  d1: D1Database,
  opts: { anchor?: ChainAnchor | null; pageSize?: number } = {},
): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 500;
  const anchor = opts.anchor ?? undefined;
  let prev = GENESIS_HASH;
  let after = 0;
  let rows = 0;
  let anchored = false;
  for (;;) {
    const page = await selectChainPage(d1, after, pageSize);
    for (const r of page) {
      rows++;
      if (r.prevHash !== prev)
        return { ok: false, rows, anchor, firstBroken: { seq: r.seq, reason: 'prev_hash_mismatch' } };
      if ((await rowHash(r.prevHash, r)) !== r.hash) {
        return { ok: false, rows, anchor, firstBroken: { seq: r.seq, reason: 'hash_mismatch' } };
      }
      if (anchor && r.seq === anchor.seq) {
        if (r.hash !== anchor.hash)
          return { ok: false, rows, anchor, firstBroken: { seq: r.seq, reason: 'anchor_mismatch' } };
        anchored = true;
      }
      prev = r.hash;
      after = r.seq;
    }
    if (page.length < pageSize) break;
  }
  if (anchor && !anchored)
    return { ok: false, rows, anchor, firstBroken: { seq: anchor.seq, reason: 'anchor_missing' } };
  return { ok: true, rows, tailHash: prev, anchor };
}

/**
 * Where the anchors live in R2: one write-once object per anchor, keyed so that R2's ascending
 * listing returns the NEWEST first (the key is 10¹⁵ − seq, zero-padded). Nothing is ever
 * overwritten, so an R2 bucket lock (retention) rule on this prefix can hold them all.
 */
const ANCHORS = 'audit/anchors/';
const anchorKey = (seq: number) => `${ANCHORS}${String(1e15 - seq).padStart(16, '0')}.json`;

/**
 * Copies the chain's tail to R2 when it moved forward since the last anchor. Run by every scheduled
 * invocation (every 10 minutes), so at most ten minutes of the newest entries can vanish unnoticed.
 * The anchor only moves forward over an intact chain: if the last anchored row is gone or changed
 * (someone deleted the tail), no new anchor is written — it would bless the shortened log — and
 * the run fails loudly, so verify keeps reporting the truncation.
 */
export async function anchorTail(files: R2Bucket, d1: D1Database, now = Date.now()) {
  const [tail, last] = await Promise.all([selectTail(d1), latestAnchor(files)]);
  if (!tail) return last;
  if (last) {
    if (last.seq === tail.seq && last.hash === tail.hash) return last;
    const still = await selectRowHash(d1, last.seq);
    if (tail.seq < last.seq || still !== last.hash)
      throw new Error(`audit chain does not contain its anchor (seq ${last.seq}): not moving the anchor`);
  }
  const anchor: ChainAnchor = { seq: tail.seq, hash: tail.hash, at: now };
  await files.put(anchorKey(anchor.seq), JSON.stringify(anchor), {
    httpMetadata: { contentType: 'application/json' },
  });
  return anchor;
}

/** The newest anchor in R2, or null before the first scheduled run. */
export async function latestAnchor(files: R2Bucket): Promise<ChainAnchor | null> {
  const [first] = (await files.list({ prefix: ANCHORS, limit: 1 })).objects;
  const obj = first ? await files.get(first.key) : null;
  return obj ? ((await obj.json()) as ChainAnchor) : null;
}
