/**
 * A picker whose list is too long to send with the page (more than 300 units): the citizen finds
 * the unit by name — typing with JavaScript on (the island), or pressing "Tìm" with it off — picks
 * it, submits and gets a receipt. The 301+ units are imported in this file's own setup through the
 * staff CSV import (no test-only switch), and retired again afterwards through the same import.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FormDefinition } from '../../worker/forms/engine/definition';
import { wardCode } from '../../worker/seed/units';
import { describeViolations, openBrowser, PHONE, runAxe, screenshot } from './helpers/browser';
import { submitAndReadReceipt } from './helpers/receipt';
import { staffApi } from './helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');
const stamp = Date.now().toString(36);
const COUNT = 305;
const PARENT = wardCode('Điện Biên');
const slug = `tim-to-dan-pho-${stamp}`;
const FORM = `${base}/f/${slug}`;

/** The units CSV: COUNT residential areas, one with a name to find; `validTo` retires them all. */
function unitsCsv(validTo = '') {
  const rows = Array.from({ length: COUNT }, (_, i) => {
    const name = i === 7 ? `Tổ dân phố Đồng Xuân ${stamp}` : `Tổ dân phố số ${i} ${stamp}`;
    return `e2e.${stamp}.${i},${name},,residential_area,${PARENT},,${validTo}`;
  });
  return ['code,name,name_en,kind,parent_code,valid_from,valid_to', ...rows].join('\n');
}

/** The admin's session cookie (the CSV import takes a text body, which `staffApi` does not send). */
async function adminCookie(): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'admin@langnghe.demo', password }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('ln_session='))!;
}

async function importUnits(cookie: string, csv: string) {
  const res = await fetch(`${base}/api/org/units/import`, {
    method: 'POST',
    headers: { cookie, origin: base, 'content-type': 'text/csv' },
    body: csv,
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

let admin = '';

beforeAll(async () => {
  admin = await adminCookie();
  await importUnits(admin, unitsCsv());
  const designer = await staffApi(base, 'thietke@langnghe.demo', password);
  const me = await designer.get<{ grants: { role: string; unitId: string }[] }>('/api/auth/me');
  const def: FormDefinition = {
    schemaVersion: 1,
    title: { vi: `Phản ánh theo tổ dân phố ${stamp}` },
    pages: [
      {
        id: 'p1',
        questions: [
          {
            id: 'to_dan_pho',
            type: 'unit_picker',
            label: { vi: 'Tổ dân phố của bạn' },
            kinds: ['residential_area'],
            required: true,
          },
          { id: 'y_kien', type: 'long_text', label: { vi: 'Ý kiến' } },
        ],
      },
    ],
  };
  const { id } = await designer.post<{ id: string }>('/api/forms', {
    ownerUnitId: me.grants.find((g) => g.role === 'form_designer')!.unitId,
    slug,
    definition: def,
  });
  await designer.post(`/api/forms/${id}/publish`, {});
});

afterAll(async () => {
  // Retire the imported units (their last day was yesterday): other files' pickers are as before.
  const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.now() - 86_400_000),
  );
  if (admin) await importUnits(admin, unitsCsv(yesterday));
});

describe('a unit picker over more than 300 units, on a phone', () => {
  it('JavaScript on: type part of the name, pick from the matches, submit', async () => {
    const browser = await openBrowser(PHONE);
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(FORM, { waitUntil: 'networkidle' });
      await page.waitForSelector('html[data-island="ready"]');
      expect(await page.locator('select[name="q.to_dan_pho"]').count()).toBe(0);
      await page.getByLabel('Tìm theo tên').pressSequentially('dong xuan', { delay: 30 });
      const pick = page.getByLabel('Chọn trong kết quả tìm');
      await pick.waitFor({ timeout: 10_000 });
      const labels = await pick.locator('option').allTextContents();
      expect(labels.slice(1)).toEqual([`Tổ dân phố Đồng Xuân ${stamp}`]);
      await pick.selectOption({ label: `Tổ dân phố Đồng Xuân ${stamp}` });
      const violations = await runAxe(page);
      expect(violations, describeViolations(violations)).toEqual([]);
      await screenshot(page, 'picker-search-js');
      await page.getByLabel('Ý kiến').fill('Đèn đường hỏng (JS)');
      await submitAndReadReceipt(page, base);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('JavaScript off: "Tìm" shows the matches, the answers stay, the pick is submitted', async () => {
    const browser = await openBrowser({ ...PHONE, javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      await page.goto(FORM);
      await page.getByLabel('Ý kiến').fill('Rác chưa được thu gom (no JS)');
      await page.getByLabel('Tìm theo tên').fill('khong co to nay');
      await page.getByRole('button', { name: 'Tìm', exact: true }).click();
      await expect.poll(() => page.locator('#q-to_dan_pho-note').textContent()).toContain('Không tìm thấy');
      await page.getByLabel('Tìm theo tên').fill(`so 12 ${stamp}`);
      await page.getByRole('button', { name: 'Tìm', exact: true }).click();
      const pick = page.getByLabel('Chọn trong kết quả tìm');
      await pick.waitFor();
      expect(await page.getByLabel('Ý kiến').inputValue()).toBe('Rác chưa được thu gom (no JS)');
      await pick.selectOption({ label: `Tổ dân phố số 12 ${stamp}` });
      await screenshot(page, 'picker-search-nojs');
      await submitAndReadReceipt(page, base);
    } finally {
      await browser.close();
    }
  });
});
