import { and, eq, gt } from 'drizzle-orm';
import { db } from '../db/client';
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
