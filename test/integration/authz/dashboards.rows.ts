/** Authorisation rows of the dashboards module (`/api/dashboards/*`). */
import { env } from 'cloudflare:workers';
import { newId } from '../../../worker/lib/ids';
import { sampleDefinition } from '../../unit/forms.fixtures';
import type { AuthzRow, Unit } from './types';

const VIEWERS = ['board_viewer', 'form_designer', 'admin'] as const;

/** A published form owned by `owner` (its results are read per unit subtree). */
async function formOf(owner: Unit) {
  const id = newId();
  const versionId = newId();
  const json = JSON.stringify(sampleDefinition('Phiếu bảng số liệu'));
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO forms (id, slug, kind, owner_unit_id, title, status, draft, current_version_id, created_at, updated_at)
       VALUES (?, ?, 'survey', ?, 'Phiếu', 'published', ?, ?, ?, ?)`,
    ).bind(id, `authz-dash-${id.slice(-8)}`, owner.id, json, versionId, now, now),
    env.DB.prepare(
      'INSERT INTO form_versions (id, form_id, version, definition, published_at) VALUES (?, ?, 1, ?, ?)',
    ).bind(versionId, id, json, now),
  ]);
  return id;
}

export const rows: AuthzRow[] = [
  {
    method: 'get',
    path: '/api/dashboards/views',
    roles: VIEWERS,
    request: (w) => ({ path: `/api/dashboards/views?unitId=${w.wardA.id}` }),
  },
  {
    method: 'get',
    path: '/api/dashboards/boards/{view}',
    roles: VIEWERS,
    request: (w) => ({ path: `/api/dashboards/boards/front?unitId=${w.wardA.id}` }),
  },
  {
    method: 'get',
    path: '/api/dashboards/boards/{view}/export',
    roles: VIEWERS,
    request: (w) => ({ path: `/api/dashboards/boards/front/export?format=csv&unitId=${w.wardA.id}` }),
  },
  {
    method: 'get',
    path: '/api/dashboards/forms/{id}/results',
    roles: VIEWERS,
    // The form's own unit (decision 212: a form is read by the grants that reach its owner).
    request: async (w) => ({
      path: `/api/dashboards/forms/${await formOf(w.wardA)}/results?unitId=${w.wardA.id}`,
    }),
    // The Front's form asked about the caller's own ward: refused to every role.
    objectOutside: async (w) => ({
      path: `/api/dashboards/forms/${await formOf(w.front)}/results?unitId=${w.wardA.id}`,
    }),
  },
  {
    method: 'get',
    path: '/api/dashboards/forms/{id}/results/export',
    roles: VIEWERS,
    // The form's own unit (decision 212: a form is read by the grants that reach its owner).
    request: async (w) => ({
      path: `/api/dashboards/forms/${await formOf(w.wardA)}/results/export?format=xlsx&unitId=${w.wardA.id}`,
    }),
    // The Front's form asked about the caller's own ward: refused to every role.
    objectOutside: async (w) => ({
      path: `/api/dashboards/forms/${await formOf(w.front)}/results/export?format=xlsx&unitId=${w.wardA.id}`,
    }),
  },
  {
    method: 'get',
    path: '/api/dashboards/forms/{id}/text',
    roles: VIEWERS,
    // The form's own unit (decision 212: a form is read by the grants that reach its owner).
    request: async (w) => ({
      path: `/api/dashboards/forms/${await formOf(w.wardA)}/text?questionId=y_kien&unitId=${w.wardA.id}`,
    }),
    // The Front's form asked about the caller's own ward: refused to every role.
    objectOutside: async (w) => ({
      path: `/api/dashboards/forms/${await formOf(w.front)}/text?questionId=y_kien&unitId=${w.wardA.id}`,
    }),
  },
  {
    method: 'put',
    path: '/api/dashboards/config/{unitId}',
    roles: ['admin'],
    request: (w) => ({ path: `/api/dashboards/config/${w.wardA.id}`, json: { views: ['front'] } }),
  },
  {
    method: 'post',
    path: '/api/dashboards/rebuild',
    roles: ['admin'],
    inside: (w) => w.city,
    outside: (w) => w.wardA,
    request: () => ({ path: '/api/dashboards/rebuild', json: {} }),
  },
];
