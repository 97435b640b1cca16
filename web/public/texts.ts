/**
 * The island's `ui()`: in the island build this module stands in for `worker/forms/view/strings.ts`
 * (`islandTexts` in vite.config.ts), so the shared view and the island draw the same texts without
 * the first chunk carrying that table in both languages (≈ 1.2 KB gzip). The form page writes its
 * language's texts into the island's data (`uiTexts`, ≈ 0.7 KB gzip of HTML); `start` hands them
 * here before the first render (decision 235).
 */
import { fill, type ui as serverUi, type UiKey } from '../../worker/forms/view/strings';

let texts: Partial<Record<UiKey, string>> = {};

/** The page's texts, from its data (in the page's language, which is the only one the island uses). */
export function setTexts(given: Partial<Record<UiKey, string>> | undefined) {
  texts = given ?? {};
}

/** As `ui` of strings.ts; the language is the page's, already chosen by the server. */
export const ui: typeof serverUi = (key, _lang, vars) => fill(texts[key] ?? '', vars);
