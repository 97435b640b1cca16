/**
 * Tính lại số liệu tổng hợp: the rollup rebuild, for migrations and repairs. Recounts every form's
 * response_counts and answer_counts from raw rows, one calendar month of one form per batch (each
 * batch atomic), a bounded number of batches per call, with a cursor to continue — so a million
 * responses never exceed one Worker invocation's limits. `scripts/rollups-rebuild.mjs` loops it.
 */
import { audit } from '../audit/service';
import { authorizeRoot, type StaffSession } from '../auth/service';
import * as q from './rebuild-queries';
import { nextMonth } from './scope';

export interface RebuildResult {
  forms: number;
  batches: number;
  /** Pass back as `cursor` to continue; null when done. */
  cursor: string | null;
}

/**
 * Recounts rollups from raw rows. `cursor` is `formId|month` of the next batch; `maxBatches`
 * bounds the work of one call. `formId` limits the rebuild to one form.
 * @example let c = null; do { ({ cursor: c } = await rebuildRollups(env.DB, { cursor: c })); } while (c);
 */
export async function rebuildRollups(
  d1: D1Database,
  opts: { cursor?: string | null; maxBatches?: number; formId?: string } = {},
): Promise<RebuildResult> {
  const maxBatches = opts.maxBatches ?? 24;
  const [cursorForm, cursorMonth] = opts.cursor ? (opts.cursor.split('|') as [string, string]) : ['', ''];
  let from = opts.formId && !opts.cursor ? opts.formId : cursorForm;
  let inclusive = !!opts.formId || !!cursorMonth;
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
        let month = f.id === cursorForm && cursorMonth ? cursorMonth : days[0]!.slice(0, 7);
        for (; month <= days[days.length - 1]!.slice(0, 7); month = nextMonth(month)) {
          if (batches >= maxBatches) return { forms, batches, cursor: `${f.id}|${month}` };
          await d1.batch(q.recountStatements(d1, f.id, `${month}-01`, `${nextMonth(month)}-01`));
          batches += 1;
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
  opts: { cursor?: string | null; formId?: string },
) {
  const who = authorizeRoot(staff, ['admin']);
  const result = await rebuildRollups(d1, opts);
  await audit(d1, {
    actorId: who.userId,
    action: 'rollups.rebuild',
    targetType: opts.formId ? 'form' : null,
    targetId: opts.formId ?? null,
    detail: { from: opts.cursor ?? null, ...result },
  });
  return result;
}
