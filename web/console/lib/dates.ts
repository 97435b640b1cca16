/**
 * Dates as office staff type them: dd/mm/yyyy, meaning a day in Asia/Ho_Chi_Minh. The API takes
 * `yyyy-mm-dd` dates and UTC epoch-ms instants; these helpers convert both ways. Pure code.
 */
import { VN_OFFSET_MS, vnDay, vnMidnight } from '../../../worker/lib/time';

/**
 * Parses `d/m/yyyy` or `dd/mm/yyyy` (also with `-` or `.`) into `yyyy-mm-dd`; null when it is not a
 * real calendar date. Empty input gives null too: callers decide whether a date is required.
 * @example parseDmy('1/2/2026') === '2026-02-01'; parseDmy('31/02/2026') === null
 */
export function parseDmy(input: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(input);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const y = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || y < 1900 || y > 2200) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `yyyy-mm-dd` → `dd/mm/yyyy` (empty for empty input). */
export function isoToDmy(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return y && m && d ? `${d}/${m}/${y}` : '';
}

/** The first instant (00:00 Vietnam time) of a `yyyy-mm-dd` day: what "opens on" means. */
export function startOfVnDay(iso: string): number {
  return vnMidnight(iso);
}

/**
 * The last millisecond (23:59:59.999 Vietnam time) of a `yyyy-mm-dd` day: a form that "closes on
 * 30/06" still takes answers all of that day (decision 103).
 */
export function endOfVnDay(iso: string): number {
  return vnMidnight(iso) + 24 * 3600_000 - 1;
}

/** The Vietnam-local day of an instant as dd/mm/yyyy (empty when absent). */
export function instantToDmy(at: number | null | undefined): string {
  return at === null || at === undefined ? '' : isoToDmy(vnDay(at));
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
export function instantToDmyHm(at: number): string {
  const d = new Date(at + VN_OFFSET_MS).toISOString();
  return `${isoToDmy(d.slice(0, 10))} ${d.slice(11, 16)}`;
}
