/**
 * Authorisation rows of retention and the processing records (`/api/admin/retention/*`): system-wide,
 * so the grant must be on the root (city); an admin on a ward is outside.
 */
import type { AuthzRow } from './types';

const root: Pick<AuthzRow, 'inside' | 'outside'> = { inside: (w) => w.city, outside: (w) => w.wardA };
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

export const rows: AuthzRow[] = [
  {
    method: 'get',
    path: '/api/admin/retention',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/admin/retention' }),
  },
  {
    method: 'put',
    path: '/api/admin/retention/{formKind}/{category}',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/admin/retention/*/outbox', json: { days: 30 } }),
  },
  {
    method: 'get',
    path: '/api/admin/retention/register',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/admin/retention/register?format=csv' }),
  },
  {
    method: 'get',
    path: '/api/admin/retention/audit.csv',
    roles: ['admin'],
    ...root,
    request: () => ({ path: `/api/admin/retention/audit.csv?from=${today()}&to=${today()}` }),
  },
  {
    method: 'post',
    path: '/api/admin/retention/run',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/admin/retention/run' }),
  },
];
