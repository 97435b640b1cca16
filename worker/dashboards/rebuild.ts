/**
 * Tính lại số liệu tổng hợp: the rollup rebuild, for migrations and repairs. Recounts every form's
 * response_counts and answer_counts from raw rows, then their month buckets from the day buckets,
 * then the case counters (decision 210) —
 * one slice of days of one form per batch (each batch atomic), with a cursor to continue. Bounded
 * by rows and time, not only by batches (decision 213): a slice holds at most `sliceRows` responses
 * (a single busier day is one slice), so one batch stays well under hosted D1's 30 s per query; a
 * call starts no new batch after `maxMs`, so it stays well inside one Worker invocation whatever
 * the data. `scripts/rollups-rebuild.mjs` and the dashboards benchmark loop it.
 */
import { audit } from '../audit/service';
import { authorizeRoot, type StaffSession } from '../auth/service';
import * as cq from '../cases/rollups';
import { addDays, addMonths, vnDay, vnMidnight } from '../lib/time';
import * as q from './rebuild-queries';

export interface RebuildResult {
  forms: number;
  /** Case-counter batches run (months, backlog, per-person counts; decision 210). */
  caseBatches: number;
  batches: number;
  /** Pass back as `cursor` to continue; null when done. */
  cursor: string | null;
}

/** Responses recounted per batch at most (a day with more is one batch): decision 213. */
export const REBUILD_SLICE_ROWS = 20_000;
/** A call starts no new batch after this long (ms): decision 213. */
export const REBUILD_CALL_MS = 10_000;
/** Batches per call at most (the older bound, kept). */
const REBUILD_MAX_BATCHES = 24;

/** What bounds one call; every call runs at least one batch, so a loop always progresses. */
interface Budget {
  maxBatches: number;
  /** Date.now() after which no new batch starts. */
  deadline: number;
}
const spent = (b: Budget, batches: number) =>
  batches >= b.maxBatches || (batches > 0 && Date.now() >= b.deadline);

/** Which counters: the forms' (response/answer counts), the cases' (decision 210), or both. */
export type RebuildPart = 'forms' | 'cases' | 'all';

/** Cursor prefix of the case phase: `cases|yyyy-mm` (a month), `cases|backlog`, `cases|people`. */
const CASES = 'cases|';

/**
 * The case counters, after the forms: one batch per Vietnam month (flow and outcomes of that
 * month, from its counting events), then one for the backlog and one for the per-person counts.
 * Starts at `at` (the part of a `cases|…` cursor after the prefix; '' = the beginning).
 */
async function rebuildCases(
  d1: D1Database,
  at: string,
  budget: Budget,
  /** Batches the call already ran (the forms' part). */
  before: number,
): Promise<{ batches: number; cursor: string | null }> {
  let batches = 0;
  const over = () => spent(budget, before + batches);
  let step = at;
  if (step === '' || /^\d{4}-\d{2}$/.test(step)) {
    const range = await cq.caseMonthRange(d1);
    let month = step || range?.first || '';
    while (range?.last && month && month <= range.last) {
      if (over()) return { batches, cursor: `${CASES}${month}` };
      const next = addMonths(month, 1);
      await d1.batch(cq.recountCaseMonthStatements(d1, month, next));
      batches += 1;
      month = next;
    }
    step = 'backlog';
  }
  if (step === 'backlog') {
    if (over()) return { batches, cursor: `${CASES}backlog` };
    await d1.batch(cq.recountBacklogStatements(d1));
    batches += 1;
    step = 'people';
  }
  if (step === 'people') {
    if (over()) return { batches, cursor: `${CASES}people` };
    await d1.batch(cq.recountPersonCountsStatements(d1));
    batches += 1;
  }
  return { batches, cursor: null };
}

/** How much one call may do (defaults: 24 batches, `REBUILD_CALL_MS`, `REBUILD_SLICE_ROWS`). */
export interface RebuildLimits {
  maxBatches?: number;
  /** No new batch starts after this many ms of the call (at least one batch always runs). */
  maxMs?: number;
  /** Responses per batch at most (1 or more; a single day with more is one batch). */
  sliceRows?: number;
}

const budgetOf = (l: RebuildLimits, started = Date.now()): Budget => ({
  maxBatches: l.maxBatches ?? REBUILD_MAX_BATCHES,
  deadline: started + (l.maxMs ?? REBUILD_CALL_MS),
});

/**
 * Recounts every counter from raw rows, a bounded slice per call: the forms' (below), then the
 * cases' (`rebuildCases`). `part` limits it to one of the two; `formId` to one form (forms only).
 * The cursor carries the phase, so a caller just passes it back until it is null. The call's time
 * budget spans both phases.
 * @example let c = null; do { ({ cursor: c } = await rebuildAll(env.DB, { cursor: c })); } while (c);
 */
export async function rebuildAll(
  d1: D1Database,
  opts: RebuildLimits & {
    cursor?: string | null;
    formId?: string;
    sliceDays?: number;
    part?: RebuildPart;
  } = {},
): Promise<RebuildResult> {
  const budget = budgetOf(opts);
  const part = opts.formId ? 'forms' : (opts.part ?? 'all');
  const inCases = !!opts.cursor?.startsWith(CASES);
  let forms = { forms: 0, batches: 0, cursor: null as string | null };
  if (part !== 'cases' && !inCases) {
    const r = await rebuildRollups(d1, opts, budget);
    forms = { forms: r.forms, batches: r.batches, cursor: r.cursor };
    if (r.cursor || part === 'forms') return { ...forms, caseBatches: 0 };
  }
  const at = inCases ? opts.cursor!.slice(CASES.length) : '';
  const cases = await rebuildCases(d1, at, budget, forms.batches);
  return {
    forms: forms.forms,
    caseBatches: cases.batches,
    batches: forms.batches + cases.batches,
    cursor: cases.cursor,
  };
}

/**
 * Recounts rollups from raw rows. `cursor` is `formId|yyyy-mm-dd` (or the older `formId|yyyy-mm`)
 * of the next slice. Each batch is one slice of one form: at most `sliceDays` days (1–31, default
 * 31), never across a month end, and at most `sliceRows` responses — the slice ends before the day
 * of the (sliceRows+1)-th response, or after one day when that day alone holds more — so one batch
 * stays well under hosted D1's 30 s per query. A call stops at `maxBatches` or, after its first
 * batch, at `maxMs` (decision 213). The slice that ends a month also re-derives that month's
 * buckets from its day buckets, in the same batch. `formId` limits the rebuild to one form.
 * @example let c = null; do { ({ cursor: c } = await rebuildRollups(env.DB, { cursor: c })); } while (c);
 */
export async function rebuildRollups(
  d1: D1Database,
  opts: RebuildLimits & { cursor?: string | null; formId?: string; sliceDays?: number } = {},
  budget: Budget = budgetOf(opts),
): Promise<Omit<RebuildResult, 'caseBatches'>> {
  const sliceDays = Math.min(31, Math.max(1, Math.floor(opts.sliceDays ?? 31)));
  const sliceRows = Math.max(1, Math.floor(opts.sliceRows ?? REBUILD_SLICE_ROWS));
  const [cursorForm, cursorAt] = opts.cursor ? (opts.cursor.split('|') as [string, string]) : ['', ''];
  const cursorDay = cursorAt.length === 7 ? `${cursorAt}-01` : cursorAt;
  let from = opts.formId && !opts.cursor ? opts.formId : cursorForm;
  let inclusive = !!opts.formId || !!cursorDay;
  let batches = 0;
  let forms = 0;
  for (;;) {
    const list = await q.formsFrom(d1, from, inclusive, opts.formId ? 1 : 50);
    for (const f of list) {
      if (opts.formId && f.id !== opts.formId) return { forms, batches, cursor: null };
      const rolled = await q.rollupDayRange(d1, f.id);
      const days = [f.firstDay, f.lastDay, rolled?.firstDay, rolled?.lastDay]
        .filter((d): d is string => !!d)
        .sort();
      forms += 1;
      if (days.length) {
        const end = `${addMonths(days[days.length - 1]!.slice(0, 7), 1)}-01`;
        let day = f.id === cursorForm && cursorDay ? cursorDay : `${days[0]!.slice(0, 7)}-01`;
        while (day < end) {
          if (spent(budget, batches)) return { forms, batches, cursor: `${f.id}|${day}` };
          const month = day.slice(0, 7);
          const monthEnd = `${addMonths(month, 1)}-01`;
          let stop = addDays(day, sliceDays) < monthEnd ? addDays(day, sliceDays) : monthEnd;
          const over = await q.nthResponseAt(d1, f.id, vnMidnight(day), vnMidnight(stop), sliceRows);
          if (over !== null) stop = vnDay(over) > day ? vnDay(over) : addDays(day, 1);
          const stmts = q.recountStatements(d1, f.id, day, stop);
          if (stop === monthEnd) stmts.push(...q.monthStatements(d1, f.id, month, monthEnd));
          await d1.batch(stmts);
          batches += 1;
          day = stop;
        }
      }
    }
    if (list.length === 0 || opts.formId) return { forms, batches, cursor: null };
    from = list[list.length - 1]!.id;
    inclusive = false;
  }
}

/** The admin route's service: a root administrator runs a bounded slice of the rebuild; audited. */
export async function rebuildAsAdmin(
  d1: D1Database,
  staff: StaffSession | undefined,
  opts: {
    cursor?: string | null;
    formId?: string;
    sliceDays?: number;
    sliceRows?: number;
    part?: RebuildPart;
  },
) {
  const who = authorizeRoot(staff, ['admin']);
  const result = await rebuildAll(d1, opts);
  await audit(d1, {
    actorId: who.userId,
    action: 'rollups.rebuild',
    targetType: opts.formId ? 'form' : null,
    targetId: opts.formId ?? null,
    detail: { from: opts.cursor ?? null, ...result },
  });
  return result;
}
