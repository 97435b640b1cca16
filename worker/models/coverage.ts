/**
 * Độ bao phủ: the coverage figures the dashboards read — models by field × unit × year, the share
 * of wards/communes with at least one model evaluated effective ("34/34"), resources mobilised,
 * replication counts. Read from the `dvk_model_counts` rollup only: O(buckets), never O(models).
 * A bucket of a unit merged into another counts for its successor (history stays attributable:
 * the bucket keeps the old unit id; the figure is shown under the unit that exists today).
 * A model registered below a ward (a residential area, khu phố/tổ dân phố) counts for the ward or
 * commune whose subtree holds it (decision 185); models above ward level count for no ward.
 */
import { authorize, type StaffSession } from '../auth/service';
import type { UnitKind } from '../db/schema';
import { AppError } from '../lib/errors';
import { vnDay } from '../lib/time';
import { getUnit } from '../org/service';
import { type CountRow, selectCounts, selectUnitsOfKinds } from './queries';

export const COVERAGE_ROLES = ['board_viewer', 'form_designer', 'admin'] as const;
const COUNTED_KINDS: readonly UnitKind[] = ['ward', 'commune'];
const EFFECTIVE = new Set(['effective', 'replicated']);

/** Follows merge pointers to the unit that exists today. */
function successorOf(id: string, mergedInto: Map<string, string | null>): string {
  let cur = id;
  for (let i = 0; i < 50; i++) {
    const next = mergedInto.get(cur);
    if (!next) return cur;
    cur = next;
  }
  return cur;
}

/**
 * Coverage of the subtree of `unitId` (default: the caller's first readable scope), optionally
 * for one year.
 */
export async function modelCoverage(
  d1: D1Database,
  staff: StaffSession | undefined,
  opts: { unitId?: string; year?: number },
  now = Date.now(),
) {
  if (!staff) throw new AppError('unauthenticated');
  const scopeId =
    opts.unitId ?? staff.grants.find((g) => (COVERAGE_ROLES as readonly string[]).includes(g.role))?.unitId;
  if (!scopeId) throw new AppError('forbidden');
  const scope = await getUnit(d1, scopeId);
  if (!scope) throw new AppError('not_found', { what: 'unit' });
  authorize(staff, COVERAGE_ROLES, scope.path);
  return coverageOf(d1, scope, opts.year, now);
}

/**
 * Coverage of the subtree of `scope`, optionally for one year, not authorised: for the dashboards,
 * which authorise their own scope.
 */
export async function coverageOf(
  d1: D1Database,
  scope: { id: string; name: string; path: string },
  year?: number,
  now = Date.now(),
) {
  const [buckets, units] = await Promise.all([
    selectCounts(d1, scope.path, year),
    selectUnitsOfKinds(d1, scope.path, COUNTED_KINDS),
  ]);
  return coverageFrom(buckets, units, vnDay(now), { id: scope.id, name: scope.name }, year);
}

/**
 * The counted unit (ward/commune) a bucket belongs to: its own unit when that is one, else the
 * nearest ancestor among `units` by path (the longest path that prefixes the bucket's path).
 */
function countedUnitOf(
  b: CountRow & { unitPath?: string },
  units: { id: string; path?: string }[],
  ids: Set<string>,
): string | null {
  if (ids.has(b.unitId)) return b.unitId;
  if (!b.unitPath) return null;
  let best: { id: string; len: number } | null = null;
  for (const u of units) {
    if (u.path && b.unitPath.startsWith(u.path) && (!best || u.path.length > best.len))
      best = { id: u.id, len: u.path.length };
  }
  return best?.id ?? null;
}

/** The pure part: figures from buckets and the wards/communes of the scope. */
export function coverageFrom(
  buckets: (CountRow & { unitPath?: string })[],
  units: { id: string; name: string; path?: string; validTo: string | null; mergedIntoId: string | null }[],
  today: string,
  scope: { id: string; name: string },
  year?: number,
) {
  const mergedInto = new Map(units.map((u) => [u.id, u.mergedIntoId]));
  const current = units.filter((u) => !u.mergedIntoId && (!u.validTo || u.validTo >= today));
  const currentIds = new Set(current.map((u) => u.id));
  const countedIds = new Set(units.map((u) => u.id));
  const byCell = new Map<
    string,
    { unitId: string; field: string; year: number; n: number; effective: number }
  >();
  const byField = new Map<string, number>();
  const byStatus = new Map<string, number>();
  const totals = { models: 0, people: 0, households: 0, moneyVnd: 0, workdays: 0, replications: 0 };
  const effectiveUnits = new Set<string>();
  for (const b of buckets) {
    const unitId = successorOf(b.unitId, mergedInto);
    const key = `${unitId}|${b.field}|${b.year}`;
    const cell = byCell.get(key) ?? { unitId, field: b.field, year: b.year, n: 0, effective: 0 };
    cell.n += b.n;
    if (EFFECTIVE.has(b.status)) cell.effective += b.n;
    byCell.set(key, cell);
    byField.set(b.field, (byField.get(b.field) ?? 0) + b.n);
    byStatus.set(b.status, (byStatus.get(b.status) ?? 0) + b.n);
    totals.models += b.n;
    totals.people += b.people;
    totals.households += b.households;
    totals.moneyVnd += b.moneyVnd;
    totals.workdays += b.workdays;
    totals.replications += b.replications;
    if (EFFECTIVE.has(b.status) && b.n > 0) {
      // A residential area's model counts for its ward (followed to today's successor).
      const counted = countedUnitOf(b, units, countedIds);
      const ward = counted ? successorOf(counted, mergedInto) : null;
      if (ward && currentIds.has(ward)) effectiveUnits.add(ward);
    }
  }
  return {
    scope,
    year: year ?? null,
    cells: [...byCell.values()],
    byField: Object.fromEntries(byField),
    byStatus: Object.fromEntries(byStatus),
    totals,
    effective: {
      covered: effectiveUnits.size,
      total: current.length,
      missing: current.filter((u) => !effectiveUnits.has(u.id)).map((u) => ({ id: u.id, name: u.name })),
    },
  };
}
