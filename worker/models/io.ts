/**
 * Nhập / xuất: the registry to and from spreadsheets. Import is two steps with NOTHING written by
 * the first: the preview validates every row and answers the problems (row = spreadsheet line,
 * column = the header as written) and a token — SHA-256 of the canonical validated rows. Confirm
 * sends the same file with the token; the server re-validates, recomputes the token and writes only
 * when both agree (a changed file or a changed scope is a 409). Model ids are derived from the token
 * and the row, so confirming twice writes the rows once.
 */
import { batchWithAudit } from '../audit/service';
import { authorizeAnywhere, can, type StaffSession } from '../auth/service';
import { MODEL_FIELDS, type ModelField } from '../db/schema';
import { sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { formatDay } from '../lib/format';
import { fold } from '../lib/i18n';
import { toCalendarDate } from '../lib/validate';
import { type Cell, readTable } from '../lib/xlsx';
import { MODEL_FIELD, MODEL_STATUS, RECOGNITION_LEVEL } from '../text/models';
import * as q from './queries';
import type { CreateModelInput, ModelListFilter } from './schema';
import { listModels, MODEL_EDIT, modelValues } from './service';

export const IMPORT_LIMIT = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 2000;

/** Columns of the import file (and the first columns of the export): key, header, folded aliases. */
const COLUMNS = [
  { key: 'unitCode', header: 'Mã đơn vị', aliases: ['unit_code', 'unit'] },
  { key: 'name', header: 'Tên mô hình', aliases: ['name', 'ten'] },
  { key: 'field', header: 'Lĩnh vực', aliases: ['field'] },
  { key: 'year', header: 'Năm', aliases: ['year'] },
  { key: 'startDate', header: 'Ngày bắt đầu', aliases: ['start_date'] },
  { key: 'description', header: 'Mô tả', aliases: ['description'] },
  { key: 'peopleMobilised', header: 'Số người tham gia', aliases: ['people'] },
  { key: 'householdsMobilised', header: 'Số hộ tham gia', aliases: ['households'] },
  { key: 'moneyVnd', header: 'Kinh phí huy động (đồng)', aliases: ['money_vnd', 'money'] },
  { key: 'workdays', header: 'Ngày công', aliases: ['workdays'] },
  { key: 'materials', header: 'Vật tư, hiện vật', aliases: ['materials'] },
  { key: 'results', header: 'Kết quả', aliases: ['results'] },
  { key: 'recognition', header: 'Cấp công nhận', aliases: ['recognition'] },
] as const;
type Key = (typeof COLUMNS)[number]['key'];
const REQUIRED: Key[] = ['unitCode', 'name', 'field'];

export interface ImportProblem {
  row: number;
  column: string;
  code: string;
  message: { vi: string; en: string };
}

/** One validated row, as it will be written. */
export interface ImportRow {
  line: number;
  unitId: string;
  input: CreateModelInput;
}

const fieldByFold = new Map<string, ModelField>(
  MODEL_FIELDS.flatMap((f) => [
    [f, f],
    [fold(MODEL_FIELD[f].vi).replace(/[^a-z]/g, ''), f],
  ]),
);
const recognitionByFold = new Map<string, 'ward' | 'district' | 'province'>([
  ['ward', 'ward'],
  ['district', 'district'],
  ['province', 'province'],
  ...Object.entries(RECOGNITION_LEVEL).map(
    ([k, l]) => [fold(l.vi).replace(/[^a-z]/g, ''), k] as [string, 'ward'],
  ),
  ['capphuong', 'ward'],
  ['capxa', 'ward'],
  ['capquan', 'district'],
  ['caphuyen', 'district'],
  ['captinh', 'province'],
  ['capthanhpho', 'province'],
]);

const P = (row: number, column: string, code: string, message: ImportProblem['message']): ImportProblem => ({
  row,
  column,
  code,
  message,
});

function toInt(s: string): number | null {
  const t = s.replace(/[.\s,]/g, '');
  return /^\d{1,15}$/.test(t) ? Number(t) : null;
}

/** dd/mm/yyyy (what Excel users type) or yyyy-mm-dd → yyyy-mm-dd, else null (also for 30/02). */
export function parseDay(s: string): string | null {
  return toCalendarDate(s);
}

/**
 * Validates a spreadsheet against the caller's scope. Pure of writes.
 * @returns the rows (when all are valid), the problems, and the token of the validated rows.
 */
export async function validateImport(
  d1: D1Database,
  staff: StaffSession,
  bytes: Uint8Array,
  now = Date.now(),
): Promise<{ rows: ImportRow[]; problems: ImportProblem[]; total: number; token: string }> {
  const problems: ImportProblem[] = [];
  let table: { line: number; cells: string[] }[];
  try {
    table = readTable(bytes);
  } catch {
    return {
      rows: [],
      problems: [
        P(1, '', 'unreadable', {
          vi: 'Không đọc được tệp (CSV hoặc XLSX).',
          en: 'The file cannot be read (CSV or XLSX).',
        }),
      ],
      total: 0,
      token: '',
    };
  }
  const [head, ...body] = table;
  if (!head || !body.length) {
    problems.push(
      P(1, '', 'empty', { vi: 'Tệp không có dòng dữ liệu nào.', en: 'The file has no data rows.' }),
    );
    return { rows: [], problems, total: 0, token: '' };
  }
  if (body.length > IMPORT_MAX_ROWS)
    problems.push(
      P(1, '', 'too_many_rows', {
        vi: `Tối đa ${IMPORT_MAX_ROWS} dòng mỗi lần nhập.`,
        en: `At most ${IMPORT_MAX_ROWS} rows per import.`,
      }),
    );
  const index = new Map<Key, number>();
  head.cells.forEach((h, i) => {
    const f = fold(h);
    const col = COLUMNS.find((c) => fold(c.header) === f || (c.aliases as readonly string[]).includes(f));
    if (col && !index.has(col.key)) index.set(col.key, i);
  });
  const headerOf = (k: Key) => COLUMNS.find((c) => c.key === k)!.header;
  for (const k of REQUIRED)
    if (!index.has(k))
      problems.push(
        P(1, headerOf(k), 'missing_column', {
          vi: 'Thiếu cột bắt buộc.',
          en: 'A required column is missing.',
        }),
      );
  if (problems.length) return { rows: [], problems, total: body.length, token: '' };

  const units = new Map((await q.selectUnitCodes(d1)).map((u) => [u.code.toLowerCase(), u]));
  const rows: ImportRow[] = [];
  const outside: number[] = [];
  for (const r of body) {
    const get = (k: Key) => (index.has(k) ? (r.cells[index.get(k)!] ?? '') : '');
    const before = problems.length;
    const bad = (k: Key, code: string, message: ImportProblem['message']) =>
      problems.push(P(r.line, headerOf(k), code, message));
    for (const k of REQUIRED)
      if (!get(k)) bad(k, 'required', { vi: 'Thiếu giá trị bắt buộc.', en: 'A value is required.' });
    const unit = units.get(get('unitCode').toLowerCase());
    if (get('unitCode') && !unit)
      bad('unitCode', 'unknown_unit', { vi: 'Không có đơn vị với mã này.', en: 'No unit has this code.' });
    else if (unit?.mergedIntoId)
      bad('unitCode', 'merged_unit', {
        vi: 'Đơn vị đã sáp nhập; dùng mã đơn vị mới.',
        en: 'The unit was merged; use its successor.',
      });
    else if (unit && !can(staff, MODEL_EDIT, unit.path)) outside.push(r.line);
    const field = get('field')
      ? (fieldByFold.get(fold(get('field')).replace(/[^a-z_]/g, '')) ??
        fieldByFold.get(fold(get('field')).replace(/[^a-z]/g, '')))
      : undefined;
    if (get('field') && !field)
      bad('field', 'unknown_field', {
        vi: 'Lĩnh vực phải là một trong bốn lĩnh vực.',
        en: 'The field must be one of the four fields.',
      });
    const ints: Partial<Record<Key, number>> = {};
    for (const k of ['year', 'peopleMobilised', 'householdsMobilised', 'moneyVnd', 'workdays'] as const) {
      if (!get(k)) continue;
      const n = toInt(get(k));
      if (n === null || (k === 'year' && (n < 1990 || n > 2100)))
        bad(k, 'not_a_number', {
          vi: 'Phải là số nguyên không âm.',
          en: 'Must be a whole non-negative number.',
        });
      else ints[k] = n;
    }
    let startDate: string | null = null;
    if (get('startDate')) {
      startDate = parseDay(get('startDate'));
      if (!startDate)
        bad('startDate', 'date', {
          vi: 'Ngày không hợp lệ: cần dạng dd/mm/yyyy và là ngày có thật.',
          en: 'Not a valid date: use dd/mm/yyyy and a day that exists.',
        });
    }
    let recognition: 'ward' | 'district' | 'province' | null = null;
    if (get('recognition')) {
      recognition = recognitionByFold.get(fold(get('recognition')).replace(/[^a-z]/g, '')) ?? null;
      if (!recognition)
        bad('recognition', 'unknown_level', {
          vi: 'Cấp công nhận: phường/xã, quận/huyện hoặc tỉnh/thành phố.',
          en: 'Recognition: ward, district or province.',
        });
    }
    if (get('name').length > 300)
      bad('name', 'too_long', { vi: 'Tên quá dài (tối đa 300 ký tự).', en: 'Name too long (300 at most).' });
    if (problems.length > before || !unit || !field || outside.at(-1) === r.line) continue;
    rows.push({
      line: r.line,
      unitId: unit.id,
      input: {
        unitId: unit.id,
        name: get('name').normalize('NFC'),
        field,
        year: ints.year,
        startDate,
        description: get('description').normalize('NFC'),
        peopleMobilised: ints.peopleMobilised,
        householdsMobilised: ints.householdsMobilised,
        moneyVnd: ints.moneyVnd,
        workdays: ints.workdays,
        materials: get('materials').normalize('NFC'),
        results: get('results').normalize('NFC'),
        recognition,
      },
    });
  }
  // As the organisation imports: rows outside the caller's scope refuse the file (403), they are
  // not a correctable row error.
  if (outside.length) {
    throw new AppError(
      'forbidden:rows',
      outside.slice(0, 50).map((row) => ({
        path: `rows.${row}`,
        code: 'outside_scope',
        message: { vi: 'Ngoài phạm vi quản lý.', en: 'Outside your scope.' },
      })),
    );
  }
  const canonical = JSON.stringify(
    rows.map((r) => modelValues(r.unitId, r.input, now)).map((m) => ({ ...m, year: m.year })),
  );
  return {
    rows,
    problems,
    total: body.length,
    token: problems.length ? '' : await sha256Hex(`${staff.userId}\n${canonical}`),
  };
}

/** A UUID-shaped id derived from the import token and the row: confirming twice writes once. */
async function importId(token: string, line: number): Promise<string> {
  const h = await sha256Hex(`${token}:${line}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Preview (no token) or confirm (token from the preview). The preview writes nothing at all.
 */
export async function importModels(
  d1: D1Database,
  staff: StaffSession | undefined,
  bytes: Uint8Array,
  token?: string,
) {
  const s = authorizeAnywhere(staff, MODEL_EDIT);
  // The year of rows without one depends on "now"; pin it to the day so preview and confirm agree.
  const now = Date.now();
  const res = await validateImport(d1, s, bytes, now);
  const preview = res.rows.slice(0, 20).map((r) => ({ row: r.line, ...r.input }));
  if (!token) {
    return {
      confirmed: false,
      rows: res.total,
      valid: res.rows.length,
      errors: res.problems,
      preview,
      token: res.token || null,
      created: 0,
    };
  }
  if (res.problems.length) {
    throw new AppError(
      'import_invalid',
      res.problems
        .slice(0, 100)
        .map((p) => ({ path: `rows.${p.row}.${p.column}`, code: p.code, message: p.message })),
    );
  }
  if (res.token !== token) {
    throw new AppError('import_changed');
  }
  for (let i = 0; i < res.rows.length; i += 40) {
    const chunk = res.rows.slice(i, i + 40);
    const stmts: D1PreparedStatement[] = [];
    for (const r of chunk) {
      const id = await importId(token, r.line);
      stmts.push(
        q.rollupOut(d1, id),
        q.upsertModelStatement(d1, id, modelValues(r.unitId, r.input, now), {
          sourceReportId: null,
          actorId: s.userId,
          now,
        }),
        q.rollupIn(d1, id),
      );
    }
    await batchWithAudit(d1, stmts, {
      actorId: s.userId,
      action: 'model.import',
      targetType: 'dvk_model',
      detail: { token: token.slice(0, 16), rows: chunk.length },
    });
  }
  return {
    confirmed: true,
    rows: res.total,
    valid: res.rows.length,
    errors: [],
    preview,
    token,
    created: res.rows.length,
  };
}

/** The export table: import columns first (so an export re-imports), then status and evaluation. */
export async function exportModels(d1: D1Database, staff: StaffSession | undefined, f: ModelListFilter) {
  const { models: rows } = await listModels(d1, staff, { ...f, limit: 10000, offset: 0 });
  const codeOf = new Map((await q.selectUnitCodes(d1)).map((u) => [u.id, u.code]));
  const header = [
    ...COLUMNS.map((c) => c.header),
    'Đơn vị',
    'Trạng thái',
    'Điểm đánh giá (%)',
    'Số nơi nhân rộng',
  ];
  const body: Cell[][] = rows.map((m) => [
    codeOf.get(m.unitId) ?? m.unitId,
    m.name,
    MODEL_FIELD[m.field].vi,
    m.year,
    formatDay(m.startDate),
    m.description,
    m.peopleMobilised,
    m.householdsMobilised,
    m.moneyVnd,
    m.workdays,
    m.materials,
    m.results,
    m.recognition ? RECOGNITION_LEVEL[m.recognition].vi : '',
    m.unitName,
    MODEL_STATUS[m.status].vi,
    m.currentScoreBp === null ? '' : m.currentScoreBp / 100,
    m.replicationCount,
  ]);
  return { header, rows: body };
}
