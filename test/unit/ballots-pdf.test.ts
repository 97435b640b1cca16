/** The shared PDF helper (worker/lib/pdf.ts) inside workerd: the font loads, Vietnamese text round-trips. */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfWriter, vnDateLine, wrapText } from '../../worker/lib/pdf';
import { pdfText } from './ballots-pdftext';

describe('pdf helper', () => {
  it('embeds Noto Sans and writes an administrative document that parses back', async () => {
    const pdf = await PdfWriter.create({ title: 'Biên bản kiểm phiếu' });
    pdf.adminHeader({ issuer: ['Thành ủy Demo', 'Ban kiểm phiếu'], place: 'Đà Nẵng', date: '2026-11-05' });
    pdf.title('BIÊN BẢN KIỂM PHIẾU', 'Lấy phiếu tín nhiệm đối với người giữ chức vụ');
    pdf.paragraph(
      'Hôm nay, tại Hội trường Thành ủy, Ban kiểm phiếu gồm các đồng chí có tên dưới đây. '.repeat(8),
    );
    pdf.table({
      columns: [
        { header: 'STT', width: 30, align: 'center' },
        { header: 'Họ và tên', width: pdf.contentWidth - 130 },
        { header: 'Tín nhiệm cao', width: 100, align: 'right' },
      ],
      rows: Array.from({ length: 80 }, (_, i) => [String(i + 1), `Nguyễn Thị Ánh Tuyết ${i}`, '38,88 %']),
    });
    pdf.qr('https://example.vn/b/abc#CODE', 100, 300, 60);
    pdf.signatures([{ title: 'TRƯỞNG BAN KIỂM PHIẾU', name: 'Trần Văn Bình' }, { title: 'THƯ KÝ' }]);
    const bytes = await pdf.save();
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const parsed = await PDFDocument.load(bytes);
    expect(parsed.getPageCount()).toBeGreaterThan(1); // the 80-row table broke across pages
    expect(parsed.getTitle()).toBe('Biên bản kiểm phiếu');
    // Every glyph maps back to its text (copy, search and screen readers read the same words).
    const text = await pdfText(bytes);
    expect(text).not.toContain('?');
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Đà Nẵng, ngày 05 tháng 11 năm 2026',
      'Nguyễn Thị Ánh Tuyết 79',
      '(Ký, ghi rõ họ tên)',
      'Trần Văn Bình',
    ])
      expect(text).toContain(s);
  });

  it('wraps text to the width and formats the date line', async () => {
    const pdf = await PdfWriter.create();
    const lines = wrapText('Cộng hòa xã hội chủ nghĩa Việt Nam độc lập tự do hạnh phúc', pdf.font, 11, 120);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(pdf.font.widthOfTextAtSize(l, 11)).toBeLessThanOrEqual(120);
    expect(vnDateLine('Đà Nẵng', '2026-11-05')).toBe('Đà Nẵng, ngày 05 tháng 11 năm 2026');
  });
});
