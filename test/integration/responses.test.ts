/** Staff reading of responses through the Worker: paged list with filters, and the CSV export. */
import { env } from 'cloudflare:workers';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishForm, saveDraft } from '../../worker/forms/service';
import { submitResponse } from '../../worker/responses/service';
import { call } from '../helpers/fixtures';
import { type Json, key, publishedForm, sampleDefinition, setup } from '../unit/forms.fixtures';

let ctx: Awaited<ReturnType<typeof setup>>;
let form: Awaited<ReturnType<typeof publishedForm>>;
const at = (day: string, hh = '10') => Date.parse(`${day}T${hh}:00:00+07:00`);

beforeAll(async () => {
  ctx = await setup();
  form = await publishedForm(ctx, { slug: 'doc-phan-hoi' });
  const s = (answers: Record<string, unknown>, now: number, extra: Record<string, unknown> = {}) =>
    submitResponse(env, form.slug, { answers, lang: 'vi', idempotencyKey: key(), ...extra }, now);
  await s(
    { hai_long: 5, don_vi: ctx.tree.wardA.id, y_kien: 'Ông Nguyễn Văn Tư làm việc tận tình' },
    at('2026-02-01'),
  );
  await s(
    { hai_long: 1, don_vi: ctx.tree.wardB.id, chu_de: ['an_ninh', 'y_te'], tuoi: 40 },
    at('2026-02-02'),
  );
  await s({ hai_long: 3, danh_gia: { dao_duc: 'cao', loi_song: 'thap' }, hoi_vien: true }, at('2026-02-03'));
  await s({ hai_long: 2, y_kien: '=HYPERLINK("http://x")' }, at('2026-02-04'));
  await s({ hai_long: 4, y_kien: 'Có dấu phẩy, "ngoặc kép"\nvà xuống dòng' }, at('2026-02-05'));
});

const list = async (query = '') => {
  const res = await call(`/api/forms/${form.id}/responses${query}`, { cookie: ctx.designer.cookie });
  return { status: res.status, body: (await res.json()) as Json };
};

describe('GET /api/forms/{id}/responses', () => {
  it('pages newest first by cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const { status, body } = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      seen.push(...body.responses.map((r: { submittedAt: number }) => r.submittedAt));
      cursor = body.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['05', '04', '03', '02', '01'].map((d) => at(`2026-02-${d}`)));
  });

  it('rows carry answers by question id and never identity', async () => {
    const { body } = await list('?limit=1');
    const row = body.responses[0];
    expect(Object.keys(row).sort()).toEqual(
      [
        'answers',
        'day',
        'id',
        'lang',
        'receiptCode',
        'status',
        'submittedAt',
        'unitId',
        'unitName',
        'version',
        'versionId',
      ].sort(),
    );
    expect(row.answers).toEqual({ hai_long: 4, y_kien: 'Có dấu phẩy, "ngoặc kép"\nvà xuống dòng' });
  });

  it('filters by date range, unit subtree and diacritic-insensitive text', async () => {
    const days = async (q: string) => (await list(q)).body.responses.map((r: { day: string }) => r.day);
    expect(await days('?from=2026-02-02&to=2026-02-03')).toEqual(['2026-02-03', '2026-02-02']);
    expect(await days(`?unitId=${ctx.tree.wardA.id}`)).toEqual(['2026-02-01']);
    expect((await days(`?unitId=${ctx.tree.city.id}`)).length).toBe(5);
    expect(await days('?q=NGUYEN%20van%20tu')).toEqual(['2026-02-01']);
    expect(await days(`?q=${encodeURIComponent('Nguyễn'.normalize('NFD'))}`)).toEqual(['2026-02-01']);
    expect(await days('?q=100%25')).toEqual([]);
    expect((await days('?from=&to=&q=&unitId=&cursor=')).length).toBe(5); // empty = no filter
  });

  it('bad query parameters are 400', async () => {
    for (const q of ['?limit=0', '?limit=abc', '?from=2026-13-01', '?cursor=../../etc', '?unitId=x%27']) {
      const { status, body } = await list(q);
      expect(status, q).toBe(400);
      expect(body.error.code).toBe('validation_failed');
    }
  });
});

async function csv(formId: string, query = '') {
  const res = await call(`/api/forms/${formId}/responses.csv${query}`, { cookie: ctx.designer.cookie });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), res };
}

describe('GET /api/forms/{id}/responses.csv', () => {
  it('UTF-8 with BOM, Vietnamese headers, one column per question and likert row, CRLF', async () => {
    const { bytes, text, res } = await csv(form.id);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="doc-phan-hoi.csv"');
    const header = text.slice(1, text.indexOf('\r\n'));
    expect(header).toBe(
      'Mã biên nhận,Thời gian gửi,Phiên bản,Đơn vị,Đơn vị,Mức độ hài lòng,Chủ đề quan tâm,' +
        'Đánh giá cán bộ — Đạo đức,Đánh giá cán bộ — Lối sống,Tuổi,Ý kiến khác,Là hội viên?',
    );
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data.slice(1);
    expect(rows.length).toBe(5);
    const byDay = new Map(rows.map((r) => [r[1]!.slice(0, 10), r]));
    expect(byDay.get('01/02/2026')!.slice(4, 6)).toEqual(['Phường Bến Nghé', '5']);
    expect(byDay.get('02/02/2026')![6]).toBe('An ninh; Y tế');
    expect(byDay.get('02/02/2026')![9]).toBe('40');
    expect(byDay.get('03/02/2026')!.slice(7, 9)).toEqual(['Cao', 'Thấp']);
    expect(byDay.get('03/02/2026')![11]).toBe('Có');
    expect(byDay.get('03/02/2026')![3]).toBe('Ủy ban MTTQ thành phố');
    // Formula injection is neutralised; quotes, commas and newlines survive quoting.
    expect(byDay.get('04/02/2026')![10]).toBe(`'=HYPERLINK("http://x")`);
    expect(byDay.get('05/02/2026')![10]).toBe('Có dấu phẩy, "ngoặc kép"\nvà xuống dòng');
    expect(text).toContain('\r\n');
  });

  it('filters apply to the export too', async () => {
    const { text } = await csv(form.id, '?from=2026-02-05');
    expect(text.trim().split('\r\n').length).toBe(2);
  });

  it('columns span versions: a question dropped in version 2 keeps its column', async () => {
    const f = await publishedForm(ctx);
    await submitResponse(env, f.slug, {
      answers: { hai_long: 3, tuoi: 33 },
      lang: 'vi',
      idempotencyKey: key(),
    });
    const v2 = sampleDefinition();
    v2.pages[0]!.questions = v2.pages[0]!.questions.filter((q) => q.id !== 'tuoi');
    v2.pages[0]!.questions.push({ id: 'moi', type: 'short_text', label: { vi: 'Câu hỏi mới' } });
    await saveDraft(env.DB, ctx.session, f.id, v2);
    await publishForm(env.DB, ctx.session, f.id);
    await submitResponse(env, f.slug, {
      answers: { hai_long: 4, moi: '+84 912' },
      lang: 'vi',
      idempotencyKey: key(),
    });
    const { text } = await csv(f.id);
    const [header, ...rows] = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    const iTuoi = header!.indexOf('Tuổi');
    const iMoi = header!.indexOf('Câu hỏi mới');
    expect(iTuoi).toBeGreaterThan(0);
    expect(iMoi).toBeGreaterThan(0);
    expect(rows.map((r) => [r[2], r[iTuoi], r[iMoi]])).toEqual([
      ['2', '', "'+84 912"],
      ['1', '33', ''],
    ]);
  });

  it('streams many pages (more rows than one page) completely', async () => {
    const f = await publishedForm(ctx);
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 450; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          submitResponse(
            env,
            f.slug,
            { answers: { hai_long: 1 + ((i + j) % 5) }, lang: 'vi', idempotencyKey: key() },
            base + (i + j) * 1000,
          ),
        ),
      );
    }
    const { text } = await csv(f.id);
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data.slice(1);
    expect(rows.length).toBe(450);
    expect(new Set(rows.map((r) => r[0])).size).toBe(450);
  });
});
