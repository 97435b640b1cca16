import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';

/**
 * True for a path that names a file (its last segment has an extension), which the static assets
 * serve as is; every other path under /console/ is a client-side route of the SPA.
 * @example isFilePath('/console/assets/x.js') // true; isFilePath('/console/forms/12') // false
 */
export function isFilePath(pathname: string): boolean {
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return /\.[A-Za-z0-9]+$/.test(last);
}

/**
 * The staff console (bảng điều khiển) SPA: `/console/*` is in `run_worker_first`, so deep links
 * such as `/console/forms/12` reach the Worker, which answers with the SPA's `index.html` from the
 * static assets (with the security headers every HTML response gets). Paths naming a file are
 * passed to the assets unchanged. The page itself holds no data: every API call is authorised.
 */
export const consoleRoutes = new Hono<AppEnv>()
  .get('/', (c) => c.redirect('/console/', 301))
  .get('/*', async (c) => {
    const url = new URL(c.req.url);
    if (isFilePath(url.pathname)) return c.env.ASSETS.fetch(c.req.raw);
    // Assets serve /console/index.html at /console/ (html_handling auto-trailing-slash).
    const res = await c.env.ASSETS.fetch(new URL('/console/', url));
    if (!res.ok) throw new AppError('not_found', { what: 'console build (run `npm run build`)' });
    const html = new Response(res.body, res);
    html.headers.set('Content-Type', 'text/html; charset=utf-8');
    // The shell is tiny and names hashed bundles: always revalidate so a deploy is seen at once.
    html.headers.set('Cache-Control', 'no-cache');
    return html;
  });
