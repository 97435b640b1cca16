/**
 * Time in Vietnam. Instants are stored as UTC epoch ms; calendar days (rollup buckets, deadlines)
 * are Asia/Ho_Chi_Minh dates. Vietnam has had no daylight saving since 1975, so the offset is a
 * constant +07:00 — cheaper and more predictable than Intl in hot paths.
 */
export const VN_OFFSET_MS = 7 * 3600_000;

/** The Vietnam-local date `yyyy-mm-dd` of a UTC instant. */
export function vnDay(at: number = Date.now()): string {
  return new Date(at + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant of 00:00 Vietnam time on a `yyyy-mm-dd` date. */
export function vnMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00+07:00`);
}
