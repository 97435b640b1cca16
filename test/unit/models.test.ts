/**
 * The model registry against real D1: rubric arithmetic (property-tested against an independent
 * exact computation), rollups equal a recount from raw rows after random operation sequences
 * (property test), the status machine, diacritic-insensitive search, and the two-step import.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../worker/auth/service';
import { modelCoverage } from '../../worker/models/coverage';
import { importModels } from '../../worker/models/io';
import { type Criterion, DEFAULT_CRITERIA, formatBp, scoreBp } from '../../worker/models/rubric';
import {
  activeRubric,
  addReplication,
  createModel,
  evaluateModel,
  listModels,
  updateModel,
} from '../../worker/models/service';
import { createStaff, createTree, createUnit } from '../helpers/fixtures';
import { session } from './campaigns.fixtures';
import { allCountsForTest, recountForTest } from './models.helpers';

let tree: Awaited<ReturnType<typeof createTree>>;
let admin: StaffSession;
beforeAll(async () => {
  tree = await createTree();
  const s = await createStaff([{ role: 'admin', unitId: tree.city.id }]);
  admin = session(s.userId, 'admin', tree.city);
});

/** Independent reference: the exact rational Σw·s/m / Σw as numerator/denominator over Π m. */
function referenceBp(criteria: Criterion[], scores: Record<string, number>): number {
  const prod = criteria.reduce((p, c) => p * BigInt(c.max), 1n);
  const num = criteria.reduce(
    (acc, c) => acc + BigInt(c.weight) * BigInt(scores[c.id]!) * (prod / BigInt(c.max)),
    0n,
  );
  const den = prod * criteria.reduce((acc, c) => acc + BigInt(c.weight), 0n);
  // 10000·num/den rounded half up: compare the remainder with half the denominator.
  const q = (10000n * num) / den;
  const r = (10000n * num) % den;
  return Number(2n * r >= den ? q + 1n : q);
}

describe('rubric arithmetic', () => {
  it('known values', () => {
    const one: Criterion[] = [{ id: 'a', label: { vi: 'a' }, weight: 1, max: 3 }];
    expect(scoreBp(one, { a: 2 })).toBe(6667); // 66.666… → 66.67 %
    expect(scoreBp(one, { a: 1 })).toBe(3333);
    expect(formatBp(6667)).toBe('66,67\u00a0%');
    const full = Object.fromEntries(DEFAULT_CRITERIA.map((c) => [c.id, c.max]));
    expect(scoreBp(DEFAULT_CRITERIA, full)).toBe(10000);
    // effect 25 % at 8/10, the other five 15 % at 7/10: 20 + 52.5 = 72.5 %
    expect(
      scoreBp(DEFAULT_CRITERIA, { ...Object.fromEntries(DEFAULT_CRITERIA.map((c) => [c.id, 7])), effect: 8 }),
    ).toBe(7250);
  });

  it('equals an exact reference, stays in 0..10000 and is monotone in every score (property)', () => {
    const crit = fc.array(
      fc.record({ weight: fc.integer({ min: 1, max: 1000 }), max: fc.integer({ min: 1, max: 100 }) }),
      { minLength: 1, maxLength: 20 },
    );
    fc.assert(
      fc.property(
        crit.chain((cs) =>
          fc.tuple(
            fc.constant(cs.map((c, i) => ({ ...c, id: `c${i}`, label: { vi: `c${i}` } }))),
            fc.tuple(...cs.map((c) => fc.integer({ min: 0, max: c.max }))),
            fc.nat({ max: cs.length - 1 }),
          ),
        ),
        ([criteria, values, bump]) => {
          const scores = Object.fromEntries(criteria.map((c, i) => [c.id, values[i]!]));
          const bp = scoreBp(criteria, scores);
          expect(bp).toBe(referenceBp(criteria, scores));
          expect(bp).toBeGreaterThanOrEqual(0);
          expect(bp).toBeLessThanOrEqual(10000);
          const c = criteria[bump]!;
          if (scores[c.id]! < c.max)
            expect(scoreBp(criteria, { ...scores, [c.id]: scores[c.id]! + 1 })).toBeGreaterThanOrEqual(bp);
        },
      ),
      { numRuns: 300 },
    );
  });
});

const FIELDS = ['economy', 'culture_society', 'defence_security', 'political_system'] as const;

describe('coverage rollups', () => {
  it('equal a recount from the raw model rows after any sequence of writes (property)', async () => {
    const units = [tree.wardA, tree.wardB];
    const full = async () =>
      Object.fromEntries((await activeRubric(env.DB)).criteria.map((c) => [c.id, c.max]));
    const low = async () => Object.fromEntries((await activeRubric(env.DB)).criteria.map((c) => [c.id, 0]));
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        unit: fc.nat(1),
        field: fc.constantFrom(...FIELDS),
        year: fc.integer({ min: 2024, max: 2026 }),
        people: fc.nat(500),
        money: fc.nat(10_000_000),
      }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        field: fc.constantFrom(...FIELDS),
        year: fc.integer({ min: 2024, max: 2026 }),
        people: fc.nat(500),
      }),
      fc.record({ kind: fc.constant('evaluate' as const), pick: fc.nat(), good: fc.boolean() }),
      fc.record({ kind: fc.constant('replicate' as const), pick: fc.nat(), to: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const ids: string[] = [];
        for (const o of ops) {
          if (o.kind === 'create') {
            const m = await createModel(env.DB, admin, {
              unitId: units[o.unit]!.id,
              name: `Mô hình ${ids.length}`,
              field: o.field,
              year: o.year,
              peopleMobilised: o.people,
              moneyVnd: o.money,
            });
            ids.push(m.id);
          } else if (!ids.length) {
          } else if (o.kind === 'update') {
            await updateModel(env.DB, admin, ids[o.pick % ids.length]!, {
              field: o.field,
              year: o.year,
              peopleMobilised: o.people,
            });
          } else if (o.kind === 'evaluate') {
            await evaluateModel(env.DB, admin, ids[o.pick % ids.length]!, {
              scores: o.good ? await full() : await low(),
            });
          } else {
            const from = ids[o.pick % ids.length]!;
            const to = ids[o.to % ids.length]!;
            await addReplication(env.DB, admin, from, to).catch((e) => {
              if (!['model_not_effective', 'model_self_link'].includes(e.code)) throw e;
            });
          }
        }
        expect(await allCountsForTest()).toEqual(await recountForTest());
      }),
      { numRuns: 15 },
    );
  });

  it('status machine: registered → effective → replicated; not effective cannot be replicated', async () => {
    const a = await createModel(env.DB, admin, { unitId: tree.wardA.id, name: 'Nguồn', field: 'economy' });
    const b = await createModel(env.DB, admin, { unitId: tree.wardB.id, name: 'Đích', field: 'economy' });
    expect(a.status).toBe('registered');
    await expect(addReplication(env.DB, admin, a.id, b.id)).rejects.toMatchObject({
      code: 'model_not_effective',
    });
    const r = await activeRubric(env.DB);
    const zero = Object.fromEntries(r.criteria.map((c) => [c.id, 0]));
    expect((await evaluateModel(env.DB, admin, a.id, { scores: zero })).model.status).toBe('not_effective');
    const max = Object.fromEntries(r.criteria.map((c) => [c.id, c.max]));
    const ev = await evaluateModel(env.DB, admin, a.id, { scores: max });
    expect(ev).toMatchObject({ scoreBp: 10000, verdict: 'effective' });
    expect((await addReplication(env.DB, admin, a.id, b.id)).status).toBe('replicated');
    expect((await addReplication(env.DB, admin, a.id, b.id)).replicationCount).toBe(1); // idempotent
    await expect(evaluateModel(env.DB, admin, a.id, { scores: { ...max, bogus: 1 } })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('coverage: units with an effective model', () => {
  it("a residential area's effective model counts for its ward (and a merged ward's for its successor)", async () => {
    const district = await createUnit('Cụm Bao Phủ', { parent: tree.city, kind: 'other' });
    const wardX = await createUnit('Phường Xuân', { parent: district, kind: 'ward' });
    const wardY = await createUnit('Xã Yên', { parent: district, kind: 'commune' });
    const wardZ = await createUnit('Phường Cũ', { parent: district, kind: 'ward' });
    const areaX = await createUnit('Khu phố 3', { parent: wardX, kind: 'residential_area' });
    const areaZ = await createUnit('Tổ dân phố 7', { parent: wardZ, kind: 'residential_area' });
    const r = await activeRubric(env.DB);
    const max = Object.fromEntries(r.criteria.map((c) => [c.id, c.max]));
    const zero = Object.fromEntries(r.criteria.map((c) => [c.id, 0]));
    const cover = async () => (await modelCoverage(env.DB, admin, { unitId: district.id })).effective;
    const model = async (unitId: string, scores: Record<string, number>) => {
      const m = await createModel(env.DB, admin, { unitId, name: `Mô hình ${unitId}`, field: 'economy' });
      await evaluateModel(env.DB, admin, m.id, { scores });
    };

    // Above ward level, or not effective: no ward is covered.
    await model(district.id, max);
    await model(areaX.id, zero);
    expect(await cover()).toMatchObject({ covered: 0, total: 3 });

    await model(areaX.id, max);
    const c1 = await cover();
    expect(c1).toMatchObject({ covered: 1, total: 3 });
    expect(c1.missing.map((u) => u.id).sort()).toEqual([wardY.id, wardZ.id].sort());

    // Phường Cũ merges into Xã Yên: a model of its old residential area covers the successor.
    await model(areaZ.id, max);
    expect((await cover()).covered).toBe(2);
    await env.DB.prepare('UPDATE units SET merged_into_id = ?, valid_to = ? WHERE id = ?')
      .bind(wardY.id, '2000-01-01', wardZ.id)
      .run();
    expect(await cover()).toMatchObject({ covered: 2, total: 2, missing: [] });
  });
});

describe('search', () => {
  it('ignores diacritics, case and Unicode normalisation, within scope', async () => {
    const unit = await createUnit('Phường Tìm Kiếm', { parent: tree.city, kind: 'ward' });
    const created = await createModel(env.DB, admin, {
      unitId: unit.id,
      name: 'Tuyến đường nở hoa',
      field: 'culture_society',
      description: 'Người dân tự trồng hoa',
    });
    // The list page, read in one batch with its count, maps every column as the single read does.
    expect((await listModels(env.DB, admin, { unitId: unit.id })).models).toEqual([created]);
    const find = async (q: string, s = admin) =>
      (await listModels(env.DB, s, { q, unitId: unit.id })).models.map((m) => m.name);
    expect(await find('tuyen duong no hoa')).toEqual(['Tuyến đường nở hoa']);
    expect(await find('TUYẾN ĐƯỜNG'.normalize('NFD'))).toEqual(['Tuyến đường nở hoa']);
    expect(await find('nguoi dan tu trong')).toEqual(['Tuyến đường nở hoa']);
    expect(await find('khong co')).toEqual([]);
    const other = session('x', 'board_viewer', tree.wardB);
    expect((await listModels(env.DB, other, { q: 'tuyen duong' })).models).toEqual([]);
  });
});

describe('import', () => {
  it('preview writes nothing and points at row and column; confirm writes once with the token', async () => {
    const code = (await env.DB.prepare('SELECT code FROM units WHERE id = ?')
      .bind(tree.wardA.id)
      .first<{ code: string }>())!.code;
    const count = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM dvk_models').first<{ n: number }>())!.n;
    const bad = [
      'Mã đơn vị,Tên mô hình,Lĩnh vực,Năm,Ngày bắt đầu,Kinh phí huy động (đồng)',
      `${code},Sân chơi cho em,Văn hóa - xã hội,2026,01/03/2026,"12.000.000"`,
      `KHONG-CO,Mô hình lạ,Kinh tế,2026,,`,
      `${code},,Thể thao,20x6,31/02/2026,-5`,
    ].join('\n');
    const before = await count();
    const enc = (s: string) => new TextEncoder().encode(s);
    const preview = await importModels(env.DB, admin, enc(bad));
    expect(await count()).toBe(before);
    expect(preview.token).toBeNull();
    expect(preview.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'Mã đơn vị', 'unknown_unit'],
      [4, 'Tên mô hình', 'required'],
      [4, 'Lĩnh vực', 'unknown_field'],
      [4, 'Năm', 'not_a_number'],
      [4, 'Kinh phí huy động (đồng)', 'not_a_number'],
      [4, 'Ngày bắt đầu', 'date'],
    ]);
    await expect(importModels(env.DB, admin, enc(bad), 'a'.repeat(64))).rejects.toMatchObject({
      code: 'import_invalid',
    });
    expect(await count()).toBe(before);

    const good = [
      bad.split('\n')[0],
      bad.split('\n')[1],
      `${code},Camera an ninh,quoc phong - an ninh,2025,,`,
    ].join('\r\n');
    const p2 = await importModels(env.DB, admin, enc(`\uFEFF${good}`));
    expect(p2).toMatchObject({ valid: 2, errors: [] });
    expect(p2.preview[0]).toMatchObject({
      name: 'Sân chơi cho em',
      moneyVnd: 12_000_000,
      startDate: '2026-03-01',
    });
    expect(await count()).toBe(before);
    // A changed file with the old token is refused.
    await expect(
      importModels(env.DB, admin, enc(`${good}\r\n${code},Thêm dòng,Kinh tế,2025,,`), p2.token!),
    ).rejects.toMatchObject({ code: 'import_changed' });
    const done = await importModels(env.DB, admin, enc(`\uFEFF${good}`), p2.token!);
    expect(done.created).toBe(2);
    expect(await count()).toBe(before + 2);
    await importModels(env.DB, admin, enc(`\uFEFF${good}`), p2.token!);
    expect(await count()).toBe(before + 2); // confirming twice writes once
    expect(await allCountsForTest()).toEqual(await recountForTest());
  });
});
