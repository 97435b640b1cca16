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

/** Picks the text for a language, falling back to Vietnamese (also for an English left empty). */
export function t(text: LocalText | undefined, lang: Lang): string {
  if (!text) return '';
  return (lang === 'en' ? text.en : undefined) || text.vi;
}

/**
 * A dictionary's entry for a key that arrives as data (a status read from the API or a row): an
 * unknown key reads as itself rather than as nothing.
 * @example t(labelOf(CASE_STATUS, 'answered'), 'en') // 'Answered'; labelOf(CASE_STATUS, 'x').vi === 'x'
 */
export function labelOf(dict: Readonly<Record<string, LocalText>>, key: string): LocalText {
  return dict[key] ?? { vi: key, en: key };
}

/** First letter upper case ("số ý kiến: ẩn" → "Số ý kiến: ẩn"): a dictionary's phrase opening a sentence. */
export function sentenceCase(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
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
