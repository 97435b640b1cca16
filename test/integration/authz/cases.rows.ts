/**
 * Authorisation rows of the cases capability. Cases are taken in by a Front unit (the form's
 * owner, here wardA): intake on wardA may act, intake on wardB may not. Administration of
 * rules, calendar, routing and webhooks is system-wide: the grant must be on the root.
 */
import { env } from 'cloudflare:workers';
import { selectCase } from '../../../worker/cases/queries';
import { applyTransition } from '../../../worker/cases/service';
import { randomId } from '../../../worker/lib/ids';
import { caseForm, caseIdOf, IDENTITY, personIn, submitFeedback, type U } from '../cases-fixtures';
import type { AuthzRow } from './types';

const root: Pick<AuthzRow, 'inside' | 'outside'> = { inside: (w) => w.city, outside: (w) => w.wardA };

const forms = new Map<string, { slug: string; id: string }>();
async function formOf(unit: U) {
  if (!forms.has(unit.id)) forms.set(unit.id, await caseForm(unit, 'feedback'));
  return forms.get(unit.id)!;
}

/** A fresh feedback case taken in by `unit` (prescreening: it names a person). */
async function caseIn(unit: U, opts: { identity?: boolean; file?: boolean; classify?: boolean } = {}) {
  const form = await formOf(unit);
  const person = await personIn(unit);
  let files: string[] | undefined;
  if (opts.file) {
    const key = `f/${form.id}/${randomId(8)}.png`;
    await env.FILES.put(key, new Uint8Array([0x89, 0x50, 0x4e, 0x47]), {
      httpMetadata: { contentType: 'image/png' },
    });
    files = [key];
  }
  const { receiptCode } = await submitFeedback(form.slug, person.id, {
    identity: opts.identity ? { name: IDENTITY.name, phone: IDENTITY.phone } : undefined,
    files,
  });
  const id = await caseIdOf(receiptCode);
  if (opts.classify) {
    const c = (await selectCase(env.DB, id))!;
    await applyTransition(env, { actor: 'intake', staffId: null }, c, {
      action: 'classify',
      kind: 'feedback',
    });
  }
  return { id, personId: person.id, files };
}

const INTAKE = ['case_intake'] as const;

export const rows: AuthzRow[] = [
  {
    method: 'get',
    path: '/api/cases/intake',
    roles: INTAKE,
    request: (w) => ({ path: `/api/cases/intake?unitId=${w.wardA.id}` }),
  },
  {
    method: 'get',
    path: '/api/cases/handling',
    roles: ['case_handler'],
    request: (w) => ({ path: `/api/cases/handling?unitId=${w.wardA.id}` }),
  },
  {
    method: 'get',
    path: '/api/cases/{id}',
    roles: INTAKE,
    request: async (w) => ({ path: `/api/cases/${(await caseIn(w.wardA)).id}` }),
  },
  {
    method: 'get',
    path: '/api/cases/{id}/export',
    roles: INTAKE,
    request: async (w) => ({ path: `/api/cases/${(await caseIn(w.wardA)).id}/export?format=json` }),
  },
  {
    method: 'post',
    path: '/api/cases/{id}/transitions',
    roles: INTAKE,
    request: async (w) => ({
      path: `/api/cases/${(await caseIn(w.wardA)).id}/transitions`,
      json: { action: 'classify', kind: 'feedback' },
    }),
  },
  {
    method: 'post',
    path: '/api/cases/{id}/notes',
    roles: INTAKE,
    ok: 201,
    request: async (w) => ({
      path: `/api/cases/${(await caseIn(w.wardA)).id}/notes`,
      json: { body: 'Ghi chú', visibility: 'internal' },
    }),
  },
  {
    method: 'post',
    path: '/api/cases/{id}/extensions',
    roles: INTAKE,
    request: async (w) => ({
      path: `/api/cases/${(await caseIn(w.wardA, { classify: true })).id}/extensions`,
      json: { days: 5, reason: 'Vụ việc phức tạp' },
    }),
  },
  {
    method: 'post',
    path: '/api/cases/{id}/pin',
    roles: INTAKE,
    request: async (w) => ({
      path: `/api/cases/${(await caseIn(w.wardA)).id}/pin`,
      json: { checkedBy: 'receipt_shown' },
    }),
  },
  {
    method: 'get',
    path: '/api/cases/{id}/identity',
    roles: INTAKE,
    request: async (w) => ({ path: `/api/cases/${(await caseIn(w.wardA, { identity: true })).id}/identity` }),
  },
  {
    method: 'get',
    path: '/api/cases/{id}/file',
    roles: INTAKE,
    request: async (w) => {
      const c = await caseIn(w.wardA, { file: true });
      return { path: `/api/cases/${c.id}/file?key=${encodeURIComponent(c.files![0]!)}` };
    },
  },
  {
    method: 'get',
    path: '/api/cases/people/{id}/summary',
    roles: ['case_intake', 'board_viewer', 'admin'],
    request: async (w) => ({ path: `/api/cases/people/${(await personIn(w.wardA)).id}/summary` }),
  },
  {
    method: 'get',
    path: '/api/cases/criteria-sets',
    roles: 'any',
    request: () => ({ path: '/api/cases/criteria-sets' }),
  },
  {
    method: 'get',
    path: '/api/cases/templates/{channel}',
    roles: 'any',
    request: () => ({ path: '/api/cases/templates/feedback' }),
  },
  // Administration (root only).
  {
    method: 'get',
    path: '/api/cases/admin/settings',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/settings' }),
  },
  {
    method: 'put',
    path: '/api/cases/admin/settings',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/settings', json: { kThreshold: 5 } }),
  },
  {
    method: 'get',
    path: '/api/cases/admin/deadline-rules',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/deadline-rules' }),
  },
  {
    method: 'put',
    path: '/api/cases/admin/deadline-rules/{kind}',
    roles: ['admin'],
    ...root,
    request: () => ({
      path: '/api/cases/admin/deadline-rules/petition',
      json: {
        acceptDays: 5,
        acceptWorking: true,
        resolveDays: 10,
        resolveWorking: false,
        maxExtensionDays: 10,
        basis: 'Luật Tiếp công dân 2013',
      },
    }),
  },
  {
    method: 'get',
    path: '/api/cases/admin/holidays',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/holidays?year=2026' }),
  },
  {
    method: 'put',
    path: '/api/cases/admin/holidays/{day}',
    roles: ['admin'],
    ...root,
    request: () => ({
      path: '/api/cases/admin/holidays/2030-01-01',
      json: { kind: 'off', name: 'Tết Dương lịch' },
    }),
  },
  {
    method: 'delete',
    path: '/api/cases/admin/holidays/{day}',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/holidays/2030-01-02' }),
  },
  {
    method: 'get',
    path: '/api/cases/admin/routing-rules',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/routing-rules' }),
  },
  {
    method: 'post',
    path: '/api/cases/admin/routing-rules',
    roles: ['admin'],
    ...root,
    request: (w) => ({
      path: '/api/cases/admin/routing-rules',
      json: { kind: '*', unitId: w.wardA.id, bodyUnitId: w.board.id },
    }),
  },
  {
    method: 'delete',
    path: '/api/cases/admin/routing-rules/{id}',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/routing-rules/0123456789abcdef' }),
  },
  {
    method: 'get',
    path: '/api/cases/admin/webhooks',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/webhooks' }),
  },
  {
    method: 'post',
    path: '/api/cases/admin/webhooks',
    roles: ['admin'],
    ...root,
    ok: 201,
    request: () => ({
      path: '/api/cases/admin/webhooks',
      json: { url: 'http://127.0.0.1:9/hook', events: ['case.created'] },
    }),
  },
  {
    method: 'delete',
    path: '/api/cases/admin/webhooks/{id}',
    roles: ['admin'],
    ...root,
    request: () => ({ path: '/api/cases/admin/webhooks/0123456789abcdef' }),
  },
];
