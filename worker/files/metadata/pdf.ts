/**
 * PDF: loads the document with pdf-lib, removes what names its author, software, dates and
 * history, and writes it again as a new file (one revision, object streams, a cross-reference
 * stream):
 * - the document Info dictionary (Title, Author, Subject, Keywords, Creator, Producer,
 *   CreationDate, ModDate and custom keys) and the trailer file identifier (/ID);
 * - every XMP stream (`/Metadata` on the catalog, pages, images, fonts — any dictionary),
 *   `/PieceInfo` (editors' private data) and `/LastModified`;
 * - on annotations: the modification and creation dates (`/M`, `/CreationDate`) and, on comments
 *   (every annotation but form widgets, whose `/T` is the field's name), the author (`/T`);
 * - the EXIF/XMP/IPTC segments of embedded JPEG images (`DCTDecode` streams, alone or after other
 *   filters), stripped as uploaded JPEGs are;
 * - every object that the document no longer references: earlier revisions of an incrementally
 *   updated file (an old Info dictionary, a removed page), which pdf-lib would otherwise write
 *   back.
 * Refused: encrypted PDFs (`encrypted_pdf`: their strings cannot be read or removed without the
 * key), files pdf-lib cannot parse strictly or with no page (`damaged_file`), and PDFs carrying
 * attached files (`pdf_attachments`: another file inside, with its own metadata).
 * Kept: the pages, their content, fonts, images, links, forms, outlines and signatures' values
 * (a signed PDF no longer verifies once rewritten: decision 255).
 */
import {
  decodePDFRawStream,
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';
import { stripJpegMetadata } from './jpeg';
import { refuseFile } from './refusals';

const N = (s: string) => PDFName.of(s);
/** Keys dropped from every dictionary, wherever they appear. */
const DROPPED_KEYS = ['Metadata', 'PieceInfo', 'LastModified'].map(N);
const ANNOT_DATES = ['M', 'CreationDate'].map(N);

/**
 * The PDF written again without its metadata. Throws `encrypted_pdf`, `damaged_file` or
 * `pdf_attachments` (field `file`).
 * @example const clean = await stripPdfMetadata(scan) // same pages; no Author, no XMP
 */
export async function stripPdfMetadata(bytes: Uint8Array): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      updateMetadata: false, // pdf-lib would otherwise write its own Producer and dates
      throwOnInvalidObject: true,
      ignoreEncryption: true, // so that encryption is told apart from damage below
      parseSpeed: ParseSpeeds.Fastest,
    });
  } catch {
    throw refuseFile('damaged_file');
  }
  if (doc.isEncrypted) throw refuseFile('encrypted_pdf');
  let pages = 0;
  try {
    pages = doc.getPageCount();
  } catch {
    pages = 0;
  }
  if (pages < 1) throw refuseFile('damaged_file');

  const ctx = doc.context;
  ctx.trailerInfo.Info = undefined;
  ctx.trailerInfo.ID = undefined;
  const reachable = new Set<string>();
  const stack: (PDFObject | undefined)[] = [ctx.trailerInfo.Root];
  while (stack.length) {
    const o = stack.pop();
    if (o instanceof PDFRef) {
      if (reachable.has(o.tag)) continue;
      reachable.add(o.tag);
      let target = ctx.lookup(o);
      if (target instanceof PDFRawStream) target = withoutJpegMetadata(ctx, o, target);
      stack.push(target);
    } else if (o instanceof PDFDict || o instanceof PDFStream) {
      const dict = o instanceof PDFDict ? o : o.dict;
      scrub(dict);
      stack.push(...dict.values());
    } else if (o instanceof PDFArray) {
      stack.push(...o.asArray());
    }
  }
  for (const [ref] of ctx.enumerateIndirectObjects()) if (!reachable.has(ref.tag)) ctx.delete(ref);
  try {
    return await doc.save({
      useObjectStreams: true,
      addDefaultPage: false,
      updateFieldAppearances: false,
      objectsPerTick: Number.POSITIVE_INFINITY,
    });
  } catch {
    throw refuseFile('damaged_file');
  }
}

/** Removes metadata keys from one dictionary; refuses attached files. */
function scrub(dict: PDFDict) {
  for (const k of DROPPED_KEYS) dict.delete(k);
  const type = dict.get(N('Type'));
  const subtype = dict.get(N('Subtype'));
  if (
    type === N('EmbeddedFile') ||
    subtype === N('FileAttachment') ||
    (type === N('Filespec') && dict.has(N('EF'))) ||
    dict.has(N('EmbeddedFiles'))
  ) {
    throw refuseFile('pdf_attachments');
  }
  if (type === N('Annot') || (subtype instanceof PDFName && dict.has(N('Rect')))) {
    for (const k of ANNOT_DATES) dict.delete(k);
    if (subtype !== N('Widget') && !dict.has(N('FT'))) dict.delete(N('T'));
  }
}

/** An image stream whose last filter is DCTDecode, re-stored as a JPEG without metadata segments. */
function withoutJpegMetadata(ctx: PDFDocument['context'], ref: PDFRef, stream: PDFRawStream): PDFObject {
  const filter = stream.dict.lookup(N('Filter'));
  const filters = filter instanceof PDFName ? [filter] : filter instanceof PDFArray ? filter.asArray() : [];
  if (filters.at(-1) !== N('DCTDecode')) return stream;
  let jpeg = stream.contents;
  const dict = stream.dict.clone(ctx);
  try {
    if (filters.length > 1) {
      // Undo the filters before DCTDecode (e.g. FlateDecode), then store the JPEG as it is.
      const parms = stream.dict.lookup(N('DecodeParms'));
      const prefix = ctx.obj({ Filter: filters.slice(0, -1) }) as PDFDict;
      if (parms instanceof PDFArray) prefix.set(N('DecodeParms'), ctx.obj(parms.asArray().slice(0, -1)));
      jpeg = decodePDFRawStream(PDFRawStream.of(prefix, jpeg)).decode();
      dict.set(N('Filter'), N('DCTDecode'));
      if (parms instanceof PDFArray) {
        const last = parms.asArray().at(-1);
        if (last instanceof PDFDict) dict.set(N('DecodeParms'), last);
        else dict.delete(N('DecodeParms'));
      }
    }
    jpeg = stripJpegMetadata(jpeg, { orientation: false });
  } catch {
    throw refuseFile('damaged_file');
  }
  const clean = PDFRawStream.of(dict, jpeg);
  ctx.assign(ref, clean);
  return clean;
}
