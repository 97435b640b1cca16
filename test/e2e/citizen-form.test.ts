/**
 * The citizen's journey on a cheap phone: open the demo feedback form about a cadre, fill it in,
 * submit, and see the receipt — with JavaScript on (the island) and off (the plain HTML post).
 * Also: zero serious/critical axe violations and the ≤ 30 KB gzip first-visit budget.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeViolations, openBrowser, PHONE, pageWeight, runAxe, screenshot } from './helpers/browser';
import { submitAndReadReceipt } from './helpers/receipt';

const base = inject('baseUrl');
const FORM = `${base}/f/gop-y-can-bo`;
/** The public page budget (docs/ENGINEERING: ≤ 30 KB transferred, gzip, HTML + CSS + JS of our own). */
const BUDGET_BYTES = 30 * 1024;
const STANDARDS = ['trung_thanh', 'ban_linh', 'can_kiem', 'doan_ket', 'guong_mau'];

/** Fills the feedback form as a citizen would: a cadre, the five standards, a comment. */
async function fillFeedback(page: Page, comment: string) {
  await page.getByLabel('Cán bộ, đảng viên được góp ý').selectOption({ index: 1 });
  for (const [i, row] of STANDARDS.entries()) {
    await page.locator(`input[name="q.chuan_muc.${row}"][value="${i % 2 ? 'kha' : 'tot'}"]`).check();
  }
  await page.getByLabel(/Nội dung góp ý/).fill(comment);
}

describe('citizen feedback form on a phone (360×740)', () => {
  describe('with JavaScript on', () => {
    let browser: Awaited<ReturnType<typeof openBrowser>>;
    beforeAll(async () => {
      browser = await openBrowser(PHONE);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('stays within 30 KB gzip of our own HTML + CSS + JS on a first visit', async () => {
      const page = await browser.context.newPage();
      const weight = await pageWeight(page, FORM);
      const detail = weight.resources.map(
        (r) => `  ${r.type.padEnd(10)} ${String(r.gzipBytes).padStart(6)} B  ${r.url}`,
      );
      console.log(
        `page weight ${FORM.slice(base.length)}: ${(weight.gzipBytes / 1024).toFixed(1)} KB gzip ` +
          `(${(weight.rawBytes / 1024).toFixed(1)} KB raw), budget ${BUDGET_BYTES / 1024} KB\n${detail.join('\n')}`,
      );
      expect(weight.resources.some((r) => r.type === 'Document')).toBe(true);
      expect(weight.gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES);
      await page.close();
    });

    it('has no serious or critical accessibility violations (axe)', async () => {
      const page = await browser.context.newPage();
      await page.goto(FORM, { waitUntil: 'networkidle' });
      const violations = await runAxe(page);
      expect(violations, describeViolations(violations)).toEqual([]);
      await page.close();
    });

    it('fills, submits and shows the receipt', async () => {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(FORM, { waitUntil: 'networkidle' });
      await fillFeedback(page, 'Đồng chí tiếp dân đúng lịch, giải quyết kiến nghị kịp thời. (JS)');
      await submitAndReadReceipt(page, base);
      await screenshot(page, 'citizen-feedback-receipt-js');
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  describe('with JavaScript off', () => {
    let browser: Awaited<ReturnType<typeof openBrowser>>;
    beforeAll(async () => {
      browser = await openBrowser({ ...PHONE, javaScriptEnabled: false });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('fills, submits with a plain HTML post and shows the receipt', async () => {
      const page = await browser.context.newPage();
      await page.goto(FORM);
      await fillFeedback(page, 'Đề nghị đồng chí công khai lịch tiếp công dân. (no JS)');
      await screenshot(page, 'citizen-feedback-filled-nojs');
      await submitAndReadReceipt(page, base);
      await screenshot(page, 'citizen-feedback-receipt-nojs');
    });
  });
});
