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

// Accounts, sessions and grants --------------------------------------------------------------------

/** Failed logins before the account locks, then the lock doubles per further failure. */
export const LOCK_AFTER = 5;
export const LOCK_BASE_MS = 60_000;
export const LOCK_MAX_MS = 3_600_000;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  totpSecret: string | null;
  totpEnabled: number;
  failedLogins: number;
  lockedUntil: number | null;
  disabled: number;
  createdAt: number;
}

const USER_COLS = `id, email, name, password_hash AS passwordHash, totp_secret AS totpSecret, totp_enabled AS totpEnabled,
  failed_logins AS failedLogins, locked_until AS lockedUntil, disabled, created_at AS createdAt`;

export async function selectUserByEmail(d1: D1Database, email: string): Promise<UserRow | null> {
  return d1.prepare(`SELECT ${USER_COLS} FROM users WHERE email = ?`).bind(email).first<UserRow>();
}

export async function selectUserById(d1: D1Database, id: string): Promise<UserRow | null> {
  return d1.prepare(`SELECT ${USER_COLS} FROM users WHERE id = ?`).bind(id).first<UserRow>();
}

/**
 * One failed attempt, counted atomically in SQL (no read-then-write): from the LOCK_AFTER-th
 * failure on, the account locks for LOCK_BASE_MS doubled per further failure, at most LOCK_MAX_MS.
 */
export function failedLoginStatement(d1: D1Database, userId: string, now: number): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE users SET failed_logins = failed_logins + 1,
         locked_until = CASE WHEN failed_logins + 1 >= ?2
           THEN ?3 + min(?4 * (1 << min(failed_logins + 1 - ?2, 12)), ?5) ELSE locked_until END
       WHERE id = ?1`,
    )
    .bind(userId, LOCK_AFTER, now, LOCK_BASE_MS, LOCK_MAX_MS);
}

export function resetFailedLoginsStatement(d1: D1Database, userId: string): D1PreparedStatement {
  return d1.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').bind(userId);
}

/**
 * Spends a TOTP step: clears the failure count and records `step` as used, only when it is newer
 * than the last step accepted — a code replayed within its validity window changes no row
 * (decision 025). Put `verifySessionStatement(…, { afterStep: true })` right after it.
 */
export function spendTotpStepStatement(d1: D1Database, userId: string, step: number): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE users SET failed_logins = 0, locked_until = NULL, totp_last_step = ?2
        WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)`,
    )
    .bind(userId, step);
}

export function insertSessionStatement(
  d1: D1Database,
  s: { id: string; userId: string; verified: boolean; now: number; expiresAt: number },
): D1PreparedStatement {
  return d1
    .prepare('INSERT INTO sessions (id, user_id, verified, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .bind(s.id, s.userId, s.verified ? 1 : 0, s.now, s.expiresAt);
}

/** Completes a half-open session after the second factor; changes nothing if already verified. */
/**
 * Marks a half-open session verified. With `afterStep`, only when the statement just before it in
 * the batch changed a row (SQLite `changes()`): the TOTP step was spent just now, not replayed.
 */
export function verifySessionStatement(
  d1: D1Database,
  id: string,
  expiresAt: number,
  opts: { afterStep?: boolean } = {},
): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE sessions SET verified = 1, expires_at = ? WHERE id = ? AND verified = 0${opts.afterStep ? ' AND changes() > 0' : ''}`,
    )
    .bind(expiresAt, id);
}

export async function deleteSession(d1: D1Database, id: string): Promise<void> {
  await d1.prepare('DELETE FROM sessions WHERE id = ?').bind(id).run();
}

export function deleteSessionsOfStatement(d1: D1Database, userId: string): D1PreparedStatement {
  return d1.prepare('DELETE FROM sessions WHERE user_id = ?').bind(userId);
}

/** Removes expired sessions (a daily job). */
export async function deleteExpiredSessions(d1: D1Database, now: number): Promise<number> {
  const r = await d1.prepare('DELETE FROM sessions WHERE expires_at <= ?').bind(now).run();
  return r.meta.changes ?? 0;
}

/** Stores a fresh (not yet confirmed) TOTP secret; refused while TOTP is enabled. */
export function setTotpSecretStatement(d1: D1Database, userId: string, sealed: string): D1PreparedStatement {
  return d1
    .prepare('UPDATE users SET totp_secret = ? WHERE id = ? AND totp_enabled = 0')
    .bind(sealed, userId);
}

/** Turns TOTP on, only if the secret is still the one the code was checked against. */
export function enableTotpStatement(
  d1: D1Database,
  userId: string,
  sealed: string,
  step: number,
): D1PreparedStatement {
  // The enrolment code's step is spent too: it cannot be replayed as a login code.
  return d1
    .prepare('UPDATE users SET totp_enabled = 1, totp_last_step = ? WHERE id = ? AND totp_secret = ?')
    .bind(step, userId, sealed);
}

export function insertUserStatement(
  d1: D1Database,
  u: { id: string; email: string; name: string; passwordHash: string; now: number },
): D1PreparedStatement {
  return d1
    .prepare('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(u.id, u.email, u.name, u.passwordHash, u.now);
}

export function updateUserStatement(
  d1: D1Database,
  id: string,
  f: { name?: string; disabled?: boolean; passwordHash?: string; resetTotp?: boolean; unlock?: boolean },
): D1PreparedStatement {
  const sets: string[] = [];
  const binds: unknown[] = [];
  if (f.name !== undefined) sets.push('name = ?') && binds.push(f.name);
  if (f.disabled !== undefined) sets.push('disabled = ?') && binds.push(f.disabled ? 1 : 0);
  if (f.passwordHash !== undefined) sets.push('password_hash = ?') && binds.push(f.passwordHash);
  if (f.resetTotp) sets.push('totp_secret = NULL', 'totp_enabled = 0');
  if (f.unlock || f.passwordHash !== undefined) sets.push('failed_logins = 0', 'locked_until = NULL');
  if (!sets.length) sets.push('id = id');
  return d1.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).bind(...binds, id);
}

/** Accounts (optionally matching an email or name fragment), with their grants. */
export async function selectUsers(d1: D1Database, q: string | undefined, limit: number) {
  const { results } = await d1
    .prepare(
      `SELECT id, email, name, disabled, totp_enabled AS totpEnabled, locked_until AS lockedUntil, created_at AS createdAt
       FROM users ${q ? 'WHERE instr(lower(email), ?1) > 0 OR instr(lower(name), ?1) > 0' : ''} ORDER BY email LIMIT ${q ? '?2' : '?1'}`,
    )
    .bind(...(q ? [q.toLowerCase(), limit] : [limit]))
    .all<{
      id: string;
      email: string;
      name: string;
      disabled: number;
      totpEnabled: number;
      lockedUntil: number | null;
      createdAt: number;
    }>();
  return results;
}

/** Grants of many users at once, with unit names. */
export async function selectGrantsOfUsers(d1: D1Database, userIds: string[]) {
  const out: {
    id: string;
    userId: string;
    role: string;
    unitId: string;
    unitName: string;
    unitPath: string;
  }[] = [];
  for (let i = 0; i < userIds.length; i += 90) {
    const chunk = userIds.slice(i, i + 90);
    const { results } = await d1
      .prepare(
        `SELECT g.id, g.user_id AS userId, g.role, g.unit_id AS unitId, u.name AS unitName, u.path AS unitPath
         FROM role_grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id IN (${chunk.map(() => '?').join(',')})
         ORDER BY g.created_at`,
      )
      .bind(...chunk)
      .all<(typeof out)[number]>();
    out.push(...results);
  }
  return out;
}

/** Inserts a grant only if the user and the unit exist (one conditional statement). */
export function insertGrantStatement(
  d1: D1Database,
  g: { id: string; userId: string; role: string; unitId: string; now: number },
): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO role_grants (id, user_id, role, unit_id, created_at)
       SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE id = ?2) AND EXISTS (SELECT 1 FROM units WHERE id = ?4)`,
    )
    .bind(g.id, g.userId, g.role, g.unitId, g.now);
}

export async function selectGrant(d1: D1Database, grantId: string, userId: string) {
  return d1
    .prepare(
      `SELECT g.id, g.role, g.unit_id AS unitId, u.path AS unitPath FROM role_grants g JOIN units u ON u.id = g.unit_id
       WHERE g.id = ? AND g.user_id = ?`,
    )
    .bind(grantId, userId)
    .first<{ id: string; role: string; unitId: string; unitPath: string }>();
}

export function deleteGrantStatement(d1: D1Database, grantId: string, userId: string): D1PreparedStatement {
  return d1.prepare('DELETE FROM role_grants WHERE id = ? AND user_id = ?').bind(grantId, userId);
}
