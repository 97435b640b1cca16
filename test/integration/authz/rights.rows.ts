/**
 * Authorisation rows of the reporter's rights (worker/rights): intake of the case's Front unit
 * (wardA here) sees the requests and answers them; intake on wardB may not.
 */
import { call } from '../../helpers/fixtures';
import { caseForm, IDENTITY, personIn, submitFeedback, type U } from '../cases-fixtures';
import type { AuthzRow } from './types';

const forms = new Map<string, { slug: string; id: string }>();

/** A feedback case in `unit` with identity and an open deletion request; returns the request id. */
async function deletionIn(unit: U) {
  if (!forms.has(unit.id)) forms.set(unit.id, await caseForm(unit, 'feedback'));
  const person = await personIn(unit);
  const { receiptCode, pin } = await submitFeedback(forms.get(unit.id)!.slug, person.id, {
    identity: { name: IDENTITY.name, phone: IDENTITY.phone },
  });
  const res = await call('/api/public/rights/delete', {
    method: 'POST',
    headers: { 'cf-connecting-ip': '10.88.0.1' },
    json: { code: receiptCode, pin },
  });
  return ((await res.json()) as { request: { id: string } }).request.id;
}

const root: Pick<AuthzRow, 'inside' | 'outside'> = { inside: (w) => w.city, outside: (w) => w.wardA };

export const rows: AuthzRow[] = [
  {
    method: 'get',
    path: '/api/rights/rules',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/rights/rules' }),
  },
  {
    method: 'put',
    path: '/api/rights/rules/{kind}',
    roles: ['admin'],
    ...root,
    request: () => ({
      path: '/api/rights/rules/delete',
      json: { days: 3, working: false, basis: 'Nghị định 13/2023/NĐ-CP (17/04/2023), Điều 16' },
    }),
  },
  {
    method: 'get',
    path: '/api/rights/requests',
    roles: ['case_intake'],
    request: (w) => ({ path: `/api/rights/requests?unitId=${w.wardA.id}` }),
  },
  {
    method: 'post',
    path: '/api/rights/requests/{id}/answer',
    roles: ['case_intake'],
    request: async (w) => ({
      path: `/api/rights/requests/${await deletionIn(w.wardA)}/answer`,
      json: { decision: 'refused', reply: 'Dữ liệu còn cần cho vụ việc.' },
    }),
    objectOutside: async (w) => ({
      path: `/api/rights/requests/${await deletionIn(w.wardB)}/answer`,
      json: { decision: 'refused', reply: 'Dữ liệu còn cần cho vụ việc.' },
    }),
  },
];
