import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { csrfGuard } from '../lib/http';
import { findSession, grantsOf } from './queries';

/** Name of the session cookie (HttpOnly, Secure, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'ln_session';

/**
 * The signed-in user of a request (a live, verified, enabled session), or `undefined`: for the one
 * route that answers both ways (`GET /api/auth/session`).
 */
export async function currentSession(c: Context<AppEnv>) {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return undefined;
  const row = await findSession(c.env.DB, await sha256Hex(token), Date.now());
  if (!row || row.disabled || !row.verified) return undefined;
  return row;
}

/**
 * Resolves the session cookie into `c.var.staff` (user + role grants) or answers 401, and applies
 * the CSRF guard to writes. Mount on every staff sub-app: `app.use('*', requireStaff())`.
 * Authorisation by role and subtree is then one `authorize(c.var.staff, roles, unitPath)` per route.
 * Once per request: where two sub-apps share a prefix (/api/forms: forms and their responses), the
 * second finds the session resolved and the request checked.
 */
export function requireStaff(): MiddlewareHandler<AppEnv> {
  const csrf = csrfGuard();
  return async (c, next) => {
    if (c.var.staff) return next();
    const row = await currentSession(c);
    if (!row) throw new AppError('unauthenticated');
    const grants = await grantsOf(c.env.DB, row.userId);
    c.set('staff', {
      userId: row.userId,
      email: row.email,
      name: row.name,
      sessionId: row.sessionId,
      grants,
    });
    return csrf(c, next);
  };
}
