/**
 * The fuzzers' shared inputs and checks: hostile strings (very long text, control characters,
 * invalid UTF-8, NFD Vietnamese, HTML/script, SQL fragments, prototype keys), hostile JSON and
 * numbers, raw bytes, header values, path segments; the well-formed-answer check; bounded runs.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { everyTypeDefinition } from './public-helpers';

// ---------------------------------------------------------------------------------------------
// Hostile inputs
// ---------------------------------------------------------------------------------------------

export const NFD = 'Nguyễn Thị Ánh Tuyết phản ánh ở phường Đa Kao'.normalize('NFD');
const HOSTILE_STRINGS = [
  '',
  ' ',
  NFD,
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  "'; DROP TABLE responses; --",
  "' OR '1'='1",
  '1; SELECT * FROM users',
  '%00',
  '\u0000',
  '\u0007\u0008\u001b[31m',
  '\r\n\r\nX-Injected: 1',
  '\u202e\u200b\ufeff',
  '\ud800',
  '\udfff\ud800',
  '__proto__',
  'constructor',
  'prototype',
  '../../../etc/passwd',
  '%2e%2e%2f%2e%2e%2f',
  '%zz%',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '-1e308',
  '1e999',
  '9'.repeat(400),
  '0000-0000-0000-0',
  'ABCD-EFGH-JKMN-P',
  'x'.repeat(5000),
  'Đ'.repeat(20_000),
  `{{7*7}}\${7*7}`,
];

/** A hostile or random string: the list above, random unicode (lone surrogates too), control bytes. */
export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\u001f', '\u007f', '\u2028', 'a'),
      maxLength: 20,
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
);

export const hostileNumber = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -0,
  0.1 + 0.2,
  -1,
  2 ** 53,
  1e-320,
);

/** Any JSON value, hostile leaves, bounded depth; plus very deep and very wide shapes. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        hostileString,
        hostileNumber,
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')), tie('value'), {
          maxKeys: 4,
        }),
      ),
    })).value,
  },
  { weight: 1, arbitrary: fc.integer({ min: 5, max: 3000 }).map((d) => nest(d)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
  },
);

function nest(depth: number): unknown {
  let v: unknown = 'đáy';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

export const QUESTION_IDS = everyTypeDefinition().pages.flatMap((p) => p.questions.map((q) => q.id));

/** Answers: real question ids and hostile keys, hostile values. */
const answersArb = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...QUESTION_IDS),
    fc.constantFrom('__proto__', 'constructor', 'toString'),
    hostileString,
  ),
  hostileJson,
  { maxKeys: 8 },
);

/** A JSON body text: a plausible object with hostile parts, or raw text that is not JSON at all. */
export const submitBodyText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record(
        {
          answers: fc.oneof({ weight: 4, arbitrary: answersArb }, { weight: 1, arbitrary: hostileJson }),
          identity: fc.oneof(fc.dictionary(hostileString, hostileJson, { maxKeys: 4 }), hostileJson),
          consentAccepted: fc.oneof(fc.boolean(), hostileJson),
          turnstileToken: hostileString,
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"answers":{"age":NaN}}',
      '{"answers":{"age":1e999}}',
      '{"answers":{"age":-0,"stars":1e308}}',
      '{"answers":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}',
      '{"__proto__":{"polluted":1},"answers":{}}',
      '{"answers":',
      '',
      'null',
      '[]',
      '"answers"',
      `{"answers":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      `{"answers":{"name":"${'\\ud800'.repeat(100)}"}}`,
      '\ufeff{"answers":{}}',
    ),
  },
  { weight: 1, arbitrary: hostileString },
);

/** Raw bytes: often invalid UTF-8 (lone continuation bytes, overlongs, truncated sequences). */
export const rawBytes = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.constantFrom(
    new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    new Uint8Array([0xff, 0xfe, 0xfd]),
    new Uint8Array([0xe2, 0x82]),
    new Uint8Array([0xf0, 0x9f, 0x98]),
    new Uint8Array([0xc0, 0xaf, 0xed, 0xa0, 0x80]),
  ),
);

/** Header values a client can transmit (ASCII without CR/LF/NUL; workerd warns on the rest). */
export const headerValue = hostileString.map((s) =>
  [...s]
    .filter((ch) => ch.charCodeAt(0) < 0x7f && !/[\r\n\0]/.test(ch))
    .join('')
    .slice(0, 300),
);

/** A path segment as a client could send it: encoded, raw-ish, or with broken percent-escapes. */
export const pathSegment = fc.oneof(
  hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')).slice(0, 600)),
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AF',
    '..',
    '.',
    '%2F',
    'a%00b',
    // The real form's slug, so generated requests also reach past the form lookup.
    'fuzz-form',
  ),
);

/**
 * Never a 5xx; a JSON error has `{error:{code,message,messages:{vi,en}}}`; a validation failure
 * lists fields, each with a non-empty path, a code and a Vietnamese message free of the validation
 * library's English. Returns the status for further checks.
 */
export async function expectWellFormed(res: Response, what: string): Promise<number> {
  const text = await res.text();
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  const type = res.headers.get('content-type') ?? '';
  if (res.status >= 400 && type.includes('application/json')) {
    const body = JSON.parse(text);
    expect(body.error, `${what}: error shape`).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
      messages: { vi: expect.any(String), en: expect.any(String) },
    });
    if (body.error.code === 'validation_failed') {
      expect(Array.isArray(body.error.fields) && body.error.fields.length > 0, `${what}: fields`).toBe(true);
      for (const f of body.error.fields) {
        expect(f, `${what}: field`).toMatchObject({
          path: expect.stringMatching(/\S/),
          code: expect.any(String),
          message: { vi: expect.any(String), en: expect.any(String) },
        });
        // Decision 211: Vietnamese messages are written for people, never valibot's English.
        expect(f.message.vi, `${what}: ${f.path} message.vi`).not.toMatch(/Invalid |Expected | received /);
      }
    }
  }
  return res.status;
}

/** A property test: hundreds of requests, so more time than a unit test (no timing assertion). */
export const fuzz = (name: string, fn: () => Promise<void>) => it(name, fn, 90_000);

/** Keeps fuzz runs reproducible in CI and bounded in time. */
export const runs = (numRuns: number) => ({ numRuns, seed: 20261120, endOnFailure: true });
