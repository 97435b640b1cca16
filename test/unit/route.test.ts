/**
 * The route helper (worker/lib/route.ts): a route declared once gets its input parsed with the
 * project's error shape, its reply checked against its contract where `CHECK_RESPONSES=on`, and
 * its full mounted path in the OpenAPI document.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../../worker/env';
import { onError } from '../../worker/lib/http';
import { openApiDocument } from '../../worker/lib/openapi';
import { defineRoutes } from '../../worker/lib/route';

const Item = v.object({ id: v.string(), n: v.number(), note: v.nullable(v.string()) });

/** A sub-app with one route per way a reply can break its contract, mounted under `/api/things`. */
function build() {
  const sub = new Hono<AppEnv>();
  defineRoutes(sub, { tags: ['things'], auth: 'public' })
    .get('/good', { summary: 'matches', response: Item }, (c) => c.json({ id: 'a', n: 1, note: null }))
    .get('/wrong-type', { summary: 'n is a string', response: Item }, (c) =>
      c.json({ id: 'a', n: '1', note: null }),
    )
    .get('/extra-key', { summary: 'a key the schema does not name', response: Item }, (c) =>
      c.json({ id: 'a', n: 1, note: null, secret: 'x' }),
    )
    .get('/wrong-status', { summary: 'documents 200', response: Item }, (c) =>
      c.json({ id: 'a', n: 1, note: null }, 202),
    )
    .get('/no-schema', { summary: 'JSON without a response schema' }, (c) => c.json({ ok: true }))
    .get('/csv', { summary: 'documented CSV', responseType: 'text/csv' }, (c) =>
      c.body('a,b\n', 200, { 'content-type': 'text/csv' }),
    )
    .get('/html', { summary: 'undocumented HTML' }, (c) => c.html('<p>x</p>'))
    .post(
      '/items/:id',
      {
        summary: 'parses path, query and body',
        params: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/)) }),
        query: v.object({ dry: v.optional(v.picklist(['0', '1'])) }),
        body: v.object({ n: v.number() }),
        bodyLimit: 64,
        response: Item,
        status: 201,
      },
      (c, { params, query, body }) => c.json({ id: params.id, n: body.n, note: query.dry ?? null }, 201),
    );
  // A sub-app with its own error handler: Hono wraps its handlers when it is mounted.
  const own = new Hono<AppEnv>();
  defineRoutes(own, { tags: ['own'], auth: 'staff' }).delete(
    '/:thingId',
    { summary: 'wrapped', response: v.object({ ok: v.literal(true) }) },
    (c) => c.json({ ok: true as const }),
  );
  own.onError(onError);
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.route('/api/things', sub);
  app.route('/api/own', own);
  return app;
}

const on = { CHECK_RESPONSES: 'on' } as unknown as AppEnv['Bindings'];
afterEach(() => vi.restoreAllMocks());

describe('the reply check (CHECK_RESPONSES=on)', () => {
  it('passes a reply that matches its contract', async () => {
    const res = await build().request('/api/things/good', {}, on);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'a', n: 1, note: null });
  });

  for (const [path, field, problem] of [
    ['/api/things/wrong-type', 'n', /number/i],
    ['/api/things/extra-key', 'secret', /does not name/],
    ['/api/things/wrong-status', '', /status 202/],
    ['/api/things/no-schema', '', /no response schema/],
    ['/api/things/html', '', /does not document/],
  ] as const) {
    it(`fails ${path} loudly: 500 response_contract_broken, and a log line naming the route`, async () => {
      const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const res = await build().request(path, {}, on);
      expect(res.status).toBe(500);
      const body = (await res.json()) as {
        error: { code: string; fields: { path: string; message: { en: string } }[] };
      };
      expect(body.error.code).toBe('response_contract_broken');
      expect(body.error.fields[0]!.path).toBe(field);
      expect(body.error.fields[0]!.message.en).toMatch(problem);
      expect(log).toHaveBeenCalledWith(
        'response_contract_broken',
        `GET ${path}`,
        expect.stringMatching(problem),
      );
    });
  }

  it('lets a documented non-JSON reply through', async () => {
    const res = await build().request('/api/things/csv', {}, on);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('a,b\n');
  });

  it('is off unless switched on (production): the reply goes out as the handler made it', async () => {
    for (const env of [{}, { CHECK_RESPONSES: 'off' }] as unknown as AppEnv['Bindings'][]) {
      const res = await build().request('/api/things/extra-key', {}, env);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ secret: 'x' });
    }
  });

  it('checks routes of a sub-app that has its own error handler', async () => {
    const res = await build().request('/api/own/1', { method: 'DELETE' }, on);
    expect(res.status).toBe(200);
  });
});

describe('the input the helper parses', () => {
  const post = (path: string, body: string) =>
    build().request(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } }, on);

  it('hands the handler its parsed path, query and body', async () => {
    const res = await post('/api/things/items/7?dry=1', '{"n":3}');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: '7', n: 3, note: '1' });
  });

  it('refuses with the usual codes and field paths: path first, then query, then body', async () => {
    const bad = async (path: string, body: string) =>
      (await (await post(path, body)).json()) as {
        error: { code: string; fields?: { path: string }[] };
      };
    expect(await bad('/api/things/items/x?dry=2', '{"n":"3"}')).toMatchObject({
      error: { code: 'validation_failed', fields: [{ path: 'id' }] },
    });
    expect(await bad('/api/things/items/7?dry=2', '{"n":"3"}')).toMatchObject({
      error: { code: 'validation_failed', fields: [{ path: 'dry' }] },
    });
    expect(await bad('/api/things/items/7', '{"n":"3"}')).toMatchObject({
      error: { code: 'validation_failed', fields: [{ path: 'n' }] },
    });
    expect(await bad('/api/things/items/7', '{"n":')).toMatchObject({ error: { code: 'malformed_json' } });
    const big = await post('/api/things/items/7', JSON.stringify({ n: 1, pad: 'x'.repeat(100) }));
    expect(big.status).toBe(413);
  });
});

describe('the document, built from the router', () => {
  const doc = openApiDocument(build(), 'http://local') as unknown as {
    openapi: string;
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };

  it('lists each declared route at its full mounted path, once', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/things/items/{id}');
    expect(Object.keys(doc.paths)).toContain('/api/own/{thingId}');
    expect(Object.keys(doc.paths['/api/things/items/{id}']!)).toEqual(['post']);
  });

  it('describes parameters, body and reply from the same schemas', () => {
    const op = doc.paths['/api/things/items/{id}']!.post as {
      parameters: { name: string; in: string; schema: Record<string, unknown> }[];
      requestBody: unknown;
      responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
    };
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:dry']);
    expect(op.parameters[0]!.schema).toMatchObject({ type: 'string', pattern: '^\\d+$' });
    expect(op.requestBody).toMatchObject({
      content: { 'application/json': { schema: { required: ['n'] } } },
    });
    // JSON Schema 2020-12 nullability, not OpenAPI 3.0's `nullable`.
    expect(op.responses['201']!.content!['application/json']!.schema).toMatchObject({
      properties: { note: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
    });
    expect(doc.paths['/api/own/{thingId}']!.delete).toMatchObject({ security: [{ session: [] }] });
  });
});
