/**
 * Work not yet saved (decision 240): a guard on leaving the page — every in-console link and
 * closing or reloading the tab — and a copy of the work kept in this browser's localStorage, so
 * that a "leave" the guard cannot stop (the back button, a crash, a confirmed leave) loses nothing.
 */
import { useEffect } from 'preact/hooks';

/**
 * While `dirty`, asks before any link click leaves the page (capture phase on `window`, ahead of
 * preact-iso's router) and lets the browser warn on closing or reloading the tab (`beforeunload`).
 * Links to `#…` and links opening elsewhere (new tab, download) are left alone.
 */
export function useLeaveGuard(dirty: boolean, message: string): void {
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium shows the dialog only when returnValue is set.
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      const link = e.composedPath().find((el): el is HTMLAnchorElement => (el as Element).nodeName === 'A');
      if (!link?.href) return;
      const href = link.getAttribute('href') ?? '';
      if (href.startsWith('#') || link.download || (link.target && link.target !== '_self')) return;
      const to = new URL(link.href);
      if (to.pathname === location.pathname && to.search === location.search) return;
      if (!confirm(message)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    addEventListener('beforeunload', onUnload);
    addEventListener('click', onClick, true);
    return () => {
      removeEventListener('beforeunload', onUnload);
      removeEventListener('click', onClick, true);
    };
  }, [dirty, message]);
}

/** A copy of unsaved work: what it was based on (the server's version, as JSON), the work, when. */
export interface LocalCopy<T> {
  base: string;
  value: T;
  at: number;
}

const PREFIX = 'ln-unsaved:';

/** The copy kept under `key`, or null (nothing kept, storage off, or unreadable). */
export function readLocalCopy<T>(key: string): LocalCopy<T> | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const c = JSON.parse(raw) as LocalCopy<T>;
    return typeof c?.base === 'string' && c.value !== undefined ? c : null;
  } catch {
    return null;
  }
}

/** Keeps `value` (based on the server's `base`) under `key`; `null` forgets it. */
export function writeLocalCopy<T>(key: string, copy: { base: string; value: T } | null): void {
  try {
    if (copy) localStorage.setItem(PREFIX + key, JSON.stringify({ ...copy, at: Date.now() }));
    else localStorage.removeItem(PREFIX + key);
  } catch {
    // Storage full or disabled: the leave guard still protects the work.
  }
}
