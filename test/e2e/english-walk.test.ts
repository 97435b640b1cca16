/**
 * The English walk (issue 12): the console in English at 1366 px as case intake, case handler and
 * counting board, and the published ballot results in English at 360 and 1366 px.
 *
 * "No Vietnamese left in the English UI" without a list of phrases to forbid: everything the
 * page's own API calls returned is data (names, units, answers, titles typed in Vietnamese) and is
 * masked out of the page's text — except the `vi` half of a bilingual `{ vi, en }` label, which
 * the English page must not show — and then no word with a Vietnamese letter may remain.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, openBrowser, PHONE, screenshot } from './helpers/browser';
import { type StaffApi, staffApi } from './helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');

/** A letter only Vietnamese writes (English UI text has none of them). */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
/**
 * Meant to be in Vietnamese: the brand, the switch back to Vietnamese, and the example place name
 * for the minutes' (Vietnamese) date line.
 */
const ALWAYS_VIETNAMESE = ['Lắng Nghe', 'Tiếng Việt', 'Thanh Hóa'];

let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  browser = await openBrowser({ ...DESKTOP, locale: 'en-GB' });
  await browser.context.addInitScript(() => localStorage.setItem('ln_lang', 'en'));
});

afterAll(async () => {
  await browser?.close();
});

/** Every string of an API reply, a bilingual label contributing only its English. */
function dataStrings(value: unknown, out: Set<string>) {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) dataStrings(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // An empty or missing `en` shows the Vietnamese, rightly: then `vi` is what the page shows.
    const bilingual = typeof o.vi === 'string' && typeof o.en === 'string' && o.en !== '';
    for (const [k, v] of Object.entries(o)) if (!(bilingual && k === 'vi')) dataStrings(v, out);
  }
}

/** A signed-in English console page that records the data its API calls bring. */
async function consoleAs(email: string) {
  // One role at a time: the previous role's session must not answer for this one.
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const data = new Set<string>(ALWAYS_VIETNAMESE);
  const reading: Promise<void>[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/') && (r.headers()['content-type'] ?? '').includes('json'))
      reading.push(
        r.json().then(
          (j) => dataStrings(j, data),
          () => {},
        ),
      );
  });
  await page.goto(`${base}/console/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return {
    page,
    /** Opens a console path, waits for `ready`, and returns the Vietnamese words not from data. */
    async leftover(path: string, ready: string) {
      await page.goto(`${base}${path}`);
      await page.locator('main').getByText(ready, { exact: false }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await Promise.all(reading);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a reader meets it.
      let text = `${await page.title()}\n${await page.locator('body').innerText()}`;
      for (const s of [...data].filter((x) => x.length > 1).sort((a, b) => b.length - a.length))
        text = text.split(s).join(' ');
      return [...new Set(text.split(/\s+/).filter((w) => VIETNAMESE.test(w)))];
    },
  };
}

/** Every unit's Vietnamese and English names, by id. */
async function unitNames(api: StaffApi) {
  const { units } = await api.get<{ units: { id: string; name: string; nameEn: string | null }[] }>(
    '/api/org/units?includeMerged=1',
  );
  return new Map(units.map((u) => [u.id, u]));
}

/** The grant's unit, which the seed gives an English name. */
async function grantUnit(api: StaffApi, role: string) {
  const me = await api.get<{ grants: { role: string; unitId: string }[] }>('/api/auth/me');
  const unit = (await unitNames(api)).get(me.grants.find((g) => g.role === role)!.unitId)!;
  expect(unit.nameEn).toBeTruthy();
  return unit as { id: string; name: string; nameEn: string };
}

/** The text of the `<dd>` after the `<dt>` that reads `term` (a case page's facts). */
async function fact(page: Page, term: string) {
  return (
    (await page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]').textContent()) ??
    ''
  );
}

async function firstRunning(api: StaffApi, which: 'intake' | 'handling', role: string) {
  const me = await api.get<{ grants: { role: string; unitId: string }[] }>('/api/auth/me');
  const unitId = me.grants.find((g) => g.role === role)!.unitId;
  const { cases } = await api.get<{ cases: { id: string; daysLeft: number | null; overdue: boolean }[] }>(
    `/api/cases/${which}?unitId=${unitId}`,
  );
  // A case with time left: its deadline line is the one that read "còn … working days left".
  return cases.find((c) => c.daysLeft !== null && !c.overdue)!.id;
}

describe('the console in English, 1366 px', () => {
  it('case intake: home, queue, a case page, personal-data requests', async () => {
    const api = await staffApi(base, 'tiepnhan@langnghe.demo', password);
    const id = await firstRunning(api, 'intake', 'case_intake');
    const front = await grantUnit(api, 'case_intake');
    const names = await unitNames(api);
    // A case about a unit (no person) that has an English name: the queue and the case page name it in English.
    const { cases } = await api.get<{
      cases: { id: string; receiptCode: string; unitId: string; subjectName: string | null }[];
    }>(`/api/cases/intake?unitId=${front.id}`);
    const aboutUnit = cases.find((c) => !c.subjectName && names.get(c.unitId)?.nameEn)!;
    expect(aboutUnit).toBeDefined();
    const about = names.get(aboutUnit.unitId)!;
    const { page, leftover } = await consoleAs('tiepnhan@langnghe.demo');
    expect(await leftover('/console/', 'Your roles')).toEqual([]);
    const roles = (await page.locator('main ul').first().textContent()) ?? '';
    expect(roles).toContain(front.nameEn);
    expect(roles).not.toContain(front.name);
    expect(await leftover('/console/cases', 'Overdue only')).toEqual([]);
    expect(await page.getByLabel('Unit', { exact: true }).locator('option:checked').textContent()).toBe(
      front.nameEn,
    );
    const row = (await page.getByRole('row').filter({ hasText: aboutUnit.receiptCode }).textContent()) ?? '';
    expect(row).toContain(about.nameEn);
    expect(row).not.toContain(about.name);
    expect(await leftover(`/console/cases/${id}`, 'working days left')).toEqual([]);
    expect(await leftover(`/console/cases/${aboutUnit.id}`, 'About')).toEqual([]);
    expect(await fact(page, 'About')).toBe(about.nameEn);
    expect(await leftover('/console/cases/requests', 'Personal-data requests')).toEqual([]);
    expect(await page.getByLabel('Unit', { exact: true }).locator('option:checked').textContent()).toBe(
      front.nameEn,
    );
    await screenshot(page, 'english-intake-requests');
    await page.close();
  });

  it('case handler: queue and a case page', async () => {
    const api = await staffApi(base, 'xuly@langnghe.demo', password);
    const id = await firstRunning(api, 'handling', 'case_handler');
    // The handling body (the Inspection Committee): its English name in the queue and on the case page.
    const body = await grantUnit(api, 'case_handler');
    const { page, leftover } = await consoleAs('xuly@langnghe.demo');
    expect(await leftover('/console/cases', 'Overdue only')).toEqual([]);
    expect(await page.getByLabel('Unit', { exact: true }).locator('option:checked').textContent()).toBe(
      body.nameEn,
    );
    const rows = (await page.locator('main tbody').textContent()) ?? '';
    expect(rows).toContain(body.nameEn);
    expect(rows).not.toContain(body.name);
    expect(await leftover(`/console/cases/${id}`, 'days left')).toEqual([]);
    expect(await fact(page, 'Responsible body')).toBe(body.nameEn);
    await screenshot(page, 'english-handler-case');
    await page.close();
  });

  it('counting board: rounds and a published round, percentages in English notation', async () => {
    // The council (the board's unit): its English name in the list of rounds and on a round's page.
    const council = await grantUnit(
      await staffApi(base, 'kiemphieu@langnghe.demo', password),
      'counting_board',
    );
    const { page, leftover } = await consoleAs('kiemphieu@langnghe.demo');
    expect(await leftover('/console/ballots', 'New vote round')).toEqual([]);
    const published = page.getByRole('row').filter({ hasText: 'Published' }).first();
    expect(await published.textContent()).toContain(council.nameEn);
    expect(await published.textContent()).not.toContain(council.name);
    const href = await published.getByRole('link').getAttribute('href');
    expect(await leftover(href!, 'Download the minutes')).toEqual([]);
    // The line under the heading: unit · meeting day · place (the place is data, typed in Vietnamese).
    const line = (await page.locator('main p').first().textContent()) ?? '';
    expect(line.split(' · ')[0]).toBe(council.nameEn);
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toMatch(/\d\.\d\d\u00a0%/);
    expect(body).not.toMatch(/\d,\d\d\u00a0%/);
    await screenshot(page, 'english-board-round');
    await page.close();
  });

  it('administrator: the accounts list names the unit of each grant in English', async () => {
    const body = await grantUnit(await staffApi(base, 'xuly@langnghe.demo', password), 'case_handler');
    const { page } = await consoleAs('admin@langnghe.demo');
    await page.goto(`${base}/console/accounts`);
    const row = page.getByRole('row').filter({ hasText: 'xuly@langnghe.demo' });
    await row.getByText(body.nameEn, { exact: false }).first().waitFor();
    expect(await row.textContent()).not.toContain(body.name);
    await page.close();
  });
});

describe('the published results in English', () => {
  /** Checks the results page as a citizen reads it at this width. */
  async function check(page: Page) {
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const layout = await page.evaluate(() => ({
      sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      // A column heading that does not fit spills over the next one (or is cut at the edge).
      spilling: [...document.querySelectorAll('table.res thead th')]
        .filter((th) => th.scrollWidth > th.clientWidth)
        .map((th) => th.textContent),
      small: [...document.querySelectorAll('main input:not([type=hidden]), main button')]
        .map((e) => e.getBoundingClientRect().height)
        .filter((h) => h < 44),
    }));
    expect(layout).toEqual({ sideways: false, spilling: [], small: [] });
    const chrome = await page.locator('h2, thead th, label, button, small.marks').allInnerTexts();
    expect(chrome.filter((s) => VIETNAMESE.test(s))).toEqual([]);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toMatch(/\d\.\d\d\u00a0%/);
    expect(main).not.toMatch(/\d,\d\d\u00a0%/);
  }

  it('at 360 and 1366 px: English headings and figures, no spill, a way back to Vietnamese, the lookup stays in English', async () => {
    const board = await staffApi(base, 'kiemphieu@langnghe.demo', password);
    const me = await board.get<{ grants: { role: string; unitId: string }[] }>('/api/auth/me');
    const unitId = me.grants.find((g) => g.role === 'counting_board')!.unitId;
    const { rounds } = await board.get<{ rounds: { id: string; phase: string }[] }>(
      `/api/ballots/rounds?unitId=${unitId}`,
    );
    const published = rounds.find((r) => r.phase === 'published')!.id;
    const phone = await openBrowser({ ...PHONE, locale: 'en-GB' });
    try {
      const page = await phone.context.newPage();
      await page.goto(`${base}/b/${published}/results?lang=en`);
      await check(page);
      await screenshot(page, 'english-results-360');
      const back = page.getByRole('link', { name: 'Tiếng Việt' });
      expect(await back.getAttribute('href')).toBe(`/b/${published}/results?lang=vi`);
      // The receipt lookup (a GET form) keeps the page in English.
      const receipt = (await page.locator('ul.receipts li').first().textContent())!.trim();
      await page.getByLabel('Receipt').fill(receipt);
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByText('Found: your ballot was counted.').waitFor();
      await check(page);
      await page.setViewportSize({ width: 1366, height: 768 });
      await check(page);
      await screenshot(page, 'english-results-1366');
    } finally {
      await phone.close();
    }
  });
});
