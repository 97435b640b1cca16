/**
 * CSV for Excel, the one writer every export shares: UTF-8 with a BOM (Excel then reads
 * Vietnamese correctly), CRLF line ends, RFC 4180 quoting, and a formula guard on text.
 */

/** The byte-order mark that starts every CSV file we write. */
export const CSV_BOM = '\uFEFF';

/** A CSV value: text, or a number (written as digits, exempt from the formula guard). */
export type CsvValue = string | number | null | undefined;

/**
 * One CSV cell (RFC 4180 quoting). Text that Excel would run as a formula (leading = + - @) gets a
 * leading apostrophe; a number is never guarded ("-5" is a number, not a formula); nothing else is
 * altered (HTML escaping is a renderer's job, not the file's).
 * @example csvCell('=1+1') // "'=1+1"; csvCell(-5) // "-5"
 */
export function csvCell(value: CsvValue): string {
  if (typeof value === 'number') return String(value);
  let s = value ?? '';
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line with its CRLF. */
export function csvLine(cells: CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
