/**
 * JPEG: walks the marker segments and keeps only what decoding and colour need.
 * - kept: frame, tables, scans (SOFn, DHT, DQT, DRI, SOS and the entropy-coded data), APP0 JFIF
 *   (its thumbnail cut: a thumbnail can show what a crop removed), APP2 ICC profile (colour),
 *   APP14 Adobe (colour transform of CMYK/YCCK files);
 * - dropped: APP1 EXIF (GPS position, device, serial, dates) and XMP, APP13 IPTC/Photoshop, APP2
 *   MPF (phones append a second JPEG, with its own EXIF, after the end of the image), APP11
 *   JUMBF/C2PA (content credentials name their author), every other APPn, COM comments, and all
 *   bytes after End-of-Image;
 * - the EXIF orientation, when the photo had one other than "upright", comes back as a one-tag
 *   EXIF segment, so a photo taken sideways is not stored sideways.
 * Nothing is re-encoded: the image data are copied byte for byte.
 */
import { concatBytes, refuseFile } from './refusals';

const ascii = (b: Uint8Array, at: number, s: string) => [...s].every((c, k) => b[at + k] === c.charCodeAt(0));

/**
 * The JPEG without metadata segments. Throws `damaged_file` when the segment structure is broken.
 * @param opts.orientation false: no orientation segment either (a JPEG inside a PDF, where it is
 *   ignored)
 * @example stripJpegMetadata(photoFromPhone) // the same image, no EXIF/XMP/IPTC/comments
 */
export function stripJpegMetadata(b: Uint8Array, opts: { orientation?: boolean } = {}): Uint8Array {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw refuseFile('damaged_file');
  const head: Uint8Array[] = [b.subarray(0, 2)];
  const rest: Uint8Array[] = [];
  let orientation = 0;
  let sawScan = false;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff || i + 1 >= b.length) throw refuseFile('damaged_file');
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      rest.push(b.subarray(i, i + 2)); // End of Image: whatever follows is not this image
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      rest.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (marker === 0x00 || marker === 0xd8 || i + 3 >= b.length) throw refuseFile('damaged_file');
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    const end = i + 2 + len;
    if (len < 2 || end > b.length) throw refuseFile('damaged_file');
    const payload = b.subarray(i + 4, end);
    if (marker === 0xda) {
      // Start of Scan: entropy-coded data run to the next marker that is not a stuffed 0xFF00 or a
      // restart marker.
      let j = end;
      while (j < b.length) {
        if (b[j] === 0xff && j + 1 < b.length) {
          const next = b[j + 1]!;
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      rest.push(b.subarray(i, j));
      sawScan = true;
      i = j;
      continue;
    }
    if (marker === 0xe0) {
      if (head.length === 1 && len >= 16 && ascii(payload, 0, 'JFIF\0'))
        head.push(jfifWithoutThumbnail(b, i));
    } else if (marker === 0xe1) {
      if (ascii(payload, 0, 'Exif\0\0')) orientation = orientation || exifOrientation(payload.subarray(6));
    } else if (marker === 0xe2) {
      if (ascii(payload, 0, 'ICC_PROFILE\0')) rest.push(b.subarray(i, end));
    } else if (marker === 0xee) {
      if (ascii(payload, 0, 'Adobe')) rest.push(b.subarray(i, end));
    } else if (!(marker >= 0xe0 && marker <= 0xef) && marker !== 0xfe) {
      rest.push(b.subarray(i, end)); // frame, tables, restart interval…
    }
    i = end;
  }
  // A truncated scan still renders what arrived; a file with no scan at all is no image.
  if (!sawScan) throw refuseFile('damaged_file');
  if (orientation > 1 && opts.orientation !== false) head.push(orientationExif(orientation));
  return concatBytes([...head, ...rest]);
}

/** The APP0 JFIF segment at `i` with its thumbnail removed (16 bytes: header, density, 0×0 thumb). */
function jfifWithoutThumbnail(b: Uint8Array, i: number): Uint8Array {
  const seg = b.slice(i, i + 18);
  seg[2] = 0;
  seg[3] = 16;
  seg[16] = 0; // thumbnail width
  seg[17] = 0; // thumbnail height
  return seg;
}

/** The Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block, or 0. */
function exifOrientation(t: Uint8Array): number {
  if (t.length < 8) return 0;
  const le = t[0] === 0x49 && t[1] === 0x49;
  if (!le && !(t[0] === 0x4d && t[1] === 0x4d)) return 0;
  const u16 = (at: number) => (le ? t[at]! | (t[at + 1]! << 8) : (t[at]! << 8) | t[at + 1]!);
  const u32 = (at: number) => (le ? u16(at) + u16(at + 2) * 65536 : u16(at) * 65536 + u16(at + 2));
  const ifd = u32(4);
  if (ifd + 2 > t.length) return 0;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > t.length) return 0;
    if (u16(e) === 0x0112 && u16(e + 2) === 3) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : 0;
    }
  }
  return 0;
}

/** An APP1 EXIF segment holding one tag: Orientation (big-endian TIFF, IFD0 with one entry). */
function orientationExif(orientation: number): Uint8Array {
  const payload = [
    ...[0x45, 0x78, 0x69, 0x66, 0, 0], // "Exif\0\0"
    ...[0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8], // "MM", 42, IFD0 at 8
    ...[0, 1], // one entry
    ...[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0], // Orientation, SHORT, 1 value
    ...[0, 0, 0, 0], // no next IFD
  ];
  const len = payload.length + 2;
  return new Uint8Array([0xff, 0xe1, len >> 8, len & 0xff, ...payload]);
}
