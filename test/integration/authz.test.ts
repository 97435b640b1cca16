/// <reference types="vite/client" />
/**
 * Authorisation matrix: every staff route × every role × a grant inside / outside the route's
 * subtree → 2xx or 403; plus no cookie → 401 and a write without Origin → 403 csrf_rejected.
 *
 * HOW TO ADD ROWS (every module with staff routes):
 *   create `test/integration/authz/<module>.rows.ts` exporting `export const rows: AuthzRow[]`.
 *   The shape (see ./authz/types.ts):
 *     { method: 'post',                      // as in the OpenAPI document, lower case
 *       path: '/api/forms/{id}/publish',     // the OpenAPI template, exactly as documented
 *       roles: ['form_designer'],            // roles that succeed inside, or 'any' (any signed-in staff)
 *       inside?: (w) => w.wardA,             // where the successful grant sits (default wardA)
 *       outside?: (w) => w.wardB,            // a grant here must get 403 (default wardB, a sibling)
 *       request: async (w, actor) => ({ path: `/api/forms/${id}/publish`, json: {...} }), // fresh per case
 *       ok?: 201,                            // expected success status (default any 2xx)
 *       objectOutside?: async (w, actor) => ({ path: … }) } // same request, object owned outside
 *                                            // the grant (unit filter inside): 403 for every role
 *   The world `w` is createTree(): city (root) → front, board, wardA, wardB.
 *
 * Every operation declared with `auth: 'staff'` (worker/lib/route.ts) must have a row: the first
 * test reads /api/openapi.json and fails on any staff route without one (and on rows for routes
 * that no longer exist), so no staff route can ship without its authorisation row. The document is
 * built from the router itself, and test/integration/openapi.test.ts fails on a mounted route
 * missing from it (but a commented few outside the contract): the matrix enumerates the router.
 */
import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../worker/db/schema';
import { bodyForMessage, call, createStaff, createTree, ORIGIN } from '../helpers/fixtures';
import type { Actor, AuthzRow, CaseRequest, World } from './authz/types';

const modules = import.meta.glob<{ rows: AuthzRow[] }>('./authz/*.rows.ts', { eager: true });
const allRows = Object.values(modules).flatMap((m) => m.rows);
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

let world: World;
beforeAll(async () => {
  world = await createTree();
});

async function actor(role: Actor['role'], unit: Actor['unit']): Promise<Actor> {
  const s = await createStaff([{ role, unitId: unit.id }]);
  return { userId: s.userId, cookie: s.cookie, role, unit };
}

function send(row: AuthzRow, req: CaseRequest, opts: { cookie?: string; origin?: boolean } = {}) {
  const headers = new Headers();
  if (opts.cookie) headers.set('cookie', opts.cookie);
  const write = row.method !== 'get';
  if (write && opts.origin !== false) headers.set('origin', ORIGIN);
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (req.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(req.json);
  } else if (req.body !== undefined) {
    headers.set('content-type', req.contentType ?? 'text/plain');
    body = req.body;
  }
  return exports.default.fetch(`${ORIGIN}${req.path}`, { method: row.method.toUpperCase(), headers, body });
}

describe('the matrix covers every staff route', () => {
  it('has a row for each documented staff operation, and no row for an unknown one', async () => {
    const doc = (await (await call('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const staffOps = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.length)
        .map(([method]) => key(method, path)),
    );
    const allOps = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => key(m, path)),
    );
    const covered = new Set(allRows.map((r) => key(r.method, r.path)));
    expect(
      staffOps.filter((op) => !covered.has(op)),
      'staff routes without an authz row',
    ).toEqual([]);
    expect(
      [...covered].filter((op) => !allOps.includes(op)),
      'rows for undocumented routes',
    ).toEqual([]);
    expect(allRows.length).toBe(covered.size); // no duplicate rows
  });
});

for (const row of allRows) {
  describe(key(row.method, row.path), () => {
    const inside = (w: World) => (row.inside ?? ((x: World) => x.wardA))(w);
    const outside = (w: World) => (row.outside ?? ((x: World) => x.wardB))(w);
    const firstRole = row.roles === 'any' ? 'board_viewer' : row.roles[0]!;

    it('no session cookie → 401', async () => {
      const a = await actor(firstRole, inside(world));
      const res = await send(row, await row.request(world, a));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    });

    if (row.method !== 'get') {
      it('write without Origin → 403 csrf_rejected', async () => {
        const a = await actor(firstRole, inside(world));
        const res = await send(row, await row.request(world, a), { cookie: a.cookie, origin: false });
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: 'csrf_rejected' } });
      });
    }

    for (const role of ROLES) {
      for (const placement of ['inside', 'outside'] as const) {
        const allowed = row.roles === 'any' || (row.roles.includes(role) && placement === 'inside');
        it(`${role} granted ${placement} → ${allowed ? (row.ok ?? '2xx') : 403}`, async () => {
          const a = await actor(role, placement === 'inside' ? inside(world) : outside(world));
          const res = await send(row, await row.request(world, a), { cookie: a.cookie });
          const text = await bodyForMessage(res);
          if (allowed) {
            if (row.ok) expect(res.status, text).toBe(row.ok);
            else expect(res.status >= 200 && res.status < 300, `${res.status} ${text}`).toBe(true);
          } else {
            expect(res.status, text).toBe(403);
            expect(JSON.parse(text)).toMatchObject({ error: { code: 'forbidden' } });
          }
        });
      }
    }

    const objectOutside = row.objectOutside;
    if (objectOutside) {
      for (const role of ROLES) {
        it(`${role} granted inside, object owned outside the grant → 403`, async () => {
          const a = await actor(role, inside(world));
          const res = await send(row, await objectOutside(world, a), { cookie: a.cookie });
          const text = await bodyForMessage(res);
          expect(res.status, text).toBe(403);
          expect(JSON.parse(text)).toMatchObject({ error: { code: 'forbidden' } });
        });
      }
    }
  });
}
