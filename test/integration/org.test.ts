import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '../../worker/lib/ids';
import { call, createStaff, createTree, createUnit } from '../helpers/fixtures';

let tree: Awaited<ReturnType<typeof createTree>>;
let admin: { cookie: string };
beforeAll(async () => {
  tree = await createTree();
  admin = await createStaff([{ role: 'admin', unitId: tree.city.id }]);
});

const csvPost = (path: string, body: string, cookie = admin.cookie) =>
  call(path, { method: 'POST', cookie, body, headers: { 'content-type': 'text/csv' } });
const unitCount = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM units').first<{ n: number }>())!.n;

describe('units CSV import', () => {
  it('dry run reports row/column errors and writes nothing', async () => {
    const parent = await createUnit('Phường Thử', { parent: tree.city, code: `P-${randomId(3)}` });
    const code = (await env.DB.prepare('SELECT code FROM units WHERE id = ?')
      .bind(parent.id)
      .first<{ code: string }>())!.code;
    const csv = [
      'code,name,kind,parent_code,valid_from',
      `K1-${randomId(3)},Khu phố 1,residential_area,${code},2025-07-01`,
      `K2,,planet,${code},01/07/2025`,
      `K3,Khu 3,residential_area,NOPE,`,
    ].join('\n');
    const before = await unitCount();
    const res = await csvPost('/api/org/units/import?dryRun=1', csv);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      dryRun: boolean;
      errors: { row: number; column: string; code: string }[];
      created: number;
    };
    expect(body.dryRun).toBe(true);
    expect(body.created).toBe(1);
    expect(body.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'name', 'required'],
      [3, 'kind', 'unknown_kind'],
      [3, 'valid_from', 'date'],
      [4, 'parent_code', 'unknown_parent'],
    ]);
    expect(await unitCount()).toBe(before);
    // The real import of the same file refuses as a whole.
    const real = await csvPost('/api/org/units/import', csv);
    expect(real.status).toBe(400);
    expect(await real.json()).toMatchObject({
      error: { code: 'import_invalid', fields: [{ path: 'rows.3.name' }, {}, {}, {}] },
    });
    expect(await unitCount()).toBe(before);
  });

  it('imports a tree with quotes, commas, newlines and a BOM; re-running changes nothing', async () => {
    const tag = randomId(3);
    const city = (await env.DB.prepare('SELECT code FROM units WHERE id = ?')
      .bind(tree.city.id)
      .first<{ code: string }>())!.code;
    const csv = `\uFEFFcode,name,name_en,kind,parent_code\r\nQ-${tag},"Quận ""Một"", cũ",District 1,other,${city}\r\nQ-${tag}-P1,"Phường Bến
Nghé",,ward,Q-${tag}\r\nQ-${tag}-P1-K1,Khu phố 1,,residential_area,Q-${tag}-P1\r\n`;
    const before = await unitCount();
    const first = await csvPost('/api/org/units/import', csv);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ created: 3, updated: 0, errors: [] });
    expect(await unitCount()).toBe(before + 3);
    const rows = await env.DB.prepare(
      'SELECT code, name, path, parent_id AS parentId, id FROM units WHERE code LIKE ? ORDER BY code',
    )
      .bind(`Q-${tag}%`)
      .all<{ code: string; name: string; path: string; parentId: string; id: string }>();
    const [q, p1, k1] = rows.results;
    expect(q!.name).toBe('Quận "Một", cũ');
    expect(p1!.name).toBe('Phường Bến\nNghé');
    expect(k1!.path).toBe(`${tree.city.path}${q!.id}/${p1!.id}/${k1!.id}/`);
    const again = await csvPost('/api/org/units/import', csv.replace('Khu phố 1', 'Khu phố Một'));
    expect(await again.json()).toMatchObject({ created: 0, updated: 3 });
    expect(await unitCount()).toBe(before + 3);
    const renamed = await env.DB.prepare('SELECT name FROM units WHERE code = ?')
      .bind(`Q-${tag}-P1-K1`)
      .first<{ name: string }>();
    expect(renamed!.name).toBe('Khu phố Một');
    // A ward admin may not import into another ward.
    const wardAdmin = await createStaff([{ role: 'admin', unitId: tree.wardB.id }]);
    const denied = await csvPost(
      '/api/org/units/import?dryRun=1',
      `code,name,kind,parent_code\nZ-${tag},Z,other,Q-${tag}\n`,
      wardAdmin.cookie,
    );
    expect(denied.status).toBe(403);
  });
});

describe('people CSV import', () => {
  it('is idempotent by external_ref: people and positions are not duplicated', async () => {
    const tag = randomId(3);
    const ward = await createUnit('Phường Nhập', { parent: tree.city, code: `W-${tag}` });
    const csv = [
      'external_ref,full_name,birth_year,party_member,unit_code,title,valid_from',
      `CB-${tag}-1,Trần Văn An,1975,có,W-${tag},Chủ tịch UBND,2025-07-01`,
      `CB-${tag}-1,Trần Văn An,1975,có,W-${tag},Phó Bí thư Đảng ủy,2025-07-01`,
      `CB-${tag}-2,Lê Thị Bình,,0,,,`,
    ].join('\n');
    const dry = await csvPost('/api/org/people/import?dryRun=1', csv);
    expect(await dry.json()).toMatchObject({ dryRun: true, created: 2, errors: [] });
    expect((await csvPost('/api/org/people/import', csv)).status).toBe(200);
    const again = await csvPost('/api/org/people/import', csv);
    expect(await again.json()).toMatchObject({ created: 0, updated: 2 });
    const n = await env.DB.prepare('SELECT count(*) AS n FROM positions WHERE unit_id = ?')
      .bind(ward.id)
      .first<{ n: number }>();
    expect(n!.n).toBe(2);
    const search = await call('/api/org/people?q=tran van an', { cookie: admin.cookie });
    const people = (
      (await search.json()) as {
        people: { externalRef: string; partyMember: boolean; positions: unknown[] }[];
      }
    ).people;
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ externalRef: `CB-${tag}-1`, partyMember: true, birthYear: 1975 });
    expect(people[0]!.positions).toHaveLength(2);
    const bad = await csvPost(
      '/api/org/people/import?dryRun=1',
      `external_ref,full_name,birth_year,unit_code,title\nX-${tag},,19x5,NOPE,\n`,
    );
    const errs = ((await bad.json()) as { errors: { column: string; code: string }[] }).errors.map(
      (e) => `${e.column}:${e.code}`,
    );
    expect(errs).toEqual([
      'full_name:required',
      'birth_year:year',
      'title:required',
      'unit_code:unknown_unit',
    ]);
  });
});

describe('public pickers', () => {
  it('units: current only, filtered by kind; people: at least 2 characters', async () => {
    const old = await createUnit('Phường Cũ Sáp Nhập', { parent: tree.city, kind: 'ward' });
    await call(`/api/org/units/${old.id}/merge`, {
      method: 'POST',
      cookie: admin.cookie,
      json: { intoId: tree.wardA.id, date: '2025-07-01' },
    });
    const res = await call('/api/public/units?kind=ward,commune');
    const { units } = (await res.json()) as { units: { id: string; kind: string }[] };
    expect(units.map((u) => u.id)).toEqual(expect.arrayContaining([tree.wardA.id, tree.wardB.id]));
    expect(units.map((u) => u.id)).not.toContain(old.id);
    expect(units.every((u) => u.kind === 'ward' || u.kind === 'commune')).toBe(true);
    expect(Object.keys(units[0]!).sort()).toEqual(['id', 'kind', 'name', 'nameEn', 'parentId']);
    expect((await call('/api/public/units?kind=planet')).status).toBe(400);
    expect((await call('/api/public/people?q=a')).status).toBe(400);
    const people = await call('/api/public/people?q=tran');
    expect(people.status).toBe(200);
    for (const p of ((await people.json()) as { people: Record<string, unknown>[] }).people) {
      expect(Object.keys(p).sort()).toEqual(['id', 'name', 'titles']);
    }
  });

  it('moves through the API re-path the subtree; a cycle is a 409', async () => {
    const a = await createUnit('Khu A', { parent: tree.wardA });
    const a1 = await createUnit('Tổ A1', { parent: a });
    const moved = await call(`/api/org/units/${a.id}`, {
      method: 'PATCH',
      cookie: admin.cookie,
      json: { parentId: tree.wardB.id },
    });
    expect(moved.status).toBe(200);
    const child = await env.DB.prepare('SELECT path FROM units WHERE id = ?')
      .bind(a1.id)
      .first<{ path: string }>();
    expect(child!.path).toBe(`${tree.wardB.path}${a.id}/${a1.id}/`);
    const cyc = await call(`/api/org/units/${a.id}`, {
      method: 'PATCH',
      cookie: admin.cookie,
      json: { parentId: a1.id },
    });
    expect(cyc.status).toBe(409);
    expect(
      (await call(`/api/org/units/${a.id}`, { method: 'PATCH', cookie: admin.cookie, json: { bogus: 1 } }))
        .status,
    ).toBe(400);
  });
});
