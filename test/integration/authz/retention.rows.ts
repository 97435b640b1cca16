/**
 * Authorisation rows of retention and the processing records (`/api/admin/retention/*`): system-wide,
 * so the grant must be on the root (city); an admin on a ward is outside.
 */
import { env } from 'cloudflare:workers';
import { caseForm, caseIdOf, personIn, submitFeedback, type U } from '../cases-fixtures';
import type { AuthzRow } from './types';

const root: Pick<AuthzRow, 'inside' | 'outside'> = { inside: (w) => w.city, outside: (w) => w.wardA };
let form: { slug: string; id: string } | undefined;
/** A fresh feedback case taken in by `unit`. */
async function caseIn(unit: U) {
  form ??= await caseForm(unit, 'feedback');
  const person = await personIn(unit);
  return caseIdOf((await submitFeedback(form.slug, person.id)).receiptCode);
}
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
  {
    method: 'get',
    path: '/api/admin/retention/holds',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/admin/retention/holds' }),
  },
  {
    method: 'put',
    path: '/api/admin/retention/holds/{caseId}',
    roles: ['admin'],
    ...root,
    request: async (w) => ({
      path: `/api/admin/retention/holds/${await caseIn(w.wardA)}`,
      json: { reason: 'Thanh tra tỉnh đang kiểm tra hồ sơ.' },
    }),
  },
  {
    method: 'delete',
    path: '/api/admin/retention/holds/{caseId}',
    roles: ['admin'],
    ...root,
    request: async (w) => {
      const id = await caseIn(w.wardA);
      await env.DB.prepare(
        "INSERT INTO retention_holds (case_id, reason, set_by, set_at) VALUES (?, 'Thanh tra', 'x', 0)",
      )
        .bind(id)
        .run();
      return { path: `/api/admin/retention/holds/${id}` };
    },
  },
];
