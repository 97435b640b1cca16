/**
 * Test fixtures written straight into D1 (not through services) so every module's tests can set
 * up units and signed-in staff without depending on another module's code paths.
 */
import { env, exports } from 'cloudflare:workers';
import type { Role, UnitKind } from '../../worker/db/schema';
import { sha256Hex } from '../../worker/lib/crypto';
import { fold } from '../../worker/lib/i18n';
import { newId, randomId } from '../../worker/lib/ids';

export const ORIGIN = 'http://local';

/** Inserts a unit under `parent` (or a root) and returns it. */
export async function createUnit(
  name: string,
  opts: { parent?: { id: string; path: string }; kind?: UnitKind; code?: string } = {},
) {
  const id = newId();
  const path = `${opts.parent?.path ?? '/'}${id}/`;
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO units (id, code, name, search_name, kind, parent_id, path, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      opts.code ?? `u-${id.slice(-12)}`,
      name,
      fold(name),
      opts.kind ?? 'other',
      opts.parent?.id ?? null,
      path,
      now,
      now,
    )
    .run();
  return { id, path, name };
}

/** A small tree: city → front, board; city → ward A, ward B. */
export async function createTree() {
  const city = await createUnit('Thành phố Demo', { kind: 'city_committee' });
  const front = await createUnit('Ủy ban MTTQ thành phố', { parent: city, kind: 'front' });
  const board = await createUnit('Ủy ban Kiểm tra Thành ủy', { parent: city, kind: 'party_board' });
  const wardA = await createUnit('Phường Bến Nghé', { parent: city, kind: 'ward' });
  const wardB = await createUnit('Phường Đa Kao', { parent: city, kind: 'ward' });
  return { city, front, board, wardA, wardB };
}

/**
 * Inserts a staff user with grants and a live, verified session; returns the cookie header to
 * send. The password hash is a placeholder: these users cannot log in with a password.
 */
export async function createStaff(
  grants: { role: Role; unitId: string }[],
  email = `${randomId(6)}@test.vn`,
) {
  const userId = newId();
  const now = Date.now();
  const token = randomId(32);
  const stmts = [
    env.DB.prepare(
      `INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, 'fixture-no-login', ?)`,
    ).bind(userId, email, `Cán bộ ${email}`, now),
    ...grants.map((g) =>
      env.DB.prepare(
        'INSERT INTO role_grants (id, user_id, role, unit_id, created_at) VALUES (?, ?, ?, ?, ?)',
      ).bind(newId(), userId, g.role, g.unitId, now),
    ),
    env.DB.prepare(
      'INSERT INTO sessions (id, user_id, verified, created_at, expires_at) VALUES (?, ?, 1, ?, ?)',
    ).bind(await sha256Hex(token), userId, now, now + 3600_000),
  ];
  await env.DB.batch(stmts);
  return { userId, email, cookie: `ln_session=${token}` };
}

/** Calls the Worker as a browser on our origin would (cookie + Origin for writes). */
export function call(path: string, init: RequestInit & { cookie?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN);
  return exports.default.fetch(`${ORIGIN}${path}`, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
}

/**
 * A response's body for an assertion message: the text of a textual body, `<n bytes, type>` for a
 * binary one (XLSX, PDF, images). Reading a binary body with `.text()` makes workerd print a
 * "does not appear to be text" warning into the test log.
 */
export async function bodyForMessage(res: Response): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  if (!type || /^text\/|^application\/(json|xml|javascript)\b|\+(json|xml)\b/.test(type)) return res.text();
  return `<${(await res.arrayBuffer()).byteLength} bytes, ${type}>`;
}
