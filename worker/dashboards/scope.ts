/**
 * Where and when a dashboard looks: the unit subtree (authorised once, here) and the period in
 * whole calendar months (the atomic grid of k-suppression, decision 201).
 */
import { authorize, type Grant, type StaffSession, scopes } from '../auth/service';
import type { Role } from '../db/schema';
import { subtreeBounds } from '../db/subtree';
import { AppError } from '../lib/errors';
import { addMonths, vnDay } from '../lib/time';
import * as q from './queries';

/** Roles that read dashboards: board members, and the Front staff who design the forms. */
export const DASHBOARD_ROLES: readonly Role[] = ['board_viewer', 'form_designer', 'admin'];

export interface Period {
  /** First month, yyyy-mm (inclusive). */
  from: string;
  /** Last month, yyyy-mm (inclusive). */
  to: string;
}

/** Months from `from` to `to`, inclusive. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  for (let m = p.from; m <= p.to && out.length < 240; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The months of a period up to the current month (Vietnam time): every month of a by-month series
 * is a row — a month without submissions is a true 0, a hidden one `null` (a gap marked "ẩn"), and
 * months still to come are not drawn at all (never a zero for a month that has not happened).
 */
export function monthsSoFar(p: Period, now = Date.now()): string[] {
  const current = vnDay(now).slice(0, 7);
  const all = monthsOf(p).filter((m) => m <= current);
  return all.length ? all : monthsOf(p).slice(0, 1);
}

/** The quarter containing today (Vietnam time): the default period. */
export function currentQuarter(now = Date.now()): Period {
  const [y, m] = vnDay(now).split('-').map(Number) as [number, number];
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  const pad = (x: number) => String(x).padStart(2, '0');
  return { from: `${y}-${pad(first)}`, to: `${y}-${pad(first + 2)}` };
}

/** Validates and defaults a period: at most 5 years, from ≤ to. */
export function periodOf(from?: string, to?: string, now = Date.now()): Period {
  const p = from || to ? { from: from ?? to!, to: to ?? from! } : currentQuarter(now);
  if (p.from > p.to || monthsOf(p).length > 60) {
    throw new AppError('invalid_period');
  }
  return p;
}

/** The unit a dashboard reads, already authorised, and its read window. */
export interface Scope {
  unit: { id: string; name: string; path: string };
  period: Period;
  window: q.Window;
}

/**
 * Resolves and authorises the unit filter: the given unit (the caller needs a dashboard role on
 * it), or the caller's first dashboard scope. One authorisation check for every dashboard route.
 */
export async function resolveScope(
  d1: D1Database,
  staff: StaffSession | undefined,
  f: { unitId?: string; from?: string; to?: string },
  roles: readonly Role[] = DASHBOARD_ROLES,
): Promise<Scope> {
  if (!staff) throw new AppError('unauthenticated');
  let unit: { id: string; name: string; path: string };
  if (f.unitId) {
    const u = await q.selectUnit(d1, f.unitId);
    if (!u) throw new AppError('not_found', { what: 'unit' });
    authorize(staff, roles, u.path);
    if (u.mergedIntoId) {
      throw new AppError('unit_merged:scope');
    }
    unit = u;
  } else {
    const mine = scopes(staff, roles);
    const path = mine[0];
    if (!path) throw new AppError('forbidden');
    const g = staff.grants.find((x) => x.unitPath === path)!;
    unit = { id: g.unitId, name: g.unitName, path };
  }
  const period = periodOf(f.from, f.to);
  const [lo, hi] = subtreeBounds(unit.path);
  return {
    unit,
    period,
    window: { lo, hi, fromDay: `${period.from}-01`, toDay: `${addMonths(period.to, 1)}-01` },
  };
}

/**
 * Who may read a form's results (decision 212): the grants through which `staff` reaches a form
 * owned by the unit at `ownerPath`.
 * - A dashboard role on the owner or above it: the form's own designers and administrators, and
 *   the boards whose remit covers the owner (they may filter by any unit of their grant).
 * - `board_viewer` on a unit inside the owner's subtree: a ward's board reads its own part of a form
 *   put out above it (the unit filter keeps it inside that grant).
 * Nothing else: a grant beside the owner (another ward, the Front for the party committee's form)
 * or a designer below it reaches nothing, whatever unit it asks for.
 * @example formReach(wardViewer, '/city/') // [the ward's board_viewer grant]
 */
export function formReach(staff: StaffSession, ownerPath: string): Grant[] {
  return staff.grants.filter(
    (g) =>
      DASHBOARD_ROLES.includes(g.role) &&
      (ownerPath.startsWith(g.unitPath) || (g.role === 'board_viewer' && g.unitPath.startsWith(ownerPath))),
  );
}

/**
 * `resolveScope` for a form's results, free text and exports: the caller must reach the form
 * (`formReach`), and the unit filter (default: the first unit reached) must lie inside a grant that
 * reaches it. One check for the three form routes.
 * @throws 401 unauthenticated, 403 forbidden (form or unit outside the reach), plus resolveScope's
 */
export async function resolveFormScope(
  d1: D1Database,
  staff: StaffSession | undefined,
  form: { ownerPath: string },
  f: { unitId?: string; from?: string; to?: string },
): Promise<Scope> {
  if (!staff) throw new AppError('unauthenticated');
  const reach = formReach(staff, form.ownerPath);
  if (!reach.length) throw new AppError('forbidden');
  return resolveScope(d1, { ...staff, grants: reach }, f);
}
