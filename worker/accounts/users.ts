/**
 * Quản trị tài khoản: accounts and role grants, for administrators.
 * Accounts are system-wide, so managing them needs admin on a root unit; a grant on a unit needs
 * admin on that unit's subtree (a ward's administrator can grant roles inside the ward).
 */
import { batchWithAudit } from '../audit/service';
import { endSessionsStatement } from '../auth/login';
import { authorize, authorizeRoot, type StaffSession } from '../auth/service';
import { violates } from '../db/constraints';
import type { Role } from '../db/schema';
import { hashPassword } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { getUnit } from '../org/service';
import {
  deleteGrantStatement,
  insertGrantStatement,
  insertUserStatement,
  selectGrant,
  selectGrantsOfUsers,
  selectUsers,
  updateUserStatement,
  userExists,
} from './queries';

const ADMIN = ['admin'] as const;

/** Accounts with their grants (root admin). */
export async function listUsers(d1: D1Database, staff: StaffSession, q?: string) {
  authorizeRoot(staff, ADMIN);
  const users = await selectUsers(d1, q?.trim() || undefined, 500);
  const grants = await selectGrantsOfUsers(
    d1,
    users.map((u) => u.id),
  );
  return users.map((u) => ({
    ...u,
    disabled: !!u.disabled,
    totpEnabled: !!u.totpEnabled,
    grants: grants
      .filter((g) => g.userId === u.id)
      .map(({ id, role, unitId, unitName }) => ({ id, role, unitId, unitName })),
  }));
}

async function adminView(d1: D1Database, staff: StaffSession, id: string) {
  const all = await listUsers(d1, staff);
  return all.find((u) => u.id === id)!;
}

/** Creates an account (root admin). The email is unique (case-folded by the input schema). */
export async function createUser(
  d1: D1Database,
  staff: StaffSession,
  input: { email: string; name: string; password: string },
  iterations: number,
) {
  authorizeRoot(staff, ADMIN);
  const id = newId();
  const passwordHash = await hashPassword(input.password, iterations);
  await batchWithAudit(
    d1,
    [insertUserStatement(d1, { id, email: input.email, name: input.name, passwordHash, now: Date.now() })],
    {
      actorId: staff.userId,
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      detail: { email: input.email },
    },
  ).catch((e) => {
    if (violates(e, 'users_email_uq')) {
      throw new AppError('email_taken');
    }
    throw e;
  });
  return adminView(d1, staff, id);
}

/**
 * Edits an account (root admin): name, disabled, password reset, TOTP reset, unlock. Disabling
 * or resetting the password ends every session of the account. Administrators cannot disable
 * themselves (so the last administrator cannot lock everyone out by accident).
 */
export async function updateUser(
  d1: D1Database,
  staff: StaffSession,
  id: string,
  input: { name?: string; disabled?: boolean; password?: string; resetTotp?: boolean; unlock?: boolean },
  iterations: number,
) {
  authorizeRoot(staff, ADMIN);
  if (!(await userExists(d1, id))) throw new AppError('not_found', { what: 'user' });
  if (id === staff.userId && input.disabled) {
    throw new AppError('cannot_disable_self');
  }
  const passwordHash = input.password ? await hashPassword(input.password, iterations) : undefined;
  const stmts = [updateUserStatement(d1, id, { ...input, passwordHash })];
  if (input.disabled || passwordHash || input.resetTotp) stmts.push(endSessionsStatement(d1, id));
  const { password: _secret, ...detail } = input;
  await batchWithAudit(d1, stmts, {
    actorId: staff.userId,
    action: 'user.update',
    targetType: 'user',
    targetId: id,
    detail: { ...detail, ...(passwordHash ? { passwordReset: true } : {}) },
  });
  return adminView(d1, staff, id);
}

/** Grants `role` on `unitId` to a user: admin on that unit's subtree. */
export async function grantRole(
  d1: D1Database,
  staff: StaffSession,
  userId: string,
  input: { role: Role; unitId: string },
) {
  const unit = await getUnit(d1, input.unitId);
  if (!unit) {
    throw new AppError('validation_failed', [
      { path: 'unitId', code: 'unknown_unit', message: { vi: 'Không có đơn vị này.', en: 'No such unit.' } },
    ]);
  }
  authorize(staff, ADMIN, unit.path);
  const id = newId();
  const [res] = await batchWithAudit(
    d1,
    [insertGrantStatement(d1, { id, userId, role: input.role, unitId: input.unitId, now: Date.now() })],
    {
      actorId: staff.userId,
      action: 'grant.create',
      targetType: 'user',
      targetId: userId,
      detail: { grantId: id, ...input },
    },
    { onlyIfChanged: true },
  ).catch((e) => {
    if (violates(e, 'role_grants_uq')) {
      throw new AppError('grant_exists');
    }
    throw e;
  });
  if (!res?.meta.changes) throw new AppError('not_found', { what: 'user' });
  return { id, role: input.role, unitId: input.unitId };
}

/** Revokes a grant: admin on the grant's unit. */
export async function revokeGrant(d1: D1Database, staff: StaffSession, userId: string, grantId: string) {
  const grant = await selectGrant(d1, grantId, userId);
  if (!grant) throw new AppError('not_found', { what: 'grant' });
  authorize(staff, ADMIN, grant.unitPath);
  await batchWithAudit(d1, [deleteGrantStatement(d1, grantId, userId)], {
    actorId: staff.userId,
    action: 'grant.revoke',
    targetType: 'user',
    targetId: userId,
    detail: { grantId, role: grant.role, unitId: grant.unitId },
  });
  return { ok: true };
}
