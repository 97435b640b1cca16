/**
 * "Dân vận khéo" journey: the ward reporter (Điện Biên) files the open 6-month report with one new
 * model; the city's Ban Dân vận officer sees the ward turn "Đã nộp" and evaluates the new model.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, describeViolations, openBrowser, runAxe } from './helpers/browser';

const base = inject('baseUrl');
const password = inject('demoPassword');
const CAMPAIGN = 'Báo cáo 6 tháng cuối năm 2026';
const MODEL = 'Sân chơi an toàn cho thiếu nhi';

async function login(page: Page, email: string, path: string) {
  // Each user signs in afresh: the pages share one browser context (and its cookies).
  await page.context().clearCookies();
  await page.goto(`${base}/console${path}`);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe('dân vận khéo: report and evaluate', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the ward reporter submits the report with one new model', async () => {
    const page = await browser.context.newPage();
    await login(page, 'phuong@langnghe.demo', '/campaigns');
    await page.getByRole('heading', { level: 2, name: 'Báo cáo cần nộp' }).waitFor();
    await page.locator('#todo').getByRole('link', { name: CAMPAIGN }).click();
    await page.getByRole('button', { name: 'Nộp báo cáo' }).waitFor();
    await page.getByLabel(/Tóm tắt kết quả nổi bật/).fill('Ra mắt sân chơi cho thiếu nhi khu phố 2.');
    await page.getByLabel(/Số mô hình đang duy trì/).fill('2');
    await page.getByRole('button', { name: 'Thêm mô hình mới' }).click();
    await page.getByLabel(/Tên mô hình/).fill(MODEL);
    await page.getByLabel('Lĩnh vực').selectOption('culture_society');
    await page.getByLabel('Số người tham gia').fill('85');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu bản nháp.').waitFor();
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByText('Đã nộp báo cáo.').waitFor();
    expect(await page.locator('#report-status').getAttribute('data-status')).toBe('submitted');
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });

  it('the city officer sees the ward submitted and evaluates the new model', async () => {
    const page = await browser.context.newPage();
    await login(page, 'danvan@langnghe.demo', '/campaigns');
    await page.locator('#campaigns').getByRole('link', { name: CAMPAIGN }).click();
    const row = page.locator('#completion tr[data-unit="Phường Điện Biên"]');
    await row.waitFor();
    expect(await row.locator('.status-cell').getAttribute('data-status')).toBe('submitted');

    await page.goto(`${base}/console/models`);
    await page.getByLabel(/Tìm kiếm/).fill('san choi an toan');
    await page.locator('#models').getByRole('link', { name: MODEL }).click();
    await page.locator('#model-status[data-status="registered"]').waitFor();
    // The rubric arrives by its own request: wait for its form before listing its inputs (`all()`
    // does not wait, and an empty list would save nothing).
    await page.locator('#evaluate').waitFor();
    const inputs = await page.locator('input[id^="score-"]').all();
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) await input.fill('9');
    await page.getByRole('button', { name: 'Lưu đánh giá' }).click();
    await page.locator('#model-status[data-status="effective"]').waitFor();
    expect(await page.locator('#evaluations li').count()).toBe(1);
    await page.close();
  });
});
