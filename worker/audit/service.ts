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
 * Entries older than the audit retention period are pruned from the oldest end (`pruneAuditSlice`,
 * run by the retention job): each pruned slice leaves a checkpoint naming the last pruned entry's
 * seq and hash, copied to R2 first, and verification starts from the newest checkpoint (decision 300).
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
  type CheckpointRow,
  deleteChainPrefixStatement,
  insertAuditStatement,
  insertCheckpointStatement,
  selectAuditPage,
  selectChainPage,
  selectCheckpointPage,
  selectLatestCheckpoint,
  selectPrunedTotals,
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

/** Where the remaining log starts after pruning, and how much was pruned in all. */
export interface ChainStart {
  /** The last pruned entry: the first kept entry's `prev_hash` is `throughHash`. */
  throughSeq: number;
  throughHash: string;
  /** When the newest checkpoint was written. */
  at: number;
  /** Entries pruned in all, and the range of their times. */
  pruned: number;
  fromAt: number;
  toAt: number;
}

/** Result of walking the chain. `firstBroken` names the first row whose link or hash is wrong. */
export interface ChainReport {
  ok: boolean;
  rows: number;
  /** Hash of the newest row (GENESIS_HASH for an empty log). */
  tailHash?: string;
  /** The anchor checked (the latest one in R2), when there is one. */
  anchor?: ChainAnchor;
  /** The newest checkpoint the walk started from, when entries were pruned. */
  checkpoint?: ChainStart;
  firstBroken?: {
    /** A checkpoint's problem names its `throughSeq`. */
    seq: number;
    /**
     * `anchor_mismatch`: the anchored row differs; `anchor_missing`: the anchored row is gone
     * (truncated); `checkpoint_mismatch`: a checkpoint was edited, or one was removed from among
     * them; `checkpoint_unanchored`: the newest checkpoint has no copy in R2 (not written by the job).
     */
    reason:
      | 'prev_hash_mismatch'
      | 'hash_mismatch'
      | 'anchor_mismatch'
      | 'anchor_missing'
      | 'checkpoint_mismatch'
      | 'checkpoint_unanchored';
  };
}

/**
 * Walks the whole log in order and checks every link and every row hash, and that the row an
 * anchor names is still there with the anchored hash. When entries were pruned, the checkpoints are
 * walked first (their own chain), the log's walk starts from the newest one — its first row must
 * link to the last pruned entry's hash — and with `files` the newest checkpoint must have its copy
 * in R2, so a checkpoint written by anyone but the job (to hide deleted entries) shows.
 */
export async function verifyChain(
  d1: D1Database,
  opts: { anchor?: ChainAnchor | null; files?: R2Bucket; pageSize?: number } = {},
): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 500;
  const anchor = opts.anchor ?? undefined;
  const start = await walkCheckpoints(d1, pageSize);
  if ('broken' in start)
    return { ok: false, rows: 0, anchor, firstBroken: { seq: start.broken, reason: 'checkpoint_mismatch' } };
  const cp = start.latest;
  const checkpoint = cp
    ? { ...start.totals, throughSeq: cp.throughSeq, throughHash: cp.throughHash, at: cp.at }
    : undefined;
  const broken = (seq: number, reason: NonNullable<ChainReport['firstBroken']>['reason'], rows = 0) =>
    ({ ok: false, rows, anchor, checkpoint, firstBroken: { seq, reason } }) as ChainReport;
  if (cp && opts.files && !(await opts.files.head(checkpointKey(cp))))
    return broken(cp.throughSeq, 'checkpoint_unanchored');
  let prev = cp?.throughHash ?? GENESIS_HASH;
  let after = cp?.throughSeq ?? 0;
  let rows = 0;
  let anchored = false;
  // An anchor older than the checkpoint named a row pruned since: the checkpoint (in R2) covers it.
  if (anchor && cp && anchor.seq <= cp.throughSeq) {
    if (anchor.seq === cp.throughSeq && anchor.hash !== cp.throughHash)
      return broken(anchor.seq, 'anchor_mismatch');
    anchored = true;
  }
  for (;;) {
    const page = await selectChainPage(d1, after, pageSize);
    for (const r of page) {
      rows++;
      if (r.prevHash !== prev) return broken(r.seq, 'prev_hash_mismatch', rows);
      if ((await rowHash(r.prevHash, r)) !== r.hash) return broken(r.seq, 'hash_mismatch', rows);
      if (anchor && r.seq === anchor.seq) {
        if (r.hash !== anchor.hash) return broken(r.seq, 'anchor_mismatch', rows);
        anchored = true;
      }
      prev = r.hash;
      after = r.seq;
    }
    if (page.length < pageSize) break;
  }
  if (anchor && !anchored) return broken(anchor.seq, 'anchor_missing', rows);
  return { ok: true, rows, tailHash: prev, anchor, ...(checkpoint ? { checkpoint } : {}) };
}

/** Canonical serialisation of a checkpoint, as `canonical` for a row. */
function canonicalCheckpoint(c: Omit<CheckpointRow, 'prevHash' | 'hash'>): string {
  return JSON.stringify([c.throughSeq, c.throughHash, c.pruned, c.fromAt, c.toAt, c.cutoff, c.at, c.actorId]);
}

async function checkpointHash(prevHash: string, c: Omit<CheckpointRow, 'prevHash' | 'hash'>) {
  return sha256Hex(prevHash + canonicalCheckpoint(c));
}

/** Checks every checkpoint's link and hash from GENESIS_HASH; the newest one and the totals. */
async function walkCheckpoints(
  d1: D1Database,
  pageSize: number,
): Promise<
  | { broken: number }
  | { latest: CheckpointRow | null; totals: { pruned: number; fromAt: number; toAt: number } }
> {
  let latest: CheckpointRow | null = null;
  let prev = GENESIS_HASH;
  const totals = { pruned: 0, fromAt: Number.POSITIVE_INFINITY, toAt: 0 };
  for (;;) {
    const page = await selectCheckpointPage(d1, latest?.throughSeq ?? -1, pageSize);
    for (const c of page) {
      if (c.prevHash !== prev || (await checkpointHash(c.prevHash, c)) !== c.hash)
        return { broken: c.throughSeq };
      totals.pruned += c.pruned;
      totals.fromAt = Math.min(totals.fromAt, c.fromAt);
      totals.toAt = Math.max(totals.toAt, c.toAt);
      prev = c.hash;
      latest = c;
    }
    if (page.length < pageSize) return { latest, totals };
  }
}

/** What one pruned slice did. */
export interface PruneResult {
  /** Entries deleted (0 when nothing had expired, or another run pruned first). */
  pruned: number;
  /** The checkpoint written for them. */
  checkpoint?: CheckpointRow;
  /** The oldest entry kept because it is about a held case: pruning stops there. */
  heldAt?: { seq: number; targetType: string | null; targetId: string | null };
}

/**
 * Prunes one slice from the oldest end of the log: the entries after the newest checkpoint, in
 * order, while they are older than `cutoff`, at most `limit`, never the newest entry (the next
 * append links to it) and never past an entry `held` keeps (the log is pruned as a prefix, so a
 * held entry keeps every later one too). Each entry is verified before it goes: a broken link is
 * evidence, so the slice stops with an error instead of deleting it. The new checkpoint goes to R2
 * first, then ONE batch inserts it and deletes the entries; a concurrent pruner that extended the
 * checkpoints first makes this batch fail on UNIQUE(prev_hash) and roll back (0 pruned).
 * @example await pruneAuditSlice(env.DB, env.FILES, { cutoff: now - 3650 * DAY, limit: 500, now, actorId: null })
 */
export async function pruneAuditSlice(
  d1: D1Database,
  files: R2Bucket,
  o: { cutoff: number; limit: number; now: number; actorId: string | null; held?: (r: AuditRow) => boolean },
): Promise<PruneResult> {
  const [cp, tail] = await Promise.all([selectLatestCheckpoint(d1), selectTail(d1)]);
  if (!tail) return { pruned: 0 };
  const after = cp?.throughSeq ?? 0;
  let prev = cp?.throughHash ?? GENESIS_HASH;
  const take: AuditRow[] = [];
  let heldAt: PruneResult['heldAt'];
  for (const r of await selectChainPage(d1, after, o.limit)) {
    if (r.seq >= tail.seq || r.at >= o.cutoff) break;
    if (o.held?.(r)) {
      heldAt = { seq: r.seq, targetType: r.targetType, targetId: r.targetId };
      break;
    }
    if (r.prevHash !== prev || (await rowHash(r.prevHash, r)) !== r.hash) {
      // Another pruner may have moved the checkpoint between the two reads: then nothing is wrong.
      if ((await selectLatestCheckpoint(d1))?.hash !== cp?.hash) return { pruned: 0 };
      throw new Error(`audit chain broken at seq ${r.seq}: not pruning past it`);
    }
    take.push(r);
    prev = r.hash;
  }
  if (!take.length) return { pruned: 0, heldAt };
  const last = take[take.length - 1]!;
  const fields = {
    throughSeq: last.seq,
    throughHash: last.hash,
    pruned: take.length,
    fromAt: Math.min(...take.map((r) => r.at)),
    toAt: Math.max(...take.map((r) => r.at)),
    cutoff: o.cutoff,
    at: o.now,
    actorId: o.actorId,
  };
  const prevHash = cp?.hash ?? GENESIS_HASH;
  const checkpoint: CheckpointRow = { ...fields, prevHash, hash: await checkpointHash(prevHash, fields) };
  // R2 first: a checkpoint in D1 always has its copy. A copy whose batch then fails names a
  // checkpoint D1 never held; verification only looks up D1's newest, so it is inert.
  await files.put(checkpointKey(checkpoint), JSON.stringify(checkpoint), {
    httpMetadata: { contentType: 'application/json' },
  });
  try {
    await d1.batch([
      insertCheckpointStatement(d1, checkpoint),
      deleteChainPrefixStatement(d1, after, last.seq),
    ]);
  } catch (e) {
    if (violates(e, 'audit_checkpoints_prev_uq') || violates(e, 'audit_checkpoints_pk')) return { pruned: 0 };
    throw e;
  }
  return { pruned: take.length, checkpoint, heldAt };
}

/**
 * What was pruned in all, for an export that reaches back before the oldest kept entry: entries,
 * their time range, and the last one's seq and hash (the oldest kept entry links to it). Null when
 * nothing was.
 */
export async function prunedSoFar(d1: D1Database): Promise<ChainStart | null> {
  const [cp, totals] = await Promise.all([selectLatestCheckpoint(d1), selectPrunedTotals(d1)]);
  return cp && totals
    ? { ...totals, throughSeq: cp.throughSeq, throughHash: cp.throughHash, at: cp.at }
    : null;
}

/** Checkpoint copies in R2: write-once, newest first in a listing, the checkpoint's hash in the key. */
const CHECKPOINTS = 'audit/checkpoints/';
const checkpointKey = (c: Pick<CheckpointRow, 'throughSeq' | 'hash'>) =>
  `${CHECKPOINTS}${String(1e15 - c.throughSeq).padStart(16, '0')}-${c.hash}.json`;

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
    if (tail.seq < last.seq || (still !== last.hash && !(still === null && (await prunedUnder(d1, last)))))
      throw new Error(`audit chain does not contain its anchor (seq ${last.seq}): not moving the anchor`);
  }
  const anchor: ChainAnchor = { seq: tail.seq, hash: tail.hash, at: now };
  await files.put(anchorKey(anchor.seq), JSON.stringify(anchor), {
    httpMetadata: { contentType: 'application/json' },
  });
  return anchor;
}

/** Whether the anchored row is gone because the retention job pruned it under a checkpoint. */
async function prunedUnder(d1: D1Database, a: ChainAnchor): Promise<boolean> {
  const cp = await selectLatestCheckpoint(d1);
  return !!cp && a.seq <= cp.throughSeq && (a.seq < cp.throughSeq || a.hash === cp.throughHash);
}

/** The newest anchor in R2, or null before the first scheduled run. */
export async function latestAnchor(files: R2Bucket): Promise<ChainAnchor | null> {
  const [first] = (await files.list({ prefix: ANCHORS, limit: 1 })).objects;
  const obj = first ? await files.get(first.key) : null;
  return obj ? ((await obj.json()) as ChainAnchor) : null;
}
