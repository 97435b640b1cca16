import { and, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { db, statement } from '../db/client';
import { roleGrants, sessions, units, users } from '../db/schema';

/** The user and grants behind a session id (hash of the cookie token), if the session is live. */
export async function findSession(d1: D1Database, sessionId: string, now: number) {
  const row = await db(d1)
    .select({
      sessionId: sessions.id,
      verified: sessions.verified,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      disabled: users.disabled,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .get();
  return row ?? null;
}

/** A user's role grants with each unit's materialised path. */
export async function grantsOf(d1: D1Database, userId: string) {
  return db(d1)
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path, unitName: units.name })
    .from(roleGrants)
    .innerJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, userId))
    .all();
}

// Credentials and sessions (the account registry: worker/accounts/queries.ts) ---------------------

/** Failed logins before the account locks, then the lock doubles per further failure. */
export const LOCK_AFTER = 5;
export const LOCK_BASE_MS = 60_000;
export const LOCK_MAX_MS = 3_600_000;

/** A staff account as stored (the password hash and sealed TOTP secret included). */
export type UserRow = typeof users.$inferSelect;

export async function selectUserByEmail(d1: D1Database, email: string): Promise<UserRow | null> {
  return (await db(d1).select().from(users).where(eq(users.email, email)).get()) ?? null;
}

export async function selectUserById(d1: D1Database, id: string): Promise<UserRow | null> {
  return (await db(d1).select().from(users).where(eq(users.id, id)).get()) ?? null;
}

/**
 * One failed attempt, counted atomically in SQL (no read-then-write): from the LOCK_AFTER-th
 * failure on, the account locks for LOCK_BASE_MS doubled per further failure, at most LOCK_MAX_MS.
 * (Every SET expression reads the row as it was before the UPDATE.)
 */
export function failedLoginStatement(d1: D1Database, userId: string, now: number): D1PreparedStatement {
  const failures = sql`${users.failedLogins} + 1`;
  return statement(
    d1,
    db(d1)
      .update(users)
      .set({
        failedLogins: failures,
        lockedUntil: sql`CASE WHEN ${failures} >= ${LOCK_AFTER}
          THEN ${now} + min(${LOCK_BASE_MS} * (1 << min(${failures} - ${LOCK_AFTER}, 12)), ${LOCK_MAX_MS})
          ELSE ${users.lockedUntil} END`,
      })
      .where(eq(users.id, userId)),
  );
}

export function resetFailedLoginsStatement(d1: D1Database, userId: string): D1PreparedStatement {
  return statement(
    d1,
    db(d1).update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId)),
  );
}

/**
 * Spends a TOTP step: clears the failure count and records `step` as used, only when it is newer
 * than the last step accepted — a code replayed within its validity window changes no row
 * (decision 025). Put `verifySessionStatement(…, { afterStep: true })` right after it.
 */
export function spendTotpStepStatement(d1: D1Database, userId: string, step: number): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, totpLastStep: step })
      .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step)))),
  );
}

export function insertSessionStatement(
  d1: D1Database,
  s: { id: string; userId: string; verified: boolean; now: number; expiresAt: number },
): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .insert(sessions)
      .values({ id: s.id, userId: s.userId, verified: s.verified, createdAt: s.now, expiresAt: s.expiresAt }),
  );
}

/**
 * Marks a half-open session verified; changes nothing if already verified. With `afterStep`, only
 * when the statement just before it in the batch changed a row (SQLite `changes()`): the TOTP step
 * was spent just now, not replayed.
 */
export function verifySessionStatement(
  d1: D1Database,
  id: string,
  expiresAt: number,
  opts: { afterStep?: boolean } = {},
): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .update(sessions)
      .set({ verified: true, expiresAt })
      .where(
        and(
          eq(sessions.id, id),
          eq(sessions.verified, false),
          opts.afterStep ? sql`changes() > 0` : undefined,
        ),
      ),
  );
}

export async function deleteSession(d1: D1Database, id: string): Promise<void> {
  await db(d1).delete(sessions).where(eq(sessions.id, id)).run();
}

export function deleteSessionsOfStatement(d1: D1Database, userId: string): D1PreparedStatement {
  return statement(d1, db(d1).delete(sessions).where(eq(sessions.userId, userId)));
}

/** Removes expired sessions (a daily job). */
export async function deleteExpiredSessions(d1: D1Database, now: number): Promise<number> {
  const r = await db(d1).delete(sessions).where(lte(sessions.expiresAt, now)).run();
  return r.meta.changes ?? 0;
}

/** Stores a fresh (not yet confirmed) TOTP secret; refused while TOTP is enabled. */
export function setTotpSecretStatement(d1: D1Database, userId: string, sealed: string): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .update(users)
      .set({ totpSecret: sealed })
      .where(and(eq(users.id, userId), eq(users.totpEnabled, false))),
  );
}

/** Turns TOTP on, only if the secret is still the one the code was checked against. */
export function enableTotpStatement(
  d1: D1Database,
  userId: string,
  sealed: string,
  step: number,
): D1PreparedStatement {
  // The enrolment code's step is spent too: it cannot be replayed as a login code.
  return statement(
    d1,
    db(d1)
      .update(users)
      .set({ totpEnabled: true, totpLastStep: step })
      .where(and(eq(users.id, userId), eq(users.totpSecret, sealed))),
  );
}
