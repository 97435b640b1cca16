import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, openBrowser, screenshot } from './helpers/browser';

const base = inject('baseUrl');

describe('the local server the browser tests run against', () => {
  it('answers /api/health after a D1 query', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, db: 'ok' });
  });

  it('refuses the seed route without the token (404, as if it did not exist)', async () => {
    const res = await fetch(`${base}/api/dev/seed`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong' },
    });
    expect(res.status).toBe(404);
  });
});

describe('console deep links', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serve the SPA shell for any client-side route, with the security headers', async () => {
    const shell = await fetch(`${base}/console/`);
    const deep = await fetch(`${base}/console/forms/123/edit`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await deep.text()).toBe(await shell.text());
  });

  it('load the console in Chromium without script errors', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    // Uncaught exceptions only: a 401 from /api/auth/me before login is expected, not an error.
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${base}/console/`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    // The SPA rendered something (the shell's body is empty until the script runs).
    expect(((await page.locator('body').textContent()) ?? '').trim()).not.toBe('');
    await screenshot(page, 'console-home');
    expect(errors).toEqual([]);
  });
});
