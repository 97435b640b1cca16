/**
 * The OpenAPI document is built from the router (worker/lib/openapi.ts): every route the app
 * mounts is in it — but for the few, listed below, that are not part of the API contract — and it
 * is a correct OpenAPI 3.1 document (JSON Schema 2020-12: no OpenAPI 3.0 `nullable`).
 * The authorisation matrix (authz.test.ts) and the fuzzers (fuzz.test.ts) enumerate this document,
 * so a route that escaped it would escape them too.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../worker/app';
import { openApiPath } from '../../worker/lib/openapi';
import { call } from '../helpers/fixtures';

/** Mounted routes that are not part of the contract, each with its reason. */
const NOT_IN_THE_CONTRACT: Record<string, string> = {
  // Development only (404 elsewhere), deliberately undocumented so a deployment does not reveal it.
  'POST /api/dev/seed': 'the demo seed (docs/operations.md)',
  // Development only: the load benchmark's baselines (decision 130, 135).
  'POST /api/bench/baseline': 'benchmark baseline',
  'POST /api/bench/limits': 'benchmark limiter ceiling',
  // Development only: the benchmark's naive GROUP BY, to compare with the rollups.
  'GET /api/dashboards/naive/forms/{id}': 'benchmark comparison',
  'GET /api/dashboards/naive/cases': 'benchmark comparison',
  // The console SPA's shell: static HTML for any client-side route, no data.
  'GET /console': 'redirect to /console/',
  'GET /console/*': 'the console shell (static assets)',
  // A static script of the ballot page (progressive enhancement), not an operation.
  'GET /b/ballot.js': 'static script',
};

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
};

const documentOf = async () => (await (await call('/api/openapi.json')).json()) as Doc;

/** Every `key` anywhere in a JSON value, with where it is. */
function keysNamed(x: unknown, key: string, at = '$'): string[] {
  if (Array.isArray(x)) return x.flatMap((y, i) => keysNamed(y, key, `${at}[${i}]`));
  if (!x || typeof x !== 'object') return [];
  return Object.entries(x).flatMap(([k, y]) => [
    ...(k === key ? [`${at}.${k}`] : []),
    ...keysNamed(y, key, `${at}.${k}`),
  ]);
}

describe('the OpenAPI document', () => {
  it('lists every route the app mounts (but the few outside the contract)', async () => {
    const doc = await documentOf();
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const mounted = new Set(
      buildApp()
        .routes.filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${openApiPath(r.path)}`),
    );
    expect([...mounted].filter((r) => !documented.has(r) && !(r in NOT_IN_THE_CONTRACT))).toEqual([]);
    // The list stays true: each entry is still mounted, and still outside the document.
    for (const r of Object.keys(NOT_IN_THE_CONTRACT)) {
      expect(mounted.has(r), r).toBe(true);
      expect(documented.has(r), r).toBe(false);
    }
    expect([...documented].filter((r) => !mounted.has(r))).toEqual([]);
  });

  it('is OpenAPI 3.1: no `nullable` (JSON Schema 2020-12 says null with a type)', async () => {
    // (Every $ref resolves: openapi-refs.test.ts.)
    const doc = await documentOf();
    expect(doc.openapi).toBe('3.1.0');
    expect(keysNamed(doc, 'nullable')).toEqual([]);
    // A nullable field is there, the 2020-12 way: a unit's English name.
    expect(JSON.stringify(doc)).toContain('{"anyOf":[{"type":"string"},{"type":"null"}]}');
  });

  it('says what every operation answers: a JSON schema or another content type', async () => {
    const doc = await documentOf();
    // A success that is neither: only the redirect of the lookup form (303 to /r/{code}).
    const silent = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) =>
          Object.entries(op.responses).some(([status, r]) => status !== 'default' && !r.content),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(silent).toEqual(['GET /r']);
    // (A JSON reply whose contract has no schema fails at run time: test/unit/route.test.ts.)
  });
});
