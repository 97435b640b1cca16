/** The shared PDF helper (worker/lib/pdf.ts) inside workerd: the font loads, Vietnamese text round-trips. */
import fc from 'fast-check';
import { decodePDFRawStream, PDFArray, PDFDocument, type PDFRawStream } from 'pdf-lib';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { PdfWriter, printable, textWidth, vnDateLine, wrapText } from '../../worker/lib/pdf';
import { pdfText } from './ballots-pdftext';

/** Every Vietnamese letter, lower and upper case, precomposed (NFC). */
const VIETNAMESE = (() => {
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const lower = `${vowels.flatMap((v) => tones.map((t) => `${v}${t}`.normalize('NFC'))).join('')}bcdđghklmnpqrstvx`;
  return `${lower}${lower.toUpperCase()}`;
})();

/** Decoded content of every page, concatenated. */
async function contentOf(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  let out = '';
  for (const page of doc.getPages()) {
    const c = page.node.Contents();
    const streams = c instanceof PDFArray ? c.asArray().map((r) => doc.context.lookup(r)) : [c];
    for (const st of streams)
      out += new TextDecoder('latin1').decode(decodePDFRawStream(st as PDFRawStream).decode());
  }
  return out;
}

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

  it("prints its own words (page footer, signature note) in the document's language", async () => {
    const twoPages = async (lang?: 'vi' | 'en') => {
      const pdf = await PdfWriter.create(lang ? { lang } : {});
      pdf.paragraph('Nội dung. '.repeat(40));
      pdf.newPage();
      pdf.signatures([{ title: 'CHAIR', name: 'Trần Văn Bình' }]);
      return pdfText(await pdf.save());
    };
    const vi = await twoPages();
    expect(vi).toContain('Trang 1/2');
    expect(vi).toContain('Trang 2/2');
    expect(vi).toContain('(Ký, ghi rõ họ tên)');
    expect(vi).not.toContain('Page ');
    const en = await twoPages('en');
    expect(en).toContain('Page 1 of 2');
    expect(en).toContain('Page 2 of 2');
    expect(en).toContain('(Signature and full name)');
    expect(en).not.toMatch(/Trang \d|Ký, ghi rõ/);
    expect(await twoPages('vi')).toBe(vi);
  });

  it('wraps text to the width and formats the date line', async () => {
    const pdf = await PdfWriter.create();
    const lines = wrapText('Cộng hòa xã hội chủ nghĩa Việt Nam độc lập tự do hạnh phúc', pdf.font, 11, 120);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(pdf.font.widthOfTextAtSize(l, 11)).toBeLessThanOrEqual(120);
    expect(vnDateLine('Đà Nẵng', '2026-11-05')).toBe('Đà Nẵng, ngày 05 tháng 11 năm 2026');
  });

  it('has a glyph for every Vietnamese letter and the punctuation of administrative documents', async () => {
    const pdf = await PdfWriter.create();
    const punctuation = '– — ‘ ’ “ ” … • № ₫ € × ° ± ½ « » § ·';
    for (const font of [pdf.font, pdf.fontBold]) {
      expect(printable(VIETNAMESE, font)).toBe(VIETNAMESE);
      expect(printable(punctuation, font)).toBe(punctuation);
    }
    pdf.paragraph(VIETNAMESE);
    pdf.paragraph(VIETNAMESE, { bold: true });
    pdf.paragraph(`${punctuation} office fifty flow`); // no ligature glyph without a ToUnicode entry
    const text = await pdfText(await pdf.save());
    expect(text.replace(/\n/g, '')).toContain(VIETNAMESE + VIETNAMESE);
    expect(text).toContain(`${punctuation} office fifty flow`);
    expect(text).not.toContain('?');
  });

  it('prints "?" for characters outside the font (Chinese, emoji, Cyrillic) instead of failing', async () => {
    const pdf = await PdfWriter.create({ title: 'Ý kiến 张伟' });
    const odd = 'Trương 张伟 gửi 😀👍🏽 Иван ✓\u0007';
    expect(printable(odd, pdf.font)).toBe('Trương ?? gửi ??? ???? ? ');
    pdf.adminHeader({ issuer: ['Ủy ban 张', 'Ban 😀'], place: 'Đà Nẵng 张', date: '2026-11-05' });
    pdf.title(odd);
    pdf.paragraph(odd);
    pdf.table({ columns: [{ header: '张', width: 200 }], rows: [[odd], { cells: [odd], bold: true }] });
    pdf.textAt(odd, 60, 200);
    pdf.signatures([{ title: 'TRƯỞNG BAN 😀', name: 'Trương 张伟' }]);
    const text = await pdfText(await pdf.save());
    expect(text).toContain('Trương ?? gửi ??? ???? ?');
    expect(text).toContain('ỦY BAN ?');
    expect(text).toContain('Đà Nẵng ?, ngày 05 tháng 11 năm 2026');
    expect(text).toContain('Trương ??');
  });

  it('measures text exactly as pdf-lib does, without shaping every call', async () => {
    const pdf = await PdfWriter.create();
    const alphabet = [...`${VIETNAMESE} 0123456789.,;:!?()-–—“”…/%<>张😀`];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }),
        fc.constantFrom(7.5, 8, 10.5, 14),
        fc.boolean(),
        (chars, size, isBold) => {
          const font = isBold ? pdf.fontBold : pdf.font;
          const text = printable(chars.join(''), font);
          expect(textWidth(text, font, size)).toBeCloseTo(font.widthOfTextAtSize(text, size), 9);
        },
      ),
    );
  });

  it('draws each QR module where the code has it (runs merged into one filled path)', async () => {
    const pdf = await PdfWriter.create();
    const payload = 'https://example.vn/b/abc#ABCDEFGHJKMNPQRS';
    const [x, top, size] = [100, 500, 80];
    pdf.qr(payload, x, top, size);
    const content = await contentOf(await pdf.save());
    const { data } = encode(payload, { ecc: 'M', border: 0 });
    const n = data.length;
    const cell = size / n;
    const drawn = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
    const num = String.raw`(-?[\d.]+)`;
    for (const m of content.matchAll(new RegExp(`${num} ${num} ${num} ${num} re`, 'g'))) {
      const [rx, ry, rw] = m.slice(1, 4).map(Number) as [number, number, number];
      const r = Math.round((top - ry) / cell) - 1;
      const c0 = Math.round((rx - x) / cell);
      for (let c = c0; c < c0 + Math.round(rw / cell); c++) drawn[r]![c] = true;
    }
    expect(drawn).toEqual(data.map((row) => row.map(Boolean)));
  });

  it('embeds the pre-subset fonts: a document stays small', async () => {
    const pdf = await PdfWriter.create();
    pdf.paragraph(VIETNAMESE);
    const bytes = await pdf.save();
    // Whole Noto Sans faces made every PDF ~650 KB; the two subset faces are ~42 KB each.
    expect(bytes.length).toBeLessThan(120_000);
  });
});
