/**
 * The page's one `<h1>`. On mount it sets the document title and takes focus, so after a route
 * change a screen reader announces the new page and keyboard users start from its top
 * (decision 102).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function PageHeading({ title, children }: { title: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Lắng Nghe`;
  }, [title]);
  useEffect(() => {
    // Focus only when nothing inside the page already holds focus (e.g. a field the user is typing in).
    const active = document.activeElement;
    if (!active || active === document.body || !document.getElementById('main')?.contains(active)) {
      ref.current?.focus();
    }
  }, []);
  return (
    <div class="page-head">
      <h1 tabIndex={-1} ref={ref}>
        {title}
      </h1>
      {children}
    </div>
  );
}
