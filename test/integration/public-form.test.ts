/**
 * The public form page through the Worker's fetch: server render, the no-JavaScript post, the
 * receipt, errors beside fields, escaping, headers, languages and the friendly closed page.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { allQuestions } from '../../worker/forms/engine/definition';
import type { FormPageData } from '../../worker/forms/view/PublicForm';
import { uiTexts } from '../../worker/forms/view/strings';
import { parseReceiptCode } from '../../worker/lib/ids';
import { call, createUnit } from '../helpers/fixtures';
import { personIn } from './cases-fixtures';
import { everyTypeDefinition, idemOf, postForm, publishTestForm, responseCount } from './public-helpers';

/** The receipt code shown on a receipt page (the screen-reader copy, spaces removed). */
function receiptOf(html: string): string {
  const m = html.match(/<span class="sr">([^<]+)<\/span>/);
  return m ? m[1]!.replace(/ /g, '') : '';
}

const valid: [string, string][] = [
  ['q.name', 'Nguyễn Văn A'],
  ['q.topic', 'ethics'],
  ['q.agree', 'true'],
  ['q.channels', 'zalo'],
  ['q.channels', 'web'],
  ['q.assess.honest', 'good'],
  ['q.assess.close', 'fair'],
  ['q.stars', '4'],
];

let form: Awaited<ReturnType<typeof publishTestForm>>;
let ward: Awaited<ReturnType<typeof createUnit>>;
let massOrg: Awaited<ReturnType<typeof createUnit>>;

beforeAll(async () => {
  ward = await createUnit('Phường Bến Thành', { kind: 'ward' });
  massOrg = await createUnit('Hội Nông dân', { kind: 'mass_org', parent: ward });
  form = await publishTestForm(everyTypeDefinition());
});

describe('GET /f/{slug}', () => {
  it('renders every question type with a label tied to its control, in Vietnamese', async () => {
    const res = await call(`/f/${form.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="vi">/);
    for (const q of allQuestions(everyTypeDefinition())) expect(html).toContain(q.label.vi);
    // Single controls: <label for=id> and a control with that id and the q.<id> name.
    for (const id of ['name', 'story', 'age', 'when', 'level', 'mail', 'tel', 'ward', 'cadre', 'agree']) {
      expect(html).toContain(`for="q-${id}"`);
      expect(html).toMatch(new RegExp(`id="q-${id}"[^>]*|name="q\\.${id}"[^>]*id="q-${id}"`));
    }
    // Groups: fieldset + legend; likert radios named per row.
    expect(html.match(/<fieldset/g)?.length).toBeGreaterThanOrEqual(5);
    expect(html).toContain('name="q.assess.honest"');
    expect(html).toContain('name="q.channels"');
    // Required said in words.
    expect(html).toContain('(bắt buộc)');
    // Without JavaScript every page shows, conditional questions included.
    expect(html).toContain('Trang hai');
    expect(html).toContain('Tổ chức của bạn');
    // The unit picker lists wards only.
    expect(html).toContain('Phường Bến Thành');
    expect(html).not.toContain('Hội Nông dân');
    // Hydration data, the island, the honeypot, the QR link.
    expect(html).toContain('<script type="application/json" id="form-data">');
    expect(html).toContain('src="/assets/form.js"');
    // The stylesheet is inline (issue 12, finding 19: no second round trip before the first paint).
    expect(html).toMatch(/<style>\*,\*::before/);
    expect(html).not.toContain('href="/form.css"');
    expect(html).toMatch(/<input type="text" id="website" name="website" autocomplete="off" tabindex="-1"/);
    expect(html).toContain(`/f/${form.slug}/qr.svg`);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('sends a CSP without unsafe-inline scripts', async () => {
    const res = await call(`/f/${form.slug}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    // And no inline script in the page: every <script> has a src or is JSON data.
    const html = await res.text();
    for (const tag of html.match(/<script[^>]*>/g) ?? []) {
      expect(tag.includes('src=') || tag.includes('application/json')).toBe(true);
    }
  });

  it('gives each render a fresh _idem key', async () => {
    const a = idemOf(await (await call(`/f/${form.slug}`)).text());
    const b = idemOf(await (await call(`/f/${form.slug}`)).text());
    expect(a).not.toBe(b);
  });

  it('renders English labels with ?lang=en', async () => {
    const full = await (await call(`/f/${form.slug}?lang=en`)).text();
    // The markup (the JSON block for the island carries both languages).
    const html = full.slice(0, full.indexOf('<script type="application/json"'));
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('Assessment of the cadre');
    expect(html).toContain('(required)');
    expect(html).not.toContain('Đánh giá cán bộ');
    expect(html).toContain(`action="/f/${form.slug}?lang=en"`);
  });

  it("gives the island its data in the page's language only, the UI texts included", async () => {
    const dataOf = (html: string) => {
      const from = html.indexOf('>', html.indexOf('id="form-data"')) + 1;
      return JSON.parse(html.slice(from, html.indexOf('</script>', from))) as FormPageData;
    };
    const vi = dataOf(await (await call(`/f/${form.slug}`)).text());
    const en = dataOf(await (await call(`/f/${form.slug}?lang=en`)).text());
    // Every text the island's ui() can ask for (web/public/texts.ts stands in for strings.ts).
    expect(vi.ui).toEqual(uiTexts('vi'));
    expect(en.ui).toEqual(uiTexts('en'));
    expect(vi.ui?.submit).toBe('Gửi');
    expect(en.ui?.pageOf).toBe('Page {n} of {total}');
    expect(vi.definition.title).toEqual({ vi: everyTypeDefinition().title.vi });
    expect(en.definition.title).toEqual({ vi: everyTypeDefinition().title.en });
  });

  it('links the English version from the Vietnamese page', async () => {
    const html = await (await call(`/f/${form.slug}`)).text();
    expect(html).toContain(`href="/f/${form.slug}?lang=en"`);
  });
});

describe('POST /f/{slug} without JavaScript', () => {
  it('stores a valid post once and shows the receipt', async () => {
    const before = await responseCount(form.formId);
    const page = await (await call(`/f/${form.slug}`)).text();
    const res = await postForm(`/f/${form.slug}`, [['_idem', idemOf(page)], ['website', ''], ...valid]);
    const html = await res.text();
    expect(res.status).toBe(200);
    const code = receiptOf(html);
    expect(parseReceiptCode(code)).toBe(code);
    expect(html).toContain(`href="/r/${code}"`);
    expect(await responseCount(form.formId)).toBe(before + 1);
    const row = await env.DB.prepare('SELECT data FROM responses WHERE receipt_code = ?')
      .bind(code)
      .first<{ data: string }>();
    expect(JSON.parse(row!.data)).toMatchObject({
      name: 'Nguyễn Văn A',
      topic: 'ethics',
      channels: ['zalo', 'web'],
    });

    // The receipt's status page.
    const status = await call(`/r/${code}`);
    expect(status.status).toBe(200);
    const st = await status.text();
    expect(st).toContain('Đã tiếp nhận');
    expect(st).toContain('Khảo sát đủ loại câu hỏi');
  });

  it('picked units and people must exist, a unit of an allowed kind: 400 with the field path, nothing stored', async () => {
    const person = await personIn(ward);
    const answers = {
      name: 'Nguyễn Văn A',
      topic: 'ethics',
      agree: true,
      channels: ['web'],
      assess: { honest: 'good', close: 'fair' },
      stars: 4,
    };
    const send = (picked: Record<string, string>) =>
      call(`/api/public/forms/${form.slug}/responses`, {
        method: 'POST',
        headers: { 'idempotency-key': crypto.randomUUID() },
        json: { answers: { ...answers, ...picked } },
      });
    const refused = async (picked: Record<string, string>, path: string, code: string) => {
      const before = await responseCount(form.formId);
      const res = await send(picked);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as {
        error: { code: string; fields: { path: string; code: string }[] };
      };
      expect(error.code).toBe('validation_failed');
      expect(error.fields).toEqual([expect.objectContaining({ path, code })]);
      expect(await responseCount(form.formId)).toBe(before);
    };
    await refused({ ward: '01J0000000000000000000000W' }, 'answers.ward', 'unknown_unit');
    await refused({ ward: massOrg.id }, 'answers.ward', 'unknown_unit'); // exists, not a ward
    await refused({ cadre: '01J0000000000000000000000P' }, 'answers.cadre', 'unknown_person');
    await refused({ ward: ward.id, cadre: ward.id }, 'answers.cadre', 'unknown_person'); // a unit is not a person
    expect((await send({ ward: ward.id, cadre: person.id })).status).toBe(201);
  });

  it('a double post of the same render stores one row and shows the same receipt', async () => {
    const idem = idemOf(await (await call(`/f/${form.slug}`)).text());
    const before = await responseCount(form.formId);
    const fields: [string, string][] = [['_idem', idem], ['website', ''], ...valid];
    const [a, b] = await Promise.all([
      postForm(`/f/${form.slug}`, fields),
      postForm(`/f/${form.slug}`, fields),
    ]);
    const c = await postForm(`/f/${form.slug}`, fields);
    const codes = [receiptOf(await a.text()), receiptOf(await b.text()), receiptOf(await c.text())];
    expect(codes[0]).not.toBe('');
    expect(new Set(codes).size).toBe(1);
    expect(await responseCount(form.formId)).toBe(before + 1);
  });

  it('an invalid post answers 422 with errors beside the right fields and answers kept', async () => {
    const before = await responseCount(form.formId);
    const idem = idemOf(await (await call(`/f/${form.slug}`)).text());
    const res = await postForm(`/f/${form.slug}`, [
      ['_idem', idem],
      ['q.story', 'Câu trả lời giữ lại'],
      ['q.age', '7'],
      ['q.mail', 'not-an-email'],
      ['q.channels', 'web'],
      ['q.assess.honest', 'poor'],
    ]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(await responseCount(form.formId)).toBe(before);
    // Errors beside their fields, tied by aria-describedby, listed in the summary.
    for (const id of ['name', 'topic', 'age', 'mail', 'agree']) {
      expect(html).toContain(`id="q-${id}-err"`);
    }
    expect(html).toMatch(
      /id="q-age"[^>]*aria-describedby="q-age-err"[^>]*aria-invalid="true"|aria-describedby="q-age-err" aria-invalid="true"/,
    );
    expect(html).toContain('class="err-summary"');
    expect(html).toContain('href="#q-name"');
    expect(html).not.toContain('id="q-story-err"');
    // Answers kept.
    expect(html).toContain('Câu trả lời giữ lại</textarea>');
    expect(html).toMatch(/name="q\.age"[^>]*value="7"|value="7"[^>]*name="q\.age"/);
    expect(html).toMatch(/value="web" checked/);
    expect(html).toMatch(/name="q\.assess\.honest"[^>]*value="poor" checked/);
    // The same key, so fixing and posting twice still stores once.
    expect(idemOf(html)).toBe(idem);
  });

  it('a filled honeypot stores nothing', async () => {
    const before = await responseCount(form.formId);
    const res = await postForm(`/f/${form.slug}`, [
      ['_idem', 'honeypot-key-1'],
      ['website', 'http://spam'],
      ...valid,
    ]);
    expect(res.status).toBe(200);
    expect(await responseCount(form.formId)).toBe(before);
  });

  it('refuses a body over the limit with a page, not a crash', async () => {
    const res = await postForm(`/f/${form.slug}`, [['q.story', 'x'.repeat(70 * 1024)]]);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('the home page lookup (POST /r) answers an oversized body', async () => {
    // It reads a clone of the body: stopping early must not wait on the other branch (on Node the
    // streams standard's tee made that wait forever).
    const res = await exports.default.fetch('http://local/r', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `code=${'x'.repeat(12_000)}&pin=`,
    });
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBeGreaterThanOrEqual(400);
  }, 15_000);
});

describe('hostile text renders inert', () => {
  const evil = '<script>alert(1)</script>';
  const evil2 = '"><img src=x onerror=alert(2)>';

  it('in the form title, labels and options', async () => {
    const def = everyTypeDefinition();
    def.title = { vi: `Tiêu đề ${evil}`, en: evil2 };
    def.pages[0]!.questions[1]!.label = { vi: evil2 };
    const f = await publishTestForm(def);
    const html = await (await call(`/f/${f.slug}`)).text();
    expect(html).not.toContain(evil);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    // The JSON block cannot be closed early.
    const json = html.slice(html.indexOf('id="form-data">'));
    expect(json.slice(0, json.indexOf('</script>'))).not.toContain('<');
  });

  it('in posted answers re-rendered after an error', async () => {
    const res = await postForm(`/f/${form.slug}`, [
      ['_idem', 'hostile-key-1'],
      ['q.story', evil],
      ['q.org', evil2],
    ]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain(evil);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script>alert(1)&lt;/script></textarea>');
  });
});

describe('forms that do not take answers', () => {
  it('a closed form gets a friendly 409 page in HTML', async () => {
    const f = await publishTestForm(everyTypeDefinition(), { closesAt: Date.now() - 1000 });
    const res = await call(`/f/${f.slug}`);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Biểu mẫu đã đóng');
    const posted = await postForm(`/f/${f.slug}`, valid);
    expect(posted.status).toBe(409);
    expect(posted.headers.get('content-type')).toContain('text/html');
  });

  it('a form not yet open answers 409, an unknown one 404, both HTML', async () => {
    const f = await publishTestForm(everyTypeDefinition(), { opensAt: Date.now() + 86_400_000 });
    const res = await call(`/f/${f.slug}`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('chưa');
    const missing = await call('/f/khong-co-bieu-mau-nay');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Không tìm thấy biểu mẫu');
  });
});

describe('landing and receipts', () => {
  it('GET / lists open forms and links the staff console', async () => {
    const res = await call('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/f/${form.slug}"`);
    expect(html).toContain('href="/console/"');
  });

  it('GET /?lang=en lists the English titles, falling back to Vietnamese where there is none', async () => {
    const viOnly = await publishTestForm({
      ...everyTypeDefinition(),
      title: { vi: 'Biểu mẫu chỉ có tiếng Việt' },
    });
    const en = await (await call('/?lang=en')).text();
    expect(en).toContain(`href="/f/${form.slug}?lang=en">Survey with every question type</a>`);
    expect(en).not.toContain('Khảo sát đủ loại câu hỏi');
    expect(en).toContain(`href="/f/${viOnly.slug}?lang=en">Biểu mẫu chỉ có tiếng Việt</a>`);
    const vi = await (await call('/')).text();
    expect(vi).toContain(`href="/f/${form.slug}">Khảo sát đủ loại câu hỏi</a>`);
    // The JSON index is unchanged: Vietnamese titles.
    const api = (await (await call('/api/public/forms')).json()) as {
      forms: { slug: string; title: string }[];
    };
    expect(api.forms.find((f) => f.slug === form.slug)?.title).toBe('Khảo sát đủ loại câu hỏi');
  });

  it('GET /r/{code} with a bad check character is a 400 page, an unknown code 404', async () => {
    const bad = await call('/r/AAAA-BBBB-CCCC-D');
    expect([400, 404]).toContain(bad.status);
    expect(bad.headers.get('content-type')).toContain('text/html');
    const res = await call('/r/not-a-code');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Mã biên nhận không hợp lệ');
  });
});
