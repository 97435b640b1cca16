/**
 * The console's language: Vietnamese first, English as a switch. UI strings live beside the
 * component that shows them as `tr({ vi: 'Tiếng Việt', en: 'English' })` — the one bilingual shape,
 * `LocalText`, also of the shared dictionaries in `worker/text/` — so each lazy route chunk carries
 * its own strings and the initial bundle stays small (decisions 101, 293).
 */
import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { type Lang, type LocalText, t } from '../../../worker/lib/i18n';

export type { Lang };

interface LangValue {
  lang: Lang;
  setLang: (l: Lang) => void;
  /** The text in the current language: `t(text, lang)` with the language bound. */
  tr: (text: LocalText) => string;
}

const LangContext = createContext<LangValue>({ lang: 'vi', setLang: () => {}, tr: (text) => text.vi });

function initialLang(): Lang {
  try {
    return localStorage.getItem('ln_lang') === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Provides the language; remembers it on this PC and tells the API (the `lang` cookie). */
export function LangProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem('ln_lang', l);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    // biome-ignore lint/suspicious/noDocumentCookie: the API reads this cookie to pick its message language.
    document.cookie = `lang=${lang}; Path=/; SameSite=Lax; Max-Age=31536000`;
  }, [lang]);
  const value = useMemo<LangValue>(
    () => ({ lang, setLang, tr: (text: LocalText) => t(text, lang) }),
    [lang, setLang],
  );
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

/** The current language and the `tr({ vi, en })` picker. */
export function useLang(): LangValue {
  return useContext(LangContext);
}
