/** The staff forms API through the Worker: create, draft, settings, publish, list in scope, QR. */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { type Json, sampleDefinition } from '../unit/forms.fixtures';

type Tree = Awaited<ReturnType<typeof createTree>>;
let tree: Tree;
let cityDesigner: string;
let wardDesigner: string;
let admin: string;
let viewer: string;

beforeAll(async () => {
  tree = await createTree();
  cityDesigner = (await createStaff([{ role: 'form_designer', unitId: tree.city.id }])).cookie;
  wardDesigner = (await createStaff([{ role: 'form_designer', unitId: tree.wardA.id }])).cookie;
  admin = (await createStaff([{ role: 'admin', unitId: tree.city.id }])).cookie;
  viewer = (await createStaff([{ role: 'board_viewer', unitId: tree.city.id }])).cookie;
});

async function create(cookie: string, body: Record<string, unknown>) {
  const res = await call('/api/forms', { method: 'POST', cookie, json: body });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('POST /api/forms', () => {
  it('creates a draft with a slug generated from the folded title', async () => {
    const r = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition('Góp ý Đảng viên ở khu dân cư'),
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      slug: 'gop-y-dang-vien-o-khu-dan-cu',
      status: 'draft',
      version: null,
      used: 0,
      cap: null,
    });
    // Same title again: a suffix keeps it unique.
    const again = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition('Góp ý Đảng viên ở khu dân cư'),
    });
    expect(again.status).toBe(201);
    expect(again.body.slug).toMatch(/^gop-y-dang-vien-o-khu-dan-cu-[0-9a-z]{4}$/);
  });

  it('an explicit slug that is taken is 409 slug_taken; a malformed one is 400', async () => {
    expect(
      (
        await create(cityDesigner, {
          ownerUnitId: tree.front.id,
          slug: 'trung-ten',
          definition: sampleDefinition(),
        })
      ).status,
    ).toBe(201);
    const dup = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      slug: 'trung-ten',
      definition: sampleDefinition(),
    });
    expect(dup).toMatchObject({ status: 409, body: { error: { code: 'slug_taken' } } });
    const bad = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      slug: 'Có Dấu',
      definition: sampleDefinition(),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('slug');
  });

  it('definition errors carry paths under definition.', async () => {
    const def = sampleDefinition() as Json;
    def.pages[0].questions[1].id = 'Bad Id';
    const r = await create(cityDesigner, { ownerUnitId: tree.front.id, definition: def });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(
      'definition.pages.0.questions.1.id',
    );
  });

  it('only designers (and admins) on the owner subtree may create', async () => {
    expect(
      (await create(wardDesigner, { ownerUnitId: tree.front.id, definition: sampleDefinition() })).status,
    ).toBe(403);
    expect(
      (await create(viewer, { ownerUnitId: tree.front.id, definition: sampleDefinition() })).status,
    ).toBe(403);
    expect((await create(admin, { ownerUnitId: tree.front.id, definition: sampleDefinition() })).status).toBe(
      201,
    );
    expect(
      (await create(wardDesigner, { ownerUnitId: tree.wardA.id, definition: sampleDefinition() })).status,
    ).toBe(201);
    const anon = await call('/api/forms', {
      method: 'POST',
      json: { ownerUnitId: tree.front.id, definition: sampleDefinition() },
    });
    expect(anon.status).toBe(401);
  });
});

describe('draft, settings, publish', () => {
  it('publish makes version 1 then 2; editing the draft never changes a version', async () => {
    const { body: form } = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition(),
    });
    const pub1 = await call(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: cityDesigner });
    expect(await pub1.json()).toMatchObject({ version: 1, unchanged: false });
    const v1 = await env.DB.prepare('SELECT definition FROM form_versions WHERE form_id = ? AND version = 1')
      .bind(form.id)
      .first();

    const edited = sampleDefinition('Tiêu đề mới');
    const put = await call(`/api/forms/${form.id}/draft`, {
      method: 'PUT',
      cookie: cityDesigner,
      json: { definition: edited },
    });
    expect(put.status).toBe(200);
    const detail = (await put.json()) as Json;
    expect(detail.draft.title.vi).toBe('Tiêu đề mới');
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(
      await env.DB.prepare('SELECT definition FROM form_versions WHERE form_id = ? AND version = 1')
        .bind(form.id)
        .first(),
    ).toEqual(v1);

    const pub2 = await call(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: cityDesigner });
    expect(await pub2.json()).toMatchObject({ version: 2, unchanged: false });
    const pub3 = await call(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: cityDesigner });
    expect(await pub3.json()).toMatchObject({ version: 2, unchanged: true });
  });

  it('concurrent publishes of different drafts never share a version number', async () => {
    const { body: form } = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition(),
    });
    const results = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        await call(`/api/forms/${form.id}/draft`, {
          method: 'PUT',
          cookie: cityDesigner,
          json: { definition: sampleDefinition(`Bản ${i}`) },
        });
        return call(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: cityDesigner });
      }),
    );
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const versions = await env.DB.prepare(
      'SELECT version FROM form_versions WHERE form_id = ? ORDER BY version',
    )
      .bind(form.id)
      .all<{ version: number }>();
    const nums = versions.results.map((r) => r.version);
    expect(nums).toEqual(nums.map((_, i) => i + 1));
  });

  it('PUT draft with an invalid definition is 400 with definition. paths and changes nothing', async () => {
    const { body: form } = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition(),
    });
    const res = await call(`/api/forms/${form.id}/draft`, {
      method: 'PUT',
      cookie: cityDesigner,
      json: { definition: { schemaVersion: 1, title: { vi: 'x' }, pages: [] } },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.error.fields[0].path).toBe('definition.pages');
  });

  it('settings: window checked, cap below used refused with 409, status needs a version', async () => {
    const { body: form } = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition(),
    });
    const patch = (json: unknown) =>
      call(`/api/forms/${form.id}/settings`, { method: 'PATCH', cookie: cityDesigner, json });
    expect((await patch({ status: 'published' })).status).toBe(409);
    const bad = await patch({ opensAt: 2000, closesAt: 1000 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error.fields[0].path).toBe('closesAt');
    expect((await patch({ cap: -1 })).status).toBe(400);
    await env.DB.prepare('UPDATE form_quota SET used = 3 WHERE form_id = ?').bind(form.id).run();
    const low = await patch({ cap: 2, closesAt: 5000 });
    expect(low.status).toBe(409);
    expect(((await low.json()) as Json).error.code).toBe('cap_below_used');
    // The whole PATCH was refused: closesAt unchanged too.
    expect(await env.DB.prepare('SELECT closes_at FROM forms WHERE id = ?').bind(form.id).first()).toEqual({
      closes_at: null,
    });
    const ok = await patch({ cap: 3, turnstile: true });
    expect(await ok.json()).toMatchObject({ cap: 3, used: 3, turnstile: true });
  });

  it('another subtree cannot read or change the form (403); unknown id is 404', async () => {
    const { body: form } = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition(),
    });
    expect((await call(`/api/forms/${form.id}`, { cookie: wardDesigner })).status).toBe(403);
    expect(
      (await call(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: wardDesigner })).status,
    ).toBe(403);
    expect(
      (
        await call(`/api/forms/${form.id}/draft`, {
          method: 'PUT',
          cookie: viewer,
          json: { definition: sampleDefinition() },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('/api/forms/0192f0f0-0000-7000-8000-000000000000', { cookie: cityDesigner })).status,
    ).toBe(404);
    expect((await call('/api/forms/not an id', { cookie: cityDesigner })).status).toBe(400);
  });

  it('writes without our Origin are refused (CSRF)', async () => {
    const { body: form } = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition(),
    });
    const res = await call(`/api/forms/${form.id}/publish`, {
      method: 'POST',
      cookie: cityDesigner,
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });
});

describe('GET /api/forms', () => {
  it('lists forms in scope only, with diacritic-insensitive search', async () => {
    await create(wardDesigner, {
      ownerUnitId: tree.wardA.id,
      definition: sampleDefinition('Phiếu của phường Bến Nghé'),
    });
    const ward = (await (await call('/api/forms', { cookie: wardDesigner })).json()) as Json;
    expect(ward.forms.length).toBeGreaterThan(0);
    expect(ward.forms.every((f: { ownerUnitId: string }) => f.ownerUnitId === tree.wardA.id)).toBe(true);
    const city = (await (await call('/api/forms?q=BEN%20NGHE', { cookie: cityDesigner })).json()) as Json;
    expect(city.forms.map((f: { title: string }) => f.title)).toContain('Phiếu của phường Bến Nghé');
    const none = (await (await call('/api/forms', { cookie: viewer })).json()) as Json;
    expect(none.forms).toEqual([]);
  });
});

describe('QR codes', () => {
  it('staff and public QR codes are SVG of the public link', async () => {
    const { body: form } = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      slug: 'ma-qr',
      definition: sampleDefinition(),
    });
    const staff = await call(`/api/forms/${form.id}/qr.svg`, { cookie: cityDesigner });
    expect(staff.status).toBe(200);
    expect(staff.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await staff.text();
    expect(svg).toMatch(/^<svg/);
    // Public: only once published.
    expect((await call('/f/ma-qr/qr.svg')).status).toBe(404);
    await call(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: cityDesigner });
    const pub = await call('/f/ma-qr/qr.svg');
    expect(pub.status).toBe(200);
    expect(await pub.text()).toBe(svg);
  });
});

describe('audit', () => {
  it('publishing (when it creates a version), settings changes and response reads leave audit rows', async () => {
    const { body: form } = await create(cityDesigner, {
      ownerUnitId: tree.front.id,
      definition: sampleDefinition(),
    });
    const actions = async () =>
      (
        await env.DB.prepare('SELECT action, detail FROM audit_log WHERE target_id = ? ORDER BY seq')
          .bind(form.id)
          .all<{ action: string; detail: string }>()
      ).results.map((r) => r.action);
    await call(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: cityDesigner });
    await call(`/api/forms/${form.id}/publish`, { method: 'POST', cookie: cityDesigner }); // unchanged: no row
    await call(`/api/forms/${form.id}/settings`, {
      method: 'PATCH',
      cookie: cityDesigner,
      json: { cap: 10 },
    });
    // A refused change leaves no row (the audit row shares the batch).
    await env.DB.prepare('UPDATE form_quota SET used = 5 WHERE form_id = ?').bind(form.id).run();
    expect(
      (
        await call(`/api/forms/${form.id}/settings`, {
          method: 'PATCH',
          cookie: cityDesigner,
          json: { cap: 1 },
        })
      ).status,
    ).toBe(409);
    await call(`/api/forms/${form.id}/responses`, { cookie: cityDesigner });
    await (await call(`/api/forms/${form.id}/responses.csv`, { cookie: cityDesigner })).text();
    expect(await actions()).toEqual(['form.publish', 'form.settings', 'responses.view', 'responses.export']);
  });
});
