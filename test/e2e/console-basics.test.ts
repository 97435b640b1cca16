/**
 * Console basics of issue 12 (findings 2, 3, 13, 15, 16, 17), on the seeded demo at 1366 px:
 * a signed-out start logs no error; the favicon serves; the builder keeps unsaved work across a
 * tab switch (guard + local copy) and "Kiểm tra" says a valid draft is valid; the case page shows
 * the ethics ratings by label with the routing suggestion preselected and the actions grouped;
 * list filters survive a reload; the ward's dân vận khéo report: one error summary on an empty
 * submit, grouped money, read-only once submitted, the new model listed once.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, openBrowser, screenshot } from './helpers/browser';
import { staffApi } from './helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');

async function signIn(page: Page, email: string) {
  // The pages share one browser context: each user signs in afresh.
  await page.context().clearCookies();
  await page.goto(`${base}/console/login`);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: 'Trang chính' }).waitFor();
}

describe('console basics', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a signed-out start logs no console error and no failed request; the favicon serves', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${base}/console/`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe('/favicon.svg');
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^image\//);
    }
    // The public pages point at it too.
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain('<link rel="icon" href="/favicon.svg"');
    await page.close();
  });

  it('home names the roles in words; the builder keeps unsaved work across a tab switch and says a valid draft is valid', async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'thietke@langnghe.demo');
    const roles = await page.locator('main').innerText();
    expect(roles).toContain('Thiết kế biểu mẫu');
    expect(roles).not.toContain('form_designer');

    const designer = await staffApi(base, 'thietke@langnghe.demo', password);
    const me = await designer.get<{ grants: { unitId: string }[] }>('/api/auth/me');
    const form = await designer.post<{ id: string }>('/api/forms', {
      slug: `nhap-${Date.now().toString(36)}`,
      ownerUnitId: me.grants[0]!.unitId,
      definition: { schemaVersion: 1, title: { vi: 'Giữ bản nháp' }, pages: [{ id: 'p1', questions: [] }] },
    });
    await page.goto(`${base}/console/forms/${form.id}`);
    await page.getByRole('heading', { level: 1, name: /Thiết kế/ }).waitFor();
    // The page heading no longer shows the page's id.
    expect(await page.locator('#page-h-0').innerText()).toBe('Trang 1');

    await page.getByLabel('Loại câu hỏi mới').selectOption('single_choice');
    await page.getByRole('button', { name: '+ Thêm câu hỏi' }).click();
    await page.locator('#b-pages-0-questions-0-label-vi').fill('Anh/chị thấy buổi tiếp dân thế nào?');
    await page.getByText('Có thay đổi chưa lưu').waitFor();

    // A link to another console tab asks first; cancelling stays with the work.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('link', { name: 'Cài đặt và chia sẻ' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('chưa lưu');
    expect(new URL(page.url()).pathname).toBe(`/console/forms/${form.id}`);

    // Leaving anyway (confirmed) and coming back: the question is still there, from this PC.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('link', { name: 'Cài đặt và chia sẻ' }).click();
    await page.getByRole('heading', { level: 1, name: /Cài đặt/ }).waitFor();
    await page.getByRole('link', { name: 'Thiết kế' }).first().click();
    await page.locator('#card-q1 .qlabel').waitFor();
    expect(await page.locator('#card-q1 .qlabel').innerText()).toBe('Anh/chị thấy buổi tiếp dân thế nào?');
    await page.getByText('Có thay đổi chưa lưu').waitFor();
    await page.getByText(/Đã khôi phục thay đổi chưa lưu/).waitFor();
    // A reload keeps it too.
    page.once('dialog', (d) => void d.accept());
    await page.reload();
    await page.locator('#card-q1 .qlabel').waitFor();
    expect(await page.locator('#card-q1 .qlabel').innerText()).toBe('Anh/chị thấy buổi tiếp dân thế nào?');
    await page.locator('#card-q1').getByRole('button', { name: /Sửa/ }).click();

    // Starter options carry no English placeholder that would outlive a renaming.
    expect(await page.locator('#b-pages-0-questions-0-options-0-label-en').inputValue()).toBe('');

    await page.locator('#check-draft').click();
    await page.locator('#check-ok').waitFor();
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu bản nháp.').waitFor();
    // The copy is forgotten by an effect that runs after the saved state paints: wait for it.
    await expect
      .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ln-unsaved:'))))
      .toEqual([]);
    await screenshot(page, 'console-builder-kept');
    await page.close();
  });

  it('the case page shows ethics ratings by label, the routing suggestion preselected, the ending actions apart', async () => {
    const intake = await staffApi(base, 'tiepnhan@langnghe.demo', password);
    const me = await intake.get<{ grants: { unitId: string }[] }>('/api/auth/me');
    const { cases } = await intake.get<{ cases: { id: string; kind: string; status: string }[] }>(
      `/api/cases/intake?unitId=${me.grants[0]!.unitId}`,
    );
    let target: { id: string; answer: Record<string, string> } | undefined;
    for (const c of cases.filter((x) => x.kind === 'feedback' && x.status === 'prescreening')) {
      const page = await intake.get<{
        questions: { type: string; answer: unknown }[];
        routingSuggestion: unknown;
      }>(`/api/cases/${c.id}`);
      const likert = page.questions.find((q) => q.type === 'likert' && q.answer);
      if (likert && page.routingSuggestion) {
        target = { id: c.id, answer: likert.answer as Record<string, string> };
        break;
      }
    }
    expect(target, 'a prescreening feedback case with ethics ratings').toBeDefined();

    const page = await browser.context.newPage();
    await signIn(page, 'tiepnhan@langnghe.demo');
    await page.goto(`${base}/console/cases/${target!.id}`);
    await page.getByRole('heading', { level: 1, name: /Vụ việc/ }).waitFor();
    const ratings = await page.locator('ul.likert-answer').innerText();
    // "Cần, kiệm, liêm, chính…: Kém", never "can_kiem: kem".
    for (const [row, level] of Object.entries(target!.answer)) {
      expect(ratings).not.toContain(`${row}:`);
      expect(ratings).not.toMatch(new RegExp(`: ${level}$`, 'm'));
    }
    expect(ratings).toMatch(/: (Tốt|Khá|Trung bình|Kém)/);

    // The routing suggestion preselected in the forwarding dropdown is held by test/e2e/cases.test.ts
    // (this case is still in prescreening, where the dropdown is not drawn).
    // Closing and merging sit in their own group, apart from classifying.
    const end = page.locator('#act-end');
    await end.waitFor();
    expect(await end.getByRole('button', { name: 'Kết thúc' }).count()).toBe(1);
    expect(await page.locator('#act-intake').getByRole('button', { name: 'Kết thúc' }).count()).toBe(0);
    await screenshot(page, 'console-case-labels');

    // Queue filters live in the address and survive a reload.
    await page.goto(`${base}/console/cases`);
    await page.getByLabel('Trạng thái').selectOption('prescreening');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('prescreening');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Vụ việc' }).waitFor();
    expect(await page.getByLabel('Trạng thái').inputValue()).toBe('prescreening');
    await page.close();
  });

  it('the ward’s report: one error summary, grouped money, read-only after submitting, new model listed once', async () => {
    // A reporter of its own, on a ward still owing the open report: Điện Biên's report belongs to
    // the dân vận khéo journey (test/e2e/dvk.test.ts), which runs on the same database.
    const admin = await staffApi(base, 'admin@langnghe.demo', password);
    const { campaigns } = await admin.get<{ campaigns: { id: string; status: string; dueDate: string }[] }>(
      '/api/campaigns',
    );
    const campaign = campaigns
      .filter((c) => c.status === 'open')
      .sort((a, b) => b.dueDate.localeCompare(a.dueDate))[0]!;
    const { completion } = await admin.get<{
      completion: { unitId: string; unitName: string; status: string }[];
    }>(`/api/campaigns/${campaign.id}`);
    const unit = completion.find((r) => r.status === 'pending' && r.unitName !== 'Phường Điện Biên')!;
    const email = `phuong-${Date.now().toString(36)}@langnghe.demo`;
    const user = await admin.post<{ id: string }>('/api/admin/users', {
      email,
      name: 'Cán bộ phường (e2e)',
      password,
    });
    await admin.post(`/api/admin/users/${user.id}/grants`, { role: 'ward_reporter', unitId: unit.unitId });
    const ward = await staffApi(base, email, password);
    const open = { campaign: { id: campaign.id }, unitId: unit.unitId };

    const page = await browser.context.newPage();
    await signIn(page, email);
    await page.goto(`${base}/console/campaigns/${open.campaign.id}/reports/${open.unitId}`);
    await page.locator('#submit-report').waitFor();

    // Empty submit: one summary (with a heading and the questions by name), nothing generic beside it.
    await page.locator('#submit-report').click();
    await page.locator('#report-problems').waitFor();
    expect(await page.locator('[role=alert]').count()).toBe(1);
    expect(await page.locator('#report-problems h2').innerText()).toContain('chỗ cần sửa');
    // Text areas use the width of the form.
    const width = await page
      .locator('.report-form textarea')
      .first()
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(500);

    // Fill the required answers from the definition, add a model with money.
    const view = await ward.get<{
      definition: { pages: { questions: { id: string; type: string; required?: boolean }[] }[] };
    }>(`/api/campaigns/${open.campaign.id}/reports/${open.unitId}`);
    for (const q of view.definition.pages.flatMap((p) => p.questions)) {
      const input = page.locator(`#rep-q-${q.id}`);
      if (q.type === 'number') await input.fill('3');
      else if (q.type === 'short_text' || q.type === 'long_text')
        await input.fill('Vận động nhân dân giữ vệ sinh.');
      else if (q.required && (q.type === 'single_choice' || q.type === 'yes_no'))
        await page.locator(`[id^="rep-q-${q.id}--"]`).first().check();
    }
    const name = `Tổ tự quản ${Date.now().toString(36)}`;
    await page.locator('#add-model').click();
    await page.locator('#rep-model-0-name').fill(name);
    await page.locator('#rep-model-0-money').fill('50000000');
    expect(await page.locator('#rep-model-0-money').inputValue()).toBe('50.000.000');
    await screenshot(page, 'console-dvk-report-filled');

    page.on('dialog', (d) => void d.accept());
    await page.locator('#submit-report').click();
    await page.locator('#report-locked').waitFor();
    expect(await page.locator('#report-status').getAttribute('data-status')).toMatch(/submitted|late/);
    // Read-only: no inputs, no submit button, the state said in words.
    expect(await page.locator('#report-readonly input, #report-readonly textarea').count()).toBe(0);
    expect(await page.locator('#submit-report').count()).toBe(0);
    const text = await page.locator('main').innerText();
    expect(text).toContain('50.000.000 đ');
    expect(text.split(name).length - 1).toBe(1);
    await screenshot(page, 'console-dvk-report-submitted');
    await page.close();
  });
});
