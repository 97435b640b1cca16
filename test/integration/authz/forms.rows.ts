/** Authorisation rows of the forms and responses modules (`/api/forms/*`). */
import { env } from 'cloudflare:workers';
import type { StaffSession } from '../../../worker/auth/service';
import { createForm, publishForm } from '../../../worker/forms/service';
import { sampleDefinition } from '../../unit/forms.fixtures';
import type { Actor, AuthzRow, Unit } from './types';

const ROLES = ['form_designer', 'admin'] as const;

/** A published form owned by `unit`, created through the service by a designer of that unit. */
async function formIn(unit: Unit, actor: Actor) {
  const designer: StaffSession = {
    userId: actor.userId,
    email: 'authz@test.vn',
    name: 'authz',
    sessionId: 'authz',
    grants: [{ role: 'form_designer', unitId: unit.id, unitPath: unit.path, unitName: unit.name }],
  };
  const form = await createForm(env.DB, designer, {
    ownerUnitId: unit.id,
    kind: 'survey',
    definition: sampleDefinition('Phiếu kiểm tra phân quyền'),
  });
  await publishForm(env.DB, designer, form.id);
  return form.id;
}

export const rows: AuthzRow[] = [
  { method: 'get', path: '/api/forms', roles: 'any', request: () => ({ path: '/api/forms' }) },
  {
    method: 'post',
    path: '/api/forms',
    roles: ROLES,
    ok: 201,
    request: (w) => ({
      path: '/api/forms',
      json: { ownerUnitId: w.wardA.id, definition: sampleDefinition() },
    }),
  },
  {
    method: 'get',
    path: '/api/forms/{id}',
    roles: ROLES,
    request: async (w, a) => ({ path: `/api/forms/${await formIn(w.wardA, a)}` }),
  },
  {
    method: 'put',
    path: '/api/forms/{id}/draft',
    roles: ROLES,
    request: async (w, a) => ({
      path: `/api/forms/${await formIn(w.wardA, a)}/draft`,
      json: { definition: sampleDefinition('Bản nháp mới') },
    }),
  },
  {
    method: 'patch',
    path: '/api/forms/{id}/settings',
    roles: ROLES,
    request: async (w, a) => ({
      path: `/api/forms/${await formIn(w.wardA, a)}/settings`,
      json: { cap: 100 },
    }),
  },
  {
    method: 'post',
    path: '/api/forms/{id}/publish',
    roles: ROLES,
    request: async (w, a) => ({ path: `/api/forms/${await formIn(w.wardA, a)}/publish` }),
  },
  {
    method: 'get',
    path: '/api/forms/{id}/qr.svg',
    roles: ROLES,
    request: async (w, a) => ({ path: `/api/forms/${await formIn(w.wardA, a)}/qr.svg` }),
  },
  {
    method: 'get',
    path: '/api/forms/{id}/responses',
    roles: ROLES,
    request: async (w, a) => ({ path: `/api/forms/${await formIn(w.wardA, a)}/responses` }),
  },
  {
    method: 'get',
    path: '/api/forms/{id}/responses.csv',
    roles: ROLES,
    request: async (w, a) => ({ path: `/api/forms/${await formIn(w.wardA, a)}/responses.csv` }),
  },
];
