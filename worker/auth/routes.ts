/** HTTP edge of signing in: `/api/auth/*` (login, session, TOTP). */
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { csrfGuard } from '../lib/http';
import { keyringOf } from '../lib/keyring';
import { defineRoutes } from '../lib/route';
import {
  type AuthDeps,
  completeTotpLogin,
  confirmTotp,
  enrollTotp,
  login,
  me,
  passwordIterations,
} from './login';
import { currentSession, requireStaff, SESSION_COOKIE } from './middleware';
import { deleteSession } from './queries';
import {
  EnrollResultSchema,
  LoginResultSchema,
  LoginSchema,
  MeSchema,
  OkSchema,
  SessionStateSchema,
  TotpCodeSchema,
} from './schema';

function deps(c: Context<AppEnv>): AuthDeps {
  return {
    d1: c.env.DB,
    limiter: c.env.RL_AUTH,
    iterations: passwordIterations(c.env.PBKDF2_ITERATIONS),
    keys: keyringOf(c.env),
  };
}

function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: number) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000)),
  });
}

/** Mounted at `/api/auth`. Login and the TOTP step are cookie-setting writes: CSRF-guarded too. */
export const authRoutes = new Hono<AppEnv>();

defineRoutes(authRoutes, { tags: ['auth'], auth: 'public' })
  .post(
    '/login',
    {
      summary: 'Sign in with email and password',
      use: [csrfGuard()],
      body: LoginSchema,
      response: LoginResultSchema,
    },
    async (c, { body }) => {
      const r = await login(deps(c), body.email, body.password);
      setSessionCookie(c, r.token, r.expiresAt);
      const grants = r.mfaRequired ? [] : (await me(c.env.DB, r.user.id)).grants;
      return c.json({ user: r.user, grants, mfaRequired: r.mfaRequired });
    },
  )
  .post(
    '/totp',
    {
      summary: 'Second factor for a login that needs one (half-open session cookie)',
      use: [csrfGuard()],
      body: TotpCodeSchema,
      response: LoginResultSchema,
    },
    async (c, { body }) => {
      const token = getCookie(c, SESSION_COOKIE);
      const r = await completeTotpLogin(deps(c), token, body.code);
      setSessionCookie(c, token!, r.expiresAt);
      return c.json({ user: r.user, grants: r.grants, mfaRequired: false });
    },
  )
  .post(
    '/logout',
    { summary: 'End the session', auth: 'staff', use: [requireStaff()], response: OkSchema },
    async (c) => {
      await deleteSession(c.env.DB, c.var.staff!.sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
      return c.json({ ok: true });
    },
  )
  .get(
    '/me',
    { summary: 'The signed-in user and grants', auth: 'staff', use: [requireStaff()], response: MeSchema },
    async (c) => c.json(await me(c.env.DB, c.var.staff!.userId)),
  )
  .get(
    '/session',
    {
      summary:
        'Whether anyone is signed in: 200 either way ({signedIn:false}, or {signedIn:true, user, grants}), so a signed-out console start logs no error',
      response: SessionStateSchema,
    },
    async (c) => {
      c.header('cache-control', 'no-store');
      const row = await currentSession(c);
      if (!row) return c.json({ signedIn: false as const });
      return c.json({ signedIn: true as const, ...(await me(c.env.DB, row.userId)) });
    },
  )
  .post(
    '/totp/enroll',
    { summary: 'Start TOTP enrolment', auth: 'staff', use: [requireStaff()], response: EnrollResultSchema },
    async (c) => c.json(await enrollTotp(deps(c), c.var.staff!.userId)),
  )
  .post(
    '/totp/confirm',
    {
      summary: 'Confirm TOTP enrolment with a code',
      auth: 'staff',
      use: [requireStaff()],
      body: TotpCodeSchema,
      response: OkSchema,
    },
    async (c, { body }) => c.json(await confirmTotp(deps(c), c.var.staff!.userId, body.code)),
  );
