/**
 * Pickers whose list is too long to send with the page (more than PICKER_LIMIT people): the search
 * route `GET /api/public/forms/{slug}/choices/{questionId}?q=` and the no-JavaScript "Tìm" flow.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fold } from '../../worker/lib/i18n';
import { newId } from '../../worker/lib/ids';
import { vnDay } from '../../worker/lib/time';
import { PICKER_LIMIT, SEARCH_LIMIT } from '../../worker/public/service';
import { call, createUnit } from '../helpers/fixtures';
import { everyTypeDefinition, idemOf, postForm, publishTestForm, responseCount } from './public-helpers';

const valid: [string, string][] = [
  ['q.name', 'Nguyễn Văn A'],
  ['q.topic', 'ethics'],
  ['q.agree', 'true'],
  ['q.assess.honest', 'good'],
  ['q.assess.close', 'fair'],
];

/** Inserts people, each with a position in `unitId` (current unless `former`). */
async function seedPeople(unitId: string, names: string[], former = false) {
  const now = Date.now();
  const ids: string[] = [];
  const stmts = names.flatMap((name) => {
    const id = newId();
    ids.push(id);
    return [
      env.DB.prepare(
        'INSERT INTO people (id, full_name, search_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ).bind(id, name, fold(name), now, now),
      env.DB.prepare(
        'INSERT INTO positions (id, person_id, unit_id, title, valid_to) VALUES (?, ?, ?, ?, ?)',
      ).bind(newId(), id, unitId, 'Chuyên viên', former ? '2020-01-01' : null),
    ];
  });
  for (let i = 0; i < stmts.length; i += 100) await env.DB.batch(stmts.slice(i, i + 100));
  return ids;
}

let form: Awaited<ReturnType<typeof publishTestForm>>;
let anIds: string[];
const choicesUrl = (qid: string, q: string, slug = form.slug) =>
  `/api/public/forms/${slug}/choices/${qid}?q=${encodeURIComponent(q)}`;

beforeAll(async () => {
  const ward = await createUnit('Phường Đa Kao', { kind: 'ward' });
  await createUnit('Phường Bến Nghé', { kind: 'ward' });
  await createUnit('Hội Nông dân Đa Kao', { kind: 'mass_org', parent: ward });
  anIds = await seedPeople(
    ward.id,
    Array.from({ length: 25 }, (_, i) => `Nguyễn Văn An ${String(i).padStart(2, '0')}`),
  );
  await seedPeople(
    ward.id,
    Array.from({ length: PICKER_LIMIT }, (_, i) => `Trần Thị Bình ${i}`),
  );
  await seedPeople(ward.id, ['Nguyễn Văn Cũ'], true);
  form = await publishTestForm(everyTypeDefinition());
});

describe('GET /api/public/forms/{slug}/choices/{questionId}', () => {
  it('finds people by folded name ("nguyen van" → "Nguyễn Văn …"), at most 20, id and label only', async () => {
    const res = await call(choicesUrl('cadre', '  nguyen van '));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { choices: Record<string, unknown>[] };
    expect(Object.keys(body)).toEqual(['choices']);
    expect(body.choices).toHaveLength(SEARCH_LIMIT);
    for (const c of body.choices) {
      expect(Object.keys(c).sort()).toEqual(['id', 'label']);
      expect(c.label).toMatch(/^Nguyễn Văn An \d\d — Chuyên viên$/);
      expect(anIds).toContain(c.id);
    }
  });

  it('matches Vietnamese typed with marks, in capitals or decomposed (NFD)', async () => {
    for (const q of ['NGUYỄN VĂN AN 07', 'Nguyễn Văn An 07'.normalize('NFD'), 'an 07']) {
      const body = (await (await call(choicesUrl('cadre', q))).json()) as { choices: { label: string }[] };
      expect(body.choices.map((c) => c.label)).toEqual(['Nguyễn Văn An 07 — Chuyên viên']);
    }
  });

  it('leaves out people without a current position', async () => {
    const body = (await (await call(choicesUrl('cadre', 'van cu'))).json()) as { choices: unknown[] };
    expect(body.choices).toEqual([]);
  });

  it('searches units of the allowed kinds only', async () => {
    const body = (await (await call(choicesUrl('ward', 'da kao'))).json()) as {
      choices: { label: string }[];
    };
    expect(body.choices.map((c) => c.label)).toEqual(['Phường Đa Kao']);
  });

  it('keeps a unit through its last valid day (valid_to, inclusive) and drops it the day after', async () => {
    const today = vnDay();
    const yesterday = vnDay(Date.now() - 86_400_000);
    const last = await createUnit('Phường Đa Kao Cuối', { kind: 'ward' });
    const gone = await createUnit('Phường Đa Kao Cũ', { kind: 'ward' });
    await env.DB.batch([
      env.DB.prepare('UPDATE units SET valid_to = ? WHERE id = ?').bind(today, last.id),
      env.DB.prepare('UPDATE units SET valid_to = ? WHERE id = ?').bind(yesterday, gone.id),
    ]);
    const body = (await (await call(choicesUrl('ward', 'da kao'))).json()) as {
      choices: { label: string }[];
    };
    expect(body.choices.map((c) => c.label).sort()).toEqual(['Phường Đa Kao', 'Phường Đa Kao Cuối']);
    await env.DB.prepare('UPDATE units SET valid_to = ? WHERE id = ?').bind(yesterday, last.id).run();
  });

  it('404 for a question that is not a picker, an unknown question or form', async () => {
    for (const url of [
      choicesUrl('name', 'nguyen'),
      choicesUrl('nope', 'nguyen'),
      choicesUrl('cadre', 'nguyen', 'no-such-form'),
    ]) {
      const res = await call(url);
      expect(res.status, url).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('400 with field path q for a text shorter than 2 or longer than 60 characters after trim', async () => {
    for (const url of [
      choicesUrl('cadre', 'a'),
      choicesUrl('cadre', '   a  '),
      choicesUrl('cadre', 'x'.repeat(61)),
      `/api/public/forms/${form.slug}/choices/cadre`,
    ]) {
      const res = await call(url);
      expect(res.status, url).toBe(400);
      const body = (await res.json()) as { error: { fields: { path: string }[] } };
      expect(body.error.fields.map((f) => f.path)).toEqual(['q']);
    }
  });

  it('409 when the form is not open', async () => {
    const closed = await publishTestForm(everyTypeDefinition(), { closesAt: Date.now() - 1000 });
    const res = await call(choicesUrl('cadre', 'nguyen', closed.slug));
    expect(res.status).toBe(409);
  });
});

describe('the page, without JavaScript', () => {
  it('renders a long person list as a labelled search field with a "Tìm" button, a short list as a select', async () => {
    const html = await (await call(`/f/${form.slug}`)).text();
    expect(html).toContain('name="cadre__q"');
    expect(html).toMatch(/<label for="q-cadre">Tìm theo tên<\/label>/);
    expect(html).toMatch(
      /<input type="text"[^>]*id="q-cadre" name="cadre__q"[^>]*aria-describedby="q-cadre-hint"/,
    );
    expect(html).toMatch(/<button type="submit"[^>]*name="_find" value="cadre"[^>]*>Tìm<\/button>/);
    expect(html).toContain(`formaction="/f/${form.slug}#q-cadre-box"`);
    expect(html).not.toMatch(/<select[^>]*name="q.cadre"/);
    expect(html).not.toContain('Trần Thị Bình');
    expect(html).toMatch(/<select[^>]*name="q.ward"/);
  });

  it('"Tìm" re-renders the form with the matches as a select and the answers kept; nothing is stored', async () => {
    const idem = idemOf(await (await call(`/f/${form.slug}`)).text());
    const res = await postForm(`/f/${form.slug}`, [
      ['_idem', idem],
      ...valid,
      ['cadre__q', 'nguyễn văn an 1'],
      ['_find', 'cadre'],
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(idemOf(html)).toBe(idem);
    expect(html).toMatch(/<select id="q-cadre" name="q.cadre"/);
    expect(html).toContain('Nguyễn Văn An 10 — Chuyên viên');
    expect(html).toContain('Nguyễn Văn An 19 — Chuyên viên');
    expect(html).not.toContain('Nguyễn Văn An 20');
    expect(html).toMatch(/id="q-cadre--find" name="cadre__q" value="nguyễn văn an 1"/);
    expect(html).toMatch(/name="q.name" value="Nguyễn Văn A"/);
    expect(html).not.toContain('class="err-summary"'); // the inline stylesheet names the class
    expect(await responseCount(form.formId)).toBe(0);
  });

  it('says "Không tìm thấy" beside the field when nothing matches', async () => {
    const html = await (
      await postForm(`/f/${form.slug}`, [...valid, ['cadre__q', 'zzzz'], ['_find', 'cadre']])
    ).text();
    expect(html).toMatch(/<p class="err" id="q-cadre-note" role="status">Không tìm thấy/);
    expect(html).toMatch(/aria-describedby="q-cadre-hint q-cadre-note"/);
    expect(await responseCount(form.formId)).toBe(0);
  });

  it('a picked match posts as the answer and is stored; an id it never offered is refused', async () => {
    const picked = (await (await call(choicesUrl('cadre', 'an 03'))).json()) as { choices: { id: string }[] };
    const id = picked.choices[0]!.id;
    const ok = await postForm(`/f/${form.slug}`, [...valid, ['cadre__q', 'an 03'], ['q.cadre', id]]);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Mã biên nhận');
    expect(await responseCount(form.formId)).toBe(1);
    const row = await env.DB.prepare(
      `SELECT a.value FROM answers a JOIN responses r ON r.id = a.response_id
        WHERE r.form_id = ? AND a.question_id = 'cadre'`,
    )
      .bind(form.formId)
      .first<{ value: string }>();
    expect(row?.value).toBe(id);

    const bad = await postForm(`/f/${form.slug}`, [...valid, ['q.cadre', 'not-a-person']]);
    expect(bad.status).toBe(422);
    expect(await responseCount(form.formId)).toBe(1);
  });
});
