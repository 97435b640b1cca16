/**
 * The administrator's side of the console: the organisation tree (merged boards greyed with
 * "sáp nhập vào …", expand/collapse by keyboard), people search without diacritics, a CSV import
 * checked before writing, and the accounts page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, describeViolations, openBrowser, runAxe, screenshot } from './helpers/browser';

const base = inject('baseUrl');
const password = inject('demoPassword');

describe('console: administrator pages', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
    page = await browser.context.newPage();
    await page.goto(`${base}/console/org`);
    await page.getByLabel('Thư điện tử').fill('admin@langnghe.demo');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cơ cấu tổ chức' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the tree with merged units marked, and toggles branches from the keyboard', async () => {
    await page.locator('button.toggle').first().waitFor(); // the tree has loaded
    await page.getByRole('button', { name: 'Mở rộng tất cả' }).click();
    await page.locator('.merged-note').first().waitFor();
    expect(await page.locator('.merged-note').first().textContent()).toContain('sáp nhập vào');
    const toggle = page.locator('button.toggle').first();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('button.toggle').first().getAttribute('aria-expanded'))
      .toBe('false');
    // Focus stays on the toggle (the tree is not re-mounted).
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('toggle');
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('checks a CSV import first and marks the bad cell, writing nothing', async () => {
    await page.getByText('Nhập đơn vị từ CSV').click();
    await page
      .getByLabel('… hoặc dán nội dung CSV')
      .fill('code,name,kind\nE2E-1,Tổ dân phố thử,not_a_kind\n');
    await page.getByRole('button', { name: 'Kiểm tra trước' }).click();
    await page.locator('table.csv-preview td.cell-error').first().waitFor();
    expect(await page.getByRole('button', { name: /^Nhập \d+ dòng/ }).count()).toBe(0);
  });

  it('finds people without typing diacritics', async () => {
    await page.getByRole('link', { name: 'Cán bộ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cán bộ' }).waitFor();
    // The unfiltered list has some Nguyễn already: wait for the search itself, then every row must match.
    const searched = page.waitForResponse(
      (r) => r.url().includes('/api/org/people?') && new URL(r.url()).searchParams.get('q') === 'nguyen',
    );
    await page.getByLabel(/Tìm theo tên/).fill('nguyen');
    await searched;
    await expect
      .poll(async () => {
        const names = await page.locator('tbody th').allTextContents();
        return names.length > 0 && names.every((t) => t.includes('Nguyễn'));
      })
      .toBe(true);
  });

  it('lists accounts with their roles', async () => {
    await page.getByRole('link', { name: 'Tài khoản' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tài khoản cán bộ' }).waitFor();
    await page.getByText('thietke@langnghe.demo').waitFor();
    expect(await page.getByText('Thiết kế biểu mẫu —').count()).toBeGreaterThan(0);
    await screenshot(page, 'console-accounts');
  });
});
