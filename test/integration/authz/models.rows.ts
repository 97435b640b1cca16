/** Authorisation rows of the model registry (`/api/models/*`). */
import { env } from 'cloudflare:workers';
import { activeRubric, createModel, evaluateModel } from '../../../worker/models/service';
import { WEBP } from '../../helpers/metadata-fixtures';
import { session } from '../../unit/campaigns.fixtures';
import type { Actor, AuthzRow, Unit } from './types';

const MANAGE = ['form_designer', 'admin'] as const;
const EDIT = [...MANAGE, 'ward_reporter'] as const;
const READ = [...EDIT, 'board_viewer'] as const;

/** Scores for the active rubric (another row replaces it): `max` everywhere, or `at` points each. */
async function scores(at?: number) {
  const r = await activeRubric(env.DB);
  return Object.fromEntries(r.criteria.map((c) => [c.id, Math.min(at ?? c.max, c.max)]));
}

/** A model of `unit`, registered by an admin there. */
async function modelIn(unit: Unit, actor: Actor, effective = false) {
  const admin = session(actor.userId, 'admin', unit);
  const m = await createModel(env.DB, admin, {
    unitId: unit.id,
    name: 'Mô hình phân quyền',
    field: 'economy',
  });
  if (effective) {
    await evaluateModel(env.DB, admin, m.id, { scores: await scores() });
  }
  return m.id;
}

export const rows: AuthzRow[] = [
  { method: 'get', path: '/api/models', roles: 'any', request: () => ({ path: '/api/models' }) },
  {
    method: 'post',
    path: '/api/models',
    roles: EDIT,
    ok: 201,
    request: (w) => ({
      path: '/api/models',
      json: { unitId: w.wardA.id, name: 'Mô hình mới', field: 'economy' },
    }),
  },
  {
    method: 'get',
    path: '/api/models/export',
    roles: 'any',
    request: () => ({ path: '/api/models/export?format=csv' }),
  },
  {
    method: 'post',
    path: '/api/models/import',
    roles: EDIT,
    // Preview only (nothing written); a row outside the caller's scope refuses the file.
    request: async (w) => {
      const u = await env.DB.prepare('SELECT code FROM units WHERE id = ?')
        .bind(w.wardA.id)
        .first<{ code: string }>();
      return {
        path: '/api/models/import',
        body: `Mã đơn vị,Tên mô hình,Lĩnh vực\n${u!.code},Mô hình,Kinh tế\n`,
        contentType: 'text/csv',
      };
    },
  },
  {
    method: 'get',
    path: '/api/models/rubric',
    roles: 'any',
    request: () => ({ path: '/api/models/rubric' }),
  },
  {
    method: 'post',
    path: '/api/models/rubric',
    roles: MANAGE,
    inside: (w) => w.city,
    ok: 201,
    request: () => ({
      path: '/api/models/rubric',
      json: {
        name: 'Bộ tiêu chí thử',
        thresholdBp: 7000,
        criteria: [{ id: 'a', label: { vi: 'A' }, weight: 1, max: 10 }],
      },
    }),
  },
  {
    method: 'get',
    path: '/api/models/coverage',
    roles: ['board_viewer', 'form_designer', 'admin'],
    request: (w) => ({ path: `/api/models/coverage?unitId=${w.wardA.id}` }),
  },
  {
    method: 'get',
    path: '/api/models/{id}',
    roles: READ,
    request: async (w, a) => ({ path: `/api/models/${await modelIn(w.wardA, a)}` }),
  },
  {
    method: 'patch',
    path: '/api/models/{id}',
    roles: EDIT,
    request: async (w, a) => ({ path: `/api/models/${await modelIn(w.wardA, a)}`, json: { moneyVnd: 1000 } }),
  },
  {
    method: 'post',
    path: '/api/models/{id}/evaluations',
    roles: MANAGE,
    ok: 201,
    request: async (w, a) => ({
      path: `/api/models/${await modelIn(w.wardA, a)}/evaluations`,
      json: { scores: await scores(1) },
    }),
  },
  {
    method: 'post',
    path: '/api/models/{id}/replications',
    roles: EDIT,
    request: async (w, a) => ({
      path: `/api/models/${await modelIn(w.wardA, a, true)}/replications`,
      json: { toModelId: await modelIn(w.wardA, a) },
    }),
  },
  {
    method: 'post',
    path: '/api/models/{id}/progress',
    roles: EDIT,
    ok: 201,
    request: async (w, a) => ({
      path: `/api/models/${await modelIn(w.wardA, a)}/progress`,
      json: { note: 'Tiến độ' },
    }),
  },
  {
    method: 'post',
    path: '/api/models/{id}/photos',
    roles: EDIT,
    ok: 201,
    request: async (w, a) => ({
      path: `/api/models/${await modelIn(w.wardA, a)}/photos`,
      body: WEBP,
      contentType: 'image/webp',
    }),
  },
  {
    method: 'get',
    path: '/api/models/{id}/photos/{photoId}',
    roles: READ,
    request: async (w, a) => {
      const id = await modelIn(w.wardA, a);
      const photoId = crypto.randomUUID();
      const key = `models/${id}/authz-${photoId}`;
      await env.FILES.put(key, WEBP);
      await env.DB.prepare(
        `INSERT INTO dvk_model_photos (id, model_id, key, type, size, created_at) VALUES (?, ?, ?, 'image/webp', ?, ?)`,
      )
        .bind(photoId, id, key, WEBP.length, Date.now())
        .run();
      return { path: `/api/models/${id}/photos/${photoId}` };
    },
  },
];
