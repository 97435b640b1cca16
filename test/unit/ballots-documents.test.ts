/**
 * Issue 12: the counting board's documents and the dashboard exports read well — the minutes keep
 * their closing block (note, sentence, signatures) together and say the subtitle once, percentages
 * never break, the minutes CSV speaks Vietnamese, the slips are Vietnamese only, the dashboard PDF
 * prints every row, the XLSX has a properly named sheet per section, download names are readable.
 */
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { papersToGroups, parsePastedPeople } from '../../web/console/pages/ballots/papers';
import { newBallotCode, slipsPdf } from '../../worker/ballots/codes';
import { LEVEL_COLOURS } from '../../worker/ballots/levels';
import { minutesCsv, minutesFileName, minutesPdf, minutesSubtitle } from '../../worker/ballots/minutes';
import type { RoundRow } from '../../worker/ballots/queries';
import { type BallotMarks, tally } from '../../worker/ballots/tally';
import type { Section } from '../../worker/dashboards/boards';
import { periodSlug, reportFileName, reportPdf, tableExport } from '../../worker/dashboards/export';
import { totalText } from '../../worker/dashboards/privacy';
import { formatPercent } from '../../worker/lib/format';
import { downloadName, sheetNames } from '../../worker/lib/xlsx';
import { pdfPageTexts, pdfText } from './ballots-pdftext';

const round: RoundRow = {
  id: 'r1',
  unitId: 'u1',
  unitName: 'Hội đồng nhân dân thành phố',
  unitPath: '/u1/',
  name: 'Lấy phiếu tín nhiệm tại kỳ họp chuyên đề HĐND thành phố',
  mode: 'codes',
  phase: 'counting',
  summoned: 7,
  present: 6,
  denominator: 'collected',
  meetingPlace: 'Hội trường',
  locality: 'Thanh Hóa',
  meetingDate: '2026-12-07',
  codesGenerated: 6,
  codesVoided: 0,
  tokensIssued: 0,
  publicKey: null,
  keyFingerprint: null,
  privateKeySealed: null,
  createdAt: 0,
  castingOpenedAt: null,
  castingClosedAt: null,
  publishedAt: null,
};

/** A round with `n` people over two papers and six ballots. */
function content(n: number) {
  const groups = [
    { id: 'g1', ord: 0, title: 'Phiếu số 1: Thường trực Hội đồng nhân dân' },
    { id: 'g2', ord: 1, title: 'Phiếu số 2: Ủy ban nhân dân' },
  ];
  const candidates = Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    groupId: i === 0 ? 'g1' : 'g2',
    ord: i,
    personId: null,
    fullName: `Nguyễn Văn Người ${i + 1}`,
    position: i === 0 ? 'Chủ tịch HĐND thành phố' : 'Phó Chủ tịch UBND thành phố',
  }));
  const marks = ['high', 'high', 'high', 'high', 'confidence', 'low'] as const;
  const ballots: BallotMarks[] = marks.map((m) => Object.fromEntries(candidates.map((c) => [c.id, m])));
  const t = tally(candidates, ballots, { summoned: 7, present: 6, issued: 6, denominator: 'collected' });
  return { c: { groups, candidates, members: [] } as never, t };
}

describe('minutes (biên bản kiểm phiếu)', () => {
  it('keeps the signatures with the table when page 1 has room, and says the subtitle once', async () => {
    const { c, t } = content(3);
    const pages = await pdfPageTexts(await minutesPdf(round, t, c, ['AAAAA-BBBBB']));
    // Page 1: the table, the note, the closing sentence and the signatures; then the receipts appendix.
    expect(pages).toHaveLength(2);
    const first = pages[0]!.replace(/\s+/g, ' ');
    expect(first).toContain('Nguyễn Văn Người 3');
    expect(first).toContain('TRƯỞNG BAN KIỂM PHIẾU');
    expect(first).toContain('Biên bản được lập');
    // The round's name already says "lấy phiếu tín nhiệm": not "Kết quả lấy phiếu tín nhiệm: Lấy phiếu …".
    expect(first.match(/lấy phiếu tín nhiệm tại kỳ họp/gi)).toHaveLength(1);
    expect(first).not.toMatch(/tín nhiệm: Lấy phiếu tín nhiệm/i);
    expect(minutesSubtitle('Kỳ họp thứ 5')).toBe('Lấy phiếu tín nhiệm: Kỳ họp thứ 5');
    // A percentage is one run with a no-break space: "(66,67 %)" never splits across lines.
    expect(pages[0]).toContain('4 (66,67\u00a0%)');
  });

  it('moves the note, the sentence and the signatures together when they do not fit', async () => {
    for (const n of [9, 10, 11, 12, 13, 14, 16, 20, 30]) {
      const { c, t } = content(n);
      const pages = await pdfPageTexts(await minutesPdf(round, t, c, []));
      const sign = pages.findIndex((p) => p.includes('TRƯỞNG BAN KIỂM PHIẾU'));
      const page = pages[sign]!.replace(/\s+/g, ' ');
      expect(page, `n = ${n}`).toContain('Biên bản được lập lúc kết thúc kiểm phiếu');
      expect(page, `n = ${n}`).toContain('Ghi chú: phiếu đối với một người không hợp lệ');
      expect(page, `n = ${n}`).toContain('THƯ KÝ');
    }
  });

  it('CSV: Vietnamese column names and Có/Không, not snake_case and true/false', async () => {
    const { c, t } = content(2);
    const csv = minutesCsv(round, t, c);
    const [header, first] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(
      'Phiếu,Họ và tên,Chức vụ,Phiếu phát ra,Phiếu thu vào,Hợp lệ,Không hợp lệ,Để trống,Đánh nhiều mức,Mẫu số,Tín nhiệm cao,Tín nhiệm cao (%),Tín nhiệm,Tín nhiệm (%),Tín nhiệm thấp,Tín nhiệm thấp (%),Trên 1/2 tín nhiệm thấp,Từ 2/3 tín nhiệm thấp',
    );
    expect(first).toMatch(/,Không,Không$/);
    expect(csv).not.toMatch(/true|false|_/);
    expect(csv).toContain('Đợt,Triệu tập,Có mặt,Đủ 2/3,Dấu vân tay khóa');
  });

  it('download names are readable slugs with the round and the date', () => {
    expect(minutesFileName(round)).toBe(
      'bien-ban-kiem-phieu-lay-phieu-tin-nhiem-tai-ky-hop-chuyen-de-hdnd-thanh-pho-07-12-2026',
    );
    expect(downloadName('Mã bỏ phiếu', 'Đợt 1: Thường trực')).toBe('ma-bo-phieu-dot-1-thuong-truc');
    expect(downloadName('x'.repeat(200)).length).toBeLessThanOrEqual(120);
  });
});

describe('code slips', () => {
  it('are Vietnamese only ("Mã bỏ phiếu"), not "Mã của bạn / Your code"', async () => {
    const text = await pdfText(
      await slipsPdf({
        roundName: 'Kỳ họp thứ 5',
        unitName: 'HĐND thành phố',
        ballotUrl: 'https://example.vn/b/1',
        codes: ['7KQM-3XD9-B2HT-ZP4R-Q'],
      }),
    );
    expect(text).toContain('Mã bỏ phiếu:');
    expect(text).not.toMatch(/Your code|Mã của bạn/);
  });

  it('print every code whole on one line, whatever its letters (wide ones get a smaller size)', async () => {
    const codes = [
      'WWWW-WWWW-WWWW-WWWW-W',
      'MMMM-MMMM-MMMM-MMMM-M',
      '1111-1111-1111-1111-1',
      ...Array.from({ length: 237 }, newBallotCode),
    ];
    const text = await pdfText(
      await slipsPdf({
        roundName: 'Kỳ họp thứ 5',
        unitName: 'HĐND',
        ballotUrl: 'https://example.vn/b/1',
        codes,
      }),
    );
    const lines = new Set(text.split('\n'));
    expect(codes.filter((c) => !lines.has(c))).toEqual([]);
  });
});

describe('level colours', () => {
  it('read high → neutral → low: blue, grey, orange; percentages keep their sign', () => {
    expect(LEVEL_COLOURS).toEqual({ high: '#2166ac', confidence: '#8c8c8c', low: '#d95f02' });
    expect(formatPercent('60.00')).toBe('60,00\u00a0%');
  });
});

const section = (id: string, title: string, rows: number, colors?: string[]): Section => ({
  id,
  title: { vi: title, en: title },
  chart: 'bar',
  columns: [
    { vi: 'Đơn vị', en: 'Unit' },
    { vi: 'Số ý kiến', en: 'Submissions' },
  ],
  rows: Array.from({ length: rows }, (_, i) => [`Phường số ${i + 1}`, i === 2 ? null : i + 10]),
  hidden: 1,
  summary: { vi: 'Tóm tắt.', en: 'Summary.' },
  colors,
});

describe('dashboard exports', () => {
  const report = {
    title: 'Mặt trận Tổ quốc — tiếp nhận',
    unit: { name: 'Thành ủy Thanh Hóa' },
    period: { from: '2026-10', to: '2026-12' },
    k: 5,
    sections: [
      section('by-unit', 'Số ý kiến tiếp nhận theo đơn vị trong kỳ báo cáo', 45),
      section('by-unit-2', 'Số ý kiến tiếp nhận theo đơn vị trong kỳ báo cáo', 3),
      section('c', 'Kết quả: tỷ lệ [%] từng mức?', 2, Object.values(LEVEL_COLOURS).slice(0, 1)),
    ],
  };

  it('the PDF prints every row of a long section (no cut at 40), hidden as "ẩn", the rule once', async () => {
    const res = await reportPdf(report, 'x');
    const text = (await pdfText(new Uint8Array(await res.arrayBuffer()))).replace(/\s+/g, ' ');
    for (const i of [1, 40, 41, 45]) expect(text).toContain(`Phường số ${i} `);
    expect(text).toContain('Phường số 3 ẩn');
    expect(text.match(/không cộng vào tổng/g)).toHaveLength(1);
  });

  it('the XLSX has an information sheet and a sheet per section, named ≤ 31 characters, distinct', async () => {
    const res = tableExport('xlsx', report, 'x');
    const book = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    expect(book.SheetNames[0]).toBe('Thông tin');
    expect(book.SheetNames).toHaveLength(4);
    for (const n of book.SheetNames) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(book.SheetNames.map((n) => n.toLowerCase())).size).toBe(4);
    // Cut between words, never mid-word.
    expect(book.SheetNames[1]).toBe('Số ý kiến tiếp nhận theo đơn vị');
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[1]!]!, { header: 1 });
    expect(rows).toContainEqual(['Đơn vị', 'Số ý kiến']);
    expect(rows).toContainEqual(['Phường số 3', 'ẩn']);
    expect(rows).toContainEqual(['Phường số 45', 54]);
    const info = JSON.stringify(XLSX.utils.sheet_to_json(book.Sheets['Thông tin']!, { header: 1 }));
    expect(info).toContain('Thành ủy Thanh Hóa');
    expect(info).toContain('10/2026 – 12/2026');
  });

  it('sheet names and file names', () => {
    expect(sheetNames(['Tổng hợp', 'Tổng hợp', 'tổng hợp'])).toEqual([
      'Tổng hợp',
      'Tổng hợp (2)',
      'tổng hợp (3)',
    ]);
    expect(sheetNames([''])).toEqual(['Bảng 1']);
    expect(periodSlug({ from: '2026-10', to: '2026-12' })).toBe('quy-4-2026');
    expect(periodSlug({ from: '2026-11', to: '2026-11' })).toBe('thang-11-2026');
    expect(periodSlug({ from: '2026-11', to: '2027-02' })).toBe('thang-11-2026-den-thang-02-2027');
    expect(reportFileName(report.title, report)).toBe(
      'mat-tran-to-quoc-tiep-nhan-thanh-uy-thanh-hoa-quy-4-2026',
    );
  });

  it('totals say what is left out, never "Tổng ít nhất"', () => {
    const noun = { vi: 'ý kiến', en: 'submissions' };
    expect(totalText({ n: 131, hidden: 2 }, noun, 'vi')).toBe('131 ý kiến (chưa kể các ô bị ẩn)');
    expect(totalText({ n: 1310, hidden: 0 }, noun, 'vi')).toBe('1.310 ý kiến');
    expect(totalText({ n: 131, hidden: 1 }, noun, 'en')).toBe('131 submissions (not counting hidden cells)');
    expect(totalText({ n: 0, hidden: 3 }, noun, 'vi')).toBe('số ý kiến: ẩn (mọi ô đều dưới ngưỡng)');
  });
});

describe('papers editor: pasting from Excel', () => {
  it('reads tab-separated rows, skips a header and row numbers, accepts the older "|" lines', () => {
    expect(
      parsePastedPeople('Họ và tên\tChức vụ\r\nNguyễn Văn An\tBí thư\r\n\r\nTrần Thị Bình\tPhó Bí thư\r\n'),
    ).toEqual([
      { fullName: 'Nguyễn Văn An', position: 'Bí thư' },
      { fullName: 'Trần Thị Bình', position: 'Phó Bí thư' },
    ]);
    expect(parsePastedPeople('1\tLê Văn Cường\tTrưởng Ban Tổ chức')).toEqual([
      { fullName: 'Lê Văn Cường', position: 'Trưởng Ban Tổ chức' },
    ]);
    expect(parsePastedPeople('Lê Văn Cường | Trưởng Ban')).toEqual([
      { fullName: 'Lê Văn Cường', position: 'Trưởng Ban' },
    ]);
    expect(
      papersToGroups([
        {
          title: '',
          people: [
            { fullName: 'A', position: 'B' },
            { fullName: '', position: '' },
          ],
        },
      ]),
    ).toEqual([{ title: 'Phiếu số 1', candidates: [{ fullName: 'A', position: 'B' }] }]);
  });
});
