/**
 * The count and its records: the tally (board from counting on; public once published), the
 * minutes (biên bản kiểm phiếu) as PDF in the administrative layout and as CSV, and the receipt
 * list. Every figure comes from `tally()` (tally.ts), the one place the rules live.
 */
import type { StaffSession } from '../auth/service';
import { AppError } from '../lib/errors';
import { formatDateTime, formatDayLong, formatPercent, formatYesNo } from '../lib/format';
import { PdfWriter, type TableRow } from '../lib/pdf';
import { type Cell, downloadName, tableToCsv } from '../lib/xlsx';
import { DENOMINATOR, LEVEL, LOW_CONFIDENCE_NOTE, TALLY_FIGURE } from '../text/ballots';
import { LEVEL_COLOURS, LEVEL_ORDER } from './levels';
import { type RoundRow, selectBallots, selectContent, selectRound } from './queries';
import { boardRound } from './rounds';
import { type BallotMarks, type Tally, tally } from './tally';

/** Ballots issued: codes printed minus voided, or tokens issued. */
export function issuedOf(r: RoundRow): number {
  return r.mode === 'codes' ? r.codesGenerated - r.codesVoided : r.tokensIssued;
}

async function compute(d1: D1Database, r: RoundRow) {
  const [content, rows] = await Promise.all([selectContent(d1, r.id), selectBallots(d1, r.id)]);
  const ballots = rows.map((b) => JSON.parse(b.marks) as BallotMarks);
  const result = tally(content.candidates, ballots, {
    summoned: r.summoned,
    present: r.present ?? 0,
    issued: issuedOf(r),
    denominator: r.denominator,
  });
  return { result, content, receipts: rows.map((b) => b.receipt) };
}

/** The counting board's view: from the counting phase on. */
export async function boardTally(d1: D1Database, staff: StaffSession | undefined, id: string) {
  const r = await boardRound(d1, staff, id);
  if (r.phase !== 'counting' && r.phase !== 'published') throw new AppError('tally_not_available');
  return { round: r, ...(await compute(d1, r)) };
}

/** The public results: only in the published phase. */
export async function publicResults(d1: D1Database, id: string) {
  const r = await selectRound(d1, id);
  if (!r) throw new AppError('not_found', { what: 'round' });
  if (r.phase !== 'published') throw new AppError('results_not_published');
  return { round: r, ...(await compute(d1, r)) };
}

function flagText(c: Tally['candidates'][number]): string {
  if (c.twoThirdsLow) return 'Từ 2/3 trở lên tín nhiệm thấp';
  if (c.overHalfLow) return 'Trên 1/2 tín nhiệm thấp';
  return '';
}

/**
 * The minutes' subtitle: the round's name, prefixed with "Lấy phiếu tín nhiệm" only when the name
 * does not already say it (a name "Lấy phiếu tín nhiệm tại kỳ họp …" must not read twice).
 * @example minutesSubtitle('Kỳ họp thứ 5') // 'Lấy phiếu tín nhiệm: Kỳ họp thứ 5'
 */
export function minutesSubtitle(name: string): string {
  const has = name.normalize('NFC').toLocaleLowerCase('vi').includes('tín nhiệm');
  return has ? name : `Lấy phiếu tín nhiệm: ${name}`;
}

/** "bien-ban-kiem-phieu-<round name>-<meeting date>" (readable, no id). */
export function minutesFileName(r: Pick<RoundRow, 'name' | 'meetingDate'>): string {
  const [y, m, d] = r.meetingDate.split('-');
  return downloadName('bien ban kiem phieu', r.name, `${d}-${m}-${y}`);
}

const SIGNATURES = [{ title: 'THƯ KÝ' }, { title: 'CÁC THÀNH VIÊN' }, { title: 'TRƯỞNG BAN KIỂM PHIẾU' }];

/** Biên bản kiểm phiếu as PDF (A4 landscape: the per-person table is wide). */
export async function minutesPdf(
  r: RoundRow,
  t: Tally,
  content: Awaited<ReturnType<typeof selectContent>>,
  receipts: string[],
): Promise<Uint8Array> {
  const pdf = await PdfWriter.create({ title: `Biên bản kiểm phiếu — ${r.name}`, landscape: true });
  pdf.adminHeader({ issuer: [r.unitName, 'BAN KIỂM PHIẾU'], place: r.locality, date: r.meetingDate });
  pdf.title('BIÊN BẢN KIỂM PHIẾU', minutesSubtitle(r.name));
  pdf.paragraph(
    `Hôm nay, ${formatDayLong(r.meetingDate)}${r.meetingPlace ? `, tại ${r.meetingPlace}` : ''}, Ban kiểm phiếu của ${r.unitName} đã tiến hành kiểm phiếu lấy phiếu tín nhiệm. Kết quả như sau:`,
  );
  pdf.paragraph(
    `- Số người được triệu tập: ${t.summoned}; số có mặt: ${t.present} (${t.quorum ? 'bảo đảm' : 'không bảo đảm'} tỷ lệ ít nhất 2/3 theo quy định).`,
    { indent: 12 },
  );
  const how =
    r.mode === 'codes' ? 'mã bỏ phiếu in sẵn, bốc thăm ngẫu nhiên' : 'phiếu điện tử ký mù (RFC 9474)';
  pdf.paragraph(`- Hình thức: bỏ phiếu kín bằng ${how}.`, { indent: 12 });
  if (r.mode === 'codes')
    pdf.paragraph(
      `- Số mã đã in: ${r.codesGenerated}; số mã không phát ra, đã hủy: ${r.codesVoided}; số phiếu phát ra: ${t.issued}.`,
      { indent: 12 },
    );
  else pdf.paragraph(`- Số phiếu điện tử đã cấp: ${t.issued}.`, { indent: 12 });
  pdf.paragraph(
    `- Số phiếu thu vào: ${t.collected}. Tỷ lệ phần trăm tính trên ${DENOMINATOR[r.denominator].vi}.`,
    {
      indent: 12,
    },
  );
  if (r.keyFingerprint)
    pdf.paragraph(`- Dấu vân tay khóa công khai của đợt: ${r.keyFingerprint}`, { indent: 12 });
  if (r.castingOpenedAt && r.castingClosedAt)
    pdf.paragraph(
      `- Thời gian bỏ phiếu: từ ${formatDateTime(r.castingOpenedAt)} đến ${formatDateTime(r.castingClosedAt)}.`,
      { indent: 12 },
    );
  const W = pdf.contentWidth;
  const fixed = [24, 0, 0, 40, 40, 40, 50, 62, 62, 62, 80];
  const nameW = (W - fixed.reduce((a, b) => a + b, 0)) * 0.45;
  const posW = (W - fixed.reduce((a, b) => a + b, 0)) * 0.55;
  const columns = [
    { header: 'TT', width: 24, align: 'center' as const },
    { header: 'Họ và tên', width: nameW },
    { header: 'Chức vụ', width: posW },
    { header: 'Phiếu phát ra', width: 40, align: 'right' as const },
    { header: 'Phiếu thu vào', width: 40, align: 'right' as const },
    { header: TALLY_FIGURE.valid.vi, width: 40, align: 'right' as const },
    { header: TALLY_FIGURE.invalid.vi, width: 50, align: 'right' as const },
    // The level headers carry the levels' colour key (decision 220), as on the results page.
    ...LEVEL_ORDER.map((lv) => ({
      header: LEVEL[lv].vi,
      width: 62,
      align: 'right' as const,
      key: LEVEL_COLOURS[lv],
    })),
    { header: 'Ghi chú', width: 80 },
  ];
  // One table, a heading row per paper: one header for the whole count, and the closing block
  // below has the room it needs more often.
  let n = 0;
  const rows: TableRow[] = content.groups.flatMap((g) => [
    { cells: [g.title], bold: true, span: true },
    ...t.candidates
      .filter((c) => c.groupId === g.id)
      .map((c) => [
        String(++n),
        c.fullName,
        c.position,
        String(c.issued),
        String(c.collected),
        String(c.valid),
        String(c.invalid),
        `${c.high.count} (${formatPercent(c.high.percent)})`,
        `${c.confidence.count} (${formatPercent(c.confidence.percent)})`,
        `${c.low.count} (${formatPercent(c.low.percent)})`,
        flagText(c),
      ]),
  ]);
  pdf.table({ columns, rows, size: 8.5 });
  // The closing block — the note, the sentence and the signatures — stays together: on the table's
  // page when it fits there, else all of it on the next page, never the signatures alone.
  const note =
    'Ghi chú: phiếu đối với một người không hợp lệ khi không đánh dấu hoặc đánh dấu nhiều hơn một mức; phần còn lại của lá phiếu vẫn hợp lệ. Tỷ lệ làm tròn hai chữ số thập phân (làm tròn nửa lên).';
  const sentence =
    'Biên bản được lập lúc kết thúc kiểm phiếu và được các thành viên Ban kiểm phiếu thống nhất ký tên.';
  const closing = (): void => {
    pdf.paragraph(note, { size: 9, italicGrey: true });
    pdf.paragraph(sentence, { size: 10.5 });
    pdf.spacer(4);
    pdf.signatures(SIGNATURES);
  };
  pdf.keepTogether(
    pdf.paragraphHeight(note, { size: 9 }) +
      pdf.paragraphHeight(sentence, { size: 10.5 }) +
      4 +
      pdf.signaturesHeight(SIGNATURES),
    closing,
  );
  pdf.newPage();
  pdf.title('PHỤ LỤC: DANH SÁCH BIÊN NHẬN PHIẾU', `${receipts.length} phiếu, xếp theo thứ tự biên nhận`);
  const perRow = 8;
  const receiptRows: string[][] = [];
  for (let i = 0; i < receipts.length; i += perRow) receiptRows.push(receipts.slice(i, i + perRow));
  if (receiptRows.length) {
    const last = receiptRows[receiptRows.length - 1]!;
    while (last.length < perRow) last.push('');
    pdf.table({
      columns: Array.from({ length: perRow }, () => ({
        header: 'Biên nhận',
        width: W / perRow,
        align: 'center' as const,
      })),
      rows: receiptRows,
      size: 8.5,
    });
  }
  return pdf.save();
}

/**
 * The CSV of the minutes (UTF-8 with BOM so Excel reads Vietnamese): Vietnamese column names as
 * the paper minutes print them, yes/no as "Có"/"Không"; counts and percentages stay plain numbers (a point
 * before the decimals, as every CSV export of the platform writes them).
 */
export function minutesCsv(
  r: RoundRow,
  t: Tally,
  content: Awaited<ReturnType<typeof selectContent>>,
): string {
  const header = [
    'Phiếu',
    'Họ và tên',
    'Chức vụ',
    'Phiếu phát ra',
    'Phiếu thu vào',
    TALLY_FIGURE.valid.vi,
    TALLY_FIGURE.invalid.vi,
    'Để trống',
    'Đánh nhiều mức',
    'Mẫu số',
    ...LEVEL_ORDER.flatMap((lv) => [LEVEL[lv].vi, `${LEVEL[lv].vi} (%)`]),
    LOW_CONFIDENCE_NOTE.overHalfLow.vi,
    LOW_CONFIDENCE_NOTE.twoThirdsLow.vi,
  ];
  const title = new Map(content.groups.map((g) => [g.id, g.title]));
  const rows: Cell[][] = [];
  for (const c of t.candidates) {
    rows.push([
      title.get(c.groupId) ?? '',
      c.fullName,
      c.position,
      c.issued,
      c.collected,
      c.valid,
      c.invalid,
      c.blank,
      c.multiple,
      c.denominator,
      c.high.count,
      c.high.percent,
      c.confidence.count,
      c.confidence.percent,
      c.low.count,
      c.low.percent,
      formatYesNo(c.overHalfLow),
      formatYesNo(c.twoThirdsLow),
    ]);
  }
  // A blank line, then the round's own facts as a second small table.
  rows.push([], ['Đợt', TALLY_FIGURE.summoned.vi, TALLY_FIGURE.present.vi, 'Đủ 2/3', 'Dấu vân tay khóa']);
  rows.push([r.name, t.summoned, t.present, formatYesNo(t.quorum), r.keyFingerprint ?? '']);
  return tableToCsv(header, rows);
}
