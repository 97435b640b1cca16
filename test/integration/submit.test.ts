/**
 * The public JSON API through the Worker: open-form reads, the submission endpoint and receipts.
 * Bad input on every public endpoint is a 4xx with the error shape, never a 5xx.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  awayFromMinuteEdge,
  type Json,
  key,
  publishedForm,
  setup,
  tableCounts,
} from '../unit/forms.fixtures';

let ctx: Awaited<ReturnType<typeof setup>>;
let form: Awaited<ReturnType<typeof publishedForm>>;
beforeAll(async () => {
  ctx = await setup();
  form = await publishedForm(ctx, { slug: 'khao-sat-cong-khai' });
});

/** POSTs a raw body to the submission endpoint of `slug`. */
function post(slug: string, body: BodyInit | null, headers: Record<string, string> = {}) {
  return exports.default.fetch(`http://local/api/public/forms/${slug}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key(), ...headers },
    body,
  });
}

const submit = (
  answers: unknown,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) => post(form.slug, JSON.stringify({ answers, ...extra }), headers);

/** Asserts the documented error shape and returns the body. */
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Json;
  expect(body.error).toMatchObject({
    code,
    message: expect.any(String),
    messages: { vi: expect.any(String), en: expect.any(String) },
  });
  return body;
}

describe('GET /api/public/forms', () => {
  it('lists open forms only, with the published title', async () => {
    const closed = await publishedForm(ctx, { settings: { closesAt: 1000 } });
    const full = await publishedForm(ctx, { settings: { cap: 0 } });
    const res = await exports.default.fetch('http://local/api/public/forms');
    const { forms } = (await res.json()) as { forms: { slug: string; title: string }[] };
    const slugs = forms.map((f) => f.slug);
    expect(slugs).toContain(form.slug);
    expect(slugs).not.toContain(closed.slug);
    expect(slugs).not.toContain(full.slug);
    expect(forms.find((f) => f.slug === form.slug)).toEqual({
      slug: form.slug,
      title: 'Khảo sát sự hài lòng của người dân',
      // The home page's one line about the form (issue 12): none given for this one.
      description: null,
      closesAt: null,
    });
  });

  it('GET /api/public/forms/{slug} returns the published definition; Turnstile key only when enabled', async () => {
    const res = await exports.default.fetch(`http://local/api/public/forms/${form.slug}`);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ slug: form.slug, versionId: form.versionId, version: 1, closesAt: null });
    expect(body.definition.pages[0].questions.length).toBe(7);
    expect(body.turnstileSiteKey).toBeUndefined();
    const ts = await publishedForm(ctx, { settings: { turnstile: true } });
    const tsBody = (await (
      await exports.default.fetch(`http://local/api/public/forms/${ts.slug}`)
    ).json()) as Json;
    expect(tsBody.turnstileSiteKey).toBe(env.TURNSTILE_SITE_KEY);
  });

  it('closed, not-yet-open, full and unknown forms', async () => {
    const later = await publishedForm(ctx, { settings: { opensAt: Date.now() + 86_400_000 } });
    const closed = await publishedForm(ctx, { settings: { closesAt: 1000 } });
    const full = await publishedForm(ctx, { settings: { cap: 0 } });
    const get = (slug: string) => exports.default.fetch(`http://local/api/public/forms/${slug}`);
    await expectError(await get(later.slug), 409, 'form_not_open');
    await expectError(await get(closed.slug), 409, 'form_closed');
    await expectError(await get(full.slug), 409, 'form_full');
    await expectError(await get('khong-co-bieu-mau-nay'), 404, 'not_found');
    await expectError(await get('BAD_SLUG!'), 400, 'validation_failed');
    await expectError(
      await post(closed.slug, JSON.stringify({ answers: { hai_long: 3 } })),
      409,
      'form_closed',
    );
    await expectError(await post(full.slug, JSON.stringify({ answers: { hai_long: 3 } })), 409, 'form_full');
  });
});

describe('POST /api/public/forms/{slug}/responses', () => {
  it('201 with a receipt; a retry with the same key is 200 with the same receipt', async () => {
    const k = key();
    const first = await submit({ hai_long: 5 }, { 'idempotency-key': k, 'x-device-key': 'device-abc-123' });
    expect(first.status).toBe(201);
    const body = (await first.json()) as Json;
    expect(body).toEqual({
      receiptCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$/),
      status: 'received',
    });
    const again = await submit({ hai_long: 5 }, { 'idempotency-key': k });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
  });

  it('missing or malformed Idempotency-Key → 400', async () => {
    const missing = await exports.default.fetch(`http://local/api/public/forms/${form.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { hai_long: 3 } }),
    });
    const b = await expectError(missing, 400, 'validation_failed');
    expect(b.error.fields[0].path).toBe('idempotencyKey');
    await expectError(await submit({ hai_long: 3 }, { 'idempotency-key': 'a b' }), 400, 'validation_failed');
    await expectError(
      await submit({ hai_long: 3 }, { 'x-device-key': 'bad key!' }),
      400,
      'validation_failed',
    );
  });

  it('bad bodies are 4xx with field paths and store nothing', async () => {
    const before = await tableCounts(form.id);
    await expectError(await post(form.slug, '{"answers": '), 400, 'malformed_json');
    await expectError(await post(form.slug, ''), 400, 'malformed_json');
    await expectError(await post(form.slug, 'null'), 400, 'validation_failed');
    await expectError(await post(form.slug, '[]'), 400, 'validation_failed');
    const wrongType = await expectError(
      await post(form.slug, JSON.stringify({ answers: 'xin chào' })),
      400,
      'validation_failed',
    );
    expect(wrongType.error.fields[0].path).toBe('answers');
    const consent = await expectError(
      await submit({ hai_long: 3 }, {}, { consentAccepted: 'yes' }),
      400,
      'validation_failed',
    );
    expect(consent.error.fields[0].path).toBe('consentAccepted');
    const unknown = await expectError(
      await submit({ hai_long: 3, cau_hoi_la: 'x' }),
      400,
      'validation_failed',
    );
    expect(unknown.error.fields.map((f: { path: string }) => f.path)).toEqual(['answers.cau_hoi_la']);
    // Keys a plain object treats specially are ids like any other: refused, never dropped (issue 14).
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const raw = `{"answers":{"hai_long":3,${JSON.stringify(key)}:"x"}}`;
      const reserved = await expectError(await post(form.slug, raw), 400, 'validation_failed');
      expect(reserved.error.fields).toEqual([
        expect.objectContaining({ path: `answers.${key}`, code: 'unknown_question' }),
      ]);
    }
    const types = await expectError(
      await submit({ hai_long: 'năm', chu_de: ['khong_co'], danh_gia: ['cao'] }),
      400,
      'validation_failed',
    );
    expect(types.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(
      ['answers.chu_de', 'answers.danh_gia', 'answers.hai_long'].sort(),
    );
    const deep = JSON.stringify({ answers: { hai_long: 3, danh_gia: { dao_duc: [[[[['cao']]]]] } } });
    await expectError(await post(form.slug, deep), 400, 'validation_failed');
    const veryDeep = `{"answers":{"y_kien":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    await expectError(await post(form.slug, veryDeep), 400, 'validation_failed');
    await expectError(
      await submit({ hai_long: 3, y_kien: 'có ký tự \u0007 điều khiển' }),
      400,
      'validation_failed',
    );
    expect(await tableCounts(form.id)).toEqual(before);
  });

  it('a 100 KB body is 413, with or without Content-Length', async () => {
    const big = JSON.stringify({ answers: { hai_long: 3, y_kien: 'a'.repeat(100 * 1024) } });
    await expectError(await post(form.slug, big), 413, 'body_too_large');
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    await expectError(await post(form.slug, stream), 413, 'body_too_large');
  });

  it('NFD text is stored as NFC', async () => {
    const res = await submit({ hai_long: 2, y_kien: 'Đề nghị sửa đường ở phường Đa Kao'.normalize('NFD') });
    expect(res.status).toBe(201);
    const { receiptCode } = (await res.json()) as Json;
    const row = await env.DB.prepare('SELECT data FROM responses WHERE receipt_code = ?')
      .bind(receiptCode)
      .first<{ data: string }>();
    expect(JSON.parse(row!.data).y_kien).toBe('Đề nghị sửa đường ở phường Đa Kao'.normalize('NFC'));
  });

  it('the honeypot field gets a 201 and stores nothing', async () => {
    const before = await tableCounts(form.id);
    const res = await submit({ hai_long: 2 }, {}, { website: 'http://spam.example' });
    expect(res.status).toBe(201);
    expect(await tableCounts(form.id)).toEqual(before);
  });
});

describe('GET /api/public/receipts/{code}', () => {
  it('returns only status, time and title', async () => {
    const { receiptCode } = (await (await submit({ hai_long: 4 })).json()) as Json;
    const res = await exports.default.fetch(`http://local/api/public/receipts/${receiptCode.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Json;
    expect(Object.keys(body).sort()).toEqual(['formTitle', 'receiptCode', 'status', 'submittedAt']);
    expect(body).toMatchObject({
      receiptCode,
      status: 'received',
      formTitle: 'Khảo sát sự hài lòng của người dân',
    });
  });

  it('invalid check character → 400 invalid_receipt; unknown → 404; junk → 400', async () => {
    const { receiptCode } = (await (await submit({ hai_long: 4 })).json()) as Json;
    const last = receiptCode.slice(-1);
    const wrong = `${receiptCode.slice(0, -1)}${last === '0' ? '1' : '0'}`;
    await expectError(
      await exports.default.fetch(`http://local/api/public/receipts/${wrong}`),
      400,
      'invalid_receipt',
    );
    await expectError(
      await exports.default.fetch(`http://local/api/public/receipts/${'%F0%9F%98%80'.repeat(30)}`),
      400,
      'invalid_receipt',
    );
    // A valid code nobody was given: body 0000-0000-0000 has check character 0.
    await expectError(
      await exports.default.fetch('http://local/api/public/receipts/0000-0000-0000-0'),
      404,
      'not_found',
    );
  });

  it('lookups of one code are rate limited per address', async () => {
    await awayFromMinuteEdge();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await exports.default.fetch('http://local/api/public/receipts/0000-0000-0000-0', {
        headers: { 'cf-connecting-ip': '203.0.113.9' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('GET /f/{slug}/qr.svg', () => {
  it('is an SVG for a published form and 404 otherwise', async () => {
    const res = await exports.default.fetch(`http://local/f/${form.slug}/qr.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect((await exports.default.fetch('http://local/f/khong-co/qr.svg')).status).toBe(404);
  });
});
