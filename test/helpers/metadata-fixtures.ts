/**
 * Files with planted metadata, built in the test (issue 14 item 5): a GPS position and a person's
 * name in every place each format keeps metadata, around small real images (3×2 pixels, written
 * once by libvips) and PDFs written by pdf-lib. With readers that check a stored file still parses
 * (dimensions, image data unchanged).
 */
import { decodePDFRawStream, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { crc32 } from '../../worker/files/metadata/png';

const enc = new TextEncoder();
const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const cat = (...parts: (Uint8Array | number[])[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

/** 3×2 baseline JPEG, no APPn segment. */
export const JPEG = b64(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAbEAEAAgIDAAAAAAAAAAAAAAABAAIDBBESYv/EABUBAQEAAAAAAAAAAAAAAAAAAAEF/8QAGREAAgMBAAAAAAAAAAAAAAAAAAEDMTJx/9oADAMBAAIRAxEAPwCZv1K7PWoAY6cAeCIiKooRYXD/2Q==',
);
/** 3×2 RGB PNG: IHDR, pHYs, IDAT, IEND. */
export const PNG = b64(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAHElEQVQImWNgUPXKn7LzHrMGg2/R9D0P2bQDSgFDVQce5owaKwAAAABJRU5ErkJggg==',
);
/** 3×2 lossy WebP, simple format (one VP8 chunk). */
export const WEBP = b64(
  'UklGRkAAAABXRUJQVlA4IDQAAADQAQCdASoDAAIAAsBMJagCdAEf/qfLgAD+iIbIl/29IsrH4OCedc6YI9xfJ3OuCPcPAAAA',
);

/** The person whose name is planted; Vietnamese (UTF-8) and its ASCII form (Latin-1 fields). */
export const NAME = 'Nguyễn Văn Phản Ánh';
export const NAME_ASCII = 'Nguyen Van Phan Anh';
/** The planted latitude, 21° 1′ 42.42″ N, as the EXIF RATIONAL triple's bytes (big-endian). */
export const GPS_LATITUDE = [
  ...u32be(21),
  ...u32be(1),
  ...u32be(1),
  ...u32be(1),
  ...u32be(4242),
  ...u32be(100),
];

/**
 * A big-endian TIFF/EXIF block: IFD0 with Make, Artist (the name), Orientation 6 and a pointer to
 * a GPS IFD holding GPSLatitudeRef "N" and GPSLatitude.
 */
export function exifWithGps(): Uint8Array {
  const make = enc.encode('CAM-SERIAL-4242\0');
  const artist = enc.encode(`${NAME_ASCII}\0`);
  // Layout: header (8) | IFD0: 2 + 4×12 + 4 = 54 | GPS IFD: 2 + 2×12 + 4 = 30 | data
  const ifd0 = 8;
  const gps = ifd0 + 54;
  const data = gps + 30;
  const makeAt = data;
  const artistAt = makeAt + make.length;
  const latAt = artistAt + artist.length;
  const entry = (tag: number, type: number, count: number, value: number[]) => [
    tag >> 8,
    tag & 255,
    0,
    type,
    ...u32be(count),
    ...value,
  ];
  return cat(
    [0x4d, 0x4d, 0, 0x2a, ...u32be(ifd0)],
    [0, 4],
    entry(0x010f, 2, make.length, u32be(makeAt)),
    entry(0x0112, 3, 1, [0, 6, 0, 0]),
    entry(0x013b, 2, artist.length, u32be(artistAt)),
    entry(0x8825, 4, 1, u32be(gps)),
    u32be(0),
    [0, 2],
    entry(0x0001, 2, 2, [0x4e, 0, 0, 0]),
    entry(0x0002, 5, 3, u32be(latAt)),
    u32be(0),
    make,
    artist,
    GPS_LATITUDE,
  );
}

const xmp = () =>
  enc.encode(
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/"><dc:creator>${NAME}</dc:creator><exif:GPSLatitude>21,1.707N</exif:GPSLatitude></rdf:Description></rdf:RDF></x:xmpmeta>`,
  );

function segment(marker: number, payload: Uint8Array) {
  const len = payload.length + 2;
  return [0xff, marker, len >> 8, len & 255, ...payload];
}

/**
 * The 3×2 JPEG with EXIF (GPS IFD, Artist, Orientation 6), XMP, IPTC, a comment and an ICC
 * profile segment, and a second JPEG with its own EXIF appended after End-of-Image (as phones do
 * for MPF).
 */
export function jpegWithMetadata(opts: { trailing?: boolean } = {}): Uint8Array {
  const exif = cat(enc.encode('Exif\0\0'), exifWithGps());
  const iptc = cat(
    enc.encode('Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x20'),
    [0x1c, 2, 0x50, 0, 19],
    enc.encode(NAME_ASCII),
  );
  const icc = cat(enc.encode('ICC_PROFILE\0'), [1, 1], enc.encode('fake-profile-bytes'));
  return cat(
    JPEG.subarray(0, 2),
    segment(0xe1, exif),
    segment(0xe1, cat(enc.encode('http://ns.adobe.com/xap/1.0/\0'), xmp())),
    segment(0xed, iptc),
    segment(0xe2, icc),
    segment(0xfe, enc.encode(`Chụp bởi ${NAME}`)),
    JPEG.subarray(2),
    ...(opts.trailing === false ? [] : [JPEG.subarray(0, 2), segment(0xe1, exif), JPEG.subarray(2)]),
  );
}

function pngChunk(type: string, data: Uint8Array) {
  const body = cat(enc.encode(type), data);
  return cat(u32be(data.length), body, u32be(crc32(body)));
}

async function deflate(b: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const s = new Blob([b]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(s).arrayBuffer());
}

/** The 3×2 PNG with eXIf (GPS), tEXt Author, zTXt Comment, iTXt XMP (UTF-8 name) and tIME. */
export async function pngWithMetadata(): Promise<Uint8Array> {
  const ihdrEnd = 8 + 25;
  return cat(
    PNG.subarray(0, ihdrEnd),
    pngChunk('eXIf', exifWithGps()),
    pngChunk('tEXt', enc.encode(`Author\0${NAME_ASCII}`)),
    pngChunk(
      'zTXt',
      cat(enc.encode('Comment\0'), [0], await deflate(enc.encode(`Chụp tại nhà ${NAME_ASCII}`))),
    ),
    pngChunk('iTXt', cat(enc.encode('XML:com.adobe.xmp\0\0\0\0\0'), xmp())),
    pngChunk('tIME', new Uint8Array([0x07, 0xea, 11, 20, 8, 30, 0])),
    PNG.subarray(ihdrEnd),
  );
}

/** A PNG whose tEXt chunk has a wrong CRC. */
export function pngWithBadCrc(): Uint8Array {
  const bad = pngChunk('tEXt', enc.encode(`Author\0${NAME_ASCII}`));
  bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
  return cat(PNG.subarray(0, 33), bad, PNG.subarray(33));
}

/** The 3×2 WebP in the extended format: VP8X (flags EXIF + XMP), VP8, EXIF (GPS), XMP. */
export function webpWithMetadata(): Uint8Array {
  const vp8 = WEBP.subarray(12); // the VP8 chunk, header included
  const chunk = (type: string, data: Uint8Array) =>
    cat(enc.encode(type), u32le(data.length), data, data.length & 1 ? [0] : []);
  const vp8x = chunk('VP8X', new Uint8Array([0x08 | 0x04, 0, 0, 0, 2, 0, 0, 1, 0, 0]));
  const body = cat(
    enc.encode('WEBP'),
    vp8x,
    vp8,
    chunk('EXIF', cat(enc.encode('Exif\0\0'), exifWithGps())),
    chunk('XMP ', xmp()),
  );
  return cat(enc.encode('RIFF'), u32le(body.length), body);
}

/**
 * A two-page PDF by pdf-lib with the name in every Info entry, an XMP stream on the catalog and on
 * page 1, an embedded JPEG that carries EXIF with GPS, and (`incremental`) an incremental update
 * that points the trailer at a second Info dictionary, leaving the first one orphaned in the file.
 */
export async function pdfWithMetadata(opts: { incremental?: boolean; objectStreams?: boolean } = {}) {
  const doc = await PDFDocument.create();
  doc.setAuthor(NAME);
  doc.setTitle(`Đơn của ${NAME}`);
  doc.setSubject(NAME);
  doc.setKeywords([NAME]);
  doc.setCreator(`Máy quét của ${NAME_ASCII}`);
  doc.setProducer('Scanner CAM-SERIAL-4242');
  doc.setCreationDate(new Date('2026-11-20T08:30:00Z'));
  doc.setModificationDate(new Date('2026-11-20T08:31:00Z'));
  const p1 = doc.addPage([300, 400]);
  doc.addPage([300, 400]);
  const metadata = doc.context.stream(xmp(), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(metadata));
  p1.node.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream(xmp(), { Type: 'Metadata' })));
  p1.node.set(PDFName.of('PieceInfo'), doc.context.obj({ Editor: { Private: PDFString.of(NAME_ASCII) } }));
  // A comment by the name, with its dates, and a form field (whose /T is its name: kept).
  const note = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Text',
    Rect: [10, 300, 30, 320],
    Contents: PDFString.of('Xem lai'),
    T: PDFHexString.fromText(NAME),
    M: PDFString.of('D:20261120083000Z'),
    CreationDate: PDFString.of('D:20261120083000Z'),
  });
  p1.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(note)]));
  doc.getForm().createTextField('ho_ten').addToPage(p1, { x: 50, y: 300, width: 100, height: 20 });
  const photo = await doc.embedJpg(jpegWithMetadata({ trailing: false }));
  p1.drawImage(photo, { x: 10, y: 10, width: 30, height: 20 });
  const saved = await doc.save({ useObjectStreams: opts.objectStreams ?? !opts.incremental });
  if (!opts.incremental) return saved;
  // An incremental update: a new Info object (99) and a trailer pointing at it, /Prev to the first.
  const text = new TextDecoder('latin1').decode(saved);
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const root = doc.context.trailerInfo.Root!.toString();
  const obj = `99 0 obj\n<< /Author (Tran Thi Cap Nhat) /Producer (Editor CAM-SERIAL-4242) >>\nendobj\n`;
  const objAt = saved.length + 1;
  const xrefAt = objAt + obj.length;
  const update = `\n${obj}xref\n0 1\n0000000000 65535 f \n99 1\n${String(objAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 100 /Root ${root} /Info 99 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return cat(saved, enc.encode(update));
}

/** A classic-xref PDF whose trailer names an /Encrypt dictionary (the standard security handler). */
export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([100, 100]);
  const saved = await doc.save({ useObjectStreams: false });
  const text = new TextDecoder('latin1').decode(saved);
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const root = doc.context.trailerInfo.Root!.toString();
  const obj = `98 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <${'00'.repeat(32)}> /U <${'00'.repeat(32)}> /P -4 >>\nendobj\n`;
  const objAt = saved.length + 1;
  const xrefAt = objAt + obj.length;
  const update = `\n${obj}xref\n0 1\n0000000000 65535 f \n98 1\n${String(objAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 99 /Root ${root} /Encrypt 98 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return cat(saved, enc.encode(update));
}

/** A one-page PDF carrying an attached file. */
export async function pdfWithAttachment(): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.addPage([100, 100]);
  await doc.attach(jpegWithMetadata(), 'anh-goc.jpg', { mimeType: 'image/jpeg' });
  return new Uint8Array(await doc.save());
}

/** A small valid PDF of one page, nothing else. */
export async function plainPdf(pages = 1): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]);
  return new Uint8Array(await doc.save());
}

// ---- readers -------------------------------------------------------------------------------

/** Whether `needle` occurs in `hay`. */
export function containsBytes(hay: Uint8Array, needle: Uint8Array | number[]): boolean {
  const n = needle instanceof Uint8Array ? needle : new Uint8Array(needle);
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let k = 0; k < n.length; k++) if (hay[i + k] !== n[k]) continue outer;
    return true;
  }
  return false;
}

/** Every form the planted name takes: UTF-8, ASCII, and UTF-16BE (PDF text strings, hex or not). */
export function nameForms(): Uint8Array[] {
  const utf16 = (s: string) =>
    new Uint8Array([...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 255]));
  const hex = (b: Uint8Array) =>
    enc.encode(
      [...b]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase(),
    );
  return [
    enc.encode(NAME),
    enc.encode(NAME_ASCII),
    enc.encode('Tran Thi Cap Nhat'),
    utf16(NAME),
    hex(utf16(NAME)),
    enc.encode(new TextDecoder().decode(hex(utf16(NAME))).toLowerCase()),
    enc.encode('CAM-SERIAL-4242'),
  ];
}

/** Which of the planted names occur anywhere in `b` (for a PDF, pass `pdfDump(b)`). */
export function plantedNamesIn(b: Uint8Array): number {
  return nameForms().filter((n) => containsBytes(b, n)).length;
}

/**
 * Everything a PDF holds, readable: every object as pdf-lib prints it and every stream's decoded
 * contents (object streams are compressed, so a byte search of the file itself proves nothing),
 * with its page count.
 */
export async function pdfDump(
  bytes: Uint8Array,
): Promise<{ pages: number; dump: Uint8Array; doc: PDFDocument }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const parts: Uint8Array[] = [bytes];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    parts.push(enc.encode(obj.toString()));
    if (obj instanceof PDFRawStream) {
      try {
        parts.push(decodePDFRawStream(obj).decode());
      } catch {
        parts.push(obj.contents); // DCTDecode and others pdf-lib does not decode: the raw bytes
      }
    }
  }
  return { pages: doc.getPageCount(), dump: cat(...parts), doc };
}

/** The JPEG's segments in order (marker, payload), up to the first scan, and the scan's bytes. */
export function jpegSegments(b: Uint8Array) {
  const segs: { marker: number; payload: Uint8Array }[] = [];
  let i = 2;
  while (b[i + 1] !== 0xda) {
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    segs.push({ marker: b[i + 1]!, payload: b.subarray(i + 4, i + 2 + len) });
    i += 2 + len;
  }
  return { segs, scan: b.subarray(i) };
}

/** Width and height of a JPEG (SOF0), PNG (IHDR) or WebP (VP8X canvas or VP8 frame). */
export function dimensions(b: Uint8Array): { width: number; height: number } {
  if (b[0] === 0xff) {
    const sof = jpegSegments(b).segs.find((s) => s.marker === 0xc0)!.payload;
    return { height: (sof[1]! << 8) | sof[2]!, width: (sof[3]! << 8) | sof[4]! };
  }
  if (b[0] === 0x89) {
    const v = new DataView(b.buffer, b.byteOffset);
    return { width: v.getUint32(16), height: v.getUint32(20) };
  }
  const fourcc = String.fromCharCode(...b.subarray(12, 16));
  if (fourcc === 'VP8X') {
    const u24 = (at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
    return { width: u24(24) + 1, height: u24(27) + 1 };
  }
  const v = new DataView(b.buffer, b.byteOffset);
  return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
}

/** The named chunks of a PNG or WebP, in order. */
export function chunkTypes(b: Uint8Array): string[] {
  const types: string[] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b[0] === 0x89) {
    for (let i = 8; i < b.length; ) {
      const len = v.getUint32(i);
      types.push(String.fromCharCode(...b.subarray(i + 4, i + 8)));
      i += 12 + len;
    }
  } else {
    for (let i = 12; i < b.length; ) {
      const len = v.getUint32(i + 4, true);
      types.push(String.fromCharCode(...b.subarray(i, i + 4)));
      i += 8 + len + (len & 1);
    }
  }
  return types;
}

/** A PNG chunk's data by type (the first one). */
export function pngChunkData(b: Uint8Array, type: string): Uint8Array | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 8; i < b.length; ) {
    const len = v.getUint32(i);
    if (String.fromCharCode(...b.subarray(i + 4, i + 8)) === type) return b.subarray(i + 8, i + 8 + len);
    i += 12 + len;
  }
  return undefined;
}
