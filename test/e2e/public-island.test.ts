/**
 * The public form's island in a real browser (phone viewport), on the demo survey (two pages, a
 * show-if question): pagination with inline validation, live show/hide, the draft restored after a
 * reload, and a submission made offline that is queued and sent once the network is back.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, PHONE, screenshot } from './helpers/browser';

const base = inject('baseUrl');
const SURVEY = `${base}/f/khao-sat-hai-long`;

describe('public form island (survey, phone)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    browser = await openBrowser(PHONE);
  });
  afterAll(async () => {
    await browser?.close();
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

    // A reload keeps what was typed (saved on the phone as it changes).
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('html[data-island="ready"]').waitFor();
    await expect.poll(() => page.getByLabel('Hội Nông dân').isChecked()).toBe(true);
    expect(await page.getByLabel('Từ 30 đến 50').isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('#page-p_danh_gia').waitFor();
    await page.locator('input[name="q.hai_long"][value="4"]').check();
    await page.getByLabel(/Đề xuất, kiến nghị/).fill('Mở thêm quầy một cửa buổi sáng thứ Bảy. (offline)');

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
    expect(errors).toEqual([]);
    await page.close();
  });
});
