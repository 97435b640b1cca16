/**
 * Fuzzing the public surface (issue 3, item 7) with fast-check, inside workerd through the Worker's
 * fetch: generated paths, query strings, headers and bodies — hostile strings included (very long
 * text, control characters, invalid UTF-8 bytes, NFD Vietnamese, HTML/script, SQL fragments, deeply
 * nested JSON, out-of-range numbers, huge arrays, prototype-pollution keys) — against every public
 * operation of the OpenAPI document, the JSON submission, the evidence upload, the receipt lookups
 * and the no-JavaScript form post. Properties: never a 5xx; JSON errors always have the documented
 * shape, with field paths on validation failures; a refused request stores nothing. Runs are
 * bounded (a few hundred requests in all) so the file stays fast. The OpenAPI document is built
 * from the router (worker/lib/openapi.ts) and holds every mounted route but a commented few
 * (test/integration/openapi.test.ts), so the fuzzer enumerates the router, not a side list.
 */
import { env, exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectWellFormed,
  fuzz,
  headerValue,
  hostileString,
  NFD,
  pathSegment,
  QUESTION_IDS,
  rawBytes,
  runs,
  submitBodyText,
} from './fuzz-inputs';
import { everyTypeDefinition, publishTestForm } from './public-helpers';

const ORIGIN = 'http://local';
let form: Awaited<ReturnType<typeof publishTestForm>>;

beforeAll(async () => {
  form = await publishTestForm(everyTypeDefinition(), { slug: 'fuzz-form' });
});

const fetchApp = (path: string, init?: RequestInit) => exports.default.fetch(`${ORIGIN}${path}`, init);

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/** Row counts of every table a submission writes, over the whole database. */
async function storedCounts() {
  const one = async (t: string) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM ${t}`).first<{ n: number }>())!.n;
  const sum = async (t: string) =>
    (await env.DB.prepare(`SELECT COALESCE(SUM(n), 0) AS n FROM ${t}`).first<{ n: number }>())!.n;
  return {
    responses: await one('responses'),
    answers: await one('answers'),
    responseCounts: await sum('response_counts'),
    answerCounts: await sum('answer_counts'),
    used: (await env.DB.prepare('SELECT COALESCE(SUM(used), 0) AS n FROM form_quota').first<{ n: number }>())!
      .n,
    files: (await env.FILES.list()).objects.length,
  };
}

const polluted = () => ({}) as Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('every public operation of the OpenAPI document', () => {
  fuzz(
    'answers fuzzed path parameters, queries, headers and bodies without a 5xx, errors well-formed',
    async () => {
      const doc = (await (await fetchApp('/api/openapi.json')).json()) as {
        paths: Record<string, Record<string, { security?: unknown; requestBody?: unknown }>>;
      };
      const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => !op.security)
          .map(([method, op]) => ({ path, method: method.toUpperCase(), hasBody: !!op.requestBody })),
      );
      // The public surface the issue names is all there (new public operations are fuzzed too).
      for (const p of [
        '/api/public/forms/{slug}/responses',
        '/api/public/receipts/{code}',
        '/f/{slug}',
        '/r/{code}',
      ]) {
        expect(ops.map((o) => o.path)).toContain(p);
      }
      const before = await storedCounts();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ops),
          fc.array(pathSegment, { minLength: 3, maxLength: 3 }),
          fc.array(fc.tuple(hostileString, hostileString), { maxLength: 3 }),
          fc.oneof(submitBodyText, rawBytes),
          fc.record(
            {
              'content-type': fc.constantFrom(
                'application/json',
                'application/x-www-form-urlencoded',
                'multipart/form-data; boundary=x',
                'text/plain',
                'application/json; charset=latin1',
              ),
              'idempotency-key': headerValue,
              'x-device-key': headerValue,
              'accept-language': headerValue,
              cookie: headerValue.map((v) => `lang=${v}`),
            },
            { requiredKeys: [] },
          ),
          async (op, segs, query, body, headers) => {
            let i = 0;
            const path = op.path.replace(/\{\w+\}/g, () => segs[i++ % segs.length]!);
            const qs = new URLSearchParams(
              query.map(([k, v]) => [k.slice(0, 200), v.slice(0, 2000)]),
            ).toString();
            const url = `${path}${qs ? `?${qs}` : ''}`;
            const res = await fetchApp(url, {
              method: op.method,
              headers,
              body: op.method === 'GET' ? undefined : body,
            });
            await expectWellFormed(res, `${op.method} ${url.slice(0, 200)}`);
          },
        ),
        runs(400),
      );
      // Any 201 above came from a generated body that happened to be valid: none of these bodies
      // can satisfy the fuzz form's required questions, so nothing may be stored.
      expect(await storedCounts()).toEqual(before);
      expect(polluted().polluted).toBeUndefined();
    },
  );
});

describe('POST /api/public/forms/{slug}/responses', () => {
  fuzz('never a 5xx; 400s carry field paths; a refused submission stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: submitBodyText }, { weight: 1, arbitrary: rawBytes }),
        fc.oneof(
          fc.uuid().map((u) => `k-${u}`),
          headerValue,
        ),
        fc.oneof(
          fc.uuid().map((u) => `d-${u}`),
          headerValue,
        ),
        async (body, idem, device) => {
          const before = await storedCounts();
          const res = await fetchApp(`/api/public/forms/${form.slug}/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': idem, 'x-device-key': device },
            body,
          });
          const status = await expectWellFormed(res, `submit ${String(body).slice(0, 120)}`);
          if (status !== 201 && status !== 200) expect(await storedCounts()).toEqual(before);
        },
      ),
      runs(120),
    );
    expect(polluted().polluted).toBeUndefined();
  });

  it('a valid submission with hostile text is stored as sent (NFC), the rest refused with paths', async () => {
    const before = await storedCounts();
    const res = await fetchApp(`/api/public/forms/${form.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `k-${crypto.randomUUID()}` },
      body: JSON.stringify({
        answers: {
          name: '<script>alert(1)</script>',
          story: `'; DROP TABLE responses; -- ${NFD}`,
          topic: 'ethics',
          agree: true,
        },
      }),
    });
    expect(res.status).toBe(201);
    const row = await env.DB.prepare('SELECT data FROM responses ORDER BY submitted_at DESC LIMIT 1').first<{
      data: string;
    }>();
    expect(JSON.parse(row!.data)).toMatchObject({
      name: '<script>alert(1)</script>',
      story: `'; DROP TABLE responses; -- ${NFD.normalize('NFC')}`,
    });
    expect((await storedCounts()).responses).toBe(before.responses + 1);
    // Out-of-range numbers and wrong types name their question.
    for (const [qid, value] of [
      ['age', 1e308],
      ['age', -0.5],
      ['stars', 99],
      ['when', '2026-02-30'],
      ['channels', Array.from({ length: 5000 }, (_, i) => `kenh_${i}`)],
    ] as const) {
      const bad = await fetchApp(`/api/public/forms/${form.slug}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `k-${crypto.randomUUID()}` },
        body: JSON.stringify({ answers: { name: 'An', topic: 'ethics', agree: true, [qid]: value } }),
      });
      expect(bad.status, `${qid}=${String(value).slice(0, 20)}`).toBe(400);
      const body = (await bad.json()) as { error: { fields: { path: string }[] } };
      expect(body.error.fields.map((f) => f.path)).toContain(`answers.${qid}`);
    }
    expect((await storedCounts()).responses).toBe(before.responses + 1);
  });
});

describe('POST /f/{slug} (the no-JavaScript form post)', () => {
  fuzz('never a 5xx, always an HTML page; a refused post stores nothing', async () => {
    const field = fc.oneof(
      fc.constantFrom(...QUESTION_IDS).map((q) => `q.${q}`),
      fc.constantFrom('id.name', 'id.phone', 'consent', '_idem', 'website', 'cf-turnstile-response'),
      hostileString,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .array(fc.tuple(field, hostileString), { maxLength: 10 })
            .map((pairs) => new URLSearchParams(pairs.map(([k, v]) => [k, v.slice(0, 3000)])).toString()),
          rawBytes,
          submitBodyText,
        ),
        fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', ''),
        async (body, type) => {
          const before = await storedCounts();
          const res = await fetchApp(`/f/${form.slug}`, {
            method: 'POST',
            headers: type ? { 'content-type': type } : {},
            body,
          });
          const status = await expectWellFormed(res, `POST /f ${String(body).slice(0, 120)}`);
          expect(res.headers.get('content-type') ?? '').toContain('text/html');
          if (status !== 200) expect(await storedCounts()).toEqual(before);
        },
      ),
      runs(80),
    );
  });

  it('a posted script payload comes back escaped in the re-rendered form', async () => {
    const res = await fetchApp(`/f/${form.slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        'q.name': '</textarea><script>alert(1)</script>',
        'q.age': '1e308',
      }).toString(),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    // Preact escapes `<` and `&` in attribute values; the JSON island escapes `<` as \u003c.
    expect(html).toContain('value="&lt;/textarea>&lt;script>alert(1)&lt;/script>"');
    expect(html).toContain('\\u003cscript\\u003ealert(1)');
  });
});

describe('POST /api/public/forms/{slug}/uploads', () => {
  fuzz('fuzzed multipart and raw bodies: never a 5xx, nothing stored when refused', async () => {
    const fileBytes = fc.oneof(
      rawBytes,
      fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0xff, 0xd8, 0xff, ...b])),
      fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, ...b])),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('photo', 'name', 'agree'), hostileString),
        fc.oneof(
          fc
            .tuple(fileBytes, hostileString, fc.constantFrom('file', 'tep', '__proto__'))
            .map(([b, name, f]) => {
              const fd = new FormData();
              fd.append(f, new File([b], name.slice(0, 200) || 'x', { type: 'application/octet-stream' }));
              return fd as BodyInit;
            }),
          rawBytes.map((b) => b as BodyInit),
          submitBodyText.map((t) => t as BodyInit),
        ),
        async (q, body) => {
          const before = await storedCounts();
          const res = await fetchApp(
            `/api/public/forms/${form.slug}/uploads?q=${encodeURIComponent(q.replace(/[\ud800-\udfff]/g, ''))}`,
            { method: 'POST', body, headers: { 'x-device-key': `d-${crypto.randomUUID()}` } },
          );
          const status = await expectWellFormed(res, `upload q=${q.slice(0, 40)}`);
          if (status !== 201) expect(await storedCounts()).toEqual(before);
        },
      ),
      runs(80),
    );
  });
});

describe('receipt lookups', () => {
  fuzz('GET /api/public/receipts/{code} and /r/{code}: never a 5xx, JSON errors well-formed', async () => {
    await fc.assert(
      fc.asyncProperty(
        pathSegment,
        fc.constantFrom('/api/public/receipts/', '/r/', '/r?code='),
        fc.integer({ min: 1, max: 254 }),
        async (code, prefix, ip) => {
          const res = await fetchApp(`${prefix}${code}`, {
            headers: { 'cf-connecting-ip': `198.51.100.${ip}` },
            redirect: 'manual',
          });
          await expectWellFormed(res, `${prefix}${code.slice(0, 80)}`);
        },
      ),
      runs(100),
    );
  });
});
