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
