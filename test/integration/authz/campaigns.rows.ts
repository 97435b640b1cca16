/**
 * Authorisation rows of reporting campaigns (`/api/campaigns/*`). Each case opens its own campaign
 * over wardA (kinds: ward), so wardA is the one assigned unit and wardB is outside.
 */
import { env } from 'cloudflare:workers';
import { createCampaign, submitReport } from '../../../worker/campaigns/service';
import { reportForm, session } from '../../unit/campaigns.fixtures';
import type { Actor, AuthzRow, World } from './types';

const MANAGE = ['form_designer', 'admin'] as const;
const READ = [...MANAGE, 'board_viewer'] as const;
const REPORT_READ = ['ward_reporter', ...READ] as const;

async function campaignIn(w: World, a: Actor) {
  const formId = await reportForm(w.wardA, a.userId);
  const c = await createCampaign(env.DB, session(a.userId, 'form_designer', w.wardA), {
    title: 'Đợt phân quyền',
    formId,
    unitId: w.wardA.id,
    kinds: ['ward'],
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    dueDate: '2099-07-10',
  });
  return c.id;
}

async function submittedIn(w: World, a: Actor) {
  const id = await campaignIn(w, a);
  await submitReport(env.DB, session(a.userId, 'ward_reporter', w.wardA), id, w.wardA.id, {
    answers: { tong_quan: 'x' },
  });
  return id;
}

export const rows: AuthzRow[] = [
  { method: 'get', path: '/api/campaigns', roles: 'any', request: () => ({ path: '/api/campaigns' }) },
  {
    method: 'post',
    path: '/api/campaigns',
    roles: MANAGE,
    ok: 201,
    request: async (w, a) => ({
      path: '/api/campaigns',
      json: {
        title: 'Báo cáo 6 tháng',
        formId: await reportForm(w.wardA, a.userId),
        unitId: w.wardA.id,
        periodStart: '2026-01-01',
        periodEnd: '2026-06-30',
        dueDate: '2026-07-10',
      },
    }),
  },
  {
    method: 'get',
    path: '/api/campaigns/todo',
    roles: 'any',
    request: () => ({ path: '/api/campaigns/todo' }),
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}',
    roles: READ,
    request: async (w, a) => ({ path: `/api/campaigns/${await campaignIn(w, a)}` }),
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/owing',
    roles: READ,
    request: async (w, a) => ({ path: `/api/campaigns/${await campaignIn(w, a)}/owing?format=csv` }),
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/export',
    roles: READ,
    request: async (w, a) => ({ path: `/api/campaigns/${await campaignIn(w, a)}/export?format=xlsx` }),
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/reports/{unitId}',
    roles: REPORT_READ,
    request: async (w, a) => ({ path: `/api/campaigns/${await campaignIn(w, a)}/reports/${w.wardA.id}` }),
  },
  {
    method: 'put',
    path: '/api/campaigns/{id}/reports/{unitId}',
    roles: ['ward_reporter'],
    request: async (w, a) => ({
      path: `/api/campaigns/${await campaignIn(w, a)}/reports/${w.wardA.id}`,
      json: { answers: {} },
    }),
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/reports/{unitId}/submit',
    roles: ['ward_reporter'],
    request: async (w, a) => ({
      path: `/api/campaigns/${await campaignIn(w, a)}/reports/${w.wardA.id}/submit`,
      json: { answers: { tong_quan: 'Đã hoàn thành' } },
    }),
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/reports/{unitId}/return',
    roles: MANAGE,
    request: async (w, a) => ({
      path: `/api/campaigns/${await submittedIn(w, a)}/reports/${w.wardA.id}/return`,
      json: { comment: 'Bổ sung số liệu' },
    }),
  },
];
