/** Authorisation rows of accounts (`/api/auth/*`, `/api/admin/users/*`) and the audit log. */
import { env } from 'cloudflare:workers';
import * as OTPAuth from 'otpauth';
import { randomId } from '../../../worker/lib/ids';
import { call, createStaff } from '../../helpers/fixtures';
import type { AuthzRow } from './types';

/** Account and audit routes are system-wide: the grant must be on the root (city), a ward is outside. */
const root: Pick<AuthzRow, 'inside' | 'outside'> = { inside: (w) => w.city, outside: (w) => w.wardA };

export const rows: AuthzRow[] = [
  { method: 'get', path: '/api/auth/me', roles: 'any', request: () => ({ path: '/api/auth/me' }) },
  { method: 'post', path: '/api/auth/logout', roles: 'any', request: () => ({ path: '/api/auth/logout' }) },
  {
    method: 'post',
    path: '/api/auth/totp/enroll',
    roles: 'any',
    request: () => ({ path: '/api/auth/totp/enroll' }),
  },
  {
    method: 'post',
    path: '/api/auth/totp/confirm',
    roles: 'any',
    request: async (_w, actor) => {
      // Enrol first (as the actor) so that a correct code exists for this case.
      const res = await call('/api/auth/totp/enroll', { method: 'POST', cookie: actor.cookie });
      const { secret } = (await res.json()) as { secret: string };
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
      return { path: '/api/auth/totp/confirm', json: { code } };
    },
  },
  {
    method: 'get',
    path: '/api/admin/users',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/admin/users?q=test' }),
  },
  {
    method: 'post',
    path: '/api/admin/users',
    roles: ['admin'],
    ...root,
    ok: 201,
    request: () => ({
      path: '/api/admin/users',
      json: { email: `${randomId(6)}@test.vn`, name: 'Cán bộ mới', password: 'mat-khau-dai-du' },
    }),
  },
  {
    method: 'patch',
    path: '/api/admin/users/{id}',
    roles: ['admin'],
    ...root,
    request: async () => ({
      path: `/api/admin/users/${(await createStaff([])).userId}`,
      json: { name: 'Tên mới' },
    }),
  },
  {
    method: 'post',
    path: '/api/admin/users/{id}/grants',
    roles: ['admin'],
    ok: 201,
    request: async (w) => ({
      path: `/api/admin/users/${(await createStaff([])).userId}/grants`,
      json: { role: 'board_viewer', unitId: w.wardA.id },
    }),
  },
  {
    method: 'delete',
    path: '/api/admin/users/{id}/grants/{grantId}',
    roles: ['admin'],
    request: async (w) => {
      const target = await createStaff([{ role: 'board_viewer', unitId: w.wardA.id }]);
      const g = await env.DB.prepare('SELECT id FROM role_grants WHERE user_id = ?')
        .bind(target.userId)
        .first<{ id: string }>();
      return { path: `/api/admin/users/${target.userId}/grants/${g!.id}` };
    },
  },
  {
    method: 'get',
    path: '/api/admin/audit',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/admin/audit?limit=5' }),
  },
  {
    method: 'get',
    path: '/api/admin/audit/verify',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/admin/audit/verify' }),
  },
];
