import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { AppError } from './errors';
import { pickLang } from './i18n';

/**
 * Security headers on every response. The CSP allows no inline script: the public form's data
 * travels in a `<script type="application/json">` block, which is not executed.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if ((h.get('Content-Type') ?? '').includes('text/html')) {
      h.set(
        'Content-Security-Policy',
        [
          "default-src 'self'",
          "script-src 'self' https://challenges.cloudflare.com",
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: blob:",
          "connect-src 'self'",
          'frame-src https://challenges.cloudflare.com',
          "frame-ancestors 'none'",
          "form-action 'self'",
          "base-uri 'none'",
          "object-src 'none'",
        ].join('; '),
      );
      h.set('X-Frame-Options', 'DENY');
    }
    if (c.env.ENVIRONMENT === 'production') {
      h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
  };
}

/** Language of the reply: `?lang=`, then the `lang` cookie, then Vietnamese. */
export function language(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('lang', pickLang(c.req.query('lang') ?? getCookie(c, 'lang')));
    await next();
  };
}

/**
 * CSRF protection for cookie-authenticated writes: the request must come from our own origin
 * (Origin header, or Sec-Fetch-Site same-origin). SameSite=Strict cookies are the first line;
 * this is the second. Public anonymous endpoints do not use cookies and are exempt.
 */
export function csrfGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const self = new URL(c.req.url).origin;
    const sameOrigin = origin ? origin === self : site === 'same-origin';
    if (!sameOrigin) throw new AppError('csrf_rejected');
    return next();
  };
}

/** The error handler: AppError → its status and body; anything else → logged 500 without details. */
export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    return c.json(err.toBody(c.get('lang') ?? 'vi'), err.status);
  }
  console.error('unhandled', err);
  return c.json(new AppError('internal').toBody(c.get('lang') ?? 'vi'), 500);
}

export function notFound(c: Context<AppEnv>) {
  return c.json(new AppError('not_found', { what: 'route' }).toBody(c.get('lang') ?? 'vi'), 404);
}
