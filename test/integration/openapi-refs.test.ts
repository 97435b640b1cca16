/**
 * `/api/openapi.json` can be read by tools (openapi-typescript builds the console's types from it,
 * decision 275): every `$ref` points at something in the document.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

/** Every `$ref` value in a JSON value, with where it sits. */
function refs(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => refs(n, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, n]) =>
    k === '$ref' && typeof n === 'string' ? [{ at, ref: n }] : refs(n, `${at}/${k}`),
  );
}

/** The value a local JSON pointer (`#/components/schemas/Expr`) names, or undefined. */
function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

describe('GET /api/openapi.json', () => {
  it('every $ref resolves within the document (a recursive schema is a named component)', async () => {
    const doc = await (await exports.default.fetch('http://local/api/openapi.json')).json();
    const all = refs(doc);
    expect(all.map((r) => r.ref)).toContain('#/components/schemas/Expr');
    expect(all.filter((r) => resolve(doc, r.ref) === undefined)).toEqual([]);
  });
});
