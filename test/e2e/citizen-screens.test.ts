/**
 * What the citizen meets on a 360 px phone (issue 12, findings 6, 7, 8, 11, 19): every control at
 * least 44 px tall and labelled, no horizontal scroll, the receipt code on one line with one name,
 * the receipt saying what is true for a survey, the inline stylesheet in step with form.css, the
 * form page opening offline once visited (answers still sent once back online), and a large photo
 * downscaled in the browser before upload.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { minifyCss } from '../../scripts/form-css.mjs';
import { openBrowser, PHONE, screenshot } from './helpers/browser';

const base = inject('baseUrl');
const SURVEY = `${base}/f/khao-sat-hai-long`;
const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Height of every visible control (inputs, selects, buttons, option rows, and links standing on a
 * line of their own — a link inside a sentence is text) below 44 px.
 */
async function smallControls(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    const sel =
      'main input:not([type=hidden]):not([type=radio]):not([type=checkbox]), main select, main button, main label.opt, main p > a';
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.closest('.hp')) continue;
      if (el.tagName === 'A' && el.parentElement!.textContent!.trim() !== el.textContent!.trim()) continue;
      if (r.height < 44)
        out.push(
          `${el.tagName.toLowerCase()}#${el.id || el.textContent?.trim().slice(0, 20)} ${r.height.toFixed(0)}px`,
        );
    }
    return out;
  });
}
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('citizen screens at 360 px', () => {
  let nojs: Awaited<ReturnType<typeof openBrowser>>;
  let js: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    nojs = await openBrowser({ ...PHONE, javaScriptEnabled: false });
    js = await openBrowser(PHONE);
  });
  afterAll(async () => {
    await nojs?.close();
    await js?.close();
  });

  it('home: the one lookup (code + PIN) is labelled, has placeholders, 44 px boxes; each form has its line', async () => {
    const page = await nojs.context.newPage();
    for (const lang of ['', '?lang=en']) {
      await page.goto(`${base}/${lang}`);
      expect(await smallControls(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      const code = page.getByLabel(lang ? 'Receipt code' : 'Mã biên nhận');
      expect(await code.getAttribute('placeholder')).toBe('K7QM-3XD9-B2HT-Z');
      expect(await page.getByLabel(lang ? /PIN/ : /Mã PIN/).getAttribute('placeholder')).toMatch(/6/);
      // Every demo form carries a one-line explanation, and no two are alike (other journeys may
      // have opened forms of their own by now: those are not the demo's).
      const lines: string[] = [];
      for (const slug of ['khao-sat-hai-long', 'gop-y-can-bo', 'phan-anh-can-bo', 'don-thu-kien-nghi']) {
        const item = page.locator('.forms li', { has: page.locator(`a[href^="/f/${slug}"]`) });
        lines.push((await item.locator('.what').textContent())!.trim());
      }
      expect(lines.every((l) => l.length > 10)).toBe(true);
      expect(new Set(lines).size).toBe(lines.length);
      await screenshot(page, `citizen-home${lang ? '-en' : ''}`);
    }
    await page.close();
  });

  it('every demo form: controls ≥ 44 px and no sideways scroll, JavaScript on and off', async () => {
    for (const b of [nojs, js]) {
      const page = await b.context.newPage();
      for (const slug of ['khao-sat-hai-long', 'gop-y-can-bo', 'phan-anh-can-bo', 'don-thu-kien-nghi']) {
        await page.goto(`${base}/f/${slug}`, { waitUntil: 'networkidle' });
        expect(await smallControls(page), slug).toEqual([]);
        expect(await scrollsSideways(page), slug).toBe(false);
      }
      await page.close();
    }
  });

  it('the survey receipt: one name, the code with dashes on ONE line, nothing about processing', async () => {
    const page = await nojs.context.newPage();
    await page.goto(SURVEY);
    await page.locator('#q-don_vi').selectOption({ index: 1 });
    await page.locator('#q-do_tuoi--duoi_30').check();
    await page.locator('#q-hoi_vien--false').check();
    await page.locator('#q-hai_long--4').check();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    const code = page.locator('#receipt .receipt-code span[aria-hidden="true"]');
    await code.waitFor();
    expect(await code.textContent()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$/);
    // One line: one client rect, no wider than the page.
    const rects = await code.evaluate((el) => el.getClientRects().length);
    expect(rects).toBe(1);
    expect(await scrollsSideways(page)).toBe(false);
    const text = (await page.locator('#receipt').textContent()) ?? '';
    expect(text).toContain('Mã biên nhận');
    expect(text).not.toMatch(/mã tiếp nhận|kết quả xử lý/i);
    expect(text).toContain('không được xử lý hay trả lời riêng');
    expect(await page.locator('#receipt a').count()).toBe(1);
    expect(await smallControls(page)).toEqual([]);
    await screenshot(page, 'citizen-survey-receipt');
    await page.close();
  });

  it('the inline stylesheet is web/static/form.css (run `node scripts/form-css.mjs` after editing it)', async () => {
    const html = await (await fetch(SURVEY)).text();
    const inline = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    expect(inline).toBe(minifyCss(fs.readFileSync(path.join(ROOT, 'web/static/form.css'), 'utf8')));
  });

  it('once visited, the form opens offline, and answers queued offline are sent when back online', async () => {
    const page = await js.context.newPage();
    await page.goto(SURVEY, { waitUntil: 'networkidle' });
    await page.waitForSelector('html[data-island="ready"]');
    // The service worker has the page (the island asked it to keep it).
    await expect
      .poll(() =>
        page.evaluate(
          async () => !!(await caches.match(location.href)) && !!navigator.serviceWorker.controller,
        ),
      )
      .toBe(true);
    await js.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('html[data-island="ready"]');
    await page.locator('#q-don_vi').selectOption({ index: 1 });
    await page.locator('#q-do_tuoi--tren_50').check();
    await page.locator('#q-hoi_vien--false').check();
    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('#q-hai_long--3').check();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Đã lưu trên điện thoại').waitFor();
    await screenshot(page, 'citizen-offline-queued');
    await js.context.setOffline(false);
    const link = page.locator('#receipt a[href^="/r/"]');
    await link.waitFor({ timeout: 20_000 });
    const code = decodeURIComponent((await link.getAttribute('href'))!.slice(3));
    expect((await fetch(`${base}/api/public/receipts/${code}`)).status).toBe(200);
    await page.close();
  });

  it('a large photo is downscaled and re-encoded in the browser before upload', async () => {
    const page = await js.context.newPage();
    await page.goto(`${base}/f/phan-anh-can-bo`, { waitUntil: 'networkidle' });
    await page.waitForSelector('html[data-island="ready"]');
    // A 3000×2000 noisy JPEG at quality 0.95, made by this browser: several MB, as a phone's photo.
    const b64 = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 3000;
      c.height = 2000;
      const g = c.getContext('2d')!;
      const img = g.createImageData(3000, 2000);
      for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : (Math.random() * 255) | 0;
      g.putImageData(img, 0, 0);
      return c.toDataURL('image/jpeg', 0.95).split(',')[1]!;
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ln-big-')), 'anh-lon.jpg');
    fs.writeFileSync(file, Buffer.from(b64, 'base64'));
    const original = fs.statSync(file).size;
    expect(original).toBeGreaterThan(1_500_000);
    const uploaded = page.waitForResponse((r) => r.url().includes('/uploads?'));
    await page.locator('input[type="file"]').setInputFiles(file);
    const res = await uploaded;
    expect(res.status()).toBe(201);
    const { size, type } = (await res.json()) as { size: number; type: string };
    expect(type).toBe('image/jpeg');
    expect(size).toBeLessThan(original / 2);
    await page.getByText('anh-lon.jpg').waitFor();
    await page.close();
  });
});
