/**
 * The administrator's retention page (issue 14 items 1 and 6): reach it from the navigation, read
 * the periods with their bounds and basis, lengthen one and see it stored, shorten it only after a
 * confirmation (dismissed: nothing changes), try one below its legal bound and see the server's
 * message beside the field; hold a case by its receipt code as typed from a letter and release it;
 * run the job now and see the run listed; download the register and the audit trail. Checks what
 * the server stored through the API (decision 120). Screenshots at 1366 px in Vietnamese and English.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newReceiptCode } from '../../worker/lib/ids';
import { DESKTOP, describeViolations, openBrowser, runAxe, screenshot } from './helpers/browser';
import { staffApi } from './helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');

interface Period {
  formKind: string;
  category: string;
  days: number;
}

describe('console: retention of personal data (administrator)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let admin: Awaited<ReturnType<typeof staffApi>>;
  const period = async (formKind: string, category: string) =>
    (await admin.get<{ periods: Period[] }>('/api/admin/retention')).periods.find(
      (p) => p.formKind === formKind && p.category === category,
    )!.days;

  beforeAll(async () => {
    admin = await staffApi(base, 'admin@langnghe.demo', password);
    browser = await openBrowser(DESKTOP);
    page = await browser.context.newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel('Thư điện tử').fill('admin@langnghe.demo');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang chính' }).waitFor();
  });
  afterAll(async () => {
    // Leave the shared demo database as the seed made it.
    await admin?.put('/api/admin/retention/survey/free_text', { days: 365 }).catch(() => undefined);
    await browser?.close();
  });

  it('shows the periods with their defaults, legal bounds and basis', async () => {
    // The header is full at 1366 px: the page is a tab of the accounts section (and a home card).
    expect(
      await page.locator('ul.cards').getByRole('link', { name: 'Lưu trữ dữ liệu cá nhân' }).count(),
    ).toBe(1);
    await page
      .getByRole('navigation', { name: 'Chức năng' })
      .getByRole('link', { name: 'Tài khoản' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Tài khoản cán bộ' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Quản trị' })
      .getByRole('link', { name: 'Lưu trữ dữ liệu cá nhân' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Lưu trữ dữ liệu cá nhân' }).waitFor();
    const table = page.locator('table.periods');
    await table.getByText('Danh tính người gửi', { exact: true }).waitFor();
    expect(await table.getByText('Căn cứ pháp lý:').count()).toBe(8);
    expect(await table.textContent()).toContain('91/2025/QH15');
    const petition = page.getByLabel('Thời hạn (ngày): Danh tính người gửi — Khiếu nại, tố cáo, kiến nghị');
    expect(await petition.inputValue()).toBe('1825');
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('lengthens a period and stores it; shortens it only once confirmed', async () => {
    const box = page.getByLabel('Thời hạn (ngày): Câu trả lời tự do — Khảo sát');
    const save = page.getByRole('button', { name: 'Lưu Câu trả lời tự do — Khảo sát' });
    expect(await box.inputValue()).toBe('365');
    expect(await save.isDisabled()).toBe(true);
    await box.fill('400');
    await save.click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
    await expect.poll(() => period('survey', 'free_text')).toBe(400);

    // Shorter: the page asks first. Dismissed, nothing is sent.
    await box.fill('300');
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await save.click();
    await expect.poll(() => asked).toContain('Rút ngắn thời hạn');
    expect(asked).toContain('từ 400 xuống 300 ngày');
    expect(await period('survey', 'free_text')).toBe(400);
    // Confirmed, it is stored.
    page.once('dialog', (d) => void d.accept());
    await save.click();
    await expect.poll(() => period('survey', 'free_text')).toBe(300);
    await expect.poll(() => box.inputValue()).toBe('300');
  });

  it('refuses a period below its legal bound with the server’s message beside the field', async () => {
    const box = page.getByLabel('Thời hạn (ngày): Danh tính người gửi — Khiếu nại, tố cáo, kiến nghị');
    await box.fill('30');
    // Outside the bounds the page does not ask: the server refuses.
    await page
      .getByRole('button', { name: 'Lưu Danh tính người gửi — Khiếu nại, tố cáo, kiến nghị' })
      .click();
    await expect.poll(() => box.getAttribute('aria-invalid')).toBe('true');
    const errId = (await box.getAttribute('aria-describedby'))!;
    const message = await page.locator(`[id="${errId}"]`).textContent();
    expect(message).toContain('phải từ 1825 đến 7300 ngày');
    expect(await period('petition', 'identity')).toBe(1825);
  });

  it('holds a case by its receipt code as typed from a letter, and releases it', async () => {
    const intake = await staffApi(base, 'tiepnhan@langnghe.demo', password);
    const me = await intake.get<{ grants: { role: string; unitId: string }[] }>('/api/auth/me');
    const unitId = me.grants.find((g) => g.role === 'case_intake')!.unitId;
    const { cases } = await intake.get<{ cases: { id: string; receiptCode: string }[] }>(
      `/api/cases/intake?unitId=${unitId}`,
    );
    const target = cases[0]!;
    // A code that is not one: said at once, nothing sent.
    await page.getByLabel(/^Mã biên nhận/).fill('ABCD-EFGH');
    await page.getByLabel(/^Lý do giữ lại/).fill('Thanh tra tỉnh, văn bản số 12/TTr ngày 01/12/2026.');
    await page.getByRole('button', { name: 'Giữ lại hồ sơ' }).click();
    await page.getByText('Mã biên nhận không hợp lệ').waitFor();
    // A well-formed code no case has: the server's message, beside the field.
    await page.getByLabel(/^Mã biên nhận/).fill(newReceiptCode());
    await page.getByRole('button', { name: 'Giữ lại hồ sơ' }).click();
    await page.getByText('Không có vụ việc nào có mã biên nhận (hoặc mã vụ việc) này.').waitFor();

    await page.getByLabel(/^Mã biên nhận/).fill(target.receiptCode.replace(/-/g, ' ').toLowerCase());
    await page.getByRole('button', { name: 'Giữ lại hồ sơ' }).click();
    const row = page.locator('tr', { has: page.getByText(target.receiptCode, { exact: true }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('văn bản số 12/TTr');
    expect(await row.textContent()).toContain('Quản trị hệ thống');
    const held = await admin.get<{ holds: { caseId: string }[] }>('/api/admin/retention/holds');
    expect(held.holds.map((h) => h.caseId)).toContain(target.id);
    await screenshot(page, 'console-retention-vi');

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: /Bỏ giữ lại/ }).click();
    await row.waitFor({ state: 'detached' });
    const after = await admin.get<{ holds: { caseId: string }[] }>('/api/admin/retention/holds');
    expect(after.holds.map((h) => h.caseId)).not.toContain(target.id);
  });

  it('runs the job now and lists the run under the administrator’s name', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Chạy ngay' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã chạy' }).waitFor();
    const first = page.locator('table.runs tbody tr').first();
    await expect.poll(() => first.textContent()).toContain('Quản trị hệ thống');
    expect(await first.textContent()).toContain('Hoàn tất');
  });

  it('downloads the processing register and the audit trail of a date range', async () => {
    const [register] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải sổ đăng ký (CSV)' }).click(),
    ]);
    expect(register.suggestedFilename()).toBe('so-dang-ky-xu-ly-du-lieu.csv');

    // A reversed range is refused on the page.
    await page.getByLabel('Từ ngày').fill('02/12/2026');
    await page.getByLabel('Đến ngày').fill('01/12/2026');
    await page.getByRole('button', { name: 'Tải nhật ký (CSV)' }).click();
    await page.getByText('Đến ngày phải không trước Từ ngày').waitFor();

    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const dmy = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
    await page.getByLabel('Từ ngày').fill(dmy);
    await page.getByLabel('Đến ngày').fill(dmy);
    const [trail] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải nhật ký (CSV)' }).click(),
    ]);
    expect(trail.suggestedFilename()).toBe(`nhat-ky-${today}-${today}.csv`);
    const text = await (await trail.createReadStream()).toArray();
    const csv = Buffer.concat(text).toString('utf8');
    expect(csv).toContain('retention.set');
    expect(csv).toContain('retention.hold');
  });

  it('reads in English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personal data retention' }).waitFor();
    await page.locator('table.periods').getByText('Reporter identity', { exact: true }).waitFor();
    expect(await page.getByLabel('Period (days): Free-text answers — Survey').inputValue()).toBe('300');
    await screenshot(page, 'console-retention-en');
    // Back to Vietnamese for whatever runs next in this browser profile.
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  });
});
