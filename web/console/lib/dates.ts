/**
 * Dates as office staff type them: dd/mm/yyyy, meaning a day in Asia/Ho_Chi_Minh. The API takes
 * `yyyy-mm-dd` dates and UTC epoch-ms instants. Writing them back is worker/lib/format.ts
 * (`formatDay`, `formatDate`, `formatDateTime`); day boundaries are worker/lib/time.ts
 * (`vnMidnight`, `vnDayEnd`). Pure code.
 */

/** What a date field says when its text is not a date (the form engine's `invalid_date` says the same). */
export const NOT_A_DATE = {
  vi: 'Ngày không hợp lệ (dd/mm/yyyy).',
  en: 'Not a valid date (dd/mm/yyyy).',
} as const;

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
