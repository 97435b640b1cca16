/**
 * Accessibility across the product, in the real browser: axe-core (serious and critical WCAG 2.1
 * A/AA and best-practice rules) on every public page and the main console pages, `lang="vi"` on
 * each, error messages tied to their fields with `aria-describedby`, and a keyboard-only
 * completion of the demo feedback form (Tab, Space, arrow keys and Enter; no pointer).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FormDefinition } from '../../../worker/forms/engine/definition';
import { DESKTOP, describeViolations, openBrowser, PHONE, runAxe, screenshot } from '../helpers/browser';
import { staffApi } from '../helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');
const stamp = Date.now().toString(36);
const SURVEY = '/f/khao-sat-hai-long';
const FEEDBACK = '/f/gop-y-can-bo';

/** Fails with the list of serious/critical violations, and checks the page says it is Vietnamese. */
async function accessible(page: Page, what: string) {
  expect(await page.evaluate(() => document.documentElement.lang), `${what}: <html lang>`).toBe('vi');
  const violations = await runAxe(page);
  expect(violations, `${what}\n${describeViolations(violations)}`).toEqual([]);
}

/**
 * Every visible error message (`.err` with an id) is the description of a control or of the
 * fieldset of its group, and that control says it is invalid.
 */
async function errorsTiedToFields(page: Page) {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const messages = Array.from(document.querySelectorAll<HTMLElement>('.err[id]'));
    for (const m of messages) {
      const owner = Array.from(document.querySelectorAll('[aria-describedby]')).find((el) =>
        (el.getAttribute('aria-describedby') ?? '').split(/\s+/).includes(m.id),
      );
      if (!owner) out.push(`${m.id}: no element is described by it`);
      else if (owner.getAttribute('aria-invalid') !== 'true')
        out.push(`${m.id}: its field is not aria-invalid`);
    }
    return { count: messages.length, out };
  });
  expect(problems.out).toEqual([]);
  return problems.count;
}

describe('public pages (phone, JavaScript on)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let receipt = '';
  let closedSlug = '';

  beforeAll(async () => {
    // A closed form to visit: created, published and closed by the designer through the API.
    const staff = await staffApi(base, 'thietke@langnghe.demo', password);
    const me = await staff.get<{ grants: { role: string; unitId: string }[] }>('/api/auth/me');
    const unitId = me.grants.find((g) => g.role === 'form_designer')!.unitId;
    const def: FormDefinition = {
      schemaVersion: 1,
      title: { vi: `Khảo sát đã kết thúc ${stamp}` },
      pages: [{ id: 'p1', questions: [{ id: 'y_kien', type: 'short_text', label: { vi: 'Ý kiến' } }] }],
    };
    closedSlug = `da-dong-${stamp}`;
    const { id } = await staff.post<{ id: string }>('/api/forms', {
      ownerUnitId: unitId,
      slug: closedSlug,
      definition: def,
    });
    await staff.post(`/api/forms/${id}/publish`, {});
    await staff.patch(`/api/forms/${id}/settings`, { status: 'closed' });

    // No service worker: it would serve /assets/form.js from its cache, past page.route, and the
    // no-JavaScript pages below refuse that script with page.route (the worker has its own tests).
    browser = await openBrowser({ ...PHONE, serviceWorkers: 'block' });
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('landing page', async () => {
    await page.goto(`${base}/`, { waitUntil: 'networkidle' });
    await accessible(page, '/');
  });

  it('both demo forms, as first shown', async () => {
    for (const path of [SURVEY, FEEDBACK]) {
      await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      await page.locator('html[data-island="ready"]').waitFor();
      await accessible(page, path);
    }
  });

  it('the island’s error state: summary focused, every message tied to its field', async () => {
    await page.goto(`${base}${FEEDBACK}`, { waitUntil: 'networkidle' });
    await page.locator('html[data-island="ready"]').waitFor();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.locator('#error-summary').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    // The person picker and five Likert rows.
    expect(await errorsTiedToFields(page)).toBeGreaterThanOrEqual(2);
    await accessible(page, `${FEEDBACK} with errors (island)`);
  });

  it('the no-JavaScript error page (422): every message tied to its field', async () => {
    // Same browser, the island's script refused: the plain HTML post and the server's 422 page.
    await page.route('**/assets/form.js', (r) => r.abort());
    await page.goto(`${base}${SURVEY}`, { waitUntil: 'networkidle' });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Gửi', exact: true }).click(),
    ]);
    expect(res.status()).toBe(422);
    await page.locator('#error-summary').waitFor();
    // don_vi, do_tuoi, hoi_vien, hai_long are required and visible.
    expect(await errorsTiedToFields(page)).toBe(4);
    await accessible(page, `${SURVEY} 422`);
  });

  it('the receipt page after a plain post, and the status page it links to', async () => {
    await page.locator('#q-don_vi').selectOption({ index: 1 });
    await page.locator('#q-do_tuoi--duoi_30').check();
    await page.locator('#q-hoi_vien--false').check();
    await page.locator('#q-hai_long--5').check();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    const link = page.locator('a[href^="/r/"]');
    await link.waitFor();
    receipt = decodeURIComponent((await link.getAttribute('href'))!.slice('/r/'.length));
    await accessible(page, 'receipt page (no JS)');
    await page.unroute('**/assets/form.js');

    const status = await page.goto(`${base}/r/${receipt}`, { waitUntil: 'networkidle' });
    expect(status?.status()).toBe(200);
    // One format everywhere (issue 12): the code as the receipt link writes it, dashes included.
    expect(await page.locator('main').textContent()).toContain(receipt);
    await accessible(page, '/r/{code}');
  });

  it('the island’s receipt view', async () => {
    await page.goto(`${base}${FEEDBACK}`, { waitUntil: 'networkidle' });
    await page.locator('html[data-island="ready"]').waitFor();
    await page.locator('#q-can_bo').selectOption({ index: 1 });
    for (const row of ['trung_thanh', 'ban_linh', 'can_kiem', 'doan_ket', 'guong_mau'])
      await page.locator(`#q-chuan_muc--${row}--kha`).check();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.locator('a[href^="/r/"]').waitFor();
    await accessible(page, 'receipt (island)');
  });

  it('a closed form, an unknown form and an unknown receipt code', async () => {
    for (const [path, status] of [
      [`/f/${closedSlug}`, 409],
      ['/f/khong-co-bieu-mau-nay', 404],
      ['/r/AAAA-AAAA-AAAA-A', 0],
    ] as const) {
      const res = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      if (status) expect(res?.status(), path).toBe(status);
      else expect(res?.status(), path).toBeGreaterThanOrEqual(400);
      await accessible(page, path);
    }
    await screenshot(page, 'a11y-public-last');
  });
});

describe('keyboard only: the demo feedback form to its receipt (desktop)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Tab, Space, arrow keys and Enter only, from the first key press to the receipt', async () => {
    const page = await browser.context.newPage();
    const kb = page.keyboard;
    /** The focused element: its id, else `TAG:text`. */
    const active = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el?.id || `${el?.tagName}:${(el?.textContent ?? '').trim().slice(0, 30)}`;
      });
    const visited: string[] = [];
    /** Presses Tab until `target` has focus (at most 80 presses); records where focus went. */
    async function tabTo(target: string) {
      for (let i = 0; i < 80; i++) {
        await kb.press('Tab');
        const now = await active();
        visited.push(now);
        if (now === target) return;
      }
      throw new Error(`Tab never reached ${target}; went ${visited.slice(-80).join(' → ')}`);
    }
    const SEND = 'BUTTON:Gửi';
    const ROWS = ['trung_thanh', 'ban_linh', 'can_kiem', 'doan_ket', 'guong_mau'];
    const LEVELS = ['tot', 'kha', 'trung_binh', 'kem'];
    const text = `Góp ý chỉ bằng bàn phím ${stamp}`;

    await page.goto(`${base}${FEEDBACK}`, { waitUntil: 'networkidle' });
    await page.locator('html[data-island="ready"]').waitFor();

    // Straight to Send: the error summary takes focus.
    await tabTo(SEND);
    expect(visited, 'the honeypot is never reachable').not.toContain('website');
    await kb.press('Enter');
    await expect.poll(active).toBe('error-summary');

    // Its first link leads to the person picker; an arrow key picks the first cadre.
    await kb.press('Tab');
    expect(await active()).toMatch(/^A:/);
    await kb.press('Enter');
    await expect.poll(active).toBe('q-can_bo');
    await kb.press('ArrowDown');
    const cadre = await page.locator('#q-can_bo').inputValue();
    expect(cadre).not.toBe('');

    // Each Likert row is one radio group: Tab enters it, Space ticks, arrows move the choice.
    const expected: Record<string, string> = {};
    for (const [i, row] of ROWS.entries()) {
      await tabTo(`q-chuan_muc--${row}--tot`);
      await kb.press('Space');
      for (let k = 0; k < i % 3; k++) await kb.press('ArrowRight');
      expected[row] = LEVELS[i % 3]!;
      expect(await page.locator(`#q-chuan_muc--${row}--${expected[row]}`).isChecked(), row).toBe(true);
    }
    await tabTo('q-noi_dung');
    await kb.type(text);

    // Identity stays empty (anonymous); on to Send, and Enter.
    await tabTo(SEND);
    await kb.press('Enter');
    const link = page.locator('a[href^="/r/"]');
    await link.waitFor({ timeout: 15_000 });
    // Focus lands on the receipt, so a screen reader hears the code.
    await expect.poll(active).toBe('receipt');
    await screenshot(page, 'a11y-keyboard-receipt');

    // A feedback about a cadre is a case: its content is read in the intake queue (not the form's responses).
    const code = decodeURIComponent((await link.getAttribute('href'))!.slice(3).split('?')[0]!);
    const intake = await staffApi(base, 'tiepnhan@langnghe.demo', password);
    const me = await intake.get<{ grants: { role: string; unitId: string }[] }>('/api/auth/me');
    const unitId = me.grants.find((g) => g.role === 'case_intake')!.unitId;
    const { cases } = await intake.get<{ cases: { id: string; receiptCode: string }[] }>(
      `/api/cases/intake?unitId=${unitId}`,
    );
    const mine = cases.filter((c) => c.receiptCode === code);
    expect(mine).toHaveLength(1);
    const detail = await intake.get<{ questions: { id: string; answer: unknown }[] }>(
      `/api/cases/${mine[0]!.id}`,
    );
    const answers = Object.fromEntries(
      detail.questions.filter((q) => q.answer !== null).map((q) => [q.id, q.answer]),
    );
    expect(answers).toEqual({ can_bo: cadre, chuan_muc: expected, noi_dung: text });
  });
});
