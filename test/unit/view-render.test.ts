/**
 * FormView / PublicForm rendered to a string (as the Worker and the builder preview do): labels,
 * error wiring, conditions, pagination and unique ids.
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../worker/forms/engine/definition';
import { errorMap, FormView, fieldId, shownPages } from '../../worker/forms/view/FormView';
import { PublicForm } from '../../worker/forms/view/PublicForm';
import { everyTypeDefinition } from '../integration/public-helpers';

const def = everyTypeDefinition();

function ids(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
}

describe('FormView', () => {
  it('renders every question with its label and a unique id per element', () => {
    const html = renderToString(h(FormView, { definition: def, lang: 'vi' }));
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
    // Every `for` and every aria reference points at an element that exists.
    const refs = [...html.matchAll(/(?:for|aria-describedby|aria-labelledby)="([^"]+)"/g)].flatMap((m) =>
      m[1]!.split(' '),
    );
    for (const r of refs) expect(all).toContain(r);
    for (const q of def.pages.flatMap((p) => p.questions)) {
      expect(html).toContain(q.label.vi);
      if (q.type !== 'info') expect(all).toContain(fieldId(q));
    }
    expect(html).toContain('lang="vi"');
  });

  it('two previews with prefixes share a document without id clashes', () => {
    const html = renderToString(
      h(
        'div',
        null,
        h(FormView, { definition: def, lang: 'vi', idPrefix: 'a-' }),
        h(FormView, { definition: def, lang: 'en', idPrefix: 'b-' }),
      ),
    );
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
  });

  it('ties errors to their fields and lists them in the summary', () => {
    const errors = errorMap(
      [
        { path: 'answers.name', code: 'required', message: { vi: 'Vui lòng trả lời', en: 'Please answer' } },
        {
          path: 'answers.assess.close',
          code: 'required',
          message: { vi: 'Chưa chọn mức', en: 'Pick a level' },
        },
      ],
      'en',
    );
    expect(errors).toEqual({ name: 'Please answer', 'assess.close': 'Pick a level' });
    const html = renderToString(h(FormView, { definition: def, lang: 'en', errors: errors }));
    expect(html).toMatch(/id="q-name"[^>]*aria-describedby="q-name-err" aria-invalid="true"/);
    expect(html).toContain('<p class="err" id="q-name-err">Please answer</p>');
    expect(html).toContain('href="#q-name"');
    expect(html).toContain('href="#q-assess--close--good"');
    expect(html).toContain('Assessment of the cadre — Close to the people: Pick a level');
    expect(html).toMatch(/name="q\.assess\.close"[^>]*aria-describedby="q-assess--close-err"/);
  });

  it('applies conditions only when asked, and renders one page when given', () => {
    const all = renderToString(h(FormView, { definition: def, lang: 'vi' }));
    expect(all).toContain('q-org');
    const cond = renderToString(h(FormView, { definition: def, lang: 'vi', conditional: true }));
    expect(cond).not.toContain('q-org');
    const shown = renderToString(
      h(FormView, { definition: def, lang: 'vi', conditional: true, answers: { member: true } }),
    );
    expect(shown).toContain('q-org');
    const p2 = renderToString(h(FormView, { definition: def, lang: 'vi', page: 1 }));
    expect(p2).not.toContain('q-name');
    expect(p2).toContain('q-assess');
  });

  it('without conditions applied (no JavaScript), says which questions apply only in some cases', () => {
    const withReq: FormDefinition = {
      ...def,
      pages: def.pages.map((p) => ({
        ...p,
        questions: p.questions.map((q) => (q.id === 'org' ? { ...q, required: true } : q)),
      })),
    };
    const label = (html: string) => /<label for="q-org">(.*?)<\/label>/.exec(html)?.[1] ?? '';
    const all = renderToString(h(FormView, { definition: withReq, lang: 'vi' }));
    expect(label(all)).toContain('(bắt buộc nếu câu này áp dụng với bạn, tùy câu trả lời phía trên)');
    const en = renderToString(h(FormView, { definition: def, lang: 'en' }));
    expect(label(en)).toContain('(answer only if it applies to you, depending on your answers above)');
    // With conditions applied (the island) the question shows only when it applies: plain "required".
    const shown = renderToString(
      h(FormView, { definition: withReq, lang: 'vi', conditional: true, answers: { member: true } }),
    );
    expect(label(shown)).toContain('(bắt buộc)');
    expect(label(shown)).not.toContain('áp dụng');
    // A question without a condition is unchanged.
    expect(all).not.toMatch(/<label for="q-name">[^<]*<span class="req"> \(chỉ trả lời/);
  });

  it('skips a page whose condition fails', () => {
    const d: FormDefinition = {
      ...def,
      pages: [def.pages[0]!, { ...def.pages[1]!, showIf: { op: 'eq', q: 'topic', value: 'ethics' } }],
    };
    expect(shownPages(d, {})).toEqual([0]);
    expect(shownPages(d, { topic: 'ethics' })).toEqual([0, 1]);
  });

  it('renders identity fields and consent when the form asks for identity', () => {
    const d: FormDefinition = {
      ...def,
      identity: {
        mode: 'optional',
        fields: ['name', 'phone'],
        consent: { version: 'c1', text: { vi: 'Tôi đồng ý cho xử lý dữ liệu' } },
      },
    };
    const html = renderToString(
      h(FormView, { definition: d, lang: 'vi', errors: { consentAccepted: 'Cần đồng ý' } }),
    );
    expect(html).toContain('name="id.name"');
    expect(html).toContain('name="id.phone"');
    expect(html).toContain('Tôi đồng ý cho xử lý dữ liệu');
    expect(html).toContain('href="#consent"');
    expect(html).not.toMatch(/name="id\.\w+"[^>]*aria-required/);
  });

  it('marks every asked identity field as required when the mode is required (as the server checks)', () => {
    const d: FormDefinition = {
      ...def,
      identity: { mode: 'required', fields: ['name', 'phone', 'id_number', 'address'] },
    };
    const html = renderToString(h(FormView, { definition: d, lang: 'vi' }));
    for (const f of ['name', 'phone', 'id_number', 'address']) {
      expect(html).toMatch(new RegExp(`<label for="id-${f}">[^<]*<span class="req"> \\(bắt buộc\\)</span>`));
      expect(html).toMatch(new RegExp(`name="id.${f}"[^>]*aria-required="true"`));
    }
  });
});

describe('file questions', () => {
  it('are disabled with a note without the island, and upload-ready with it', () => {
    const off = renderToString(h(FormView, { definition: def, lang: 'vi' }));
    expect(off).toMatch(
      /<input type="file" id="q-photo" name="q.photo" disabled[^>]*aria-describedby="q-photo-note"/,
    );
    expect(off).toContain('Cần bật JavaScript để đính kèm tệp.');
    const on = renderToString(
      h(FormView, {
        definition: def,
        lang: 'en',
        answers: { photo: ['f/x/abc'] },
        files: { enabled: false, names: {} },
      }),
    );
    expect(on).toContain('disabled');
    const ready = renderToString(
      h(FormView, { definition: def, lang: 'en', answers: {}, files: { enabled: true, names: {} } }),
    );
    expect(ready).toMatch(
      /<input type="file" id="q-photo" name="q.photo" accept="image\/jpeg,image\/png,image\/webp,application\/pdf"/,
    );
    expect(ready).not.toContain('needs JavaScript');
    // One file allowed by default: once it is there, the control is disabled and the file listed.
    const full = renderToString(
      h(FormView, {
        definition: def,
        lang: 'en',
        answers: { photo: ['f/x/abc'] },
        files: { enabled: true, names: { 'f/x/abc': 'anh.jpg' } },
      }),
    );
    expect(full).toContain('anh.jpg');
    expect(full).toContain('Remove file');
    expect(full).toMatch(/<input type="file"[^>]*disabled/);
  });
});

describe('PublicForm', () => {
  it('without JavaScript: one post with every page, hidden key, honeypot and a submit button', () => {
    const html = renderToString(
      h(PublicForm, { definition: def, lang: 'vi', slug: 'gop-y', idem: 'r_123456789' }),
    );
    expect(html).toContain('<form method="post" action="/f/gop-y" novalidate');
    expect(html).toContain('name="_idem" value="r_123456789"');
    expect(html).toContain('id="page-p1"');
    expect(html).toContain('id="page-p2"');
    expect(html).toContain('type="submit"');
    expect(html).not.toContain('Tiếp');
  });

  it('enhanced: one page at a time with Next, then Back and Send on the last', () => {
    const first = renderToString(
      h(PublicForm, { definition: def, lang: 'vi', slug: 's', idem: 'r_123456789', enhanced: true, page: 0 }),
    );
    expect(first).toContain('Trang 1/2');
    expect(first).not.toContain('id="page-p2"');
    expect(first).toContain('>Tiếp<');
    expect(first).not.toContain('type="submit"');
    const last = renderToString(
      h(PublicForm, { definition: def, lang: 'en', slug: 's', idem: 'r_123456789', enhanced: true, page: 1 }),
    );
    expect(last).toContain('Page 2 of 2');
    expect(last).toContain('>Back<');
    expect(last).toContain('type="submit"');
    expect(last).toContain('action="/f/s?lang=en"');
  });
});
