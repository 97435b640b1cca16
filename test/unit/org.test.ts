import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StaffSession } from '../../worker/auth/service';
import { subtreeBounds } from '../../worker/db/subtree';
import { randomId } from '../../worker/lib/ids';
import { listPeople, publicPeople } from '../../worker/org/people';
import {
  createUnit,
  getUnit,
  listUnits,
  mergeUnit,
  unitAndMergedPredecessors,
  updateUnit,
} from '../../worker/org/service';

const d1 = env.DB;
let seq = 0;
const code = () => `c${++seq}-${randomId(3)}`;

async function root(): Promise<{ staff: StaffSession; city: { id: string; path: string } }> {
  const boot: StaffSession = { userId: 'boot', email: 'b', name: 'b', sessionId: 's', grants: [] };
  // A root needs a root admin; write the first root straight away, then act as its admin.
  const id = `root-${randomId(4)}`;
  await d1
    .prepare(
      "INSERT INTO units (id, code, name, search_name, kind, path, created_at, updated_at) VALUES (?, ?, 'Thành phố', 'thanh pho', 'city_committee', ?, 0, 0)",
    )
    .bind(id, code(), `/${id}/`)
    .run();
  boot.grants.push({ role: 'admin', unitId: id, unitPath: `/${id}/`, unitName: 'Thành phố' });
  return { staff: boot, city: { id, path: `/${id}/` } };
}

const mk = (
  staff: StaffSession,
  name: string,
  parentId: string,
  kind: 'ward' | 'residential_area' | 'other' = 'other',
) => createUnit(d1, staff, { code: code(), name, kind, parentId });

describe('moving units', () => {
  it('re-paths the whole subtree (several levels) in one batch', async () => {
    const { staff, city } = await root();
    const a = await mk(staff, 'A', city.id);
    const b = await mk(staff, 'B', city.id);
    const a1 = await mk(staff, 'A1', a.id);
    const a11 = await mk(staff, 'A11', a1.id);
    const a111 = await mk(staff, 'A111', a11.id);
    await updateUnit(d1, staff, a.id, { parentId: b.id });
    for (const u of [a, a1, a11, a111]) {
      const now = (await getUnit(d1, u.id))!;
      expect(now.path).toBe(`${b.path}${u.path.slice(city.path.length)}`);
    }
    expect((await getUnit(d1, a.id))!.path).toBe(`${b.path}${a.id}/`);
    // siblings untouched
    expect((await getUnit(d1, b.id))!.path).toBe(b.path);
  });

  it('refuses a cycle (moving a unit under its own descendant or itself)', async () => {
    const { staff, city } = await root();
    const a = await mk(staff, 'A', city.id);
    const a1 = await mk(staff, 'A1', a.id);
    await expect(updateUnit(d1, staff, a.id, { parentId: a1.id })).rejects.toMatchObject({
      code: 'unit_cycle',
    });
    await expect(updateUnit(d1, staff, a.id, { parentId: a.id })).rejects.toMatchObject({
      code: 'unit_cycle',
    });
    expect((await getUnit(d1, a1.id))!.path).toBe(a1.path);
  });

  it('refuses a move out of the admin scope, and a duplicate code', async () => {
    const { staff, city } = await root();
    const a = await mk(staff, 'A', city.id);
    const b = await mk(staff, 'B', city.id);
    const wardAdmin: StaffSession = {
      ...staff,
      grants: [{ role: 'admin', unitId: a.id, unitPath: a.path, unitName: 'A' }],
    };
    const a1 = await mk(wardAdmin, 'A1', a.id);
    await expect(updateUnit(d1, wardAdmin, a1.id, { parentId: b.id })).rejects.toMatchObject({ status: 403 });
    await expect(
      updateUnit(d1, staff, a1.id, {
        code: (await d1.prepare('SELECT code FROM units WHERE id = ?').bind(b.id).first<{ code: string }>())!
          .code,
      }),
    ).rejects.toMatchObject({ code: 'unit_code_taken' });
  });

  it('property: any sequence of valid moves keeps every path = parent path + own id', async () => {
    const { staff, city } = await root();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await mk(staff, `N${i}`, i < 2 ? city.id : ids[i - 2]!)).id);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(5), fc.nat(6)), { minLength: 1, maxLength: 6 }),
        async (moves) => {
          for (const [u, p] of moves) {
            const target = p === 6 ? city.id : ids[p]!;
            await updateUnit(d1, staff, ids[u]!, { parentId: target }).catch((e) => {
              if (e.code !== 'unit_cycle') throw e;
            });
          }
          const { results } = await d1
            .prepare(
              'SELECT u.id, u.path, p.path AS parentPath FROM units u JOIN units p ON p.id = u.parent_id WHERE u.id IN (SELECT value FROM json_each(?))',
            )
            .bind(JSON.stringify(ids))
            .all<{ id: string; path: string; parentPath: string }>();
          for (const r of results) expect(r.path).toBe(`${r.parentPath}${r.id}/`);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('merges', () => {
  it('closes the unit, keeps it findable by its old name, and rolls predecessors up transitively', async () => {
    const { staff, city } = await root();
    const w1 = await mk(staff, 'Phường Bến Thành', city.id, 'ward');
    const w2 = await mk(staff, 'Phường Phạm Ngũ Lão', city.id, 'ward');
    const w3 = await mk(staff, 'Phường Sài Gòn', city.id, 'ward');
    const w4 = await mk(staff, 'Phường Mới', city.id, 'ward');
    await mergeUnit(d1, staff, w1.id, { intoId: w2.id, date: '2025-07-01' });
    await mergeUnit(d1, staff, w2.id, { intoId: w4.id, date: '2025-07-01' });
    await mergeUnit(d1, staff, w3.id, { intoId: w4.id, date: '2025-07-01' });
    const merged = (await getUnit(d1, w1.id))!;
    expect(merged).toMatchObject({ name: 'Phường Bến Thành', mergedIntoId: w2.id });
    expect((await unitAndMergedPredecessors(d1, w4.id)).sort()).toEqual([w1.id, w2.id, w3.id, w4.id].sort());
    expect(await unitAndMergedPredecessors(d1, w2.id)).toEqual(expect.arrayContaining([w1.id, w2.id]));
    expect(await listUnits(d1, { q: 'ben thanh' })).toEqual([]);
    const found = await listUnits(d1, { q: 'BEN THANH', includeMerged: true });
    expect(found.map((u) => u.id)).toEqual([w1.id]);
    expect(found[0]).toMatchObject({ validTo: '2025-07-01', mergedIntoId: w2.id });
  });

  it('refuses merging a unit with current children, into itself, or twice', async () => {
    const { staff, city } = await root();
    const a = await mk(staff, 'A', city.id);
    const b = await mk(staff, 'B', city.id);
    await mk(staff, 'A1', a.id);
    await expect(mergeUnit(d1, staff, a.id, { intoId: b.id, date: '2025-07-01' })).rejects.toMatchObject({
      code: 'unit_has_children',
    });
    await expect(mergeUnit(d1, staff, b.id, { intoId: b.id, date: '2025-07-01' })).rejects.toMatchObject({
      code: 'unit_cycle',
    });
    const c = await mk(staff, 'C', city.id);
    await mergeUnit(d1, staff, c.id, { intoId: b.id, date: '2025-07-01' });
    await expect(mergeUnit(d1, staff, c.id, { intoId: b.id, date: '2025-07-02' })).rejects.toMatchObject({
      code: 'unit_merged',
    });
    const merges = await d1
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'unit.merge' AND target_id = ?")
      .bind(c.id)
      .first<{ n: number }>();
    expect(merges!.n).toBe(1);
  });
});

describe('search and helpers', () => {
  it('search ignores diacritics and NFC/NFD forms', async () => {
    const { staff, city } = await root();
    const u = await mk(staff, 'Phường Đa Kao', city.id, 'ward');
    expect((await listUnits(d1, { q: 'da kao' })).map((x) => x.id)).toContain(u.id);
    expect((await listUnits(d1, { q: 'Phường Đa Kao'.normalize('NFD') })).map((x) => x.id)).toContain(u.id);
    // Longer than D1's 50-byte LIKE pattern limit: still a normal empty answer.
    expect(await listUnits(d1, { q: 'x'.repeat(120) })).toEqual([]);
  });

  it('people: diacritic-insensitive search, public picker shows current titles only', async () => {
    const { staff, city } = await root();
    const w = await mk(staff, 'Phường Tân Định', city.id, 'ward');
    const now = Date.now();
    await d1.batch([
      d1
        .prepare(
          "INSERT INTO people (id, full_name, search_name, party_member, created_at, updated_at) VALUES ('p1', 'Nguyễn Thị Hồng', 'nguyen thi hong', 1, ?, ?)",
        )
        .bind(now, now),
      d1
        .prepare(
          "INSERT INTO positions (id, person_id, unit_id, title, valid_from, created_at) VALUES ('x1', 'p1', ?, 'Chủ tịch UBND', '2020-01-01', ?)",
        )
        .bind(w.id, now),
      d1
        .prepare(
          "INSERT INTO positions (id, person_id, unit_id, title, valid_from, valid_to, created_at) VALUES ('x2', 'p1', ?, 'Phó Bí thư', '2015-01-01', '2019-12-31', ?)",
        )
        .bind(w.id, now),
    ]);
    expect((await listPeople(d1, { q: 'NGUYEN THI HONG'.normalize('NFD') })).map((p) => p.id)).toEqual([
      'p1',
    ]);
    expect((await listPeople(d1, { unitId: city.id })).map((p) => p.id)).toEqual(['p1']);
    const pub = await publicPeople(d1, 'hồng');
    expect(pub).toEqual([{ id: 'p1', name: 'Nguyễn Thị Hồng', titles: ['Chủ tịch UBND, Phường Tân Định'] }]);
    expect(await publicPeople(d1, 'h')).toEqual([]);
  });

  it('subtreeBounds covers exactly the paths that start with the prefix', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\/([0-9a-f-]{1,8}\/){1,4}$/),
        fc.string({ maxLength: 12 }),
        (p, tail) => {
          const [lo, hi] = subtreeBounds(p);
          const inside = `${p}${tail}`;
          expect(inside >= lo && inside < hi).toBe(true);
          const sibling = `${p.slice(0, -1)}x/`;
          expect(sibling >= lo && sibling < hi).toBe(false);
        },
      ),
    );
  });
});
