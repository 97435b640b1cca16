/** Authorisation rows of the organisation module (`/api/org/*`). */
import { env } from 'cloudflare:workers';
import { fold } from '../../../worker/lib/i18n';
import { newId, randomId } from '../../../worker/lib/ids';
import { createUnit } from '../../helpers/fixtures';
import type { AuthzRow, Unit } from './types';

const code = () => `t-${randomId(5)}`;

/** A person holding a current position in `unit`, written straight into D1. */
async function personIn(unit: Unit) {
  const id = newId();
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      'INSERT INTO people (id, full_name, search_name, party_member, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)',
    ).bind(id, 'Trần Thị Mẫu', fold('Trần Thị Mẫu'), now, now),
    env.DB.prepare(
      'INSERT INTO positions (id, person_id, unit_id, title, created_at) VALUES (?, ?, ?, ?, ?)',
    ).bind(newId(), id, unit.id, 'Chủ tịch', now),
  ]);
  return id;
}

export const rows: AuthzRow[] = [
  {
    method: 'get',
    path: '/api/org/units',
    roles: 'any',
    request: () => ({ path: '/api/org/units?q=phuong' }),
  },
  {
    method: 'post',
    path: '/api/org/units',
    roles: ['admin'],
    ok: 201,
    request: (w) => ({
      path: '/api/org/units',
      json: { code: code(), name: 'Khu phố 1', kind: 'residential_area', parentId: w.wardA.id },
    }),
  },
  {
    method: 'patch',
    path: '/api/org/units/{id}',
    roles: ['admin'],
    request: async (w) => {
      const u = await createUnit('Khu phố 2', { parent: w.wardA });
      return { path: `/api/org/units/${u.id}`, json: { name: 'Khu phố Hai' } };
    },
  },
  {
    method: 'post',
    path: '/api/org/units/{id}/merge',
    roles: ['admin'],
    request: async (w) => {
      const a = await createUnit('Khu phố 3', { parent: w.wardA });
      const b = await createUnit('Khu phố 4', { parent: w.wardA });
      return { path: `/api/org/units/${a.id}/merge`, json: { intoId: b.id, date: '2025-07-01' } };
    },
  },
  {
    method: 'post',
    path: '/api/org/units/import',
    roles: ['admin'],
    request: async (w) => {
      const parentCode = code();
      await createUnit('Tổ dân phố', { parent: w.wardA, code: parentCode });
      return {
        path: '/api/org/units/import',
        contentType: 'text/csv',
        body: `code,name,kind,parent_code\n${code()},Tổ 1,residential_area,${parentCode}\n`,
      };
    },
  },
  {
    method: 'get',
    path: '/api/org/people',
    roles: 'any',
    request: () => ({ path: '/api/org/people?q=tran' }),
  },
  {
    method: 'get',
    path: '/api/org/people/{id}',
    roles: 'any',
    request: async (w) => ({ path: `/api/org/people/${await personIn(w.wardA)}` }),
  },
  {
    method: 'post',
    path: '/api/org/people',
    roles: ['admin'],
    ok: 201,
    request: (w) => ({
      path: '/api/org/people',
      json: { fullName: 'Lê Văn Thử', positions: [{ unitId: w.wardA.id, title: 'Phó Chủ tịch' }] },
    }),
  },
  {
    method: 'patch',
    path: '/api/org/people/{id}',
    roles: ['admin'],
    request: async (w) => ({ path: `/api/org/people/${await personIn(w.wardA)}`, json: { birthYear: 1970 } }),
  },
  {
    method: 'post',
    path: '/api/org/people/{id}/positions',
    roles: ['admin'],
    ok: 201,
    request: async (w) => ({
      path: `/api/org/people/${await personIn(w.wardA)}/positions`,
      json: { unitId: w.wardA.id, title: 'Bí thư', validFrom: '2025-07-01' },
    }),
  },
  {
    method: 'post',
    path: '/api/org/people/import',
    roles: ['admin'],
    request: async (w) => {
      const unitCode = code();
      await createUnit('Chi bộ khu phố', { parent: w.wardA, code: unitCode });
      return {
        path: '/api/org/people/import',
        contentType: 'text/csv',
        body: `external_ref,full_name,unit_code,title\n${code()},Phạm Thị Nhập,${unitCode},Bí thư chi bộ\n`,
      };
    },
  },
];
