/**
 * PNG: walks the chunks (length, type, data, CRC — each CRC checked) and keeps only what decoding,
 * colour and animation need.
 * - kept: the critical chunks (IHDR, PLTE, IDAT, IEND) and the rendering ancillaries: tRNS
 *   (transparency), gAMA, cHRM, sRGB, iCCP, cICP, mDCV/mDCv, cLLI/cLLi (colour), sBIT, bKGD, hIST,
 *   pHYs (pixel size), acTL/fcTL/fdAT (APNG frames);
 * - dropped: eXIf (EXIF: GPS, device, dates), tEXt/zTXt/iTXt (Author, Comment, Creation Time,
 *   XMP), tIME (last modification), and every other ancillary chunk, known or private (C2PA
 *   `caBX`, editors' private data), and all bytes after IEND.
 * A chunk list is a whitelist: a new metadata chunk is dropped until someone decides otherwise.
 */
import { concatBytes, refuseFile } from './refusals';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
const KEPT = new Set([
  ...CRITICAL,
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'cICP',
  'mDCV',
  'mDCv',
  'cLLI',
  'cLLi',
  'sBIT',
  'bKGD',
  'hIST',
  'pHYs',
  'acTL',
  'fcTL',
  'fdAT',
]);

let crcTable: Uint32Array | undefined;
/** CRC-32 (ISO 3309) as PNG computes it over a chunk's type and data. */
export function crc32(b: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The PNG without metadata chunks. Throws `damaged_file` on a broken chunk (length, type, CRC),
 * an unknown critical chunk, no IHDR first or no IEND.
 * @example stripPngMetadata(screenshot) // same pixels, no tEXt "Author", no eXIf GPS
 */
export function stripPngMetadata(b: Uint8Array): Uint8Array {
  if (!SIGNATURE.every((x, k) => b[k] === x)) throw refuseFile('damaged_file');
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  let first = true;
  for (;;) {
    if (i + 12 > b.length) throw refuseFile('damaged_file'); // no IEND
    const len = view.getUint32(i);
    const end = i + 12 + len;
    if (len > 0x7fffffff || end > b.length) throw refuseFile('damaged_file');
    const typeBytes = b.subarray(i + 4, i + 8);
    if (!typeBytes.every((c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)))
      throw refuseFile('damaged_file');
    const type = String.fromCharCode(...typeBytes);
    if (crc32(b.subarray(i + 4, i + 8 + len)) !== view.getUint32(i + 8 + len))
      throw refuseFile('damaged_file');
    if (first && (type !== 'IHDR' || len !== 13)) throw refuseFile('damaged_file');
    first = false;
    // An uppercase first letter marks a chunk a decoder must understand: an unknown one is no PNG.
    if (typeBytes[0]! <= 90 && !CRITICAL.has(type)) throw refuseFile('damaged_file');
    if (KEPT.has(type)) out.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return concatBytes(out);
}
