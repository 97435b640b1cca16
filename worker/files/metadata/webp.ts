/**
 * WebP: walks the RIFF chunks and keeps only the image.
 * - kept: VP8 / VP8L (the bitstream), VP8X (extended header), ALPH (alpha), ANIM/ANMF
 *   (animation), ICCP (colour profile);
 * - dropped: `EXIF` (GPS, device, dates), `XMP ` (author, history) and every unknown chunk, and
 *   all bytes after the RIFF's declared end. The VP8X flags that announce EXIF and XMP are cleared
 *   and the RIFF size is written anew, so decoders do not look for what is gone.
 */
import { concatBytes, refuseFile } from './refusals';

const KEPT = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
/** VP8X flag bits (first byte of its payload): EXIF present, XMP present. */
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));

/**
 * The WebP without EXIF/XMP chunks. Throws `damaged_file` when the RIFF structure is broken or the
 * first chunk is not VP8, VP8L or VP8X.
 * @example stripWebpMetadata(phoneWebp) // same image; VP8X flags say "no EXIF, no XMP"
 */
export function stripWebpMetadata(b: Uint8Array): Uint8Array {
  if (b.length < 20 || fourcc(b, 0) !== 'RIFF' || fourcc(b, 8) !== 'WEBP') throw refuseFile('damaged_file');
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > b.length || riffEnd < 20) throw refuseFile('damaged_file');
  const chunks: Uint8Array[] = [];
  let i = 12;
  while (i < riffEnd) {
    if (i + 8 > riffEnd) throw refuseFile('damaged_file');
    const type = fourcc(b, i);
    const size = view.getUint32(i + 4, true);
    const end = i + 8 + size + (size & 1);
    if (end > riffEnd + (size & 1) || !/^[\x20-\x7e]{4}$/.test(type)) throw refuseFile('damaged_file');
    if (chunks.length === 0 && type !== 'VP8 ' && type !== 'VP8L' && type !== 'VP8X')
      throw refuseFile('damaged_file');
    if (KEPT.has(type)) {
      // Copied whole; an odd last chunk whose pad byte the writer left out gets one.
      const chunk = new Uint8Array(8 + size + (size & 1));
      chunk.set(b.subarray(i, Math.min(i + chunk.length, riffEnd)));
      if (type === 'VP8X') {
        if (size < 10) throw refuseFile('damaged_file');
        chunk[8] = chunk[8]! & ~(EXIF_FLAG | XMP_FLAG);
      }
      chunks.push(chunk);
    }
    i = end;
  }
  if (!chunks.some((c) => ['VP8 ', 'VP8L', 'ANMF'].includes(fourcc(c, 0)))) throw refuseFile('damaged_file');
  const body = concatBytes(chunks);
  const header = new Uint8Array(12);
  header.set(b.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  return concatBytes([header, body]);
}
