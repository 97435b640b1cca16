/** Forms service rules that need no HTTP: slugs, publish checks, CSV cells and columns. */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { SlugSchema } from '../../worker/forms/schema';
import { createForm, publishForm, saveDraft, slugify } from '../../worker/forms/service';
import { csvCell } from '../../worker/lib/csv';
import { AppError } from '../../worker/lib/errors';
import { csvColumns } from '../../worker/responses/staff';
import { sampleDefinition, setup } from './forms.fixtures';

let ctx: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  ctx = await setup();
});

describe('slugify', () => {
  it('folds Vietnamese titles to ASCII words', () => {
    expect(slugify('Góp ý cán bộ phường Đa Kao')).toBe('gop-y-can-bo-phuong-da-kao');
    expect(slugify('  Phiếu lấy ý kiến — 6 tháng/2026!  ')).toBe('phieu-lay-y-kien-6-thang-2026');
    expect(slugify('???')).toBe('bieu-mau');
    expect(slugify('Ở')).toBe('bieu-mau-o');
  });

  it('always yields a valid slug', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (title) => {
        expect(v.is(SlugSchema, slugify(title))).toBe(true);
      }),
    );
  });
});

describe('publishForm', () => {
  it('refuses conditions that reference unknown questions, with definition. paths', async () => {
    const def = sampleDefinition();
    def.pages[0]!.questions[1] = {
      ...def.pages[0]!.questions[1]!,
      showIf: { op: 'answered', q: 'khong_co' },
    } as never;
    const form = await createForm(env.DB, ctx.session, {
      ownerUnitId: ctx.tree.front.id,
      kind: 'survey',
      definition: def,
    });
    const err = await publishForm(env.DB, ctx.session, form.id).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields).toEqual([
      expect.objectContaining({ path: 'definition.pages.0.questions.1.showIf', code: 'unknown_reference' }),
    ]);
    const versions = await env.DB.prepare('SELECT count(*) AS n FROM form_versions WHERE form_id = ?')
      .bind(form.id)
      .first();
    expect(versions).toEqual({ n: 0 });
    // Fixing the draft makes it publishable.
    await saveDraft(env.DB, ctx.session, form.id, sampleDefinition());
    expect(await publishForm(env.DB, ctx.session, form.id)).toMatchObject({ version: 1, unchanged: false });
  });
});

describe('kind rules', () => {
  it('a petition form must require identity (no anonymous denunciations)', async () => {
    const create = (def: ReturnType<typeof sampleDefinition>) =>
      createForm(env.DB, ctx.session, {
        ownerUnitId: ctx.tree.front.id,
        kind: 'petition',
        definition: def,
      }).catch((e: AppError) => e);
    const anon = await create(sampleDefinition('Đơn kiến nghị'));
    expect((anon as AppError).fields?.[0]?.path).toBe('definition.identity.mode');
    const def = sampleDefinition('Đơn kiến nghị');
    def.identity = {
      mode: 'required',
      fields: ['name', 'phone'],
      consent: { version: '1', text: { vi: 'Tôi đồng ý.' } },
    };
    const ok = await create(def);
    expect(ok).toMatchObject({ kind: 'petition', status: 'draft' });
    const err = await saveDraft(
      env.DB,
      ctx.session,
      (ok as { id: string }).id,
      sampleDefinition('Bỏ danh tính'),
    ).catch((e) => e);
    expect((err as AppError).code).toBe('validation_failed');
  });
});

describe('CSV cells', () => {
  it('quotes per RFC 4180 and guards formulas, nothing else', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    for (const f of ['=1+1', '+84912', '-2', '@SUM(A1)']) expect(csvCell(f)).toBe(`'${f}`);
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
    expect(csvCell(-2)).toBe('-2'); // a number is never formula-guarded
    expect(csvCell('<script>&amp;')).toBe('<script>&amp;');
  });

  it('columns: likert rows expand, info is skipped, older versions add their questions last', () => {
    const v2 = sampleDefinition();
    v2.pages[0]!.questions = [
      { id: 'gioi_thieu', type: 'info', label: { vi: 'Giới thiệu' } },
      ...v2.pages[0]!.questions.filter((q) => q.id !== 'tuoi'),
    ];
    const cols = csvColumns([v2, sampleDefinition()]);
    expect(cols.map((c) => c.header)).toEqual([
      'Đơn vị',
      'Mức độ hài lòng',
      'Chủ đề quan tâm',
      'Đánh giá cán bộ — Đạo đức',
      'Đánh giá cán bộ — Lối sống',
      'Ý kiến khác',
      'Là hội viên?',
      'Tuổi',
    ]);
  });
});
