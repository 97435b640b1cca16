/**
 * The staff journey the issue calls "done": a form designer signs in to the console, builds a
 * form with a condition, checks it in the live preview, publishes it, opens the public link on a
 * phone and submits, then finds the response in the table and downloads the CSV.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, describeViolations, openBrowser, PHONE, runAxe, screenshot } from './helpers/browser';

const base = inject('baseUrl');
const password = inject('demoPassword');
const stamp = Date.now().toString(36);
const TITLE = `Khảo sát hội viên ${stamp}`;
const SLUG = `khao-sat-e2e-${stamp}`;
/** A hostile answer: it must come back as text, never as markup. */
const HOSTILE = `<img src=x onerror="window.__pwned=1"> Chi hội số 5 ${stamp}`;

describe('console: build, publish, answer, read back', () => {
  let staff: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let receipt = '';

  beforeAll(async () => {
    staff = await openBrowser({ ...DESKTOP, acceptDownloads: true });
    page = await staff.context.newPage();
    page.on('dialog', (d) => d.accept());
  });
  afterAll(async () => {
    await staff?.close();
  });

  it('sends a signed-out visitor to the login page, then signs in', async () => {
    await page.goto(`${base}/console/forms`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Thư điện tử').fill('thietke@langnghe.demo');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // Back where the visitor was going.
    await page.getByRole('heading', { level: 1, name: 'Biểu mẫu' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/forms');
    // The heading takes focus after the route change.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  it('creates a form and builds two questions, the second shown only on "Có"', async () => {
    await page.getByLabel('Tên biểu mẫu').fill(TITLE);
    await page.getByLabel(/Đường dẫn công khai/).fill(SLUG);
    await page.getByRole('button', { name: 'Tạo và mở trình thiết kế' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Thiết kế: ${TITLE}`) }).waitFor();

    // Question 1: yes/no, required.
    await page.getByLabel('Loại câu hỏi mới').selectOption('yes_no');
    await page.getByRole('button', { name: '+ Thêm câu hỏi' }).click();
    const q1 = page.locator('#b-pages-0-questions-0-label-vi');
    await q1.fill('Anh/chị có phải hội viên không?');
    await page.locator('#edit-q1').getByLabel('Bắt buộc trả lời').check();

    // Question 2: short text, shown only when q1 = Có.
    await page.getByLabel('Loại câu hỏi mới').selectOption('short_text');
    await page.getByRole('button', { name: '+ Thêm câu hỏi' }).click();
    await page.locator('#b-pages-0-questions-1-label-vi').fill('Chi hội của anh/chị');
    const q2 = page.locator('#edit-q2');
    await q2
      .locator('fieldset.condition', { hasText: 'Chỉ hiển thị khi' })
      .getByRole('button', { name: '+ Thêm điều kiện' })
      .click();
    const rule = q2.locator('fieldset.rule').first();
    expect(await rule.getByLabel('Câu hỏi').inputValue()).toBe('q1');
    expect(await rule.getByLabel('Phép so sánh').inputValue()).toBe('eq');
    await rule.getByLabel('Giá trị').selectOption({ label: 'Có' });

    // Keyboard reordering exists for every card (no drag-only).
    await expect.poll(() => page.getByRole('button', { name: 'Chuyển câu q2 lên' }).count()).toBe(1);
  });

  it('previews with the public FormView: the conditional question follows the answer', async () => {
    const preview = page.locator('aside.preview');
    await preview.getByText('Anh/chị có phải hội viên không?').waitFor();
    expect(await preview.locator('#pv-q-q2').count()).toBe(0);
    await preview.locator('#pv-q-q1--true').check();
    await preview.locator('#pv-q-q2').waitFor();
    await preview.locator('#pv-q-q1--false').check();
    await expect.poll(() => preview.locator('#pv-q-q2').count()).toBe(0);
  });

  it('refuses to save an invalid draft and points at the field', async () => {
    await page.locator('#b-pages-0-questions-1-label-vi').fill('');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.locator('#builder-problems').waitFor();
    expect(await page.locator('#b-pages-0-questions-1-label-vi').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#b-pages-0-questions-1-label-vi').fill('Chi hội của anh/chị');
    await expect.poll(() => page.locator('#builder-problems').count()).toBe(0);
  });

  it('saves the draft and publishes version 1', async () => {
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu bản nháp.').waitFor();
    await page.getByRole('button', { name: 'Xuất bản' }).click();
    await page.getByText('Đã xuất bản phiên bản 1.').waitFor();
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'console-builder');
  });

  it('shows the public link and QR code in the settings', async () => {
    await page.getByRole('link', { name: 'Cài đặt và chia sẻ' }).click();
    await page.getByRole('heading', { level: 1, name: /Cài đặt/ }).waitFor();
    expect(await page.locator('#public-link').getAttribute('href')).toBe(`${base}/f/${SLUG}`);
    const qr = await page.evaluate(
      async (id) => (await fetch(`/api/forms/${id}/qr.svg`)).headers.get('content-type'),
      page.url().split('/')[5],
    );
    expect(qr).toContain('image/svg+xml');
  });

  it('a citizen opens the link on a phone and answers, with the condition applied', async () => {
    const phone = await openBrowser(PHONE);
    try {
      const p = await phone.context.newPage();
      await p.goto(`${base}/f/${SLUG}`);
      await p.getByText('Anh/chị có phải hội viên không?').waitFor();
      await expect.poll(() => p.locator('#q-q2').isVisible()).toBe(false);
      await p.locator('#q-q1--true').check();
      await p.locator('#q-q2').fill(HOSTILE);
      await p.getByRole('button', { name: 'Gửi' }).click();
      const link = p.locator('a[href^="/r/"]');
      await link.waitFor({ timeout: 15_000 });
      receipt = decodeURIComponent((await link.getAttribute('href'))!.slice('/r/'.length));
    } finally {
      await phone.close();
    }
    expect(receipt).toMatch(/^[0-9A-Z]{4}-/);
  });

  it('finds the response in the table, shows the hostile answer as inert text', async () => {
    await page.getByRole('link', { name: 'Phản hồi' }).click();
    await page.getByRole('heading', { level: 1, name: /Phản hồi/ }).waitFor();
    const row = page.locator('table.responses tbody tr', { hasText: receipt });
    // The answer columns come from a second request (the form's definition): wait for the answer itself.
    await row.filter({ hasText: HOSTILE }).waitFor();
    expect(await page.locator('table.responses img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Text search without diacritics finds it.
    await page.getByLabel('Tìm trong câu trả lời').fill(`chi hoi so 5 ${stamp}`);
    // The filter must really run (the unfiltered table already shows this row).
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/responses?') && new URL(r.url()).searchParams.has('q')),
      page.getByRole('button', { name: 'Lọc' }).click(),
    ]);
    await page.locator('table.responses tbody tr', { hasText: receipt }).waitFor();

    await row.getByRole('button', { name: /Xem/ }).click();
    const dialog = page.locator('dialog.detail');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Anh/chị có phải hội viên không?');
    expect(await dialog.locator('img').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Đóng' }).click();
  });

  it('downloads the CSV with a BOM, Vietnamese headers and the answer', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải CSV' }).click(),
    ]);
    const file = await download.path();
    const bytes = fs.readFileSync(file!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('Anh/chị có phải hội viên không?');
    expect(text).toContain(receipt);
    expect(text).toContain(`Chi hội số 5 ${stamp}`);
    await screenshot(page, 'console-responses-csv');
  });
});
