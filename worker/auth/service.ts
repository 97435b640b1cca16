import type { Role } from '../db/schema';
import type { Grant, StaffSession } from '../env';
import { AppError } from '../lib/errors';
import { isRootPath } from '../lib/unit-path';

/** Declared with the request's variables (worker/env.ts); this module is where callers find them. */
export type { Grant, StaffSession };

/**
 * True when the staff member holds one of `roles` on `unitPath` or an ancestor of it.
 * Administrators are not implicitly everything: each route names the roles it admits, and
 * `admin` is listed where administrators belong.
 * @example can(staff, ['form_designer'], '/city/front/') // granted on '/city/' → true
 */
export function can(staff: StaffSession, roles: readonly Role[], unitPath: string): boolean {
  return staff.grants.some((g) => roles.includes(g.role) && unitPath.startsWith(g.unitPath));
}

/** Throws 403 unless `can(...)`. The one authorisation check every staff route calls. */
export function authorize(
  staff: StaffSession | undefined,
  roles: readonly Role[],
  unitPath: string,
): StaffSession {
  if (!staff) throw new AppError('unauthenticated');
  if (!can(staff, roles, unitPath)) throw new AppError('forbidden');
  return staff;
}

/** Paths of the subtrees where the staff member holds any of `roles` (for list filtering). */
export function scopes(staff: StaffSession, roles: readonly Role[]): string[] {
  const paths = staff.grants.filter((g) => roles.includes(g.role)).map((g) => g.unitPath);
  // Drop paths already covered by an ancestor path.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

/** True for a grant on a root unit (path `/id/`): the system-wide scope. */
function isRootGrant(g: Grant): boolean {
  return isRootPath(g.unitPath);
}

/**
 * For routes whose object is not a unit (accounts, the audit log, root units): the caller must
 * hold one of `roles` on a root of the organisation tree ("system administrator").
 */
export function authorizeRoot(staff: StaffSession | undefined, roles: readonly Role[]): StaffSession {
  if (!staff) throw new AppError('unauthenticated');
  if (!staff.grants.some((g) => roles.includes(g.role) && isRootGrant(g))) throw new AppError('forbidden');
  return staff;
}

/**
 * For routes that act within the caller's own scopes (e.g. an import whose rows are then each
 * checked with `can`): the caller must hold one of `roles` somewhere.
 */
export function authorizeAnywhere(staff: StaffSession | undefined, roles: readonly Role[]): StaffSession {
  if (!staff) throw new AppError('unauthenticated');
  if (!staff.grants.some((g) => roles.includes(g.role))) throw new AppError('forbidden');
  return staff;
}
