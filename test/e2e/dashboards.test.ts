/**
 * The board member's journey (issue 7): sign in, open the dashboard, filter by a ward and a quarter,
 * switch a chart to its table view, and download the printable PDF.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, describeViolations, openBrowser, runAxe, screenshot } from './helpers/browser';

const base = inject('baseUrl');
const password = inject('demoPassword');

describe('dashboards: a board viewer reads, filters, switches to a table, downloads the PDF', () => {
  let viewer: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  beforeAll(async () => {
    viewer = await openBrowser({ ...DESKTOP, acceptDownloads: true });
    page = await viewer.context.newPage();
  });
  afterAll(async () => {
    await viewer?.close();
  });

  it('signs in and lands on the Front view of their remit', async () => {
    await page.goto(`${base}/console/dashboards`);
    await page.getByLabel('Thư điện tử').fill('lanhdao@langnghe.demo');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 2, name: 'Số ý kiến tiếp nhận theo tháng' }).waitFor();
    // Charts carry a text alternative.
    const label = await page.locator('canvas[role="img"]').first().getAttribute('aria-label');
    expect(label).toMatch(/ý kiến/);
  });

  it('filters by a ward and a quarter; the header says which', async () => {
    const unit = page.getByLabel('Đơn vị', { exact: true });
    const option = await unit.locator('option', { hasText: 'Hàm Rồng' }).first().getAttribute('value');
    await unit.selectOption(option!);
    const period = page.getByLabel('Kỳ', { exact: true });
    // The previous quarter, then back to the current one (where the demo data lies).
    await period.selectOption((await period.locator('option').nth(1).getAttribute('value'))!);
    const quarter = await period.locator('option').nth(0).getAttribute('value');
    await period.selectOption(quarter!);
    await expect.poll(() => new URL(page.url()).searchParams.get('unitId')).toBe(option);
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe(quarter);
    await page.getByText(/Hàm Rồng · Kỳ:/).waitFor();
  });

  it('switches a chart to its table view', async () => {
    const toggle = page.getByRole('button', { name: 'Xem bảng số liệu' }).first();
    await toggle.click();
    await page.getByRole('button', { name: 'Xem biểu đồ' }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Xem biểu đồ' }).first().getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.locator('table').first().waitFor();
    const violations = await runAxe(page);
    expect(
      violations.filter((v) => v.impact === 'critical'),
      describeViolations(violations),
    ).toEqual([]);
    await screenshot(page, 'dashboard-table');
  });

  it('downloads the PDF for the same filters', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Báo cáo PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const url = new URL(download.url());
    expect(url.searchParams.get('format')).toBe('pdf');
    expect(url.searchParams.get('unitId')).toBeTruthy();
    const path = await download.path();
    const fs = await import('node:fs');
    expect(fs.readFileSync(path!).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("opens the People's Committee view (cases rollups) and reads its deadline table", async () => {
    await page.getByLabel('Bảng', { exact: true }).selectOption('peoples_committee');
    await page.getByRole('heading', { level: 2, name: 'Thời hạn giải quyết theo loại vụ việc' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Vụ việc đang mở (hiện tại)' }).waitFor();
    await screenshot(page, 'dashboard-peoples-committee');
  });
});
