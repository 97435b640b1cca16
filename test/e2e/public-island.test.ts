/**
 * The public form's island in a real browser (phone viewport), on the demo survey (two pages, a
 * show-if question): pagination with inline validation, live show/hide, the draft restored after a
 * reload, and a submission made offline that is queued and sent once the network is back — exactly
 * once, counted in the database through the staff API, also when the server stored it but the
 * reply was lost, and when Send is double-clicked (with and without JavaScript).
 */
import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, PHONE, screenshot } from './helpers/browser';
import { type StaffApi, staffApi } from './helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');
const SLUG = 'khao-sat-hai-long';
const SURVEY = `${base}/f/${SLUG}`;
const SUBMIT_URL = `**/api/public/forms/${SLUG}/responses*`;
const stamp = Date.now().toString(36);

let staff: StaffApi;
let formId: string;
beforeAll(async () => {
  staff = await staffApi(base, 'thietke@langnghe.demo', password);
  formId = await staff.formId(SLUG);
});

/** How many stored responses contain this text (the unique text each journey types). */
const stored = async (text: string) => (await staff.responsesMatching(formId, text)).length;

/** Answers both pages of the survey (island on), ending on page 2 with `text` as the suggestion. */
async function fillSurvey(page: Page, text: string) {
  await page.goto(SURVEY, { waitUntil: 'networkidle' });
  await page.locator('html[data-island="ready"]').waitFor();
  await page.getByLabel('Bạn đang sinh sống ở phường, xã nào?').selectOption({ index: 4 });
  await page.getByLabel('Dưới 30').check();
  await page.locator('#q-hoi_vien--false').check();
  await page.getByRole('button', { name: 'Tiếp' }).click();
  await page.locator('#page-p_danh_gia').waitFor();
  await page.locator('#q-hai_long--3').check();
  await page.getByLabel(/Đề xuất, kiến nghị/).fill(text);
}

/** Fires the browser's `online` event (the island retries at once on it). */
async function blink(context: BrowserContext) {
  await context.setOffline(true);
  await context.setOffline(false);
}

async function receiptOf(page: Page) {
  const link = page.locator('a[href^="/r/"]');
  await link.waitFor({ timeout: 20_000 });
  return decodeURIComponent((await link.getAttribute('href'))!.slice('/r/'.length));
}

describe('public form island (survey, phone)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    browser = await openBrowser(PHONE);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("hydration adopts the server's markup as it is: no DOM write before the island is ready", async () => {
    // A first render that differs from the server's HTML (even one text split in two) makes the
    // island rewrite the DOM while taking over, and the next frame lay the page out again.
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { hydrationWrites?: string[] };
      document.addEventListener('readystatechange', () => {
        if (document.readyState !== 'interactive') return; // parsed; the island has not run yet
        const writes: string[] = [];
        const mo = new MutationObserver((records) => {
          for (const r of records) {
            if (r.type === 'attributes' && r.attributeName === 'data-island') continue;
            writes.push(
              `${r.type} ${(r.target as Element).nodeName} ${JSON.stringify(r.target.textContent?.slice(0, 30))}`,
            );
          }
          // The first batch after the island's module ran: what hydrate() wrote.
          if (document.documentElement.dataset.island === 'ready') {
            mo.disconnect();
            w.hydrationWrites = writes;
          }
        });
        mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    });
    for (const slug of [SLUG, 'gop-y-can-bo']) {
      await page.goto(`${base}/f/${slug}`, { waitUntil: 'networkidle' });
      await page.locator('html[data-island="ready"]').waitFor();
      expect(
        await page.evaluate(() => (window as unknown as { hydrationWrites?: string[] }).hydrationWrites),
      ).toEqual([]);
    }
    await page.close();
  });

  it("speaks the page's language: its own texts come with the page's data (English)", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${SURVEY}?lang=en`, { waitUntil: 'networkidle' });
    await page.locator('html[data-island="ready"]').waitFor();
    await page.getByText('Page 1 of 2').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#error-summary').getByText('Please correct the following:').waitFor();
    expect(await page.getByText('(required)').count()).toBeGreaterThan(0);
    expect(await page.getByText('Trang 1/2').count()).toBe(0);
    await page.close();
  });

  it('paginates, validates inline, shows conditional questions, restores a draft, survives going offline', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(SURVEY, { waitUntil: 'networkidle' });
    await page.locator('html[data-island="ready"]').waitFor();

    // One page at a time; the show-if question is hidden until its condition holds.
    await expect.poll(() => page.locator('#page-p_danh_gia').count()).toBe(0);
    expect(await page.getByText('Trang 1/2').count()).toBe(1);
    expect(await page.getByText('Tổ chức nào?').count()).toBe(0);

    // Next with nothing answered: the error summary, no page change.
    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('#error-summary').waitFor();
    expect(await page.locator('#page-p_danh_gia').count()).toBe(0);

    await page.getByLabel('Bạn đang sinh sống ở phường, xã nào?').selectOption({ index: 1 });
    await page.getByLabel('Từ 30 đến 50').check();
    await page.locator('input[name="q.hoi_vien"][value="true"]').check();
    await page.getByText('Tổ chức nào?').waitFor();
    await page.getByLabel('Hội Nông dân').check();
    // The draft is saved after the next frame: reload only once the last change is on the phone.
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('ln:draft:khao-sat-hai-long') ?? ''))
      .toContain('nong_dan');

    // A reload keeps what was typed (saved on the phone as it changes).
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('html[data-island="ready"]').waitFor();
    await expect.poll(() => page.getByLabel('Hội Nông dân').isChecked()).toBe(true);
    expect(await page.getByLabel('Từ 30 đến 50').isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('#page-p_danh_gia').waitFor();
    await page.locator('input[name="q.hai_long"][value="4"]').check();
    const text = `Mở thêm quầy một cửa buổi sáng thứ Bảy. (offline ${stamp})`;
    await page.getByLabel(/Đề xuất, kiến nghị/).fill(text);

    // Offline: the submission is queued on the phone and says so.
    await browser.context.setOffline(true);
    await page.getByRole('button', { name: 'Gửi' }).click();
    await page.getByText('Đã lưu trên điện thoại, sẽ gửi khi có mạng').waitFor();
    await screenshot(page, 'island-offline-queued');
    const queued = await page.evaluate(() => localStorage.getItem('ln:queue:khao-sat-hai-long'));
    expect(queued).toContain('Mở thêm quầy một cửa');

    // Back online: sent once, receipt shown, queue and draft cleared.
    await browser.context.setOffline(false);
    const link = page.locator('a[href^="/r/"]');
    await link.waitFor({ timeout: 20_000 });
    const code = (await link.getAttribute('href'))!.slice('/r/'.length);
    const res = await fetch(`${base}/api/public/receipts/${code}`);
    expect(res.status).toBe(200);
    expect(await page.evaluate(() => localStorage.getItem('ln:queue:khao-sat-hai-long'))).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('ln:draft:khao-sat-hai-long'))).toBeNull();
    await screenshot(page, 'island-online-receipt');
    // Exactly once in the database.
    expect(await stored(`offline ${stamp}`)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('queued offline, reloaded while the server is still unreachable: answers restored from the phone, then stored once', async () => {
    const { context } = browser;
    const page = await context.newPage();
    const text = `Sửa đèn đường tổ 7 (reload ${stamp})`;
    await fillSurvey(page, text);

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Đã lưu trên điện thoại, sẽ gửi khi có mạng').waitFor();

    // Back online, but the submission endpoint stays unreachable: every attempt fails on the wire.
    const keys: string[] = [];
    const unreachable = (route: Route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      return route.abort('internetdisconnected');
    };
    await context.route(SUBMIT_URL, unreachable);
    await context.setOffline(false);
    await expect.poll(() => keys.length).toBeGreaterThanOrEqual(1);

    // A reload (page served, API still unreachable): the answers come back from the phone, frozen.
    const attemptsBefore = keys.length;
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('html[data-island="ready"]').waitFor();
    await expect.poll(() => keys.length).toBeGreaterThan(attemptsBefore);
    await page.getByText('Đã lưu trên điện thoại, sẽ gửi khi có mạng').waitFor();
    expect(await page.getByLabel(/Đề xuất, kiến nghị/).inputValue()).toBe(text);
    expect(await page.locator('#q-hai_long--3').isChecked()).toBe(true);
    expect(await page.getByLabel(/Đề xuất, kiến nghị/).isDisabled()).toBe(true);
    expect(await stored(`reload ${stamp}`)).toBe(0);
    await screenshot(page, 'island-reload-restored');

    // The server is reachable again: the next retry is stored, once.
    await context.unroute(SUBMIT_URL, unreachable);
    await blink(context);
    const code = await receiptOf(page);
    expect(await stored(`reload ${stamp}`)).toBe(1);
    expect(new Set(keys).size, 'every attempt carried the same idempotency key').toBe(1);
    const res = await fetch(`${base}/api/public/receipts/${code}`);
    expect(res.status).toBe(200);
    await screenshot(page, 'island-reload-receipt');
    await page.close();
  });

  it('the server stores it but the reply is lost: the retry gets the same receipt, one row', async () => {
    const { context } = browser;
    const page = await context.newPage();
    const text = `Thu gom rác đúng giờ (lost reply ${stamp})`;
    await fillSurvey(page, text);

    const keys: string[] = [];
    let delivered = 0;
    const lossy = async (route: Route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (delivered++ === 0) {
        const reply = await route.fetch(); // reaches the server, which stores it …
        expect(reply.status()).toBe(201);
        return route.abort('connectionreset'); // … but the phone never hears back.
      }
      return route.continue();
    };
    await context.route(SUBMIT_URL, lossy);
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Đã lưu trên điện thoại, sẽ gửi khi có mạng').waitFor();
    expect(await stored(`lost reply ${stamp}`)).toBe(1);

    await blink(context);
    const code = await receiptOf(page);
    await context.unroute(SUBMIT_URL, lossy);
    const rows = await staff.responsesMatching(formId, `lost reply ${stamp}`);
    expect(rows.map((r) => r.receiptCode)).toEqual([code]);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    await screenshot(page, 'island-lost-reply-receipt');
    await page.close();
  });

  it('a double click on Send while online stores one row', async () => {
    const page = await browser.context.newPage();
    const text = `Lắp camera ngã tư (double ${stamp})`;
    await fillSurvey(page, text);
    await page.getByRole('button', { name: 'Gửi', exact: true }).dblclick();
    await receiptOf(page);
    expect(await stored(`double ${stamp}`)).toBe(1);
    await screenshot(page, 'island-double-click-receipt');
    await page.close();
  });
});

describe('double submission without JavaScript', () => {
  it('a double click on Send re-posts the same key: one row', async () => {
    const browser = await openBrowser({ ...PHONE, javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      const text = `Nạo vét mương thoát nước (nojs double ${stamp})`;
      await page.goto(SURVEY);
      await page.getByLabel('Bạn đang sinh sống ở phường, xã nào?').selectOption({ index: 5 });
      await page.getByLabel('Từ 30 đến 50').check();
      await page.locator('#q-hoi_vien--false').check();
      await page.locator('#q-hai_long--4').check();
      await page.getByLabel(/Đề xuất, kiến nghị/).fill(text);
      const posts: number[] = [];
      page.on('response', (r) => {
        if (r.request().method() === 'POST') posts.push(r.status());
      });
      await page.getByRole('button', { name: 'Gửi', exact: true }).dblclick();
      await receiptOf(page);
      expect(posts.length).toBeGreaterThanOrEqual(1);
      expect(await stored(`nojs double ${stamp}`)).toBe(1);
      await screenshot(page, 'island-nojs-double-receipt');
    } finally {
      await browser.close();
    }
  });
});
