/**
 * Đăng nhập: password login with lockout, sessions, and the optional TOTP second factor.
 *
 * - Unknown email, wrong password, locked or disabled account: one error, and the same work
 *   (a PBKDF2 verification against a dummy hash when there is no account), so responses do not
 *   reveal which accounts exist.
 * - Lockout is per account, counted atomically in SQL (`failedLoginStatement`); the RL_AUTH rate
 *   limit keyed by email bounds attempts before any database work.
 * - A session is a random 32-byte token in the cookie; only its SHA-256 is stored.
 */
import * as OTPAuth from 'otpauth';
import { renderSVG } from 'uqr';
import { batchWithAudit } from '../audit/service';
import { hashPassword, sha256Hex, verifyPassword } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { randomId } from '../lib/ids';
import { type Keyring, open, seal } from '../lib/keyring';
import {
  deleteExpiredSessions,
  deleteSessionsOfStatement,
  enableTotpStatement,
  failedLoginStatement,
  findSession,
  grantsOf,
  insertSessionStatement,
  resetFailedLoginsStatement,
  selectUserByEmail,
  selectUserById,
  setTotpSecretStatement,
  spendTotpStepStatement,
  type UserRow,
  verifySessionStatement,
} from './queries';

export const SESSION_TTL_MS = 12 * 3600_000;
/** A half-open session (password ok, second factor owed) lives this long. */
export const PENDING_TTL_MS = 10 * 60_000;
const TOTP_ISSUER = 'Lắng Nghe';

/** What login needs from the environment: kept small so a self-hosted runtime can supply it. */
export interface AuthDeps {
  d1: D1Database;
  /** Rate limiter (Workers RL_AUTH binding or any `{limit({key})}`). */
  limiter: { limit(o: { key: string }): Promise<{ success: boolean }> };
  /** PBKDF2 iterations (env.PBKDF2_ITERATIONS; hashPassword throws above 100,000). */
  iterations: number;
  /** The keyring sealing TOTP secrets (`keyringOf(env)`, purpose `totp`). */
  keys: Keyring;
}

/** Parses env.PBKDF2_ITERATIONS; the cap is enforced by `hashPassword`. */
export function passwordIterations(raw: string | undefined): number {
  const n = Number(raw ?? '100000');
  return Number.isInteger(n) && n > 0 ? n : 100_000;
}

const dummyHashes = new Map<number, Promise<string>>();
/** A hash of a random password with the configured cost, verified when the email is unknown. */
function dummyHash(iterations: number): Promise<string> {
  let h = dummyHashes.get(iterations);
  if (!h) {
    h = hashPassword(randomId(16), iterations);
    dummyHashes.set(iterations, h);
  }
  return h;
}

export interface LoginResult {
  /** The cookie value (give it to the client, never store it). */
  token: string;
  user: { id: string; email: string; name: string; totpEnabled: boolean };
  mfaRequired: boolean;
  expiresAt: number;
}

/** Checks email + password and opens a session (verified unless TOTP is enabled). */
export async function login(
  deps: AuthDeps,
  email: string,
  password: string,
  now = Date.now(),
): Promise<LoginResult> {
  const { d1 } = deps;
  if (!(await deps.limiter.limit({ key: `login:${email}` })).success) throw new AppError('rate_limited');
  const user = await selectUserByEmail(d1, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash(deps.iterations)));
  if (!user) {
    await batchWithAudit(d1, [], {
      actorId: null,
      action: 'auth.login_failed',
      detail: { email, reason: 'unknown' },
    });
    throw new AppError('invalid_credentials');
  }
  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  if (!ok || locked || user.disabled) {
    // A correct password during a lock does not count as another failure, nor does it unlock.
    const stmts = ok ? [] : [failedLoginStatement(d1, user.id, now)];
    await batchWithAudit(d1, stmts, {
      actorId: user.id,
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: user.id,
      detail: { reason: user.disabled ? 'disabled' : locked ? 'locked' : 'password' },
    });
    throw new AppError('invalid_credentials');
  }
  const token = randomId(32);
  const mfaRequired = !!user.totpEnabled;
  const expiresAt = now + (mfaRequired ? PENDING_TTL_MS : SESSION_TTL_MS);
  await batchWithAudit(
    d1,
    [
      resetFailedLoginsStatement(d1, user.id),
      insertSessionStatement(d1, {
        id: await sha256Hex(token),
        userId: user.id,
        verified: !mfaRequired,
        now,
        expiresAt,
      }),
    ],
    {
      actorId: user.id,
      action: mfaRequired ? 'auth.login_password' : 'auth.login',
      targetType: 'user',
      targetId: user.id,
    },
  );
  return { token, user: publicUser(user), mfaRequired, expiresAt };
}

export function publicUser(u: UserRow) {
  return { id: u.id, email: u.email, name: u.name, totpEnabled: !!u.totpEnabled };
}

/** The signed-in user and grants, for `GET /api/auth/me`. */
export async function me(d1: D1Database, userId: string) {
  const user = await selectUserById(d1, userId);
  if (!user) throw new AppError('unauthenticated');
  return { user: publicUser(user), grants: await grantsOf(d1, userId) };
}

function totpFor(user: UserRow, secretB32: string) {
  return new OTPAuth.TOTP({
    issuer: TOTP_ISSUER,
    label: user.email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretB32),
  });
}

/** AAD binds a sealed secret to its account, so it cannot be copied onto another row. */
const aad = (userId: string) => `totp:${userId}`;

/**
 * Starts TOTP enrolment: a new secret, sealed at rest, not active until `confirmTotp`.
 * Refused while TOTP is enabled (an administrator resets it first).
 */
export async function enrollTotp(deps: AuthDeps, userId: string) {
  const user = await selectUserById(deps.d1, userId);
  if (!user) throw new AppError('unauthenticated');
  if (user.totpEnabled) throw new AppError('totp_already_enabled');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const sealed = await seal(deps.keys, 'totp', secret, aad(userId));
  const [res] = await batchWithAudit(
    deps.d1,
    [setTotpSecretStatement(deps.d1, userId, sealed)],
    { actorId: userId, action: 'auth.totp_enroll', targetType: 'user', targetId: userId },
    { onlyIfChanged: true },
  );
  if (!res?.meta.changes) throw new AppError('totp_already_enabled');
  const otpauthUrl = totpFor(user, secret).toString();
  return { secret, otpauthUrl, qrSvg: renderSVG(otpauthUrl) };
}

/** The 30-second step the code belongs to (±1 step of clock drift), or null for a wrong code. */
async function checkCode(deps: AuthDeps, user: UserRow, code: string): Promise<number | null> {
  if (!user.totpSecret) return null;
  const secret = await open(deps.keys, 'totp', user.totpSecret, aad(user.id));
  const totp = totpFor(user, secret);
  const now = Date.now();
  const delta = totp.validate({ token: code, window: 1, timestamp: now });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}

/** Confirms enrolment with a first code from the authenticator app; TOTP is on from then. */
export async function confirmTotp(deps: AuthDeps, userId: string, code: string) {
  const user = await selectUserById(deps.d1, userId);
  if (!user) throw new AppError('unauthenticated');
  if (user.totpEnabled) throw new AppError('totp_already_enabled');
  if (!user.totpSecret) throw new AppError('totp_not_enrolled');
  const step = await checkCode(deps, user, code);
  if (step === null) throw new AppError('totp_invalid');
  const [res] = await batchWithAudit(
    deps.d1,
    [enableTotpStatement(deps.d1, userId, user.totpSecret, step)],
    { actorId: userId, action: 'auth.totp_enabled', targetType: 'user', targetId: userId },
    { onlyIfChanged: true },
  );
  if (!res?.meta.changes) throw new AppError('totp_changed');
  return { ok: true };
}

/**
 * Second step of a login: verifies the code for the half-open session behind `token` and marks
 * it verified. Wrong codes count towards the same lockout as wrong passwords.
 */
export async function completeTotpLogin(
  deps: AuthDeps,
  token: string | undefined,
  code: string,
  now = Date.now(),
) {
  if (!token) throw new AppError('unauthenticated');
  const sessionId = await sha256Hex(token);
  const session = await findSession(deps.d1, sessionId, now);
  if (!session || session.disabled) throw new AppError('unauthenticated');
  if (session.verified) throw new AppError('already_verified');
  if (!(await deps.limiter.limit({ key: `totp:${session.userId}` })).success)
    throw new AppError('rate_limited');
  const user = await selectUserById(deps.d1, session.userId);
  if (!user) throw new AppError('unauthenticated');
  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  const step = locked ? null : await checkCode(deps, user, code);
  const refuse = async (reason: 'locked' | 'code' | 'replay') => {
    // A replayed code is not a guess: audited, but it does not count towards the lockout (a second
    // device signing in within the same 30 seconds must not lock its owner out).
    const count = reason === 'code';
    await batchWithAudit(deps.d1, count ? [failedLoginStatement(deps.d1, user.id, now)] : [], {
      actorId: user.id,
      action: 'auth.totp_failed',
      targetType: 'user',
      targetId: user.id,
      detail: { reason },
    });
    return reason === 'replay' ? new AppError('totp_reused') : new AppError('totp_invalid');
  };
  if (step === null) throw await refuse(locked ? 'locked' : 'code');
  const expiresAt = now + SESSION_TTL_MS;
  // One transaction: spend the step, then verify the session only if the step was new (a code
  // seen by a shoulder-surfer or a phishing proxy is worthless once used), then the audit row.
  const results = await batchWithAudit(
    deps.d1,
    [
      spendTotpStepStatement(deps.d1, user.id, step),
      verifySessionStatement(deps.d1, sessionId, expiresAt, { afterStep: true }),
    ],
    {
      actorId: user.id,
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      detail: { factor: 'totp' },
    },
    { onlyIfChanged: true },
  );
  let until = expiresAt;
  if (!results[1]?.meta.changes) {
    // The step was spent already. By this very session (a double click sent the code twice)? Then
    // it is signed in and this is the same success; otherwise a replay.
    const again = await findSession(deps.d1, sessionId, now);
    if (!again?.verified) throw await refuse('replay');
    until = again.expiresAt;
  }
  return {
    user: publicUser(user),
    grants: await grantsOf(deps.d1, user.id),
    mfaRequired: false,
    expiresAt: until,
  };
}

/**
 * Ends every session of an account, as a statement for the caller's batch: an administrator
 * disabled it, reset its password or its second factor (worker/accounts).
 */
export function endSessionsStatement(d1: D1Database, userId: string): D1PreparedStatement {
  return deleteSessionsOfStatement(d1, userId);
}

/**
 * Deletes expired sessions. Meant for the daily `scheduled` handler.
 * @example ctx.waitUntil(purgeExpiredSessions(env.DB))
 */
export async function purgeExpiredSessions(d1: D1Database, now = Date.now()): Promise<number> {
  return deleteExpiredSessions(d1, now);
}
