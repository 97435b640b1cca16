/**
 * How dates, numbers, percentages and money read — one implementation each, for the Worker's
 * pages, the exports (CSV, XLSX, PDF) and the console alike (decision 294). Dates are Vietnam
 * calendar days (worker/lib/time.ts) written dd/mm/yyyy in both languages; numbers are grouped
 * as each language reads them. Pure module: imported by both the Worker and the browser.
 */
import { type Lang, t } from './i18n';
import { VN_OFFSET_MS, vnDay } from './time';

/**
 * A calendar day `yyyy-mm-dd` as people write it, dd/mm/yyyy; '' for anything else.
 * @example formatDay('2026-02-01') // '01/02/2026'
 */
export function formatDay(day: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** An instant (epoch ms, ISO string or Date) as its Vietnam day, dd/mm/yyyy; '' when absent. */
export function formatDate(at: number | string | Date | null | undefined): string {
  return at === null || at === undefined ? '' : formatDay(vnDay(new Date(at).getTime()));
}

/**
 * An instant as dd/mm/yyyy HH:mm in Vietnam time; '' when absent.
 * @example formatDateTime(Date.UTC(2026, 0, 31, 17, 5)) // '01/02/2026 00:05'
 */
export function formatDateTime(at: number | string | Date | null | undefined): string {
  if (at === null || at === undefined) return '';
  const local = new Date(new Date(at).getTime() + VN_OFFSET_MS).toISOString();
  return `${formatDay(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/**
 * A calendar day as Vietnamese administrative documents write it (minutes, the date line).
 * @example formatDayLong('2026-11-05') // 'ngày 05 tháng 11 năm 2026'
 */
export function formatDayLong(day: string): string {
  return `ngày ${day.slice(8, 10)} tháng ${day.slice(5, 7)} năm ${day.slice(0, 4)}`;
}

/**
 * A month `yyyy-mm` as mm/yyyy.
 * @example formatMonth('2026-03') // '03/2026'
 */
export function formatMonth(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/** A number as each language groups it: 1.234.567,5 (Vietnamese), 1,234,567.5 (English). */
export function formatNumber(n: number, lang: Lang = 'vi'): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n);
}

/**
 * A percentage with two decimals and its sign joined by a no-break space (it never wraps away);
 * '—' when there is none (no denominator). A string is an exact decimal already ('38.88', as the
 * tally computes it without floats); a number is rounded to two decimals.
 * @example formatPercent('38.88') // '38,88 %'; formatPercent(66.67, 'en') // '66.67 %'
 */
export function formatPercent(p: number | string | null | undefined, lang: Lang = 'vi'): string {
  if (p === null || p === undefined) return '—';
  const s = typeof p === 'number' ? p.toFixed(2) : p;
  return `${lang === 'vi' ? s.replace('.', ',') : s}\u00a0%`;
}

/**
 * An amount of money in đồng, grouped as people read it: `50.000.000 đ` (Vietnamese),
 * `50,000,000 VND` (English).
 * @example formatVnd(50_000_000) // '50.000.000 đ'
 */
export function formatVnd(n: number, lang: Lang = 'vi'): string {
  return lang === 'vi' ? `${formatNumber(n, 'vi')} đ` : `${formatNumber(n, 'en')} VND`;
}

/**
 * A count and its English noun in the right number (Vietnamese nouns do not inflect, so only the
 * English half of a bilingual string needs this). The number is written as `formatNumber(n, 'en')`.
 * @example countEn(1, 'campaign') // '1 campaign'
 * @example countEn(3, 'person', 'people') // '3 people'
 */
export function countEn(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n, 'en')} ${n === 1 ? singular : plural}`;
}

const YES = { vi: 'Có', en: 'Yes' };
const NO = { vi: 'Không', en: 'No' };

/** A yes/no answer or flag as a word: Có / Không (never true/false in an export). */
export function formatYesNo(b: boolean, lang: Lang = 'vi'): string {
  return t(b ? YES : NO, lang);
}
