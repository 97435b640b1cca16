/**
 * Spreadsheet files staff exchange with Excel: tables out as CSV (UTF-8 with BOM, CRLF, the same
 * cell rules as every CSV export — worker/lib/csv.ts) or XLSX (SheetJS),
 * and tables in from either (the type is judged by the bytes: an XLSX is a ZIP, "PK\3\4").
 */
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import { CSV_BOM, type CsvValue, csvLine } from './csv';

/** A cell: text, or a number (written as a number, never formula-guarded). */
export type Cell = CsvValue;

/**
 * CSV text with a BOM: numbers as plain digits, text through the shared formula guard and quoting.
 * @example tableToCsv(['Tên', 'Số tiền'], [['Bếp ăn', 1500000]])
 */
export function tableToCsv(header: string[], rows: Cell[][]): string {
  return CSV_BOM + csvLine(header) + rows.map(csvLine).join('');
}

/** An XLSX workbook with one sheet (Excel's 31-character sheet-name limit applied). */
export function tableToXlsx(sheetName: string, header: string[], rows: Cell[][]): Uint8Array<ArrayBuffer> {
  const sheet = XLSX.utils.aoa_to_sheet([header, ...rows.map((r) => r.map((c) => c ?? ''))]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, sheetName.slice(0, 31) || 'Sheet1');
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** One sheet of a workbook: its name (made valid by `sheetNames`), optional lines above the table, the table. */
export interface Sheet {
  name: string;
  /** Lines written above the header (a title, the filters), each in column A. */
  preamble?: string[];
  header: string[];
  rows: Cell[][];
}

/**
 * Excel-valid, distinct sheet names: no `[]:*?/\`, at most 31 characters cut at a word boundary
 * (never mid-word), no leading/trailing apostrophe, duplicates numbered " (2)", " (3)" ….
 * @example sheetNames(['Số ý kiến tiếp nhận theo tháng', 'Theo đơn vị']) // ['Số ý kiến tiếp nhận theo tháng', 'Theo đơn vị']
 */
export function sheetNames(titles: string[]): string[] {
  const used = new Set<string>();
  const cut = (t: string, max: number) => {
    if (t.length <= max) return t;
    const head = t.slice(0, max + 1);
    const space = head.lastIndexOf(' ');
    return (space >= max / 2 ? head.slice(0, space) : t.slice(0, max)).replace(/[\s,;:—–-]+$/u, '');
  };
  return titles.map((raw, i) => {
    const clean =
      raw
        .normalize('NFC')
        .replace(/[[\]:*?/\\]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^'+|'+$/g, '') || `Bảng ${i + 1}`;
    let name = cut(clean, 31);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${cut(clean, 31 - ` (${n})`.length)} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** An XLSX workbook with a sheet per table, names made valid and distinct (`sheetNames`). */
export function sheetsToXlsx(sheets: Sheet[]): Uint8Array<ArrayBuffer> {
  const book = XLSX.utils.book_new();
  const names = sheetNames(sheets.map((s) => s.name));
  sheets.forEach((s, i) => {
    const pre = (s.preamble ?? []).map((l) => [l]);
    const aoa = [...pre, ...(pre.length ? [[]] : []), s.header, ...s.rows.map((r) => r.map((c) => c ?? ''))];
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(aoa), names[i]);
  });
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/**
 * A readable download name: each part folded to ASCII words joined by dashes (Vietnamese without
 * diacritics, as people type file names), at most `max` characters, cut between words.
 * @example downloadName('Ban Tổ chức', 'Thành ủy Thanh Hóa', 'quy-4-2026') // 'ban-to-chuc-thanh-uy-thanh-hoa-quy-4-2026'
 */
export function downloadName(...parts: string[]): string {
  const slug = parts
    .map((p) =>
      p
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/[đĐ]/g, 'd')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean)
    .join('-');
  const max = 120;
  if (slug.length <= max) return slug || 'tai-xuong';
  const cut = slug.lastIndexOf('-', max);
  return cut > 0 ? slug.slice(0, cut) : slug.slice(0, max);
}

/** A download reply for an XLSX workbook of several sheets. */
export function workbookResponse(name: string, sheets: Sheet[]): Response {
  return new Response(sheetsToXlsx(sheets), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '-')}.xlsx"`,
      'cache-control': 'no-store',
    },
  });
}

/** True when the bytes are a ZIP container (XLSX). */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The first sheet of an XLSX, or a CSV (BOM stripped), as rows of trimmed strings. Blank lines are
 * dropped; row numbers reported to people are the spreadsheet's (header = row 1), so callers get
 * each row's `line`.
 */
export function readTable(bytes: Uint8Array): { line: number; cells: string[] }[] {
  let rows: unknown[][];
  if (isXlsx(bytes)) {
    const book = XLSX.read(bytes, { type: 'array', cellDates: false });
    const first = book.SheetNames[0];
    const sheet = first ? book.Sheets[first] : undefined;
    rows = sheet
      ? (XLSX.utils.sheet_to_json(sheet, {
          header: 1,
          raw: false,
          blankrows: true,
          defval: '',
        }) as unknown[][])
      : [];
  } else {
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    rows = Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
  }
  return rows
    .map((r, i) => ({ line: i + 1, cells: r.map((c) => String(c ?? '').trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
}

/** A download reply for a table in the requested format. */
export function tableResponse(
  format: 'csv' | 'xlsx',
  name: string,
  header: string[],
  rows: Cell[][],
): Response {
  const body = format === 'xlsx' ? tableToXlsx(name, header, rows) : tableToCsv(header, rows);
  const type =
    format === 'xlsx'
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv; charset=utf-8';
  return new Response(body, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '-')}.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
