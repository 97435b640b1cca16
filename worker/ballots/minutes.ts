/**
 * The count and its records: the tally (board from counting on; public once published), the
 * minutes (biên bản kiểm phiếu) as PDF in the administrative layout and as CSV, and the receipt
 * list. Every figure comes from `tally()` (tally.ts), the one place the rules live.
 */
import type { StaffSession } from '../auth/service';
import { AppError, errors } from '../lib/errors';
import { formatDateTime } from '../lib/i18n';
import { PdfWriter } from '../lib/pdf';
import { type Cell, tableToCsv } from '../lib/xlsx';
import { type RoundRow, selectBallots, selectContent, selectRound } from './queries';
import { boardRound } from './rounds';
import { type BallotMarks, type Tally, tally } from './tally';

const notYet = () =>
  new AppError('tally_not_available', 409, {
    vi: 'Chưa đến giai đoạn kiểm phiếu: không có số liệu nào trước khi kết thúc bỏ phiếu.',
    en: 'Not counted yet: no figures exist before casting closes.',
  });
const notPublished = () =>
  new AppError('results_not_published', 409, {
    vi: 'Kết quả chưa được công bố.',
    en: 'The results have not been published.',
  });

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
  if (r.phase !== 'counting' && r.phase !== 'published') throw notYet();
  return { round: r, ...(await compute(d1, r)) };
}

/** The public results: only in the published phase. */
export async function publicResults(d1: D1Database, id: string) {
  const r = await selectRound(d1, id);
  if (!r) throw errors.notFound('round');
  if (r.phase !== 'published') throw notPublished();
  return { round: r, ...(await compute(d1, r)) };
}

const pct = (p: string | null) => (p == null ? '—' : `${p.replace('.', ',')} %`);
const DENOM_VI = {
  collected: 'số phiếu thu vào',
  issued: 'số phiếu phát ra',
  summoned: 'số người được triệu tập',
  valid: 'số phiếu hợp lệ',
} as const;

function flagText(c: Tally['candidates'][number]): string {
  if (c.twoThirdsLow) return 'Từ 2/3 trở lên tín nhiệm thấp';
  if (c.overHalfLow) return 'Trên 1/2 tín nhiệm thấp';
  return '';
}

/** Biên bản kiểm phiếu as PDF (A4 landscape: the per-person table is wide). */
export async function minutesPdf(
  r: RoundRow,
  t: Tally,
  content: Awaited<ReturnType<typeof selectContent>>,
  receipts: string[],
): Promise<Uint8Array> {
  const pdf = await PdfWriter.create({ title: `Biên bản kiểm phiếu — ${r.name}`, landscape: true });
  pdf.adminHeader({ issuer: [r.unitName, 'BAN KIỂM PHIẾU'], place: r.locality, date: r.meetingDate });
  pdf.title('BIÊN BẢN KIỂM PHIẾU', `Kết quả lấy phiếu tín nhiệm: ${r.name}`);
  const [y, m, d] = r.meetingDate.split('-');
  pdf.paragraph(
    `Hôm nay, ngày ${d} tháng ${m} năm ${y}${r.meetingPlace ? `, tại ${r.meetingPlace}` : ''}, Ban kiểm phiếu của ${r.unitName} đã tiến hành kiểm phiếu lấy phiếu tín nhiệm. Kết quả như sau:`,
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
  pdf.paragraph(`- Số phiếu thu vào: ${t.collected}. Tỷ lệ phần trăm tính trên ${DENOM_VI[r.denominator]}.`, {
    indent: 12,
  });
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
    { header: 'Hợp lệ', width: 40, align: 'right' as const },
    { header: 'Không hợp lệ', width: 50, align: 'right' as const },
    { header: 'Tín nhiệm cao', width: 62, align: 'right' as const },
    { header: 'Tín nhiệm', width: 62, align: 'right' as const },
    { header: 'Tín nhiệm thấp', width: 62, align: 'right' as const },
    { header: 'Ghi chú', width: 80 },
  ];
  let n = 0;
  for (const g of content.groups) {
    pdf.paragraph(g.title, { bold: true, after: 2 });
    const rows = t.candidates
      .filter((c) => c.groupId === g.id)
      .map((c) => [
        String(++n),
        c.fullName,
        c.position,
        String(c.issued),
        String(c.collected),
        String(c.valid),
        String(c.invalid),
        `${c.high.count} (${pct(c.high.percent)})`,
        `${c.confidence.count} (${pct(c.confidence.percent)})`,
        `${c.low.count} (${pct(c.low.percent)})`,
        flagText(c),
      ]);
    pdf.table({ columns, rows, size: 8.5 });
  }
  pdf.paragraph(
    'Ghi chú: phiếu đối với một người không hợp lệ khi không đánh dấu hoặc đánh dấu nhiều hơn một mức; phần còn lại của lá phiếu vẫn hợp lệ. Tỷ lệ làm tròn hai chữ số thập phân (làm tròn nửa lên).',
    { size: 9, italicGrey: true },
  );
  pdf.paragraph(
    'Biên bản được lập lúc kết thúc kiểm phiếu và được các thành viên Ban kiểm phiếu thống nhất ký tên.',
    {
      size: 10.5,
    },
  );
  pdf.spacer(6);
  pdf.signatures([{ title: 'THƯ KÝ' }, { title: 'CÁC THÀNH VIÊN' }, { title: 'TRƯỞNG BAN KIỂM PHIẾU' }]);
  pdf.newPage();
  pdf.title('PHỤ LỤC: DANH SÁCH BIÊN NHẬN PHIẾU', `${receipts.length} phiếu, xếp theo thứ tự biên nhận`);
  const perRow = 8;
  const rows: string[][] = [];
  for (let i = 0; i < receipts.length; i += perRow) rows.push(receipts.slice(i, i + perRow));
  if (rows.length) {
    const last = rows[rows.length - 1]!;
    while (last.length < perRow) last.push('');
    pdf.table({
      columns: Array.from({ length: perRow }, () => ({
        header: 'Biên nhận',
        width: W / perRow,
        align: 'center' as const,
      })),
      rows,
      size: 8.5,
    });
  }
  return pdf.save();
}

/** The CSV of the minutes (UTF-8 with BOM so Excel reads Vietnamese). */
export function minutesCsv(
  r: RoundRow,
  t: Tally,
  content: Awaited<ReturnType<typeof selectContent>>,
): string {
  const header = [
    'phieu',
    'ho_ten',
    'chuc_vu',
    'phat_ra',
    'thu_vao',
    'hop_le',
    'khong_hop_le',
    'de_trong',
    'nhieu_muc',
    'mau_so',
    'cao',
    'cao_pct',
    'tin_nhiem',
    'tin_nhiem_pct',
    'thap',
    'thap_pct',
    'tren_1_2_thap',
    'tu_2_3_thap',
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
      String(c.overHalfLow),
      String(c.twoThirdsLow),
    ]);
  }
  // A blank line, then the round's own facts as a second small table.
  rows.push([], ['dot', 'trieu_tap', 'co_mat', 'du_2_3', 'van_tay_khoa']);
  rows.push([r.name, t.summoned, t.present, String(t.quorum), r.keyFingerprint]);
  return tableToCsv(header, rows);
}
