/**
 * Lưu trữ và xoá dữ liệu cá nhân (decisions 260–262, 300): the periods administrators set within legal
 * bounds, the daily job that anonymises or deletes what has expired — in bounded slices, under a
 * time budget, never what a legal hold keeps, never a rollup row — and the processing register
 * and audit-trail exports for an inspection.
 *
 * Aggregates stay exact because the job never deletes a response, an answer row or a case: the
 * rollups (response_counts, answer_counts, their month buckets, the case counters) were written at
 * submission and are never touched, and a rebuild from raw rows gives the same figures because the
 * anonymised values (text, email, phone, file answers) are not counted types.
 */
import { audit, batchWithAudit, pruneAuditSlice, prunedSoFar } from '../audit/service';
import { authorizeRoot, type StaffSession } from '../auth/service';
import { caseSettings } from '../cases/config';
import { FORM_KINDS } from '../db/schema';
import type { Env } from '../env';
import { csvLine } from '../lib/csv';
import { AppError, fieldError } from '../lib/errors';
import type { LocalText } from '../lib/i18n';
import { parseReceiptCode } from '../lib/ids';
import { vnMidnight } from '../lib/time';
import {
  ANY_KIND,
  boundsOf,
  type CategoryPolicy,
  defaultOf,
  isPeriodKey,
  type KindKey,
  PER_KIND_CATEGORIES,
  periodKeys,
  policyOf,
  REGISTER_ONLY,
  type RetentionCategory,
} from './policy';
import * as q from './queries';

const DAY = 86_400_000;
const ADMIN = ['admin'] as const;
/** What an anonymised text answer reads afterwards (console, exports). */
export const REDACTED = '[đã xoá theo thời hạn lưu trữ]';
/** Answers the free-text category anonymises: uncounted, typed by the citizen. */
const TEXT_TYPES = new Set(['short_text', 'long_text', 'email', 'phone']);
/** Most rows one statement touches, and the default slice. */
export const MAX_SLICE = 500;
/** Pairs per answers UPDATE: keeps the JSON parameter far below D1's 100 KB per statement. */
const PAIRS_PER_STATEMENT = 1000;

export interface Period {
  formKind: KindKey;
  category: RetentionCategory;
  days: number;
  defaultDays: number;
  min: number;
  max: number;
  action: CategoryPolicy['action'];
  /** The category's name, when its clock starts and the legal basis of the period (policy.ts). */
  name: LocalText;
  from: LocalText;
  basis: LocalText;
  updatedBy: string | null;
  updatedAt: number | null;
}

/** Every period in register order: the administrator's value, else the default. */
export async function effectivePeriods(d1: D1Database): Promise<Period[]> {
  const stored = new Map((await q.selectPeriods(d1)).map((r) => [`${r.formKind}|${r.category}`, r]));
  return periodKeys().map(({ formKind, category }) => {
    const row = stored.get(`${formKind}|${category}`);
    const defaultDays = defaultOf(formKind, category);
    const { action, name, from, basis } = policyOf(category);
    return {
      formKind,
      category,
      days: row?.days ?? defaultDays,
      defaultDays,
      ...boundsOf(formKind, category),
      action,
      name,
      from,
      basis,
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ?? null,
    };
  });
}

export async function listPeriods(env: Env, staff: StaffSession | undefined) {
  authorizeRoot(staff, ADMIN);
  return { periods: await effectivePeriods(env.DB) };
}

/**
 * Sets one period. Refused outside the category's legal bounds, with the bounds in the message.
 * @throws AppError 404 not_found (no such kind × category), 400 validation_failed (days out_of_bounds)
 */
export async function setPeriod(
  env: Env,
  staff: StaffSession | undefined,
  formKind: string,
  category: string,
  days: number,
  now = Date.now(),
): Promise<Period> {
  const s = authorizeRoot(staff, ADMIN);
  if (!isPeriodKey(formKind, category)) throw new AppError('not_found', { what: 'retention period' });
  const kind = formKind as KindKey;
  const cat = category as RetentionCategory;
  const { min, max } = boundsOf(kind, cat);
  if (!Number.isInteger(days) || days < min || days > max) {
    const name = policyOf(cat).name;
    throw new AppError('validation_failed', [
      fieldError('days', 'out_of_bounds', {
        vi: `Thời hạn lưu trữ "${name.vi}" phải từ ${min} đến ${max} ngày.`,
        en: `The retention period for "${name.en}" must be between ${min} and ${max} days.`,
      }),
    ]);
  }
  const previous = (await effectivePeriods(env.DB)).find(
    (p) => p.formKind === kind && p.category === cat,
  )!.days;
  await batchWithAudit(
    env.DB,
    [q.upsertPeriodStatement(env.DB, { formKind, category, days, updatedBy: s.userId, updatedAt: now })],
    {
      actorId: s.userId,
      action: 'retention.set',
      targetType: 'retention_period',
      targetId: `${formKind}/${category}`,
      detail: { from: previous, to: days },
    },
  );
  return (await effectivePeriods(env.DB)).find((p) => p.formKind === kind && p.category === cat)!;
}

// ---------------------------------------------------------------------------------------------
// Explicit holds (an inspection, a lawsuit): the job leaves a held case alone

export async function listHolds(env: Env, staff: StaffSession | undefined) {
  authorizeRoot(staff, ADMIN);
  return { holds: await q.selectHolds(env.DB) };
}

/**
 * Holds a case from the retention job until released; `ref` is the case's id or its receipt code
 * (as staff read it: any letter case, with or without dashes; the route refuses spaces). One batch
 * with its audit row, under the case's id (written only when the case still exists).
 * @throws AppError 404 not_found (no such case: variant hold_case)
 */
export async function placeHold(
  env: Env,
  staff: StaffSession | undefined,
  ref: string,
  reason: string,
  now = Date.now(),
): Promise<q.HoldRow> {
  const s = authorizeRoot(staff, ADMIN);
  const caseId = await q.selectCaseIdByRef(env.DB, ref, parseReceiptCode(ref));
  if (!caseId) throw new AppError('not_found:hold_case');
  const hold = { caseId, reason, setBy: s.userId, setAt: now };
  const [r] = await batchWithAudit(
    env.DB,
    [q.putHoldStatement(env.DB, hold)],
    { actorId: s.userId, action: 'retention.hold', targetType: 'case', targetId: caseId, detail: { reason } },
    { onlyIfChanged: true },
  );
  if (!r?.meta.changes) throw new AppError('not_found:hold_case');
  return hold;
}

/** Lifts a hold; the next run treats the case by its periods again. @throws AppError 404 not_found */
export async function releaseHold(env: Env, staff: StaffSession | undefined, caseId: string) {
  const s = authorizeRoot(staff, ADMIN);
  const [r] = await batchWithAudit(
    env.DB,
    [q.deleteHoldStatement(env.DB, caseId)],
    { actorId: s.userId, action: 'retention.release', targetType: 'case', targetId: caseId },
    { onlyIfChanged: true },
  );
  if (!r?.meta.changes) throw new AppError('not_found', { what: 'hold' });
}

// ---------------------------------------------------------------------------------------------
// The daily job

export interface RetentionOptions {
  /** The clock the periods are measured against (tests move it). */
  now?: number;
  /** Rows per statement (≤ 500). */
  slice?: number;
  /** Wall-clock budget for the run; what is left waits for the next day. */
  budgetMs?: number;
  /** The administrator who asked for the run (null: the daily cron). */
  actorId?: string | null;
}

export interface RetentionCounts {
  identity: number;
  free_text: number;
  files: number;
  /** Objects removed from the file store (a response may hold several). */
  file_objects: number;
  /** Uploads no submitted response refers to, deleted after their grace period. */
  unsubmitted_files: number;
  sessions: number;
  ballot_codes: number;
  outbox: number;
  /** Audit entries pruned from the log's oldest end, behind checkpoints (decision 300). */
  audit: number;
}

export interface RetentionReport {
  counts: RetentionCounts;
  /** Per form kind, the responses anonymised for each per-kind category. */
  byKind: Record<string, { identity: number; free_text: number; files: number }>;
  /** False when the time budget ran out before every category was drained. */
  complete: boolean;
  /** Statements run (each touches at most `slice` rows). */
  slices: number;
  slice: number;
  /**
   * The oldest audit entry kept because it is about a case under a hold (an administrator's hold, or
   * an open data-subject request): the log is pruned from its oldest end, so pruning waits there.
   */
  auditHeldAt?: { seq: number; caseId: string };
}

/**
 * Anonymises or deletes what has expired, category by category, in slices of at most `slice` rows,
 * until each is drained or the time budget runs out; then writes ONE audit entry (`retention.run`)
 * with the counts — also when nothing expired, and also when a step failed (then it rethrows).
 * Idempotent: a second run finds nothing new.
 * @example await runRetention(env, { now: Date.now() })
 */
export async function runRetention(env: Env, opts: RetentionOptions = {}): Promise<RetentionReport> {
  const d1 = env.DB;
  const now = opts.now ?? Date.now();
  const slice = Math.min(Math.max(Math.trunc(opts.slice ?? MAX_SLICE), 1), MAX_SLICE);
  const deadline = Date.now() + (opts.budgetMs ?? 20_000);
  const report: RetentionReport = {
    counts: {
      identity: 0,
      free_text: 0,
      files: 0,
      file_objects: 0,
      unsubmitted_files: 0,
      sessions: 0,
      ballot_codes: 0,
      outbox: 0,
      audit: 0,
    },
    byKind: {},
    complete: true,
    slices: 0,
    slice,
  };
  /** Runs `step` until it returns fewer than `slice` rows or time is up; returns the rows touched. */
  const drain = async (step: () => Promise<number>) => {
    let total = 0;
    for (;;) {
      if (Date.now() > deadline) {
        report.complete = false;
        return total;
      }
      const n = await step();
      report.slices++;
      total += n;
      if (n < slice) return total;
    }
  };
  let failure: unknown;
  try {
    const [periods, settings] = await Promise.all([effectivePeriods(d1), caseSettings(d1)]);
    const days = (k: KindKey, c: RetentionCategory) =>
      periods.find((p) => p.formKind === k && p.category === c)!.days;
    const reopenCutoff = now - settings.reopenDays * DAY;
    for (const kind of FORM_KINDS) {
      const byKind = { identity: 0, free_text: 0, files: 0 };
      report.byKind[kind] = byKind;
      const win = (c: RetentionCategory): q.ExpiryWindow => ({
        formKind: kind,
        cutoff: now - days(kind, c) * DAY,
        reopenCutoff,
      });
      const wi = win('identity');
      byKind.identity = await drain(() => q.clearIdentitySlice(d1, wi, slice));
      const wt = win('free_text');
      byKind.free_text = await drain(() => freeTextSlice(d1, wt, slice, now));
      const wf = win('files');
      byKind.files = await drain(async () => {
        const r = await filesSlice(env, wf, slice, now);
        report.counts.file_objects += r.objects;
        return r.responses;
      });
      report.counts.identity += byKind.identity;
      report.counts.free_text += byKind.free_text;
      report.counts.files += byKind.files;
    }
    const cut = (c: RetentionCategory) => now - days(ANY_KIND, c) * DAY;
    report.counts.unsubmitted_files = await unsubmittedFiles(env, cut('unsubmitted_files'), deadline, report);
    report.counts.sessions = await drain(() => q.deleteSessionsSlice(d1, cut('sessions'), slice));
    report.counts.ballot_codes = await drain(() => q.deleteBallotCodesSlice(d1, cut('ballot_codes'), slice));
    report.counts.outbox = await drain(() => q.deleteOutboxSlice(d1, cut('outbox'), slice));
    // Last: the staff audit log, from its oldest end, each slice behind a checkpoint (decision 300).
    const held = new Set(await q.selectHeldCaseIds(d1));
    report.counts.audit = await drain(async () => {
      const r = await pruneAuditSlice(d1, env.FILES, {
        cutoff: cut('audit'),
        limit: slice,
        now,
        actorId: opts.actorId ?? null,
        held: (e) => e.targetType === 'case' && e.targetId !== null && held.has(e.targetId),
      });
      if (r.heldAt) report.auditHeldAt = { seq: r.heldAt.seq, caseId: r.heldAt.targetId! };
      return r.pruned;
    });
  } catch (e) {
    failure = e;
    report.complete = false;
  }
  await audit(d1, {
    actorId: opts.actorId ?? null,
    action: 'retention.run',
    detail: {
      counts: report.counts,
      byKind: report.byKind,
      complete: report.complete,
      slices: report.slices,
      slice,
      clock: now,
      ...(report.auditHeldAt ? { auditHeldAt: report.auditHeldAt } : {}),
      ...(failure ? { error: String((failure as Error)?.message ?? failure).slice(0, 200) } : {}),
    },
  });
  if (failure) throw failure;
  return report;
}

/** Text, email and phone questions and file questions of each version. */
async function questionTypes(d1: D1Database, versionIds: string[]) {
  const byVersion = new Map<string, { text: string[]; file: string[] }>();
  for (const id of versionIds) byVersion.set(id, { text: [], file: [] });
  for (const r of await q.selectVersionQuestions(d1, [...new Set(versionIds)])) {
    const v = byVersion.get(r.versionId)!;
    if (TEXT_TYPES.has(r.type)) v.text.push(r.questionId);
    else if (r.type === 'file') v.file.push(r.questionId);
  }
  return byVersion;
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * One slice of free text: each response's text answers become REDACTED (in `data` and in the
 * answer rows), its search text is emptied, the reporter's additions on its case's timeline too,
 * and the responses are marked — all one batch, so a failure leaves the slice for the next run.
 */
async function freeTextSlice(d1: D1Database, w: q.ExpiryWindow, limit: number, now: number) {
  const rows = await q.selectUnmarkedSlice(d1, w, 'free_text', limit);
  if (!rows.length) return 0;
  const types = await questionTypes(
    d1,
    rows.map((r) => r.versionId),
  );
  const stmts: D1PreparedStatement[] = [];
  const pairs: [string, string][] = [];
  for (const r of rows) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    let changed = false;
    for (const qid of types.get(r.versionId)?.text ?? []) {
      const a = data[qid];
      if (typeof a === 'string' && a !== '' && a !== REDACTED) {
        data[qid] = REDACTED;
        pairs.push([r.id, qid]);
        changed = true;
      }
    }
    if (changed) stmts.push(q.setDataStatement(d1, r.id, JSON.stringify(data), true));
  }
  for (const part of chunks(pairs, PAIRS_PER_STATEMENT))
    stmts.push(q.setAnswerValuesStatement(d1, part, REDACTED));
  const caseIds = rows.flatMap((r) => (r.caseId ? [r.caseId] : []));
  if (caseIds.length) stmts.push(q.redactCitizenEventsStatement(d1, caseIds, REDACTED));
  stmts.push(
    q.markStatement(
      d1,
      rows.map((r) => r.id),
      'free_text',
      now,
    ),
  );
  await d1.batch(stmts);
  return rows.length;
}

/**
 * One slice of evidence files: the objects are deleted from the store first, then the answers lose
 * their keys and the responses are marked in one batch. If the batch fails the next run finds the
 * same responses and deletes the (already absent) objects again: deleting is idempotent.
 */
async function filesSlice(env: Env, w: q.ExpiryWindow, limit: number, now: number) {
  const d1 = env.DB;
  const rows = await q.selectUnmarkedSlice(d1, w, 'files', limit);
  if (!rows.length) return { responses: 0, objects: 0 };
  const types = await questionTypes(
    d1,
    rows.map((r) => r.versionId),
  );
  const keys: string[] = [];
  const pairs: [string, string][] = [];
  const stmts: D1PreparedStatement[] = [];
  for (const r of rows) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    let changed = false;
    for (const qid of types.get(r.versionId)?.file ?? []) {
      const a = data[qid];
      if (!Array.isArray(a)) continue;
      for (const k of a) if (typeof k === 'string') keys.push(k);
      delete data[qid];
      pairs.push([r.id, qid]);
      changed = true;
    }
    if (changed) stmts.push(q.setDataStatement(d1, r.id, JSON.stringify(data), false));
  }
  for (const part of chunks(keys, 1000)) await env.FILES.delete(part);
  for (const part of chunks(pairs, PAIRS_PER_STATEMENT))
    stmts.push(q.setAnswerValuesStatement(d1, part, null));
  stmts.push(
    q.markStatement(
      d1,
      rows.map((r) => r.id),
      'files',
      now,
    ),
  );
  await d1.batch(stmts);
  return { responses: rows.length, objects: keys.length };
}

/**
 * An administrator runs the job now (after a restore from backup, or to see its effect at once).
 * @example await runNow(env, c.var.staff)
 */
export async function runNow(env: Env, staff: StaffSession | undefined): Promise<RetentionReport> {
  const s = authorizeRoot(staff, ADMIN);
  return runRetention(env, { actorId: s.userId });
}

/** Where the listing of uploads resumes next run (an object in the file store, beside the uploads). */
const UPLOAD_CURSOR = 'retention/unsubmitted-cursor';
/** Listing pages (≤ 1000 keys each) one run reads. */
const UPLOAD_PAGES = 10;
const UPLOAD_PREFIX = 'f/';

/**
 * Deletes uploads older than `cutoff` that no submitted response refers to. The listing resumes
 * from the cursor the previous run left (the store lists keys in order, not by age) and wraps
 * around at the end, so every upload is looked at within a few runs however many there are.
 * Uploads newer than the cutoff are never looked up: a citizen offline for days still finds their
 * photo when the form goes out.
 */
async function unsubmittedFiles(env: Env, cutoff: number, deadline: number, report: RetentionReport) {
  const cursorObj = await env.FILES.get(UPLOAD_CURSOR);
  let cursor = cursorObj ? (await cursorObj.text()) || undefined : undefined;
  let deleted = 0;
  for (let page = 0; page < UPLOAD_PAGES; page++) {
    if (Date.now() > deadline) {
      report.complete = false;
      break;
    }
    const list = await env.FILES.list({ prefix: UPLOAD_PREFIX, cursor, limit: 1000 });
    const byForm = new Map<string, string[]>();
    for (const o of list.objects) {
      if (o.uploaded.getTime() >= cutoff) continue;
      const formId = o.key.split('/')[1] ?? '';
      byForm.set(formId, [...(byForm.get(formId) ?? []), o.key]);
    }
    for (const [formId, keys] of byForm) {
      for (const part of chunks(keys, 100)) {
        const used = await q.selectReferencedKeys(env.DB, formId, part);
        report.slices++;
        const orphans = part.filter((k) => !used.has(k));
        if (orphans.length) await env.FILES.delete(orphans);
        deleted += orphans.length;
      }
    }
    cursor = list.truncated ? list.cursor : undefined;
    if (!cursor) break;
  }
  if (cursor) await env.FILES.put(UPLOAD_CURSOR, cursor);
  else if (cursorObj) await env.FILES.delete(UPLOAD_CURSOR);
  return deleted;
}

// ---------------------------------------------------------------------------------------------
// The processing register and the audit-trail export (issue 14 item 6)

export interface RegisterEntry {
  category: RetentionCategory | string;
  formKind: KindKey;
  name_vi: string;
  name_en: string;
  what_vi: string;
  what_en: string;
  purpose_vi: string;
  purpose_en: string;
  basis_vi: string;
  basis_en: string;
  access_vi: string;
  access_en: string;
  action: CategoryPolicy['action'];
  from_vi: string;
  from_en: string;
  /** null for processing kept as long as what it belongs to (REGISTER_ONLY; `from_*` says how long). */
  retentionDays: number | null;
  defaultDays: number | null;
  minDays: number | null;
  maxDays: number | null;
}

/** The register, one entry per (category, form kind), from the same policy and periods the job uses. */
export async function processingRegister(env: Env, staff: StaffSession | undefined, now = Date.now()) {
  const s = authorizeRoot(staff, ADMIN);
  const periods = await effectivePeriods(env.DB);
  const entries: RegisterEntry[] = periods.map((p) => {
    const pol = policyOf(p.category);
    return {
      category: p.category,
      formKind: p.formKind,
      name_vi: pol.name.vi,
      name_en: pol.name.en,
      what_vi: pol.what.vi,
      what_en: pol.what.en,
      purpose_vi: pol.purpose.vi,
      purpose_en: pol.purpose.en,
      basis_vi: pol.basis.vi,
      basis_en: pol.basis.en,
      access_vi: pol.access.vi,
      access_en: pol.access.en,
      action: pol.action,
      from_vi: pol.from.vi,
      from_en: pol.from.en,
      retentionDays: p.days,
      defaultDays: p.defaultDays,
      minDays: p.min,
      maxDays: p.max,
    };
  });
  for (const r of REGISTER_ONLY) {
    entries.push({
      category: r.category,
      formKind: ANY_KIND,
      name_vi: r.name.vi,
      name_en: r.name.en,
      what_vi: r.what.vi,
      what_en: r.what.en,
      purpose_vi: r.purpose.vi,
      purpose_en: r.purpose.en,
      basis_vi: r.basis.vi,
      basis_en: r.basis.en,
      access_vi: r.access.vi,
      access_en: r.access.en,
      action: 'keep',
      from_vi: r.kept.vi,
      from_en: r.kept.en,
      retentionDays: null,
      defaultDays: null,
      minDays: null,
      maxDays: null,
    });
  }
  await audit(env.DB, {
    actorId: s.userId,
    action: 'register.export',
    detail: { entries: entries.length },
  });
  return { generatedAt: new Date(now).toISOString(), perKind: PER_KIND_CATEGORIES, entries };
}

const REGISTER_COLUMNS: (keyof RegisterEntry)[] = [
  'category',
  'formKind',
  'name_vi',
  'name_en',
  'what_vi',
  'what_en',
  'purpose_vi',
  'purpose_en',
  'basis_vi',
  'basis_en',
  'access_vi',
  'access_en',
  'action',
  'from_vi',
  'from_en',
  'retentionDays',
  'defaultDays',
  'minDays',
  'maxDays',
];

export function registerCsv(entries: RegisterEntry[]): string {
  return [csvLine(REGISTER_COLUMNS), ...entries.map((e) => csvLine(REGISTER_COLUMNS.map((c) => e[c])))].join(
    '',
  );
}

/** An inspection export covers at most this many days and rows; narrower ranges otherwise. */
export const AUDIT_EXPORT_MAX_DAYS = 366;
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/**
 * The audit trail between two Vietnam dates (both included) as CSV, oldest first, with each row's
 * chain hash (an inspector can check it against /api/admin/audit/verify). Bounded by days and rows;
 * the export itself is audited. When the range reaches back into entries the retention job pruned
 * (decision 300), the first row says so instead of the file silently starting later: action
 * `audit.pruned`, the last pruned entry's seq and hash (the next row links to it), and in `detail`
 * how many entries were pruned, their time range and when; `prunedThrough` is that last entry's time.
 * @throws AppError 400 validation_failed (range), 422 export_too_large
 */
export async function auditTrailCsv(
  env: Env,
  staff: StaffSession | undefined,
  fromDay: string,
  toDay: string,
): Promise<{ csv: string; rows: number; prunedThrough?: string }> {
  const s = authorizeRoot(staff, ADMIN);
  const from = vnMidnight(fromDay);
  const to = vnMidnight(toDay) + DAY;
  if (!(to > from) || (to - from) / DAY > AUDIT_EXPORT_MAX_DAYS) {
    throw new AppError('validation_failed', [
      fieldError('to', 'bad_range', {
        vi: `Khoảng ngày phải từ 1 đến ${AUDIT_EXPORT_MAX_DAYS} ngày, ngày bắt đầu không sau ngày kết thúc.`,
        en: `The range must cover 1 to ${AUDIT_EXPORT_MAX_DAYS} days, its start not after its end.`,
      }),
    ]);
  }
  const [rows, pruned] = await Promise.all([
    q.selectAuditRange(env.DB, from, to, AUDIT_EXPORT_MAX_ROWS + 1),
    prunedSoFar(env.DB),
  ]);
  if (rows.length > AUDIT_EXPORT_MAX_ROWS) {
    throw new AppError('export_too_large', { max: AUDIT_EXPORT_MAX_ROWS });
  }
  const iso = (t: number) => new Date(t).toISOString();
  const gap = pruned && from <= pruned.toAt ? pruned : null;
  const cols = [
    'seq',
    'at',
    'actor_id',
    'actor_email',
    'action',
    'target_type',
    'target_id',
    'detail',
    'hash',
  ];
  const csv = [
    csvLine(cols),
    ...(gap
      ? [
          csvLine([
            gap.throughSeq,
            iso(gap.toAt),
            null,
            null,
            'audit.pruned',
            null,
            null,
            JSON.stringify({
              entries: gap.pruned,
              from: iso(gap.fromAt),
              to: iso(gap.toAt),
              prunedAt: iso(gap.at),
              vi: 'Các mục cũ hơn thời hạn lưu trữ đã bị xoá; mục kế tiếp nối với mã băm của dòng này.',
              en: 'Entries older than the retention period were deleted; the next entry links to this row’s hash.',
            }),
            gap.throughHash,
          ]),
        ]
      : []),
    ...rows.map((r) =>
      csvLine([
        r.seq,
        iso(r.at),
        r.actorId,
        r.actorEmail,
        r.action,
        r.targetType,
        r.targetId,
        r.detail,
        r.hash,
      ]),
    ),
  ].join('');
  await audit(env.DB, {
    actorId: s.userId,
    action: 'audit.export',
    detail: { from: fromDay, to: toDay, rows: rows.length, ...(gap ? { prunedThrough: iso(gap.toAt) } : {}) },
  });
  return { csv, rows: rows.length, ...(gap ? { prunedThrough: iso(gap.toAt) } : {}) };
}
