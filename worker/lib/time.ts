/**
 * Time in Vietnam: the one place that knows it. Instants are stored as UTC epoch ms; calendar days
 * (rollup buckets, deadlines, "today") are Asia/Ho_Chi_Minh dates `yyyy-mm-dd`. Vietnam has had no
 * daylight saving since 1975, so the offset is a constant +07:00 — cheaper and more predictable
 * than Intl in hot paths. A Vietnam day runs from 17:00 UTC the day before to 16:59:59.999 UTC.
 * How these read on a page is worker/lib/format.ts (decision 294). Pure module.
 */
export const VN_OFFSET_MS = 7 * 3600_000;

const DAY_MS = 86_400_000;

/** The Vietnam-local date `yyyy-mm-dd` of a UTC instant: "today in Vietnam" by default. */
export function vnDay(at: number = Date.now()): string {
  return new Date(at + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant of 00:00 Vietnam time on a `yyyy-mm-dd` date: what "opens on" means. */
export function vnMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00+07:00`);
}

/**
 * The last millisecond (23:59:59.999 Vietnam time) of a `yyyy-mm-dd` day: a form that "closes on
 * 30/06" still takes answers all of that day (decision 103).
 */
export function vnDayEnd(day: string): number {
  return vnMidnight(day) + DAY_MS - 1;
}

/** The day `n` calendar days after `day` (n may be negative): dates, not instants. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The month `n` months after `yyyy-mm` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
