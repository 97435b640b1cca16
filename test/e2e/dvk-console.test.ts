/**
 * "Dân vận khéo" console journey (the city's Ban Dân vận officer): import models from a CSV — the
 * preview names the bad row and column and writes nothing; the fixed file previews clean and the
 * confirm writes both rows — then raise a rubric weight, and upload a photo to an imported model
 * and see it on the model's page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { wardCode } from '../../worker/seed/units';
import { DESKTOP, describeViolations, openBrowser, runAxe } from './helpers/browser';

const base = inject('baseUrl');
const password = inject('demoPassword');
const WARD = wardCode('Điện Biên');
const GOOD = 'Tủ sách khu phố E2E';
const FIXED = 'Chợ không tiền mặt E2E';
/** A 1×1 PNG: the photo endpoint sniffs the signature, so it must be a real image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const csv = (field: string) =>
  Buffer.from(
    [
      'Mã đơn vị,Tên mô hình,Lĩnh vực,Năm,Số người tham gia',
      `${WARD},${GOOD},Văn hóa - xã hội,2026,40`,
      `${WARD},${FIXED},${field},2026,12`,
    ].join('\r\n'),
  );

async function login(page: Page, email: string, path: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/console${path}`);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function registryCount(page: Page, q: string): Promise<number> {
  const res = await page.request.get(`${base}/api/models?q=${encodeURIComponent(q)}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

describe('dân vận khéo console: import, rubric, photos', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
    page = await browser.context.newPage();
    await login(page, 'danvan@langnghe.demo', '/models');
    await page.locator('#models').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('imports a CSV: the bad row is pointed at and nothing is written; the fixed file imports', async () => {
    await page.getByText('Nhập từ tệp Excel/CSV').click();
    const file = page.getByLabel('Chọn tệp (.xlsx hoặc .csv)');
    await file.setInputFiles({ name: 'mo-hinh.csv', mimeType: 'text/csv', buffer: csv('Thể thao') });
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const bad = page.locator('#import-errors tbody tr');
    await bad.first().waitFor();
    expect(await bad.count()).toBe(1);
    expect(await bad.first().getAttribute('data-row')).toBe('3');
    expect(await bad.first().getAttribute('data-column')).toBe('Lĩnh vực');
    await expect.poll(() => page.locator('#import-summary').textContent()).toContain('chưa ghi gì');
    expect(await page.getByRole('button', { name: /Xác nhận nhập/ }).count()).toBe(0);
    expect(await registryCount(page, 'tu sach khu pho e2e')).toBe(0);

    await file.setInputFiles({ name: 'mo-hinh.csv', mimeType: 'text/csv', buffer: csv('Kinh tế') });
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator('#import-preview').getByText(FIXED).waitFor();
    expect(await registryCount(page, 'e2e')).toBe(0); // the clean preview writes nothing either
    await page.getByRole('button', { name: 'Xác nhận nhập 2 mô hình' }).click();
    await page.getByText('Đã nhập 2 mô hình.').waitFor();
    expect(await registryCount(page, 'tu sach khu pho e2e')).toBe(1);
    expect(await registryCount(page, 'cho khong tien mat e2e')).toBe(1);
    await page.getByLabel(/Tìm kiếm/).fill('e2e');
    await page.locator('#models').getByRole('link', { name: FIXED }).waitFor();
  });

  it('edits a rubric weight (a new active version)', async () => {
    await page.getByText('Bộ tiêu chí đánh giá').click();
    const weight = page.getByLabel('Trọng số: Hiệu quả thiết thực');
    expect(await weight.inputValue()).toBe('25');
    await weight.fill('30');
    await page.getByRole('button', { name: 'Lưu bộ tiêu chí' }).click();
    await page.getByText('Đã lưu bộ tiêu chí mới.').waitFor();
    const res = await page.request.get(`${base}/api/models/rubric`);
    const { rubric } = (await res.json()) as { rubric: { criteria: { id: string; weight: number }[] } };
    expect(rubric.criteria.find((c) => c.id === 'effect')?.weight).toBe(30);
  });

  it('uploads a photo to a model and sees it', async () => {
    await page.locator('#models').getByRole('link', { name: GOOD }).click();
    await page.getByRole('heading', { name: 'Hình ảnh' }).waitFor();
    expect(await page.locator('#photos img').count()).toBe(0);
    await page.getByLabel(/Chọn ảnh/).setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Tải ảnh lên' }).click();
    const img = page.locator('#photos img').first();
    await img.waitFor();
    await expect
      .poll(() =>
        img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
      )
      .toBe(1);
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
