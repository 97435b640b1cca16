/**
 * The frame of every server-rendered public page — the form and receipt pages (worker/public), case
 * tracking (worker/cases), the reporter's data (worker/rights), the ballot pages (worker/ballots):
 * one head, one stylesheet, one header and footer, below every module that renders a page.
 */
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { FORM_CSS } from './form-css';
import { type Lang, type LocalText, t } from './i18n';

const FOOTER: LocalText = {
  vi: 'Lắng Nghe — Ủy ban Mặt trận Tổ quốc Việt Nam. Thông tin cá nhân được bảo mật theo pháp luật.',
  en: 'Lắng Nghe — Vietnam Fatherland Front. Personal data is kept confidential as the law requires.',
};

/**
 * A link or form action that keeps an English reader in English (public pages carry the language
 * in `?lang=`, Vietnamese needs nothing).
 * @example withLang('/b/r1/results', 'en') // '/b/r1/results?lang=en'
 */
export function withLang(path: string, lang: Lang): string {
  return lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
}

/** Serialises a page component into a full HTML document. */
export function html(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

interface LayoutProps {
  lang: Lang;
  title: string;
  /** The same page in the other language (`?lang=` link). */
  switchHref?: string;
  head?: ComponentChildren;
  children: ComponentChildren;
}

/** The page frame: header, language switch, footer, the inlined stylesheet. */
export function Layout(props: LayoutProps) {
  const { lang } = props;
  const other: Lang = lang === 'en' ? 'vi' : 'en';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · Lắng Nghe`}</title>
        <meta name="theme-color" content="#b3140d" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {props.head}
        {/* Inline: a linked stylesheet costs a round trip before the first paint (decision 231). */}
        <style dangerouslySetInnerHTML={{ __html: FORM_CSS }} />
        <link rel="manifest" href="/manifest.webmanifest" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href={lang === 'en' ? '/?lang=en' : '/'}>
            Lắng Nghe
          </a>
          {props.switchHref ? (
            <a class="lang" href={props.switchHref} hreflang={other} lang={other}>
              {other === 'en' ? 'English' : 'Tiếng Việt'}
            </a>
          ) : null}
        </header>
        <main id="main">{props.children}</main>
        <footer class="foot">
          <p>{t(FOOTER, lang)}</p>
        </footer>
      </body>
    </html>
  );
}
