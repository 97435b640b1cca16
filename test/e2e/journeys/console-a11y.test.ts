/**
 * The staff console in the real browser (desktop): axe-core on the main pages — login, home, forms
 * list, builder, responses (a form designer), organisation tree, people, accounts and retention (an administrator)
 * — `lang="vi"` on each, and the console's initial load weight (reported, not a budget; written to
 * `test/e2e/artifacts/page-weight.json` for docs/benchmarks.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ARTIFACTS,
  DESKTOP,
  describeViolations,
  openBrowser,
  type PageWeight,
  pageWeight,
  runAxe,
  screenshot,
} from '../helpers/browser';
import { staffApi } from '../helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');

async function accessible(page: Page, what: string) {
  expect(await page.evaluate(() => document.documentElement.lang), `${what}: <html lang>`).toBe('vi');
  const violations = await runAxe(page);
  expect(violations, `${what}\n${describeViolations(violations)}`).toEqual([]);
}

/** Signs in on the console's login page and waits for the page the visitor was going to. */
async function signIn(page: Page, email: string, to: string, heading: string | RegExp) {
  await page.goto(`${base}${to}`);
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Opens a console route by URL and waits for its heading (and the data under it to settle). */
async function open(page: Page, to: string, heading: string | RegExp) {
  await page.goto(`${base}${to}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

function kb(w: PageWeight) {
  return {
    gzipKB: Number((w.gzipBytes / 1024).toFixed(1)),
    rawKB: Number((w.rawBytes / 1024).toFixed(1)),
    resources: w.resources.map((r) => ({ url: r.url, type: r.type, gzipBytes: r.gzipBytes })),
  };
}

describe('console pages: accessibility and initial load', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let surveyId = '';

  beforeAll(async () => {
    const staff = await staffApi(base, 'thietke@langnghe.demo', password);
    surveyId = await staff.formId('khao-sat-hai-long');
    browser = await openBrowser(DESKTOP);
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reports the initial load of the console (first visit, signed out and signed in)', async () => {
    const signedOut = await pageWeight(page, `${base}/console/`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    expect(signedOut.resources.some((r) => r.type === 'Script')).toBe(true);

    await page.getByLabel('Thư điện tử').fill('thietke@langnghe.demo');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang chính' }).waitFor();
    // A fresh page with the cache disabled: what a signed-in return visit downloads.
    const again = await browser.context.newPage();
    const signedIn = await pageWeight(again, `${base}/console/forms`);
    await again.close();

    const report = { consoleSignedOut: kb(signedOut), consoleFormsSignedIn: kb(signedIn) };
    console.log(
      `console initial load: signed out ${report.consoleSignedOut.gzipKB} KB gzip ` +
        `(${report.consoleSignedOut.rawKB} KB raw); /console/forms signed in ${report.consoleFormsSignedIn.gzipKB} KB gzip`,
    );
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(
      path.join(ARTIFACTS, 'page-weight-console.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
  });

  it('a form designer’s pages: home, forms list, builder, responses', async () => {
    await open(page, '/console/', 'Trang chính');
    await accessible(page, 'home');
    await open(page, '/console/forms', 'Biểu mẫu');
    await accessible(page, 'forms list');
    await open(page, `/console/forms/${surveyId}`, /Thiết kế/);
    await page.locator('aside.preview').waitFor();
    await accessible(page, 'builder');
    await open(page, `/console/forms/${surveyId}/responses`, /Phản hồi/);
    await page.locator('table.responses tbody tr').first().waitFor();
    await accessible(page, 'responses');
  });

  it('the login page, then an administrator’s pages: organisation tree, people, accounts, retention', async () => {
    const admin = await openBrowser(DESKTOP);
    try {
      const p = await admin.context.newPage();
      await open(p, '/console/login', 'Đăng nhập');
      await accessible(p, 'login');
      await signIn(p, 'admin@langnghe.demo', '/console/org', 'Cơ cấu tổ chức');
      await p.locator('button.toggle').first().waitFor(); // the tree has loaded
      await p.getByRole('button', { name: 'Mở rộng tất cả' }).click();
      await expect.poll(() => p.locator('button.toggle[aria-expanded="false"]').count()).toBe(0);
      await accessible(p, 'organisation tree');
      await open(p, '/console/org/people', 'Cán bộ');
      await p.locator('tbody tr').first().waitFor();
      await accessible(p, 'people');
      await open(p, '/console/accounts', 'Tài khoản cán bộ');
      await p.getByText('thietke@langnghe.demo').waitFor();
      await accessible(p, 'accounts');
      await open(p, '/console/accounts/retention', 'Lưu trữ dữ liệu cá nhân');
      await p.locator('table.periods tbody tr').first().waitFor();
      await accessible(p, 'retention');
      await screenshot(p, 'a11y-console-last');
    } finally {
      await admin.close();
    }
  });
});
