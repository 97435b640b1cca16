/**
 * Text of a PDF written by worker/lib/pdf.ts, for tests (workerd and Node): hex glyph strings
 * (`<…> Tj`) mapped back to Unicode through each font's ToUnicode CMap, one line per text run.
 * A glyph missing from the CMap shows as `?` (tests assert there is none).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFRawStream,
  type PDFRef,
} from 'pdf-lib';

export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPageTexts(bytes)).join('\n');
}

/** The text of each page, in order (to check what lands on which page). */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const pages: string[] = [];
  for (const page of doc.getPages()) {
    const lines: string[] = [];
    const maps = new Map<string, Map<string, string>>();
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref as PDFRef, PDFDict);
      const tu = font.lookup(PDFName.of('ToUnicode'));
      const cmap = new TextDecoder().decode(decodePDFRawStream(tu as PDFRawStream).decode());
      const m = new Map<string, string>();
      for (const [, gid, cp] of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        const units = cp!.match(/.{4}/g)!.map((h) => Number.parseInt(h, 16));
        m.set(gid!.toLowerCase(), String.fromCharCode(...units));
      }
      maps.set(name.asString(), m);
    }
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    let content = '';
    for (const s of streams)
      content += new TextDecoder('latin1').decode(decodePDFRawStream(s as PDFRawStream).decode());
    let current = new Map<string, string>();
    for (const [, font, hex] of content.matchAll(/(\/[^\s/<>[\]()]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (font) current = maps.get(font) ?? current;
      else if (hex !== undefined)
        lines.push(
          hex
            .match(/.{4}/g)
            ?.map((g) => current.get(g.toLowerCase()) ?? '?')
            .join('') ?? '',
        );
    }
    pages.push(lines.join('\n'));
  }
  return pages;
}
