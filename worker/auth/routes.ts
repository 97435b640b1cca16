/** HTTP edge of accounts: `/api/auth/*` (login, session, TOTP) and `/api/admin/users/*`. */
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { csrfGuard } from '../lib/http';
import { keyringOf } from '../lib/keyring';
import { documented } from '../lib/openapi';
import { jsonBody, parse } from '../lib/validate';
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
  AdminUserSchema,
  CreateGrantSchema,
  CreateUserSchema,
  EnrollResultSchema,
  GrantResultSchema,
  LoginResultSchema,
  LoginSchema,
  MeSchema,
  OkSchema,
  SessionStateSchema,
  TotpCodeSchema,
  UpdateUserSchema,
  UsersListSchema,
  UsersQuery,
} from './schema';
import { createUser, grantRole, listUsers, revokeGrant, updateUser } from './users';

const tags = ['auth'];

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

documented({
  method: 'post',
  path: '/api/auth/login',
  summary: 'Sign in with email and password',
  tags,
  auth: 'public',
  body: LoginSchema,
  response: LoginResultSchema,
});
documented({
  method: 'post',
  path: '/api/auth/totp',
  summary: 'Second factor for a login that needs one (half-open session cookie)',
  tags,
  auth: 'public',
  body: TotpCodeSchema,
  response: LoginResultSchema,
});
documented({
  method: 'post',
  path: '/api/auth/logout',
  summary: 'End the session',
  tags,
  auth: 'staff',
  response: OkSchema,
});
documented({
  method: 'get',
  path: '/api/auth/me',
  summary: 'The signed-in user and grants',
  tags,
  auth: 'staff',
  response: MeSchema,
});
documented({
  method: 'get',
  path: '/api/auth/session',
  summary:
    'Whether anyone is signed in: 200 either way ({signedIn:false}, or {signedIn:true, user, grants}), so a signed-out console start logs no error',
  tags,
  auth: 'public',
  response: SessionStateSchema,
});
documented({
  method: 'post',
  path: '/api/auth/totp/enroll',
  summary: 'Start TOTP enrolment',
  tags,
  auth: 'staff',
  response: EnrollResultSchema,
});
documented({
  method: 'post',
  path: '/api/auth/totp/confirm',
  summary: 'Confirm TOTP enrolment with a code',
  tags,
  auth: 'staff',
  body: TotpCodeSchema,
  response: OkSchema,
});

/** Mounted at `/api/auth`. Login and the TOTP step are cookie-setting writes: CSRF-guarded too. */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', csrfGuard(), async (c) => {
    const body = await jsonBody(c, LoginSchema);
    const r = await login(deps(c), body.email, body.password);
    setSessionCookie(c, r.token, r.expiresAt);
    const grants = r.mfaRequired ? [] : (await me(c.env.DB, r.user.id)).grants;
    return c.json({ user: r.user, grants, mfaRequired: r.mfaRequired });
  })
  .post('/totp', csrfGuard(), async (c) => {
    const body = await jsonBody(c, TotpCodeSchema);
    const token = getCookie(c, SESSION_COOKIE);
    const r = await completeTotpLogin(deps(c), token, body.code);
    setSessionCookie(c, token!, r.expiresAt);
    return c.json({ user: r.user, grants: r.grants, mfaRequired: false });
  })
  .post('/logout', requireStaff(), async (c) => {
    await deleteSession(c.env.DB, c.var.staff!.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
    return c.json({ ok: true });
  })
  .get('/me', requireStaff(), async (c) => c.json(await me(c.env.DB, c.var.staff!.userId)))
  .get('/session', async (c) => {
    c.header('cache-control', 'no-store');
    const row = await currentSession(c);
    if (!row) return c.json({ signedIn: false as const });
    return c.json({ signedIn: true as const, ...(await me(c.env.DB, row.userId)) });
  })
  .post('/totp/enroll', requireStaff(), async (c) => c.json(await enrollTotp(deps(c), c.var.staff!.userId)))
  .post('/totp/confirm', requireStaff(), async (c) => {
    const body = await jsonBody(c, TotpCodeSchema);
    return c.json(await confirmTotp(deps(c), c.var.staff!.userId, body.code));
  });

const admin = ['admin'];
documented({
  method: 'get',
  path: '/api/admin/users',
  summary: 'List accounts',
  tags: admin,
  auth: 'staff',
  query: UsersQuery,
  response: UsersListSchema,
});
documented({
  method: 'post',
  path: '/api/admin/users',
  summary: 'Create an account',
  tags: admin,
  auth: 'staff',
  body: CreateUserSchema,
  response: AdminUserSchema,
  status: 201,
});
documented({
  method: 'patch',
  path: '/api/admin/users/{id}',
  summary: 'Edit an account (name, disabled, password reset, TOTP reset, unlock)',
  tags: admin,
  auth: 'staff',
  body: UpdateUserSchema,
  response: AdminUserSchema,
});
documented({
  method: 'post',
  path: '/api/admin/users/{id}/grants',
  summary: 'Grant a role on a unit',
  tags: admin,
  auth: 'staff',
  body: CreateGrantSchema,
  response: GrantResultSchema,
  status: 201,
});
documented({
  method: 'delete',
  path: '/api/admin/users/{id}/grants/{grantId}',
  summary: 'Revoke a grant',
  tags: admin,
  auth: 'staff',
  response: OkSchema,
});

/** Mounted at `/api/admin/users`. */
export const adminUserRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/', async (c) => {
    const q = parse(UsersQuery, c.req.query());
    return c.json({ users: await listUsers(c.env.DB, c.var.staff!, q.q) });
  })
  .post('/', async (c) => {
    const body = await jsonBody(c, CreateUserSchema);
    return c.json(
      await createUser(c.env.DB, c.var.staff!, body, passwordIterations(c.env.PBKDF2_ITERATIONS)),
      201,
    );
  })
  .patch('/:id', async (c) => {
    const body = await jsonBody(c, UpdateUserSchema);
    return c.json(
      await updateUser(
        c.env.DB,
        c.var.staff!,
        c.req.param('id'),
        body,
        passwordIterations(c.env.PBKDF2_ITERATIONS),
      ),
    );
  })
  .post('/:id/grants', async (c) => {
    const body = await jsonBody(c, CreateGrantSchema);
    return c.json(await grantRole(c.env.DB, c.var.staff!, c.req.param('id'), body), 201);
  })
  .delete('/:id/grants/:grantId', async (c) =>
    c.json(await revokeGrant(c.env.DB, c.var.staff!, c.req.param('id'), c.req.param('grantId'))),
  );
