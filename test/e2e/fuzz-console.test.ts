/**
 * Hostile answers stored through a valid submission render inert in the staff console (issue 3,
 * item 7). Extends console-forms.test.ts (one `<img onerror>` typed on a phone) with the payloads a
 * fuzzer sends — script tags, SVG/iframe handlers, attribute break-outs, `javascript:` URLs — in the
 * table and in the response detail: no dialog opens, no handler runs, the text shows literally.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { benchAnswers, createBenchForm } from '../bench/harness.mjs';
import { DESKTOP, openBrowser } from './helpers/browser';

const base = inject('baseUrl');
const password = inject('demoPassword');
const stamp = Date.now().toString(36);

const PAYLOADS = [
  `<script>alert('xss-${stamp}')</script>`,
  `"><svg onload="window.__pwned=1;alert(1)">`,
  `<iframe src="javascript:alert(1)"></iframe><a href="javascript:window.__pwned=2">x</a>`,
  `'; DROP TABLE responses; -- <b onmouseover=alert(1)>đậm</b>`,
];
const NAME = `<img src=x onerror="window.__pwned=3;alert(3)"> ${stamp}`;

describe('hostile answers in the console', () => {
  let close: () => Promise<void>;
  let page: Page;
  const dialogs: string[] = [];
  let formId = '';

  beforeAll(async () => {
    const form = await createBenchForm(base, password, `xss-${stamp}`);
    formId = form.formId;
    const body = benchAnswers('x', 1);
    body.answers.ho_ten = NAME;
    body.answers.noi_dung = PAYLOADS.join('\n');
    const res = await fetch(`${base}/api/public/forms/${form.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `xss-${stamp}-k` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    const browser = await openBrowser(DESKTOP);
    close = browser.close;
    page = await browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterAll(async () => {
    await close?.();
  });

  it('show as text in the responses table and the detail, and run nothing', async () => {
    await page.goto(`${base}/console/forms/${formId}/responses`);
    await page.getByLabel('Thư điện tử').fill('thietke@langnghe.demo');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const row = page.locator('table.responses tbody tr', { hasText: stamp });
    await row.waitFor();
    expect(await row.textContent()).toContain(NAME);

    await row.getByRole('button', { name: /Xem/ }).click();
    const detail = page.locator('dialog.detail');
    await detail.waitFor();
    const text = (await detail.textContent()) ?? '';
    for (const p of PAYLOADS) expect(text).toContain(p);
    expect(text).toContain(NAME);

    // Nothing of the payloads became markup: no element from them, no handler attribute anywhere.
    for (const tag of ['script', 'svg', 'iframe', 'img', 'b']) {
      expect(await page.locator(`table.responses td ${tag}, dialog.detail dd ${tag}`).count(), tag).toBe(0);
    }
    expect(await page.locator('[onload], [onerror], [onmouseover]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.mouse.move(10, 10);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
