/**
 * Journey 1 — a citizen on a 360×740 phone fills the demo general survey: two pages, a unit picker,
 * a show-if on page 1 (`to_chuc` when `hoi_vien` = Có) and one across pages (`lay_y_kien` on page 2
 * when `hoi_vien` = Có). With JavaScript on the island paginates and shows/hides live; with it off
 * every question shows and the server re-checks. Either way the stored row (read back through the
 * staff API) must equal what the engine says to keep: answers to hidden questions are dropped.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Answers, FormDefinition } from '../../../worker/forms/engine/definition';
import { validateAnswers } from '../../../worker/forms/engine/logic';
import { describeViolations, openBrowser, PHONE, runAxe, screenshot } from '../helpers/browser';
import { type StaffApi, staffApi } from '../helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');
const SLUG = 'khao-sat-hai-long';
const SURVEY = `${base}/f/${SLUG}`;
const stamp = Date.now().toString(36);

let staff: StaffApi;
let formId: string;
let definition: FormDefinition;

beforeAll(async () => {
  staff = await staffApi(base, 'thietke@langnghe.demo', password);
  formId = await staff.formId(SLUG);
  const res = await fetch(`${base}/api/public/forms/${SLUG}`);
  definition = ((await res.json()) as { definition: FormDefinition }).definition;
  expect(definition.pages.length).toBe(2);
});

/** What the engine keeps of what the citizen entered (the server runs the same function). */
function kept(typed: Answers): Answers {
  const r = validateAnswers(definition, typed);
  if (!r.ok) throw new Error(`the journey's answers should be valid: ${JSON.stringify(r.errors)}`);
  return r.answers;
}

/** The one stored row whose answers contain `text`, via the staff API's search. */
async function storedWith(text: string) {
  const rows = await staff.responsesMatching(formId, text);
  expect(rows.map((r) => r.receiptCode)).toHaveLength(1);
  return rows[0]!;
}

/** Waits for the receipt link and returns its code. */
async function receiptCode(page: Page) {
  const link = page.locator('a[href^="/r/"]');
  await link.waitFor({ timeout: 15_000 });
  return decodeURIComponent((await link.getAttribute('href'))!.slice('/r/'.length));
}

/** An error message element and the control (or group) that points at it with aria-describedby. */
async function errorTiedTo(page: Page, controlSelector: string) {
  const control = page.locator(controlSelector);
  expect(await control.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const messages = await Promise.all(ids.map((id) => page.locator(`[id="${id}"].err`).textContent()));
  const message = messages.find((m) => m?.trim());
  expect(message, `${controlSelector} is not described by an error message`).toBeTruthy();
  return message!.trim();
}

describe('journey: multi-page survey with conditions, JavaScript on (phone)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const errors: string[] = [];
  const comment = `Cần thêm chỗ để xe ở bộ phận một cửa ${stamp}-js`;
  let unit = '';

  beforeAll(async () => {
    browser = await openBrowser(PHONE);
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(SURVEY, { waitUntil: 'networkidle' });
    await page.locator('html[data-island="ready"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows page 1 only, and blocks Next with an inline error tied to the required field', async () => {
    expect(await page.getByText('Trang 1/2').count()).toBe(1);
    expect(await page.locator('#page-p_danh_gia').count()).toBe(0);
    expect(await page.locator('#q-to_chuc-box').count()).toBe(0);

    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('#error-summary').waitFor();
    expect(await page.locator('#page-p_danh_gia').count()).toBe(0);
    // The unit picker's message sits beside it and is its description.
    const message = await errorTiedTo(page, '#q-don_vi');
    expect(await page.locator('#q-don_vi-box .err').textContent()).toBe(message);
    // Groups (radios) carry the description on their fieldset.
    await errorTiedTo(page, '#q-hoi_vien-box');
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('clears an error as soon as its field is answered, and reveals a page-1 condition', async () => {
    unit = (await page.getByLabel('Bạn đang sinh sống ở phường, xã nào?').selectOption({ index: 2 }))[0]!;
    await expect.poll(() => page.locator('#q-don_vi').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#q-don_vi-err').count()).toBe(0);
    await page.getByLabel('Trên 50').check();
    await page.locator('#q-hoi_vien--true').check();
    await page.locator('#q-to_chuc-box').waitFor();
    await page.getByLabel('Hội Cựu chiến binh').check();
  });

  it('reveals the page-2 question that depends on page 1, and hides it again when the answer changes', async () => {
    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('#page-p_danh_gia').waitFor();
    expect(await page.getByText('Trang 2/2').count()).toBe(1);
    // "Next" only turned the page: it did not also submit the form (page 2 is not answered yet).
    expect(await page.locator('#error-summary').count()).toBe(0);
    await page.locator('#q-lay_y_kien-box').waitFor();
    await page.getByLabel('Thỉnh thoảng').check();
    await page.locator('#q-hai_long--2').check();
    await page.getByLabel(/Đề xuất, kiến nghị/).fill(comment);

    // Back to page 1: no longer a member → both dependent questions disappear.
    await page.getByRole('button', { name: 'Quay lại' }).click();
    await page.locator('#page-p_thong_tin').waitFor();
    await page.locator('#q-hoi_vien--false').check();
    await expect.poll(() => page.locator('#q-to_chuc-box').count()).toBe(0);
    await page.getByRole('button', { name: 'Tiếp' }).click();
    await page.locator('#page-p_danh_gia').waitFor();
    expect(await page.locator('#q-lay_y_kien-box').count()).toBe(0);
    // Still waiting for the citizen's own "Gửi": nothing queued, nothing sent.
    expect(await page.evaluate((s) => localStorage.getItem(`ln:queue:${s}`), SLUG)).toBeNull();
    expect(await page.getByRole('button', { name: 'Gửi', exact: true }).isEnabled()).toBe(true);
    // What was typed on page 2 is still there.
    expect(await page.getByLabel(/Đề xuất, kiến nghị/).inputValue()).toBe(comment);
  });

  it('submits; the stored answers are what the engine keeps (hidden answers dropped)', async () => {
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    const code = await receiptCode(page);
    await screenshot(page, 'journey-survey-js-receipt');
    expect(errors).toEqual([]);

    const row = await storedWith(`${stamp}-js`);
    expect(row.receiptCode).toBe(code);
    const typed: Answers = {
      don_vi: unit,
      do_tuoi: 'tren_50',
      hoi_vien: false,
      to_chuc: ['cuu_chien_binh'],
      lay_y_kien: 'thinh_thoang',
      hai_long: 2,
      de_xuat: comment,
    };
    expect(row.answers).toEqual(kept(typed));
    // Stated outright, so the test fails even if the engine were wrong in the same way.
    expect(Object.keys(row.answers).sort()).toEqual(['de_xuat', 'do_tuoi', 'don_vi', 'hai_long', 'hoi_vien']);
    expect(row.unitId).toBe(unit);
  });
});

describe('journey: the same survey with JavaScript off (phone)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const comment = `Đề nghị mở cửa một cửa vào buổi trưa ${stamp}-nojs`;
  let unit = '';

  beforeAll(async () => {
    browser = await openBrowser({ ...PHONE, javaScriptEnabled: false });
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every page and every question, conditional ones included', async () => {
    await page.goto(SURVEY);
    expect(await page.locator('section.page').count()).toBe(2);
    for (const id of ['q-don_vi', 'q-to_chuc-box', 'q-lay_y_kien-box', 'q-hai_long-box', 'q-de_xuat']) {
      expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
    }
    expect(await page.getByRole('button', { name: 'Tiếp' }).count()).toBe(0);
  });

  it('a required field left blank → 422, the error beside it, the answers kept', async () => {
    unit = (await page.getByLabel('Bạn đang sinh sống ở phường, xã nào?').selectOption({ index: 3 }))[0]!;
    await page.getByLabel('Dưới 30').check();
    await page.locator('#q-hoi_vien--false').check();
    // Answers to questions whose condition is false: the server must drop them.
    await page.getByLabel('Đoàn TNCS Hồ Chí Minh').check();
    await page.getByLabel('Thường xuyên').check();
    await page.getByLabel(/Đề xuất, kiến nghị/).fill(comment);
    // hai_long (required, visible) left blank.
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Gửi' }).click(),
    ]);
    expect(res.status()).toBe(422);
    await page.locator('#error-summary').waitFor();
    const message = await errorTiedTo(page, '#q-hai_long-box');
    expect(await page.locator('#q-hai_long-box > .err').textContent()).toBe(message);
    // Only the blank required field is in error: the hidden question's answer is not a problem.
    expect(await page.locator('.err[id$="-err"]').count()).toBe(1);
    expect(await page.getByLabel(/Đề xuất, kiến nghị/).inputValue()).toBe(comment);
    expect(await page.locator('#q-hoi_vien--false').isChecked()).toBe(true);
    expect(await page.locator('#q-don_vi').inputValue()).toBe(unit);
    await screenshot(page, 'journey-survey-nojs-422');
  });

  it('fixed and sent → receipt; the server dropped the answers to hidden questions', async () => {
    await page.locator('#q-hai_long--5').check();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Gửi' }).click(),
    ]);
    expect(res.status()).toBe(200);
    const code = await receiptCode(page);
    await screenshot(page, 'journey-survey-nojs-receipt');

    const row = await storedWith(`${stamp}-nojs`);
    expect(row.receiptCode).toBe(code);
    const typed: Answers = {
      don_vi: unit,
      do_tuoi: 'duoi_30',
      hoi_vien: false,
      to_chuc: ['doan'],
      lay_y_kien: 'thuong_xuyen',
      hai_long: 5,
      de_xuat: comment,
    };
    expect(row.answers).toEqual(kept(typed));
    expect(row.answers).not.toHaveProperty('to_chuc');
    expect(row.answers).not.toHaveProperty('lay_y_kien');
    expect(row.answers.hai_long).toBe(5);
  });
});
