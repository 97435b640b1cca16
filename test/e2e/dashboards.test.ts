/**
 * The board member's journey (issue 7): sign in, open the dashboard, filter by a ward and a quarter,
 * switch a chart to its table view, and download the printable PDF.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, describeViolations, openBrowser, runAxe, screenshot } from './helpers/browser';

const base = inject('baseUrl');
const password = inject('demoPassword');

describe('dashboards: a board viewer reads, filters, switches to a table, downloads the PDF', () => {
  let viewer: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  beforeAll(async () => {
    viewer = await openBrowser({ ...DESKTOP, acceptDownloads: true });
    page = await viewer.context.newPage();
  });
  afterAll(async () => {
    await viewer?.close();
  });

  it('signs in and lands on the Front view of their remit', async () => {
    await page.goto(`${base}/console/dashboards`);
    await page.getByLabel('Thư điện tử').fill('lanhdao@langnghe.demo');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 2, name: 'Số ý kiến tiếp nhận theo tháng' }).waitFor();
    // Charts carry a text alternative.
    const label = await page.locator('canvas[role="img"]').first().getAttribute('aria-label');
    expect(label).toMatch(/ý kiến/);
  });

  it('filters by a ward and a quarter; the header says which', async () => {
    const unit = page.getByLabel('Đơn vị', { exact: true });
    const option = await unit.locator('option', { hasText: 'Hàm Rồng' }).first().getAttribute('value');
    await unit.selectOption(option!);
    const period = page.getByLabel('Kỳ', { exact: true });
    // The previous quarter, then back to the current one (where the demo data lies).
    await period.selectOption((await period.locator('option').nth(1).getAttribute('value'))!);
    const quarter = await period.locator('option').nth(0).getAttribute('value');
    await period.selectOption(quarter!);
    await expect.poll(() => new URL(page.url()).searchParams.get('unitId')).toBe(option);
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe(quarter);
    await page.getByText(/Hàm Rồng · Kỳ:/).waitFor();
  });

  it('switches a chart to its table view', async () => {
    const toggle = page.getByRole('button', { name: 'Xem bảng số liệu' }).first();
    await toggle.click();
    await page.getByRole('button', { name: 'Xem biểu đồ' }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Xem biểu đồ' }).first().getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.locator('table').first().waitFor();
    const violations = await runAxe(page);
    expect(
      violations.filter((v) => v.impact === 'critical'),
      describeViolations(violations),
    ).toEqual([]);
    await screenshot(page, 'dashboard-table');
  });

  it('downloads the PDF for the same filters', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Báo cáo PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const url = new URL(download.url());
    expect(url.searchParams.get('format')).toBe('pdf');
    expect(url.searchParams.get('unitId')).toBeTruthy();
    const path = await download.path();
    const fs = await import('node:fs');
    expect(fs.readFileSync(path!).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("opens the People's Committee view (cases rollups) and reads its deadline table", async () => {
    await page.getByLabel('Bảng', { exact: true }).selectOption('peoples_committee');
    await page.getByRole('heading', { level: 2, name: 'Thời hạn giải quyết theo loại vụ việc' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Vụ việc đang mở (hiện tại)' }).waitFor();
    await screenshot(page, 'dashboard-peoples-committee');
  });

  it('Ban Tổ chức: one chart per round, a person per bar, levels blue/grey/orange (issue 12)', async () => {
    await page.getByLabel('Đơn vị', { exact: true }).selectOption('');
    await page.getByLabel('Bảng', { exact: true }).selectOption('organisation');
    await page
      .getByRole('heading', { level: 2, name: /tỷ lệ % từng mức/ })
      .first()
      .waitFor();
    type Chart = { labels: string[]; series: { label: string; color: string; data: (number | null)[] }[] };
    // One chart per published round (other journeys may have published rounds of their own first).
    const charts = (
      await page
        .locator('canvas[data-chart]')
        .evaluateAll((cs) => cs.map((c) => c.getAttribute('data-chart')))
    )
      .map((d) => JSON.parse(d!) as Chart)
      .filter((c) => c.series[0]?.label.startsWith('Tín nhiệm'));
    expect(charts.length).toBeGreaterThanOrEqual(1);
    for (const chart of charts) {
      expect(chart.series.map((x) => [x.label, x.color])).toEqual([
        ['Tín nhiệm cao (%)', '#2166ac'],
        ['Tín nhiệm (%)', '#8c8c8c'],
        ['Tín nhiệm thấp (%)', '#d95f02'],
      ]);
      // Labels are the people (name — position), never ids, and no longer carry the round's name.
      for (const l of chart.labels) {
        expect(l).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
        expect(l).not.toContain('Lấy phiếu');
      }
    }
    expect(charts.flatMap((c) => c.labels)).toContain('Hoàng Thị Lan — Chủ tịch HĐND thành phố');
    // The canvas paints the high share of the first person in blue (drawn, not only configured).
    const painted = await page
      .locator('canvas[data-chart]')
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d')!;
        const { data } = ctx.getImageData(0, 0, c.width, c.height);
        let blue = 0;
        let orange = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] === 33 && data[i + 1] === 102 && data[i + 2] === 172) blue++;
          if (data[i] === 217 && data[i + 1] === 95 && data[i + 2] === 2) orange++;
        }
        return { blue, orange };
      });
    expect(painted.blue).toBeGreaterThan(100);
    expect(painted.orange).toBeGreaterThan(100);
    // The hidden-figures rule is said once on the page, not under every chart.
    expect(await page.getByTestId('hidden-rule').count()).toBe(1);
    expect(await page.getByText(/ô số liệu được ẩn/).count()).toBe(0);
    await screenshot(page, 'dashboard-organisation');
  });

  it('hidden figures are null in the chart (striped, "ẩn"), never a zero bar; months run to today', async () => {
    const headings = {
      front: 'Số ý kiến tiếp nhận theo tháng',
      inspection: 'Góp ý, tố cáo về đảng viên theo tháng',
      mass_mobilisation: 'Mô hình theo lĩnh vực',
    };
    for (const [view, heading] of Object.entries(headings)) {
      await page.getByLabel('Bảng', { exact: true }).selectOption(view);
      // The new view's sections, not the previous view's still on screen.
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Đang tải' }).waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('hidden-rule').count()).toBe(1);
      for (const c of await page.locator('canvas[data-chart]').all()) {
        const chart = JSON.parse((await c.getAttribute('data-chart'))!) as {
          labels: string[];
          series: { data: (number | null)[] }[];
        };
        // By its heading id: the canvas itself goes away while the table shows.
        const sec = await c.evaluate((el) => el.closest('section')!.getAttribute('aria-labelledby'));
        const section = page.locator(`section[aria-labelledby="${sec}"]`);
        await section.getByRole('button', { name: 'Xem bảng số liệu' }).click();
        const cells = await section
          .locator('tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
          );
        chart.series.forEach((sr, i) => {
          sr.data.forEach((v, r) => {
            if (cells[r]?.[i] === 'ẩn') expect(v).toBeNull();
            else expect(v).not.toBeNull();
          });
        });
        await section.getByRole('button', { name: 'Xem biểu đồ' }).click();
      }
      // The heading shows k, not a variable.
      expect(await page.locator('h2').allTextContents()).not.toContainEqual(expect.stringContaining(' k '));
    }
    const title = await page.locator('h2', { hasText: 'theo tháng' }).first().textContent();
    expect(title).toBeTruthy();
  });
});
