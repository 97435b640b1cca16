/**
 * CSV imports of units and people (staff keep these lists in Excel). Parsing: papaparse (RFC 4180:
 * quotes, commas and newlines inside quotes); a UTF-8 BOM is stripped. `dryRun` validates every
 * row and reports `{row, column, code, message}` problems without writing; a real import refuses
 * as a whole when any row is wrong, otherwise writes in batches. Imports are idempotent — units by
 * `code`, people by `external_ref`, positions by (person, unit, title, start date) — so a re-run
 * after a partial failure completes the job without duplicates.
 */
import Papa from 'papaparse';
import { audit } from '../audit/service';
import { can, type StaffSession } from '../auth/service';
import { UNIT_KINDS } from '../db/schema';
import { AppError } from '../lib/errors';
import { fold } from '../lib/i18n';
import { newId } from '../lib/ids';
import { isRootPath } from '../lib/unit-path';
import { isCalendarDate } from '../lib/validate';
import {
  insertPositionByRefStatement,
  selectExistingRefs,
  upsertPersonByRefStatement,
} from './people-queries';
import { selectUnitIndex, upsertUnitStatement } from './queries';

export const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;
const BATCH_SIZE = 100;

export interface ImportError {
  /** Line of the CSV file (the header is line 1). */
  row: number;
  column: string;
  code: string;
  message: { vi: string; en: string };
}
export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: ImportError[];
}

type Row = Record<string, string>;

/** Parses CSV text into header-keyed rows (headers trimmed, lower-cased). */
export function parseCsv(text: string): { rows: Row[]; errors: ImportError[] } {
  const res = Papa.parse<Row>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const errors = res.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => ({
      row: (e.row ?? 0) + 2,
      column: '',
      code: `csv_${e.code.toLowerCase()}`,
      message: { vi: `Lỗi định dạng CSV: ${e.message}`, en: `CSV format error: ${e.message}` },
    }));
  const rows = res.data.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, val]) => [k, (val ?? '').trim()])),
  );
  return { rows, errors };
}

function err(row: number, column: string, code: string, message: ImportError['message']): ImportError {
  return { row, column, code, message };
}

const required = (r: Row, col: string, line: number, out: ImportError[]) => {
  if (!r[col])
    out.push(err(line, col, 'required', { vi: 'Thiếu giá trị bắt buộc.', en: 'A value is required.' }));
  return r[col] ?? '';
};
const optDate = (r: Row, col: string, line: number, out: ImportError[]) => {
  const s = r[col];
  if (!s) return null;
  if (!isCalendarDate(s))
    out.push(
      err(line, col, 'date', {
        vi: 'Ngày không hợp lệ: cần dạng yyyy-mm-dd và là ngày có thật.',
        en: 'Not a valid date: use yyyy-mm-dd and a day that exists.',
      }),
    );
  return s;
};

function checkShape(rows: Row[], needed: string[], errors: ImportError[]) {
  if (rows.length > IMPORT_MAX_ROWS) {
    errors.push(
      err(1, '', 'too_many_rows', {
        vi: `Tối đa ${IMPORT_MAX_ROWS} dòng mỗi lần nhập.`,
        en: `At most ${IMPORT_MAX_ROWS} rows per import.`,
      }),
    );
  }
  const first = rows[0];
  for (const col of needed) {
    if (first && !(col in first))
      errors.push(
        err(1, col, 'missing_column', { vi: 'Thiếu cột bắt buộc.', en: 'A required column is missing.' }),
      );
  }
  if (!rows.length)
    errors.push(
      err(1, '', 'empty', { vi: 'Tệp không có dòng dữ liệu nào.', en: 'The file has no data rows.' }),
    );
}

function outOfScope(rows: number[]): AppError {
  return new AppError(
    'forbidden:rows',
    rows.slice(0, 50).map((row) => ({
      path: `rows.${row}`,
      code: 'outside_scope',
      message: { vi: 'Ngoài phạm vi quản trị.', en: 'Outside your scope.' },
    })),
  );
}

function refuse(errors: ImportError[]): AppError {
  return new AppError(
    'import_invalid',
    errors.slice(0, 200).map((e) => ({
      path: `rows.${e.row}${e.column ? `.${e.column}` : ''}`,
      code: e.code,
      message: e.message,
    })),
  );
}

async function runBatches(d1: D1Database, stmts: D1PreparedStatement[]) {
  for (let i = 0; i < stmts.length; i += BATCH_SIZE) await d1.batch(stmts.slice(i, i + BATCH_SIZE));
}

const isRoot = (staff: StaffSession) =>
  staff.grants.some((g) => g.role === 'admin' && isRootPath(g.unitPath));

/**
 * Units CSV: `code,name,name_en,kind,parent_code,valid_from,valid_to`. A parent is an existing
 * unit or a row earlier in the file. An existing code updates names, kind and validity; its place
 * in the tree is changed only through a move (PATCH), never by an import.
 */
export async function importUnits(
  d1: D1Database,
  staff: StaffSession,
  csv: string,
  dryRun: boolean,
): Promise<ImportResult> {
  const { rows, errors } = parseCsv(csv);
  checkShape(rows, ['code', 'name', 'kind'], errors);
  const existing = new Map((await selectUnitIndex(d1)).map((u) => [u.code, u]));
  const planned = new Map<string, { id: string; path: string; allowed: boolean }>();
  const stmts: D1PreparedStatement[] = [];
  const denied: number[] = [];
  let created = 0;
  let updated = 0;
  const now = Date.now();
  rows.forEach((r, i) => {
    const line = i + 2;
    const before = errors.length;
    const code = required(r, 'code', line, errors);
    const name = required(r, 'name', line, errors);
    const kind = required(r, 'kind', line, errors);
    if (kind && !(UNIT_KINDS as readonly string[]).includes(kind)) {
      errors.push(
        err(line, 'kind', 'unknown_kind', {
          vi: 'Loại đơn vị không hợp lệ.',
          en: `Unknown unit kind; one of ${UNIT_KINDS.join(', ')}.`,
        }),
      );
    }
    const validFrom = optDate(r, 'valid_from', line, errors);
    const validTo = optDate(r, 'valid_to', line, errors);
    if (code && planned.has(code))
      errors.push(
        err(line, 'code', 'duplicate_code', {
          vi: 'Mã đơn vị bị lặp trong tệp.',
          en: 'Duplicate code in the file.',
        }),
      );
    const parentCode = r.parent_code ?? '';
    const parent = parentCode ? (planned.get(parentCode) ?? existing.get(parentCode)) : null;
    if (parentCode && !parent) {
      errors.push(
        err(line, 'parent_code', 'unknown_parent', {
          vi: 'Không thấy đơn vị cha (phải có sẵn hoặc ở dòng trước).',
          en: 'Parent not found (must exist or come earlier in the file).',
        }),
      );
    }
    const old = existing.get(code);
    if (old && (old.parentId ?? null) !== (parent?.id ?? null) && !(parentCode && !parent)) {
      errors.push(
        err(line, 'parent_code', 'parent_change', {
          vi: 'Nhập tệp không chuyển đơn vị; hãy dùng chức năng chuyển.',
          en: 'An import does not move units; use a move instead.',
        }),
      );
    }
    if (errors.length > before) return;
    const id = old?.id ?? newId();
    const path = old?.path ?? `${parent?.path ?? '/'}${id}/`;
    // A parent created earlier in this file passes its own verdict on to its children.
    const plannedParent = parentCode && !existing.has(parentCode) ? planned.get(parentCode) : undefined;
    const allowed = old
      ? can(staff, ['admin'], old.path)
      : plannedParent
        ? plannedParent.allowed
        : parent
          ? can(staff, ['admin'], parent.path)
          : isRoot(staff);
    if (!allowed) denied.push(line);
    planned.set(code, { id, path, allowed });
    if (old) updated++;
    else created++;
    stmts.push(
      upsertUnitStatement(d1, {
        id,
        code,
        name,
        nameEn: r.name_en || null,
        searchName: fold(name),
        kind: kind as (typeof UNIT_KINDS)[number],
        parentId: parent?.id ?? null,
        path,
        validFrom,
        validTo,
        mergedIntoId: null,
        now,
      }),
    );
  });
  if (denied.length) throw outOfScope(denied);
  const result = { dryRun, rows: rows.length, created, updated, errors };
  if (dryRun) return result;
  if (errors.length) throw refuse(errors);
  await runBatches(d1, stmts);
  await audit(d1, {
    actorId: staff.userId,
    action: 'unit.import',
    targetType: 'unit',
    detail: { rows: rows.length, created, updated },
  });
  return result;
}

const TRUE = new Set(['1', 'true', 'x', 'có', 'co', 'yes']);
const FALSE = new Set(['', '0', 'false', 'không', 'khong', 'no']);

/**
 * People CSV: `external_ref,full_name,birth_year,party_member,unit_code,title,title_en,valid_from,valid_to`.
 * One row per position; several rows may share an `external_ref`. A row with a position needs
 * admin on that unit; a row without one, any admin.
 */
export async function importPeople(
  d1: D1Database,
  staff: StaffSession,
  csv: string,
  dryRun: boolean,
): Promise<ImportResult> {
  const { rows, errors } = parseCsv(csv);
  checkShape(rows, ['external_ref', 'full_name'], errors);
  const units = new Map((await selectUnitIndex(d1)).map((u) => [u.code, u]));
  const refs = [...new Set(rows.map((r) => r.external_ref ?? '').filter(Boolean))];
  const known = await selectExistingRefs(d1, refs);
  const stmts: D1PreparedStatement[] = [];
  const denied: number[] = [];
  const now = Date.now();
  const isAdmin = staff.grants.some((g) => g.role === 'admin');
  rows.forEach((r, i) => {
    const line = i + 2;
    const before = errors.length;
    const ref = required(r, 'external_ref', line, errors);
    const fullName = required(r, 'full_name', line, errors);
    if (ref && !/^[\p{L}\p{N}._-]{1,64}$/u.test(ref))
      errors.push(
        err(line, 'external_ref', 'format', {
          vi: 'Mã tham chiếu chỉ gồm chữ, số, . _ -',
          en: 'Letters, digits, . _ - only.',
        }),
      );
    const by = r.birth_year ?? '';
    const birthYear = by ? Number(by) : null;
    if (by && (!/^\d{4}$/.test(by) || birthYear! < 1900 || birthYear! > 2100)) {
      errors.push(
        err(line, 'birth_year', 'year', { vi: 'Năm sinh không hợp lệ.', en: 'Not a valid birth year.' }),
      );
    }
    const pm = (r.party_member ?? '').toLowerCase();
    if (!TRUE.has(pm) && !FALSE.has(pm))
      errors.push(
        err(line, 'party_member', 'boolean', { vi: 'Dùng 1/0 hoặc có/không.', en: 'Use 1/0 or yes/no.' }),
      );
    const unitCode = r.unit_code ?? '';
    const title = r.title ?? '';
    if (!!unitCode !== !!title) {
      errors.push(
        err(line, unitCode ? 'title' : 'unit_code', 'required', {
          vi: 'Chức vụ cần cả đơn vị và chức danh.',
          en: 'A position needs both unit_code and title.',
        }),
      );
    }
    const unit = unitCode ? units.get(unitCode) : undefined;
    if (unitCode && !unit)
      errors.push(
        err(line, 'unit_code', 'unknown_unit', {
          vi: 'Không có đơn vị với mã này.',
          en: 'No unit with this code.',
        }),
      );
    const validFrom = optDate(r, 'valid_from', line, errors);
    const validTo = optDate(r, 'valid_to', line, errors);
    if (errors.length > before) return;
    if (unit ? !can(staff, ['admin'], unit.path) : !isAdmin) denied.push(line);
    stmts.push(
      upsertPersonByRefStatement(d1, {
        id: newId(),
        fullName,
        searchName: fold(fullName),
        birthYear,
        partyMember: TRUE.has(pm),
        externalRef: ref,
        now,
      }),
    );
    if (unit) {
      stmts.push(
        insertPositionByRefStatement(d1, {
          id: newId(),
          externalRef: ref,
          unitId: unit.id,
          title,
          titleEn: r.title_en || null,
          validFrom,
          validTo,
          now,
        }),
      );
    }
  });
  if (denied.length) throw outOfScope(denied);
  const created = refs.filter((r) => !known.has(r)).length;
  const result = { dryRun, rows: rows.length, created, updated: refs.length - created, errors };
  if (dryRun) return result;
  if (errors.length) throw refuse(errors);
  await runBatches(d1, stmts);
  await audit(d1, {
    actorId: staff.userId,
    action: 'person.import',
    targetType: 'person',
    detail: { rows: rows.length, created, updated: result.updated },
  });
  return result;
}
