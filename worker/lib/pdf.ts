/**
 * The shared PDF helper: A4 documents in the Vietnamese administrative layout (Nghị định
 * 30/2020/NĐ-CP style): the issuing body top left, the national title and motto top right, the
 * place-and-date line, a centred title, wrapped paragraphs, simple tables with a repeated header
 * row, QR codes and a signature block. Text is set in Noto Sans (embedded and subset through
 * @pdf-lib/fontkit), which has every Vietnamese glyph.
 *
 * How the font reaches the Worker: the TTF files are imported as `Data` modules (wrangler.toml
 * `[[rules]] type = "Data" globs = ["**\/*.ttf"]`), so wrangler bundles them and the Vitest
 * plugin (which reads the same rules) loads them in the workerd tests; no fetch, no assets binding.
 * See docs/decisions/160-pdf-fonts.md.
 *
 * @example
 *   const pdf = await PdfWriter.create({ title: 'Biên bản kiểm phiếu' });
 *   pdf.adminHeader({ issuer: ['THÀNH ỦY DEMO', 'BAN KIỂM PHIẾU'], place: 'Đà Nẵng', date: '2026-11-20' });
 *   pdf.title('BIÊN BẢN KIỂM PHIẾU');
 *   pdf.paragraph('Hôm nay, …');
 *   pdf.table({ columns: [{ header: 'STT', width: 30 }, { header: 'Họ và tên', width: 150 }], rows: [['1', 'Nguyễn Văn A']] });
 *   pdf.signatures([{ title: 'TRƯỞNG BAN', name: 'Trần Văn B' }]);
 *   const bytes = await pdf.save();
 */

import regular from '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf';
import bold from '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { encode } from 'uqr';

/** A4 in PDF points (1/72 inch). */
export const A4: [number, number] = [595.28, 841.89];
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.45, 0.45, 0.45);

export type Align = 'left' | 'center' | 'right';

export interface TextOptions {
  size?: number;
  bold?: boolean;
  align?: Align;
  /** Extra left indent in points. */
  indent?: number;
  /** Space after, in points. */
  after?: number;
  italicGrey?: boolean;
}

export interface TableColumn {
  header: string;
  /** Width in points; the widths should add up to the content width (`pdf.contentWidth`). */
  width: number;
  align?: Align;
}

/** A signature slot: the title ("TRƯỞNG BAN KIỂM PHIẾU"), an optional note, and the name. */
export interface Signature {
  title: string;
  note?: string;
  name?: string;
}

/**
 * Breaks `text` into lines that fit `maxWidth` at `size`. Honors explicit newlines; a word longer
 * than a line is cut by characters.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const out: string[] = [];
  for (const para of text.normalize('NFC').split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= maxWidth) {
        line = next;
        continue;
      }
      if (line) out.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > maxWidth && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > maxWidth) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    out.push(line);
  }
  return out;
}

/**
 * The administrative date line: "Đà Nẵng, ngày 05 tháng 11 năm 2026". Day and month below 10 take
 * a leading zero only for day/month 1–2 in strict style; common practice pads both, as here.
 * @example vnDateLine('Đà Nẵng', '2026-11-05') // 'Đà Nẵng, ngày 05 tháng 11 năm 2026'
 */
export function vnDateLine(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  const when = `ngày ${d} tháng ${m} năm ${y}`;
  return place ? `${place}, ${when}` : when.charAt(0).toUpperCase() + when.slice(1);
}

/** Writes an A4 document top to bottom, adding pages as needed. */
export class PdfWriter {
  readonly margin = { top: 56, bottom: 56, left: 62, right: 48 };
  page!: PDFPage;
  /** Baseline cursor: the next line's top, measured from the bottom of the page. */
  y = 0;
  private constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly fontBold: PDFFont,
    private readonly size: [number, number],
  ) {
    this.newPage();
  }

  /** Creates a document with Noto Sans (regular and bold) embedded. */
  static async create(opts: { title?: string; landscape?: boolean } = {}): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    // ccmp off: Noto decomposes ạ ị ọ ụ … into base + combining dot, and pdf-lib's ToUnicode map
    // then loses the dot glyph (copy, search and screen readers would read "Thi?"). The font has
    // the precomposed glyphs, which look the same and map back to the right letters.
    const features = { ccmp: false } as Record<string, boolean>;
    // No subsetting: @pdf-lib/fontkit's subsetter drops most Noto Sans outlines (viewers then
    // show blanks although the text extracts fine). The whole font costs ~310 KB per face.
    const f = await doc.embedFont(new Uint8Array(regular), { subset: false, features });
    const b = await doc.embedFont(new Uint8Array(bold), { subset: false, features });
    if (opts.title) doc.setTitle(opts.title);
    doc.setProducer('Lắng Nghe');
    doc.setCreator('Lắng Nghe');
    const size: [number, number] = opts.landscape ? [A4[1], A4[0]] : A4;
    return new PdfWriter(doc, f, b, size);
  }

  get pageWidth() {
    return this.size[0];
  }
  get contentWidth() {
    return this.size[0] - this.margin.left - this.margin.right;
  }

  newPage(): PDFPage {
    this.page = this.doc.addPage(this.size);
    this.y = this.size[1] - this.margin.top;
    return this.page;
  }

  /** Starts a new page unless `height` points still fit. */
  ensure(height: number): void {
    if (this.y - height < this.margin.bottom) this.newPage();
  }

  spacer(h = 8): void {
    this.y -= h;
  }

  /** One line of text at an absolute x range, no wrapping; returns its width. */
  private lineAt(text: string, x: number, width: number, size: number, fontBold: boolean, align: Align) {
    const font = fontBold ? this.fontBold : this.font;
    const w = font.widthOfTextAtSize(text, size);
    const left = align === 'center' ? x + (width - w) / 2 : align === 'right' ? x + width - w : x;
    this.page.drawText(text, { x: left, y: this.y - size, size, font, color: BLACK });
    return { left, w };
  }

  /** A wrapped paragraph across the content width. */
  paragraph(text: string, opts: TextOptions = {}): void {
    const size = opts.size ?? 11;
    const font = opts.bold ? this.fontBold : this.font;
    const indent = opts.indent ?? 0;
    const width = this.contentWidth - indent;
    for (const line of wrapText(text, font, size, width)) {
      this.ensure(size * 1.4);
      const w = font.widthOfTextAtSize(line, size);
      const align = opts.align ?? 'left';
      const x =
        this.margin.left +
        indent +
        (align === 'center' ? (width - w) / 2 : align === 'right' ? width - w : 0);
      this.page.drawText(line, { x, y: this.y - size, size, font, color: opts.italicGrey ? GREY : BLACK });
      this.y -= size * 1.4;
    }
    this.y -= opts.after ?? 4;
  }

  /** A centred bold title (e.g. "BIÊN BẢN KIỂM PHIẾU"). */
  title(text: string, subtitle?: string): void {
    this.spacer(6);
    this.paragraph(text, { size: 14, bold: true, align: 'center', after: 2 });
    if (subtitle) this.paragraph(subtitle, { size: 11, bold: true, align: 'center', after: 2 });
    this.spacer(8);
  }

  /**
   * The administrative header: issuing body on the left (upper lines regular, last line bold,
   * underlined), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the underlined motto on the right, then
   * the place-and-date line, right-aligned.
   */
  adminHeader(opts: { issuer: string[]; place: string; date: string; number?: string }): void {
    const top = this.y;
    const leftW = this.contentWidth * 0.4;
    const rightW = this.contentWidth * 0.6;
    const leftX = this.margin.left;
    const rightX = this.margin.left + leftW;
    const size = 10.5;
    opts.issuer.forEach((line, i) => {
      const isLast = i === opts.issuer.length - 1;
      for (const l of wrapText(line.toUpperCase(), isLast ? this.fontBold : this.font, size, leftW)) {
        const { left, w } = this.lineAt(l, leftX, leftW, size, isLast, 'center');
        this.y -= size * 1.35;
        if (isLast) this.underline(left + w * 0.3, w * 0.4);
      }
    });
    if (opts.number) {
      this.y -= 4;
      this.lineAt(opts.number, leftX, leftW, size, false, 'center');
      this.y -= size * 1.35;
    }
    const leftBottom = this.y;
    this.y = top;
    this.lineAt('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, rightW, size, true, 'center');
    this.y -= size * 1.35;
    const motto = this.lineAt('Độc lập - Tự do - Hạnh phúc', rightX, rightW, size + 0.5, true, 'center');
    this.y -= size * 1.35;
    this.underline(motto.left, motto.w);
    this.y -= 8;
    const date = vnDateLine(opts.place, opts.date);
    const dw = this.font.widthOfTextAtSize(date, size);
    this.page.drawText(date, {
      x: rightX + (rightW - dw) / 2,
      y: this.y - size,
      size,
      font: this.font,
      color: BLACK,
    });
    this.y -= size * 1.4;
    this.y = Math.min(this.y, leftBottom) - 6;
  }

  private underline(x: number, w: number) {
    this.page.drawLine({
      start: { x, y: this.y + 2 },
      end: { x: x + w, y: this.y + 2 },
      thickness: 0.6,
      color: BLACK,
    });
  }

  /**
   * A table with borders; cells wrap; the header row repeats on every page the table spans.
   * Rows may be given as `{ cells, bold }` to set a total row in bold.
   */
  table(opts: {
    columns: TableColumn[];
    rows: (string[] | { cells: string[]; bold?: boolean })[];
    size?: number;
  }) {
    const size = opts.size ?? 9;
    const pad = 3;
    const lineH = size * 1.3;
    const measure = (cells: string[], isBold: boolean) => {
      const lines = cells.map((c, i) =>
        wrapText(c, isBold ? this.fontBold : this.font, size, opts.columns[i]!.width - 2 * pad),
      );
      return { lines, height: Math.max(...lines.map((l) => l.length)) * lineH + 2 * pad };
    };
    const drawRow = (cells: string[], isBold: boolean) => {
      const { lines, height } = measure(cells, isBold);
      let x = this.margin.left;
      opts.columns.forEach((col, i) => {
        this.page.drawRectangle({
          x,
          y: this.y - height,
          width: col.width,
          height,
          borderColor: BLACK,
          borderWidth: 0.5,
        });
        lines[i]!.forEach((l, k) => {
          const font = isBold ? this.fontBold : this.font;
          const w = font.widthOfTextAtSize(l, size);
          const align = col.align ?? 'left';
          const lx =
            align === 'center'
              ? x + (col.width - w) / 2
              : align === 'right'
                ? x + col.width - pad - w
                : x + pad;
          this.page.drawText(l, {
            x: lx,
            y: this.y - pad - (k + 1) * lineH + size * 0.3,
            size,
            font,
            color: BLACK,
          });
        });
        x += col.width;
      });
      this.y -= height;
    };
    const header = opts.columns.map((c) => c.header);
    const headerH = measure(header, true).height;
    this.ensure(headerH + lineH * 2);
    drawRow(header, true);
    for (const row of opts.rows) {
      const cells = Array.isArray(row) ? row : row.cells;
      const isBold = !Array.isArray(row) && !!row.bold;
      if (this.y - measure(cells, isBold).height < this.margin.bottom) {
        this.newPage();
        drawRow(header, true);
      }
      drawRow(cells, isBold);
    }
    this.y -= 8;
  }

  /** Draws a QR code of `text` with its top-left corner at (x, top). */
  qr(text: string, x: number, top: number, size: number): void {
    const { data } = encode(text, { ecc: 'M', border: 0 });
    const n = data.length;
    const cell = size / n;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (data[r]![c]) {
          this.page.drawRectangle({
            x: x + c * cell,
            y: top - (r + 1) * cell,
            width: cell,
            height: cell,
            color: BLACK,
          });
        }
      }
    }
  }

  /** Text at an absolute position (for slips and other fixed layouts). */
  textAt(
    text: string,
    x: number,
    top: number,
    opts: { size?: number; bold?: boolean; width?: number; align?: Align } = {},
  ) {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.fontBold : this.font;
    let y = top;
    for (const line of opts.width ? wrapText(text, font, size, opts.width) : [text]) {
      const w = font.widthOfTextAtSize(line, size);
      const lx =
        opts.align === 'center' && opts.width
          ? x + (opts.width - w) / 2
          : opts.align === 'right' && opts.width
            ? x + opts.width - w
            : x;
      this.page.drawText(line, { x: lx, y: y - size, size, font, color: BLACK });
      y -= size * 1.3;
    }
    return y;
  }

  /** A dashed cut line (slips). */
  cutLine(x1: number, y1: number, x2: number, y2: number): void {
    this.page.drawLine({
      start: { x: x1, y: y1 },
      end: { x: x2, y: y2 },
      thickness: 0.5,
      color: GREY,
      dashArray: [4, 3],
    });
  }

  /**
   * The signature block: slots side by side (at most three a row), each with its title in bold,
   * "(Ký, ghi rõ họ tên)" and room to sign, then the name.
   */
  signatures(slots: Signature[]): void {
    const perRow = Math.min(3, Math.max(1, slots.length));
    const w = this.contentWidth / perRow;
    for (let i = 0; i < slots.length; i += perRow) {
      const row = slots.slice(i, i + perRow);
      this.ensure(110);
      const top = this.y;
      let bottom = top;
      row.forEach((s, k) => {
        const x = this.margin.left + k * w;
        let y = this.textAt(s.title, x, top, { size: 10.5, bold: true, width: w, align: 'center' });
        y = this.textAt(s.note ?? '(Ký, ghi rõ họ tên)', x, y, { size: 9, width: w, align: 'center' });
        y -= 56;
        if (s.name) y = this.textAt(s.name, x, y, { size: 10.5, bold: true, width: w, align: 'center' });
        bottom = Math.min(bottom, y);
      });
      this.y = bottom - 12;
    }
  }

  /** Page numbers "Trang i/n" at the foot of every page, then the bytes. */
  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((p, i) => {
      const label = `Trang ${i + 1}/${pages.length}`;
      const w = this.font.widthOfTextAtSize(label, 8);
      p.drawText(label, { x: (p.getWidth() - w) / 2, y: 28, size: 8, font: this.font, color: GREY });
    });
    return this.doc.save({ useObjectStreams: true });
  }
}

/** A `Response` body for PDF bytes with a download name. */
export function pdfResponse(bytes: Uint8Array, filename: string): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
