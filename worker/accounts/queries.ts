/**
 * The account registry's SQL: accounts created and edited by administrators, their role grants.
 * Logging in, sessions and second factors read and write the same `users` rows from worker/auth.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import { db, statement } from '../db/client';
import { type Role, roleGrants, units, users } from '../db/schema';

/** Whether an account exists. */
export async function userExists(d1: D1Database, id: string): Promise<boolean> {
  return !!(await db(d1).select({ id: users.id }).from(users).where(eq(users.id, id)).get());
}

export function insertUserStatement(
  d1: D1Database,
  u: { id: string; email: string; name: string; passwordHash: string; now: number },
): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .insert(users)
      .values({ id: u.id, email: u.email, name: u.name, passwordHash: u.passwordHash, createdAt: u.now }),
  );
}

export function updateUserStatement(
  d1: D1Database,
  id: string,
  f: { name?: string; disabled?: boolean; passwordHash?: string; resetTotp?: boolean; unlock?: boolean },
): D1PreparedStatement {
  const set: SQLiteUpdateSetSource<typeof users> = {
    name: f.name,
    disabled: f.disabled,
    passwordHash: f.passwordHash,
  };
  if (f.resetTotp) Object.assign(set, { totpSecret: null, totpEnabled: false });
  if (f.unlock || f.passwordHash !== undefined) Object.assign(set, { failedLogins: 0, lockedUntil: null });
  // Nothing to change still runs (and changes nothing): Drizzle refuses an empty SET.
  if (Object.values(set).every((v) => v === undefined)) set.id = sql`${users.id}`;
  return statement(d1, db(d1).update(users).set(set).where(eq(users.id, id)));
}

/** Accounts (optionally matching an email or name fragment), with their grants. */
export async function selectUsers(d1: D1Database, q: string | undefined, limit: number) {
  const fragment = q?.toLowerCase();
  return db(d1)
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      disabled: users.disabled,
      totpEnabled: users.totpEnabled,
      lockedUntil: users.lockedUntil,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(
      fragment
        ? or(
            sql`instr(lower(${users.email}), ${fragment}) > 0`,
            sql`instr(lower(${users.name}), ${fragment}) > 0`,
          )
        : undefined,
    )
    .orderBy(users.email)
    .limit(limit)
    .all();
}

/** Grants of many users at once, with unit names. */
export async function selectGrantsOfUsers(d1: D1Database, userIds: string[]) {
  const grantsOf = (chunk: string[]) =>
    db(d1)
      .select({
        id: roleGrants.id,
        userId: roleGrants.userId,
        role: roleGrants.role,
        unitId: roleGrants.unitId,
        unitName: units.name,
        unitPath: units.path,
      })
      .from(roleGrants)
      .innerJoin(units, eq(units.id, roleGrants.unitId))
      .where(inArray(roleGrants.userId, chunk))
      .orderBy(roleGrants.createdAt)
      .all();
  const out: Awaited<ReturnType<typeof grantsOf>> = [];
  // ≤ 100 bound parameters per D1 statement.
  for (let i = 0; i < userIds.length; i += 90) out.push(...(await grantsOf(userIds.slice(i, i + 90))));
  return out;
}

/** Inserts a grant only if the user and the unit exist (one conditional statement). */
export function insertGrantStatement(
  d1: D1Database,
  g: { id: string; userId: string; role: Role; unitId: string; now: number },
): D1PreparedStatement {
  const q = db(d1);
  // INSERT … SELECT over the two primary-key lookups: no row, no grant.
  return statement(
    d1,
    q.insert(roleGrants).select(
      q
        .select({
          id: sql<string>`${g.id}`.as('id'),
          userId: users.id,
          role: sql<Role>`${g.role}`.as('role'),
          unitId: units.id,
          createdAt: sql<number>`${g.now}`.as('created_at'),
        })
        .from(users)
        .innerJoin(units, eq(units.id, g.unitId))
        .where(eq(users.id, g.userId)),
    ),
  );
}

export async function selectGrant(d1: D1Database, grantId: string, userId: string) {
  const grant = await db(d1)
    .select({ id: roleGrants.id, role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path })
    .from(roleGrants)
    .innerJoin(units, eq(units.id, roleGrants.unitId))
    .where(and(eq(roleGrants.id, grantId), eq(roleGrants.userId, userId)))
    .get();
  return grant ?? null;
}

export function deleteGrantStatement(d1: D1Database, grantId: string, userId: string): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .delete(roleGrants)
      .where(and(eq(roleGrants.id, grantId), eq(roleGrants.userId, userId))),
  );
}
