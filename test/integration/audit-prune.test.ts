/**
 * Pruning the staff audit log (issue 14 item 1, decision 300): a fake clock moved across the audit
 * period's boundary (an entry a millisecond older than the cutoff goes, one at the cutoff stays);
 * each pruned slice leaves a checkpoint (in D1 and in R2) that verification starts from, so editing
 * a kept entry, editing or removing the checkpoint, forging one, or deleting kept entries still
 * shows; pruning twice changes nothing; a slice stops at its limit and the chain verifies in
 * between; concurrent pruners and writers never fork either chain; entries about a held case stop
 * the pruning until the hold goes; the tail anchors keep working; the audit-trail export says when
 * its range reaches back into pruned entries. Runs on both runtimes.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  anchorTail,
  audit,
  auditStatement,
  latestAnchor,
  pruneAuditSlice,
  verifyChain,
} from '../../worker/audit/service';
import { sha256Hex } from '../../worker/lib/crypto';
import { newId } from '../../worker/lib/ids';
import { vnDay } from '../../worker/lib/time';
import { runRetention } from '../../worker/retention/service';
import { call, createStaff, createUnit } from '../helpers/fixtures';

const DAY = 86_400_000;
/** The audit log's default period (decision 260). */
const PERIOD = 3650 * DAY;

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read only where asserted
type Json = any;

const all = async <T>(sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all<T>()
  ).results;
const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n;

/** Appends one entry dated `at` (the service dates entries itself; the clock is what is faked here). */
async function entryAt(at: number, action: string, target?: { type: string; id: string }) {
  await env.DB.batch([
    await auditStatement(
      env.DB,
      { actorId: 'u-test', action, targetType: target?.type, targetId: target?.id, detail: { at } },
      { now: at },
    ),
  ]);
  return (await env.DB.prepare('SELECT max(seq) AS n FROM audit_log').first<{ n: number }>())!.n;
}

/** Seqs still in the log, oldest first. */
const kept = async () =>
  (await all<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq')).map((r) => r.seq);

const verify = async () => verifyChain(env.DB, { files: env.FILES, anchor: await latestAnchor(env.FILES) });

/** The newest `retention.run` entry's detail. */
async function lastRun(): Promise<Json> {
  const r = await env.DB.prepare(
    "SELECT detail FROM audit_log WHERE action = 'retention.run' ORDER BY seq DESC LIMIT 1",
  ).first<{ detail: string }>();
  return JSON.parse(r!.detail);
}

let city: { id: string };
beforeAll(async () => {
  city = await createUnit('Thành phố Nhật ký', { kind: 'city_committee' });
});

// Each test starts from an empty log (and no checkpoints): the first entry links to GENESIS_HASH.
beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare('DELETE FROM audit_log'),
    env.DB.prepare('DELETE FROM audit_checkpoints'),
    env.DB.prepare('DELETE FROM retention_holds'),
    env.DB.prepare('DELETE FROM data_requests'),
  ]);
});

describe('pruning the audit log', () => {
  it('removes entries older than the period and keeps younger ones, behind a checkpoint the chain verifies from; twice is once', async () => {
    const t = Date.now();
    // Two entries just older than the cutoff the second run uses (t + 1 day), two at and after it.
    const old1 = await entryAt(t, 'test.old');
    const old2 = await entryAt(t + DAY - 1, 'test.old');
    const young1 = await entryAt(t + DAY, 'test.young');
    const young2 = await entryAt(t + DAY + 1, 'test.young');

    // A day before the first entry's period ends: nothing goes.
    let r = await runRetention(env, { now: t + PERIOD - DAY });
    expect(r.counts.audit).toBe(0);
    expect((await kept()).slice(0, 4)).toEqual([old1, old2, young1, young2]);
    expect(await count('SELECT count(*) AS n FROM audit_checkpoints')).toBe(0);

    // The cutoff at t + 1 day: the two older entries go, the one at the cutoff stays.
    r = await runRetention(env, { now: t + DAY + PERIOD });
    expect(r.counts.audit).toBe(2);
    expect((await kept())[0]).toBe(young1);
    expect(await kept()).toContain(young2);
    // The run's one entry says how many audit entries it pruned.
    expect((await lastRun()).counts.audit).toBe(2);

    const cp = (await all<Json>('SELECT * FROM audit_checkpoints'))[0];
    const firstKept = await env.DB.prepare('SELECT prev_hash FROM audit_log WHERE seq = ?')
      .bind(young1)
      .first<{ prev_hash: string }>();
    expect(cp).toMatchObject({
      through_seq: old2,
      pruned: 2,
      from_at: t,
      to_at: t + DAY - 1,
      actor_id: null,
    });
    expect(cp.through_hash).toBe(firstKept!.prev_hash);
    expect((await env.FILES.list({ prefix: 'audit/checkpoints/' })).objects.map((o) => o.key)).toContain(
      `audit/checkpoints/${String(1e15 - old2).padStart(16, '0')}-${cp.hash}.json`,
    );

    const report = await verify();
    expect(report).toMatchObject({
      ok: true,
      checkpoint: { throughSeq: old2, throughHash: cp.through_hash, pruned: 2, fromAt: t, toAt: t + DAY - 1 },
    });
    expect(report.rows).toBe((await kept()).length);

    // Again with the same clock: nothing more, no second checkpoint, still verifies.
    const before = await kept();
    r = await runRetention(env, { now: t + DAY + PERIOD });
    expect(r.counts.audit).toBe(0);
    expect((await kept()).slice(0, before.length)).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM audit_checkpoints')).toBe(1);
    expect((await verify()).ok).toBe(true);
  });

  it('still detects an edited or deleted kept entry, and an edited, removed or forged checkpoint', async () => {
    const t = Date.now();
    for (let i = 0; i < 3; i++) await entryAt(t + i, 'test.old');
    const a = await entryAt(t + 2 * DAY, 'test.young');
    const b = await entryAt(t + 2 * DAY + 1, 'test.young');
    await entryAt(t + 2 * DAY + 2, 'test.young');
    expect((await runRetention(env, { now: t + DAY + PERIOD })).counts.audit).toBe(3);
    expect((await verify()).ok).toBe(true);

    const row = async (seq: number) =>
      (await env.DB.prepare('SELECT * FROM audit_log WHERE seq = ?').bind(seq).first<Json>())!;
    const cp = (await all<Json>('SELECT * FROM audit_checkpoints'))[0];

    // A kept entry edited.
    await env.DB.prepare(`UPDATE audit_log SET detail = '{"at":0}' WHERE seq = ?`).bind(b).run();
    expect((await verify()).firstBroken).toEqual({ seq: b, reason: 'hash_mismatch' });
    await env.DB.prepare('UPDATE audit_log SET detail = ? WHERE seq = ?')
      .bind(JSON.stringify({ at: t + 2 * DAY + 1 }), b)
      .run();
    expect((await verify()).ok).toBe(true);

    // The oldest kept entry's link edited (to hide that it was not the next one).
    const aPrev = (await row(a)).prev_hash;
    await env.DB.prepare("UPDATE audit_log SET prev_hash = 'x' WHERE seq = ?").bind(a).run();
    expect((await verify()).firstBroken).toEqual({ seq: a, reason: 'prev_hash_mismatch' });
    await env.DB.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = ?').bind(aPrev, a).run();
    expect((await verify()).ok).toBe(true);

    // The checkpoint edited: its own hash no longer holds.
    await env.DB.prepare('UPDATE audit_checkpoints SET pruned = 1 WHERE through_seq = ?')
      .bind(cp.through_seq)
      .run();
    expect((await verify()).firstBroken).toEqual({ seq: cp.through_seq, reason: 'checkpoint_mismatch' });
    // …and with its hash recomputed (anyone can: SHA-256 has no secret), only R2 tells: the newest
    // checkpoint has no copy there.
    const forged = await sha256Hex(
      cp.prev_hash +
        JSON.stringify([
          cp.through_seq,
          cp.through_hash,
          1,
          cp.from_at,
          cp.to_at,
          cp.cutoff,
          cp.at,
          cp.actor_id,
        ]),
    );
    await env.DB.prepare('UPDATE audit_checkpoints SET hash = ? WHERE through_seq = ?')
      .bind(forged, cp.through_seq)
      .run();
    expect((await verifyChain(env.DB)).ok).toBe(true);
    expect((await verify()).firstBroken).toEqual({ seq: cp.through_seq, reason: 'checkpoint_unanchored' });
    await env.DB.prepare('UPDATE audit_checkpoints SET pruned = ?, hash = ? WHERE through_seq = ?')
      .bind(cp.pruned, cp.hash, cp.through_seq)
      .run();
    expect((await verify()).ok).toBe(true);

    // Kept entries deleted from the old end, a forged checkpoint put in front of them: R2 tells.
    const aRow = await row(a);
    await env.DB.prepare('DELETE FROM audit_log WHERE seq = ?').bind(a).run();
    expect((await verify()).firstBroken).toEqual({ seq: b, reason: 'prev_hash_mismatch' });
    const fields = [a, aRow.hash, 1, aRow.at, aRow.at, cp.cutoff, cp.at, null];
    const hash = await sha256Hex(cp.hash + JSON.stringify(fields));
    await env.DB.prepare(
      `INSERT INTO audit_checkpoints (through_seq, through_hash, pruned, from_at, to_at, cutoff, at, actor_id, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
      .bind(...fields, cp.hash, hash)
      .run();
    expect((await verifyChain(env.DB)).ok).toBe(true);
    expect((await verify()).firstBroken).toEqual({ seq: a, reason: 'checkpoint_unanchored' });
    await env.DB.prepare('DELETE FROM audit_checkpoints WHERE through_seq = ?').bind(a).run();

    // The checkpoint removed: the log then seems to start at GENESIS_HASH, and its first entry does not.
    await env.DB.prepare('DELETE FROM audit_checkpoints').run();
    expect((await verifyChain(env.DB)).firstBroken).toEqual({ seq: b, reason: 'prev_hash_mismatch' });
  });

  it('stops a slice at its limit; the chain verifies in between; the next run takes the rest', async () => {
    const t = Date.now();
    const old: number[] = [];
    for (let i = 0; i < 7; i++) old.push(await entryAt(t + i, 'test.old'));
    const young = await entryAt(t + 2 * DAY, 'test.young');
    const now = t + DAY + PERIOD;

    const one = await pruneAuditSlice(env.DB, env.FILES, {
      cutoff: now - PERIOD,
      limit: 3,
      now,
      actorId: null,
    });
    expect(one.pruned).toBe(3);
    expect((await kept())[0]).toBe(old[3]);
    expect(await verify()).toMatchObject({ ok: true, checkpoint: { throughSeq: old[2], pruned: 3 } });

    // The job in slices of 3: the 4 left take two slices (3 + 1); two checkpoints, chained.
    const r = await runRetention(env, { now, slice: 3 });
    expect(r.counts.audit).toBe(4);
    expect((await kept())[0]).toBe(young);
    expect(await count('SELECT count(*) AS n FROM audit_checkpoints')).toBe(3);
    expect(await verify()).toMatchObject({ ok: true, checkpoint: { throughSeq: old[6], pruned: 7 } });
  });

  it('never prunes the newest entry: the next one links to it', async () => {
    const t = Date.now();
    await entryAt(t, 'test.old');
    const b = await entryAt(t + 1, 'test.old');
    const now = t + DAY + PERIOD;
    const r = await pruneAuditSlice(env.DB, env.FILES, {
      cutoff: now - PERIOD,
      limit: 500,
      now,
      actorId: null,
    });
    expect(r.pruned).toBe(1);
    expect(await kept()).toEqual([b]);
    await audit(env.DB, { actorId: 'u', action: 'test.after' });
    expect((await verify()).ok).toBe(true);
  });

  it('refuses to prune past a broken link: the evidence stays', async () => {
    const t = Date.now();
    await entryAt(t, 'test.old');
    const b = await entryAt(t + 1, 'test.old');
    await entryAt(t + 2, 'test.old');
    await entryAt(t + 2 * DAY, 'test.young');
    await env.DB.prepare(`UPDATE audit_log SET detail = '{"at":0}' WHERE seq = ?`).bind(b).run();
    const now = t + DAY + PERIOD;
    await expect(
      pruneAuditSlice(env.DB, env.FILES, { cutoff: now - PERIOD, limit: 500, now, actorId: null }),
    ).rejects.toThrow(`audit chain broken at seq ${b}`);
    expect(await count('SELECT count(*) AS n FROM audit_checkpoints')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(4);
    // The job records the failure in its one entry and rethrows.
    await expect(runRetention(env, { now })).rejects.toThrow(/audit chain broken/);
    expect((await lastRun()).error).toContain('audit chain broken');
  });

  it('keeps entries about a case under a hold or an open data request, and everything after them, until released', async () => {
    const t = Date.now();
    const heldCase = newId();
    const requested = newId();
    await entryAt(t, 'test.old');
    const h = await entryAt(t + 1, 'case.identity.read', { type: 'case', id: heldCase });
    await entryAt(t + 2, 'test.old');
    const d = await entryAt(t + 3, 'case.identity.read', { type: 'case', id: requested });
    const e = await entryAt(t + 4, 'test.old');
    await entryAt(t + 2 * DAY, 'test.young');
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO retention_holds (case_id, reason, set_by, set_at) VALUES (?, 'Thanh tra', 'u', ?)",
      ).bind(heldCase, t),
      env.DB.prepare(
        `INSERT INTO data_requests (id, case_id, intake_unit_id, kind, status, requested_at, due_day)
         VALUES (?, ?, ?, 'access', 'open', ?, '2099-01-01')`,
      ).bind(newId(), requested, city.id, t),
    ]);
    const now = t + DAY + PERIOD;

    let r = await runRetention(env, { now });
    expect(r.counts.audit).toBe(1);
    expect(r.auditHeldAt).toEqual({ seq: h, caseId: heldCase });
    expect((await lastRun()).auditHeldAt).toEqual({ seq: h, caseId: heldCase });
    expect((await kept())[0]).toBe(h);

    // Hold released: pruning goes on to the open request's entry.
    await env.DB.prepare('DELETE FROM retention_holds WHERE case_id = ?').bind(heldCase).run();
    r = await runRetention(env, { now });
    expect(r.counts.audit).toBe(2);
    expect(r.auditHeldAt).toEqual({ seq: d, caseId: requested });
    expect((await kept())[0]).toBe(d);

    // Request answered: the rest of the expired entries go.
    await env.DB.prepare("UPDATE data_requests SET status = 'done' WHERE case_id = ?").bind(requested).run();
    r = await runRetention(env, { now });
    expect(r.counts.audit).toBe(2);
    expect(r.auditHeldAt).toBeUndefined();
    expect((await kept()).includes(e)).toBe(false);
    expect(await verify()).toMatchObject({ ok: true, checkpoint: { throughSeq: e, pruned: 5 } });
  });

  it('concurrent pruners and writers: every expired entry pruned once, every append kept, both chains intact', async () => {
    const t = Date.now();
    for (let i = 0; i < 12; i++) await entryAt(t + i, 'test.old');
    await entryAt(t + 2 * DAY, 'test.young');
    const now = t + DAY + PERIOD;
    const cutoff = now - PERIOD;
    const results = await Promise.all([
      ...Array.from({ length: 3 }, () =>
        pruneAuditSlice(env.DB, env.FILES, { cutoff, limit: 4, now, actorId: null }),
      ),
      ...Array.from({ length: 8 }, (_, i) =>
        audit(env.DB, { actorId: 'w', action: 'test.concurrent', detail: { i } }),
      ),
      runRetention(env, { now, slice: 5 }),
    ]);
    const prunedBySlices = results.slice(0, 3).reduce((n, x) => n + (x as { pruned: number }).pruned, 0);
    const byRun = (results.at(-1) as { counts: { audit: number } }).counts.audit;
    // Whatever interleaving: the twelve expired entries went exactly once, under chained checkpoints.
    const totals = await all<{ n: number }>('SELECT sum(pruned) AS n FROM audit_checkpoints');
    expect(totals[0]!.n).toBe(prunedBySlices + byRun);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'test.old'")).toBe(
      12 - totals[0]!.n,
    );
    await runRetention(env, { now });
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'test.old'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'test.concurrent'")).toBe(8);
    expect(await verify()).toMatchObject({ ok: true, checkpoint: { pruned: 12 } });
  });

  it('keeps the tail anchors working when the anchored entry was pruned', async () => {
    const t = Date.now();
    await entryAt(t, 'test.old');
    const anchoredSeq = await entryAt(t + 1, 'test.old');
    const anchor = await anchorTail(env.FILES, env.DB, t);
    expect(anchor!.seq).toBe(anchoredSeq);
    await entryAt(t + 2 * DAY, 'test.young');
    const now = t + DAY + PERIOD;
    expect((await runRetention(env, { now })).counts.audit).toBe(2);
    // The anchored entry is now the checkpoint: verification and the next anchor accept it.
    expect((await verifyChain(env.DB, { anchor, files: env.FILES })).ok).toBe(true);
    const moved = await anchorTail(env.FILES, env.DB, now);
    expect(moved!.seq).toBeGreaterThan(anchoredSeq);
    expect((await verify()).ok).toBe(true);
    // An anchor naming a pruned entry with another hash is still a mismatch.
    expect((await verifyChain(env.DB, { anchor: { ...anchor!, hash: 'f'.repeat(64) } })).firstBroken).toEqual(
      {
        seq: anchoredSeq,
        reason: 'anchor_mismatch',
      },
    );
  });
});

describe('the audit-trail export after pruning', () => {
  it('starts with a row saying what was pruned when the range reaches back into it', async () => {
    const t = Date.now();
    await entryAt(t - 2 * DAY, 'test.old');
    const last = await entryAt(t - 2 * DAY + 1, 'test.old');
    await entryAt(t, 'test.young');
    expect((await runRetention(env, { now: t - DAY + PERIOD })).counts.audit).toBe(2);
    const cp = (await all<Json>('SELECT * FROM audit_checkpoints'))[0];
    const admin = await createStaff([{ role: 'admin', unitId: city.id }]);

    const res = await call(`/api/admin/retention/audit.csv?from=${vnDay(t - 3 * DAY)}&to=${vnDay(t)}`, {
      cookie: admin.cookie,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-audit-pruned-through')).toBe(new Date(t - 2 * DAY + 1).toISOString());
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[1]).toMatch(
      new RegExp(`^${last},${new Date(t - 2 * DAY + 1).toISOString()},,,audit\\.pruned,,,`),
    );
    expect(lines[1]).toContain('""entries"":2');
    expect(lines[1]!.endsWith(`,${cp.through_hash}`)).toBe(true);
    expect(lines[2]).toContain('test.young');
    const logged = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE action = 'audit.export' ORDER BY seq DESC",
    ).first<{ detail: string }>();
    expect(JSON.parse(logged!.detail).prunedThrough).toBe(new Date(t - 2 * DAY + 1).toISOString());

    // The admin's verify route starts from the checkpoint and finds its copy in the file store.
    const verified = (await (await call('/api/admin/audit/verify', { cookie: admin.cookie })).json()) as Json;
    expect(verified).toMatchObject({ ok: true, checkpoint: { throughSeq: last, pruned: 2 } });

    // A range after everything pruned: no such row, no header.
    const later = await call(`/api/admin/retention/audit.csv?from=${vnDay(t + DAY)}&to=${vnDay(t + DAY)}`, {
      cookie: admin.cookie,
    });
    expect(later.headers.get('x-audit-pruned-through')).toBeNull();
    expect(await later.text()).not.toContain('audit.pruned');
  });
});
