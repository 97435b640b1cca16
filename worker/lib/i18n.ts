/**
 * Bilingual text. Vietnamese is always present and is the default; English is the second language.
 * The one shape of it everywhere — pages, exports, messages, the console, the dictionaries of
 * `worker/text/` — is `{ vi, en }` (`LocalText`), read with `t(text, lang)` (decision 293).
 * Pure module: imported by both the Worker and the browser.
 */
export type Lang = 'vi' | 'en';

/** A label in both languages; `en` falls back to `vi` when missing. */
export interface LocalText {
  vi: string;
  en?: string;
}

/** Picks the text for a language, falling back to Vietnamese. */
export function t(text: LocalText | undefined, lang: Lang): string {
  if (!text) return '';
  return (lang === 'en' ? text.en : undefined) ?? text.vi;
}

/**
 * A dictionary's entry for a key that arrives as data (a status read from the API or a row): an
 * unknown key reads as itself rather than as nothing.
 * @example t(labelOf(CASE_STATUS, 'answered'), 'en') // 'Answered'; labelOf(CASE_STATUS, 'x').vi === 'x'
 */
export function labelOf(dict: Readonly<Record<string, LocalText>>, key: string): LocalText {
  return dict[key] ?? { vi: key, en: key };
}

/** Reads `?lang=en` / Accept-Language style hints; anything else is Vietnamese. */
export function pickLang(hint: string | null | undefined): Lang {
  return hint?.toLowerCase().startsWith('en') ? 'en' : 'vi';
}

/**
 * Folds text for search: NFC/NFD forms and diacritics compare equal, đ matches d, case ignored.
 * @example fold('Nguyễn') === fold('NGUYEN') // true
 */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().trim();
}

const VN_TZ = 'Asia/Ho_Chi_Minh';

/** dd/mm/yyyy in Vietnam time for a UTC instant (ms or ISO string). */
export function formatDate(at: number | string | Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: VN_TZ,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(at));
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
export function formatDateTime(at: number | string | Date): string {
  const d = new Date(at);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: VN_TZ,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
  return `${formatDate(d)} ${time}`;
}

/** Vietnamese number format: 1.234.567,5 */
export function formatNumber(n: number, lang: Lang = 'vi'): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n);
}

/**
 * An amount of money in đồng, grouped as people read it: `50.000.000 đ` (Vietnamese),
 * `50,000,000 VND` (English). The one money formatter of the app.
 * @example formatVnd(50_000_000) // '50.000.000 đ'
 */
export function formatVnd(n: number, lang: Lang = 'vi'): string {
  return lang === 'vi' ? `${formatNumber(n, 'vi')} đ` : `${formatNumber(n, 'en')} VND`;
}

/**
 * A count and its English noun in the right number (Vietnamese nouns do not inflect, so only the
 * English half of a bilingual string needs this). The number is written as `formatNumber(n, 'en')`.
 * @example countEn(1, 'campaign') // '1 campaign'
 * @example countEn(0, 'replication') // '0 replications'
 * @example countEn(3, 'person', 'people') // '3 people'
 */
export function countEn(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n, 'en')} ${n === 1 ? singular : plural}`;
}
