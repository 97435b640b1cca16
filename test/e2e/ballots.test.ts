/**
 * The confidence-vote journey: the counting board (desktop) creates a round for 7 members, records
 * attendance, prints the code slips, opens casting; 7 phones vote (one without JavaScript, typing
 * the code; the rest arrive by the slip's QR link, which carries the code in the URL fragment);
 * the board counts and downloads the minutes PDF, which must parse and carry the figures.
 */
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pdfText } from '../unit/ballots-pdftext';
import { DESKTOP, describeViolations, openBrowser, PHONE, runAxe, screenshot } from './helpers/browser';

const base = inject('baseUrl');
const password = inject('demoPassword');

async function login(page: Page, email: string) {
  await page.goto(`${base}/console/ballots`);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lấy phiếu tín nhiệm' }).waitFor();
}

/** Presses a phase button and accepts the "cannot be undone" confirmation. */
async function nextPhase(page: Page, label: string) {
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: `Chuyển sang: ${label}` }).click();
  await page.getByRole('status').filter({ hasText: 'Đã chuyển giai đoạn' }).waitFor();
}

describe('confidence vote: printed codes, 7 phones, minutes', () => {
  let desk: Awaited<ReturnType<typeof openBrowser>>;
  let board: Page;
  let roundId = '';
  let codes: string[] = [];
  const receipts: string[] = [];

  beforeAll(async () => {
    desk = await openBrowser({ ...DESKTOP, acceptDownloads: true });
    board = await desk.context.newPage();
    await login(board, 'kiemphieu@langnghe.demo');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('the board sets up the round, records attendance and prints the slips', async () => {
    // Issue 12: the meeting date starts at today in Vietnam; the papers start empty (placeholders,
    // no example people) and take rows pasted from Excel (tab-separated).
    const vnToday = new Date(Date.now() + 7 * 3600_000)
      .toISOString()
      .slice(0, 10)
      .split('-')
      .reverse()
      .join('/');
    expect(await board.getByLabel('Ngày họp').inputValue()).toBe(vnToday); // dd/mm/yyyy
    const firstName = board.getByLabel('Họ và tên, phiếu 1, dòng 1');
    expect(await firstName.inputValue()).toBe('');
    expect(await firstName.getAttribute('placeholder')).toBe('Họ và tên');
    expect(await board.locator('.papers').textContent()).not.toContain('Nguyễn Văn An');
    await board.getByLabel('Tên phiếu 1').fill('Phiếu số 1: Thường trực');
    await firstName.evaluate((el, text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, 'Họ và tên\tChức vụ\r\nNguyễn Văn An\tBí thư\r\nTrần Thị Bình\tPhó Bí thư\r\n');
    await expect.poll(() => board.getByLabel('Chức vụ, phiếu 1, dòng 2').inputValue()).toBe('Phó Bí thư');
    expect(await board.getByLabel('Họ và tên, phiếu 1, dòng 1').inputValue()).toBe('Nguyễn Văn An');
    expect(await board.getByLabel(/^Họ và tên, phiếu 1, dòng/).count()).toBe(2);
    await board.getByRole('button', { name: 'Thêm phiếu' }).click();
    await board.getByLabel('Tên phiếu 2').fill('Phiếu số 2: Ủy viên Ban Thường vụ');
    await board.getByLabel('Họ và tên, phiếu 2, dòng 1').fill('Lê Văn Cường');
    await board.getByLabel('Chức vụ, phiếu 2, dòng 1').fill('Trưởng Ban Tổ chức');
    await screenshot(board, 'ballot-round-papers-editor');
    await board.getByLabel('Tên đợt').fill('Lấy phiếu tín nhiệm E2E');
    await board.getByLabel('Số người được triệu tập').fill('7');
    await board.getByLabel('Địa điểm').fill('Hội trường HĐND');
    await board.getByLabel(/^Địa danh/).fill('Thanh Hóa');
    await board.getByRole('button', { name: 'Tạo đợt' }).click();
    await board.getByRole('heading', { level: 1, name: 'Lấy phiếu tín nhiệm E2E' }).waitFor();
    roundId = board.url().split('/').pop()!;
    const violations = await runAxe(board);
    expect(violations, describeViolations(violations)).toEqual([]);

    await nextPhase(board, 'Phát phiếu');
    await board.getByLabel('Số người có mặt').fill('7');
    await board.getByRole('button', { name: 'Ghi số có mặt' }).click();
    await board.getByText('Đủ 2/3: hợp lệ').waitFor();

    const [download] = await Promise.all([
      board.waitForEvent('download'),
      board.getByRole('button', { name: 'In phiếu mã (PDF)' }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const ch of stream) chunks.push(ch as Buffer);
    const slips = new Uint8Array(Buffer.concat(chunks));
    expect((await PDFDocument.load(slips)).getPageCount()).toBe(1); // 7 slips, 8 a page
    const text = await pdfText(slips);
    codes = [...text.matchAll(/^([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=U])$/gm)].map(
      (m) => m[1]!,
    );
    expect(codes).toHaveLength(7);
    expect(new Set(codes).size).toBe(7);
    expect(text).toContain('Lấy phiếu tín nhiệm E2E');
    await board.locator('[data-figure="codes"]').filter({ hasText: '7' }).waitFor();
    await nextPhase(board, 'Bỏ phiếu');
    await board.locator('[data-all-cast="false"]').waitFor();
  });

  it('seven phones vote; one without JavaScript, one leaving a person blank', async () => {
    // Voter i's choice for each of the 3 people (sample papers: An, Bình | Cường).
    const plans: ('Tín nhiệm cao' | 'Tín nhiệm' | 'Tín nhiệm thấp' | 'Để trống')[][] = [
      ['Tín nhiệm cao', 'Tín nhiệm thấp', 'Tín nhiệm'],
      ['Tín nhiệm cao', 'Tín nhiệm thấp', 'Tín nhiệm'],
      ['Tín nhiệm cao', 'Tín nhiệm thấp', 'Tín nhiệm cao'],
      ['Tín nhiệm', 'Tín nhiệm thấp', 'Tín nhiệm cao'],
      ['Tín nhiệm', 'Tín nhiệm thấp', 'Tín nhiệm thấp'],
      ['Tín nhiệm thấp', 'Tín nhiệm cao', 'Tín nhiệm'],
      ['Tín nhiệm cao', 'Để trống', 'Tín nhiệm'],
    ];
    // The last voter ticks a level for Bình first, then changes their mind back to "leave blank".
    for (const [i, plan] of plans.entries()) {
      const noJs = i === 0;
      const phone = await openBrowser({ ...PHONE, javaScriptEnabled: !noJs });
      try {
        const page = await phone.context.newPage();
        const code = codes[i]!;
        await page.goto(noJs ? `${base}/b/${roundId}` : `${base}/b/${roundId}#${code.replace(/-/g, '')}`);
        const field = page.getByLabel(/Mã bỏ phiếu/);
        if (noJs) await field.fill(code.toLowerCase());
        else await expect.poll(() => field.inputValue()).toBe(code); // filled from the QR fragment
        expect(page.url()).not.toContain('#'); // and removed from the address bar
        const people = page.locator('fieldset.cand');
        expect(await people.count()).toBe(3);
        // A paper ballot starts unmarked: nothing ticked, not even "leave blank" (issue 12).
        expect(await page.locator('input[type=radio]:checked').count()).toBe(0);
        // Levels in their order, one under another, then "leave blank" apart.
        expect(await people.first().locator('label').allTextContents()).toEqual([
          'Tín nhiệm cao',
          'Tín nhiệm',
          'Tín nhiệm thấp',
          'Để trống',
        ]);
        const boxes = await people
          .first()
          .locator('label')
          .evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().top));
        expect(boxes).toEqual([...boxes].sort((a, b) => a - b));
        expect(new Set(boxes).size).toBe(4);
        // No sideways scroll at 360 px.
        expect(
          await page.evaluate(
            () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
          ),
        ).toBe(true);
        for (const [k, level] of plan.entries()) {
          // Without JavaScript there is still a way back to no mark.
          if (level === 'Để trống') await people.nth(k).getByLabel('Tín nhiệm thấp', { exact: true }).check();
          await people.nth(k).getByLabel(level, { exact: true }).check();
        }
        if (i === 1) {
          const violations = await runAxe(page);
          expect(violations, describeViolations(violations)).toEqual([]);
          await screenshot(page, 'ballot-phone');
        }
        await page.getByRole('button', { name: 'Xem lại phiếu' }).click();
        await page.getByRole('heading', { name: 'Xem lại trước khi bỏ phiếu' }).waitFor();
        const warned = await page.getByText('Bạn để trống 1 người').count();
        expect(warned).toBe(plan.includes('Để trống') ? 1 : 0);
        await page.getByRole('button', { name: 'Xác nhận bỏ phiếu' }).click();
        await page.getByRole('heading', { name: 'Phiếu của bạn đã được ghi nhận' }).waitFor();
        receipts.push((await page.locator('.receipt').textContent())!.trim());
        // The way on to the results is a control a thumb can hit (English walk: it was 20 px).
        await page.waitForLoadState('load'); // the linked stylesheet applied before measuring
        const onward = await page.getByRole('link', { name: 'Trang kết quả' }).boundingBox();
        expect(onward!.height).toBeGreaterThanOrEqual(44);
      } finally {
        await phone.close();
      }
    }
    expect(receipts).toHaveLength(7);
    await board.getByRole('button', { name: 'Cập nhật' }).click();
    await board.locator('[data-all-cast="true"]').waitFor();
  });

  it('the board counts and downloads minutes that carry the figures', async () => {
    await nextPhase(board, 'Kiểm phiếu');
    await board.locator('[data-figure="collected"]').filter({ hasText: '7' }).waitFor();
    const [download] = await Promise.all([
      board.waitForEvent('download'),
      board.getByRole('link', { name: 'Tải biên bản kiểm phiếu (PDF)' }).click(),
    ]);
    const chunks: Buffer[] = [];
    for await (const ch of await download.createReadStream()) chunks.push(ch as Buffer);
    // Table cells wrap: compare with runs of whitespace folded to one space.
    const text = (await pdfText(new Uint8Array(Buffer.concat(chunks)))).replace(/\s+/g, ' ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toMatch(/Thanh Hóa, ngày \d{2} tháng \d{2} năm \d{4}/);
    expect(text).toContain('BIÊN BẢN KIỂM PHIẾU');
    expect(text).not.toContain('?'); // every glyph maps back to text
    expect(text).toContain('Số phiếu thu vào: 7');
    // Nguyễn Văn An: 4 high, 2 confidence, 1 low of 7 collected.
    expect(text).toContain('4 (57,14 %)');
    expect(text).toContain('2 (28,57 %)');
    // Trần Thị Bình: 5 low of 7 → more than 1/2 and 5/7 ≥ 2/3.
    expect(text).toContain('5 (71,43 %)');
    expect(text).toContain('Từ 2/3 trở lên tín nhiệm thấp');
    for (const r of receipts) expect(text).toContain(r);
    await nextPhase(board, 'Công bố');
    const phone = await openBrowser({ ...PHONE, javaScriptEnabled: false });
    try {
      const page = await phone.context.newPage();
      await page.goto(`${base}/b/${roundId}/results?receipt=${receipts[3]}`);
      await page.getByText('Có trong danh sách').waitFor();
      // Issue 12 at 360 px: no sideways scroll, every column visible, a percentage on one line,
      // names not broken over many lines, the levels keyed in blue/grey/orange.
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      for (const wrap of await page.locator('.table-wrap').all())
        expect(await wrap.evaluate((w) => w.scrollWidth <= w.clientWidth)).toBe(true);
      const pct = await page
        .locator('table.res .pct')
        .evaluateAll((els) => els.map((e) => ({ text: e.textContent, rects: e.getClientRects().length })));
      expect(pct.length).toBeGreaterThan(0);
      for (const p of pct) {
        expect(p.text).toMatch(/^\d+,\d\d\u00a0%$/);
        expect(p.rects).toBe(1);
      }
      const nameLines = await page.locator('table.res tbody th').evaluateAll((ths) =>
        ths.map((th) => {
          const r = document.createRange();
          r.selectNodeContents(th.firstChild!);
          const lh = Number.parseFloat(getComputedStyle(th).lineHeight);
          return Math.round(r.getBoundingClientRect().height / (Number.isNaN(lh) ? 20 : lh));
        }),
      );
      for (const n of nameLines) expect(n).toBeLessThanOrEqual(2);
      expect(
        await page
          .locator('table.res')
          .first()
          .locator('thead th[data-level]')
          .evaluateAll((ths) => ths.map((th) => getComputedStyle(th).borderBottomColor)),
      ).toEqual(['rgb(33, 102, 172)', 'rgb(140, 140, 140)', 'rgb(217, 95, 2)']);
      await screenshot(page, 'ballot-results-phone');
    } finally {
      await phone.close();
    }
  });
});
