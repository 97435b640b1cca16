/**
 * Demo registry of "Dân vận khéo" models: one or two models in each of the 34 wards and communes,
 * across the four fields and 2024–2026; most evaluated (30 of 34 units hold an effective model, so
 * the coverage reads 30/34 over all years against the "34/34" target — and 10/34 for 2026 alone,
 * the year a unit's first model falls in for every third unit), a few replicated. Through the models
 * spreadsheet import and the models services; idempotent by (unit, name).
 */
import type { StaffSession } from '../auth/service';
import type { ModelField } from '../db/schema';
import { importModels } from '../models/io';
import { activeRubric, addReplication, evaluateMany, listModels } from '../models/service';
import { COMMUNE_NAMES, communeCode, WARD_NAMES, wardCode } from './units';

const POOL: { name: string; field: ModelField; description: string; results: string }[] = [
  {
    name: 'Chợ 4.0 không dùng tiền mặt',
    field: 'economy',
    description: 'Vận động tiểu thương dùng mã QR thanh toán.',
    results: '95% tiểu thương dùng thanh toán số.',
  },
  {
    name: 'Tổ hợp tác trồng rau an toàn',
    field: 'economy',
    description: 'Liên kết hộ trồng rau theo quy trình VietGAP.',
    results: 'Thu nhập hộ tham gia tăng 20%.',
  },
  {
    name: 'Bữa cơm nghĩa tình',
    field: 'culture_society',
    description: 'Nấu cơm miễn phí cho người bệnh nghèo.',
    results: '300 suất mỗi tuần.',
  },
  {
    name: 'Tuyến phố văn minh, sáng - xanh - sạch - đẹp',
    field: 'culture_society',
    description: 'Người dân tự trồng hoa, giữ vệ sinh tuyến phố.',
    results: '12 tuyến phố đạt chuẩn.',
  },
  {
    name: 'Camera an ninh khu dân cư',
    field: 'defence_security',
    description: 'Nhân dân góp kinh phí lắp camera giám sát.',
    results: 'Giảm 40% vụ trộm cắp.',
  },
  {
    name: 'Tổ tự quản an ninh trật tự',
    field: 'defence_security',
    description: 'Tổ dân phố tuần tra ban đêm.',
    results: 'Không có tụ điểm phức tạp.',
  },
  {
    name: 'Dân hỏi - cán bộ trả lời',
    field: 'political_system',
    description: 'Đối thoại định kỳ giữa cán bộ phường và nhân dân.',
    results: '100% kiến nghị được trả lời.',
  },
  {
    name: 'Đảng viên gương mẫu nơi cư trú',
    field: 'political_system',
    description: 'Đảng viên nhận phụ trách hộ gia đình.',
    results: '250 hộ được đảng viên phụ trách.',
  },
];

/** Units in a fixed order: wards then communes. */
export const DVK_UNIT_CODES = [...WARD_NAMES.map(wardCode), ...COMMUNE_NAMES.map(communeCode)];

/** Seeds the registry through the spreadsheet import (preview, then confirm); returns ids in list order. */
export async function seedModels(
  d1: D1Database,
  manager: StaffSession,
  unitCode: (code: string) => string,
): Promise<{ created: number; ids: string[] }> {
  const rows: { code: string; p: (typeof POOL)[number]; i: number; k: number }[] = [];
  for (const [i, code] of DVK_UNIT_CODES.entries()) {
    for (let k = 0; k < (i % 3 === 0 ? 2 : 1); k++)
      rows.push({ code, p: POOL[(i * 3 + k * 5) % POOL.length]!, i, k });
  }
  const find = async () => {
    const { models } = await listModels(d1, manager, { limit: 500 });
    const byKey = new Map(models.map((m) => [`${m.unitId}|${m.name}`, m.id]));
    return rows.map((r) => byKey.get(`${unitCode(r.code)}|${r.p.name}`));
  };
  let ids = await find();
  if (ids.every(Boolean)) return { created: 0, ids: ids as string[] };
  const cell = (s: string | number) => `"${String(s).replace(/"/g, '""')}"`;
  const csv = [
    'Mã đơn vị,Tên mô hình,Lĩnh vực,Năm,Ngày bắt đầu,Mô tả,Số người tham gia,Số hộ tham gia,Kinh phí huy động (đồng),Ngày công,"Vật tư, hiện vật",Kết quả,Cấp công nhận',
    ...rows.map(({ code, p, i, k }) => {
      const year = 2024 + ((i + k) % 3);
      return [
        code,
        p.name,
        p.field,
        year,
        `15/0${1 + (i % 9)}/${year}`,
        p.description,
        40 + ((i * 37) % 400),
        10 + ((i * 13) % 150),
        (5 + ((i * 7) % 60)) * 1_000_000,
        20 + ((i * 11) % 300),
        i % 2 ? 'Xi măng, cây giống' : '',
        p.results,
        i % 5 === 0 ? 'district' : 'ward',
      ]
        .map(cell)
        .join(',');
    }),
  ].join('\r\n');
  const bytes = new TextEncoder().encode(csv);
  const preview = await importModels(d1, manager, bytes);
  if (!preview.token)
    throw new Error(`seed: model import rejected: ${JSON.stringify(preview.errors.slice(0, 3))}`);
  await importModels(d1, manager, bytes, preview.token);
  ids = await find();

  // The first model of the first 30 units is effective, unit 31's is not, the rest unevaluated.
  const rubric = await activeRubric(d1);
  const points = (pct: number) =>
    Object.fromEntries(rubric.criteria.map((c) => [c.id, Math.round((c.max * pct) / 100)]));
  await evaluateMany(
    d1,
    manager,
    rows.flatMap((r, n) =>
      r.k !== 0 || r.i > 30
        ? []
        : [
            {
              modelId: ids[n]!,
              scores: points(r.i < 30 ? 70 + (r.i % 4) * 8 : 50),
              comment: 'Hội đồng đánh giá năm',
            },
          ],
    ),
  );
  // Replication: early effective models spread to later units' models.
  for (const [from, to] of [
    [0, 5],
    [0, 9],
    [3, 12],
  ] as const) {
    await addReplication(d1, manager, ids[from]!, ids[to]!).catch(() => undefined);
  }
  return { created: rows.length, ids: ids as string[] };
}
