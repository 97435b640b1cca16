/**
 * Files without metadata (issue 14 item 5, decision 255): for each accepted type a file with a
 * planted GPS position and a person's name goes through the public upload API and (images) the
 * model photo API; the bytes the store holds (env.FILES) no longer carry them and still parse with
 * the same dimensions / page count. Files whose metadata cannot be removed safely are refused.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { stripMetadata } from '../../worker/files/metadata';
import type { FormDefinition } from '../../worker/forms/engine/definition';
import { createModel } from '../../worker/models/service';
import { call, createStaff, createTree } from '../helpers/fixtures';
import {
  chunkTypes,
  containsBytes,
  dimensions,
  encryptedPdf,
  GPS_LATITUDE,
  JPEG,
  jpegSegments,
  jpegWithMetadata,
  PNG,
  pdfDump,
  pdfWithAttachment,
  pdfWithMetadata,
  plantedNamesIn,
  pngChunkData,
  pngWithBadCrc,
  pngWithMetadata,
  WEBP,
  webpWithMetadata,
} from '../helpers/metadata-fixtures';
import { session } from '../unit/campaigns.fixtures';
import { publishTestForm } from './public-helpers';

const enc = new TextEncoder();
const def: FormDefinition = {
  schemaVersion: 1,
  title: { vi: 'Phản ánh có tệp' },
  pages: [{ id: 'p1', questions: [{ id: 'tep', type: 'file', label: { vi: 'Tệp' }, maxFiles: 3 }] }],
};

let slug: string;
let admin: { userId: string; cookie: string };
let modelId: string;
beforeAll(async () => {
  slug = (await publishTestForm(def)).slug;
  const w = await createTree();
  admin = await createStaff([{ role: 'admin', unitId: w.wardA.id }]);
  modelId = (
    await createModel(env.DB, session(admin.userId, 'admin', w.wardA), {
      unitId: w.wardA.id,
      name: 'Mô hình ảnh không siêu dữ liệu',
      field: 'economy',
    })
  ).id;
});

/** Uploads through the public API (under a misleading name and type); returns the stored bytes. */
async function viaPublicUpload(bytes: Uint8Array) {
  const fd = new FormData();
  fd.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'bang-chung.bin', { type: 'text/plain' }));
  const res = await call(`/api/public/forms/${slug}/uploads?q=tep`, { method: 'POST', body: fd });
  return stored(res, async (j: { key: string }) => j.key);
}

/** Uploads through the model photo API; returns the stored bytes. */
async function viaModelPhoto(bytes: Uint8Array) {
  const res = await call(`/api/models/${modelId}/photos`, {
    method: 'POST',
    cookie: admin.cookie,
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  return stored(res, async (j: { photo: { id: string } }) => {
    const row = await env.DB.prepare('SELECT key FROM dvk_model_photos WHERE id = ?')
      .bind(j.photo.id)
      .first<{ key: string }>();
    return row!.key;
  });
}

async function stored<T>(res: Response, keyOf: (json: T) => Promise<string>) {
  const json = (await res.json()) as T & { size: number; photo?: { size: number } };
  expect(res.status, JSON.stringify(json)).toBe(201);
  const obj = await env.FILES.get(await keyOf(json));
  const bytes = new Uint8Array(await obj!.arrayBuffer());
  expect(bytes.length).toBe(json.photo?.size ?? json.size);
  return bytes;
}

const ROUTES = { 'public upload': viaPublicUpload, 'model photo': viaModelPhoto } as const;

for (const [route, upload] of Object.entries(ROUTES)) {
  describe(`${route}: images stored without metadata`, () => {
    it('JPEG: EXIF (GPS IFD, Artist, Make), XMP, IPTC, comment and the appended second image gone; orientation, ICC and the scan kept', async () => {
      const planted = jpegWithMetadata();
      expect(containsBytes(planted, GPS_LATITUDE)).toBe(true);
      expect(plantedNamesIn(planted)).toBeGreaterThanOrEqual(3);
      const out = await upload(planted);
      expect(containsBytes(out, GPS_LATITUDE)).toBe(false);
      expect(plantedNamesIn(out)).toBe(0);
      expect(containsBytes(out, enc.encode('http://ns.adobe.com/xap'))).toBe(false);
      expect(containsBytes(out, enc.encode('Photoshop 3.0'))).toBe(false);
      const { segs, scan } = jpegSegments(out);
      // One APP1 left: a TIFF block with Orientation alone (6: rotate 90°), no GPS pointer.
      const app1 = segs.filter((s) => s.marker === 0xe1);
      expect(app1).toHaveLength(1);
      expect([...app1[0]!.payload.subarray(14, 30)]).toEqual([
        0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0,
      ]);
      expect(segs.map((s) => s.marker).filter((m) => m === 0xed || m === 0xfe)).toEqual([]);
      expect(segs.some((s) => s.marker === 0xe2)).toBe(true); // ICC profile
      // The image: same frame, tables and scan, byte for byte, ending at the first End-of-Image.
      expect(dimensions(out)).toEqual({ width: 3, height: 2 });
      expect([...scan]).toEqual([...jpegSegments(JPEG).scan]);
      expect(out.length).toBeLessThan(planted.length / 2);
    });

    it('PNG: eXIf, tEXt, zTXt, iTXt and tIME gone; IHDR, pHYs, IDAT, IEND byte for byte', async () => {
      const planted = await pngWithMetadata();
      expect(containsBytes(planted, GPS_LATITUDE)).toBe(true);
      const out = await upload(planted);
      expect(containsBytes(out, GPS_LATITUDE)).toBe(false);
      expect(plantedNamesIn(out)).toBe(0);
      expect(chunkTypes(out)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
      expect(out).toEqual(PNG);
      expect(dimensions(out)).toEqual({ width: 3, height: 2 });
      expect(pngChunkData(out, 'IDAT')).toEqual(pngChunkData(PNG, 'IDAT'));
    });

    it('WebP: EXIF and XMP chunks gone, the VP8X flags cleared, the RIFF size right', async () => {
      const planted = webpWithMetadata();
      expect(containsBytes(planted, GPS_LATITUDE)).toBe(true);
      expect(planted[20]! & 0x0c).toBe(0x0c);
      const out = await upload(planted);
      expect(containsBytes(out, GPS_LATITUDE)).toBe(false);
      expect(plantedNamesIn(out)).toBe(0);
      expect(chunkTypes(out)).toEqual(['VP8X', 'VP8 ']);
      expect(out[20]! & 0x0c).toBe(0); // VP8X: no EXIF, no XMP announced
      expect(new DataView(out.buffer).getUint32(4, true)).toBe(out.length - 8);
      expect(dimensions(out)).toEqual({ width: 3, height: 2 });
      expect(out.subarray(30)).toEqual(WEBP.subarray(12)); // the VP8 chunk, byte for byte
    });

    it('files without metadata are stored byte for byte', async () => {
      expect(await upload(PNG)).toEqual(PNG);
      expect(await upload(WEBP)).toEqual(WEBP);
      expect(await upload(JPEG)).toEqual(JPEG);
    });
  });
}

describe('public upload: PDFs stored without metadata', () => {
  for (const [name, opts] of [
    ['object streams', {}],
    ['classic cross-reference table', { objectStreams: false }],
    ['incremental update over an earlier Info dictionary', { incremental: true }],
  ] as const) {
    it(`${name}: Info dictionary, XMP streams, PieceInfo and the embedded photo's EXIF gone; pages kept`, async () => {
      const planted = await pdfWithMetadata(opts);
      const before = await pdfDump(planted);
      expect(before.pages).toBe(2);
      expect(plantedNamesIn(before.dump)).toBeGreaterThanOrEqual(4);
      expect(containsBytes(before.dump, GPS_LATITUDE)).toBe(true);
      expect(containsBytes(before.dump, enc.encode('D:2026'))).toBe(true);
      const out = await viaPublicUpload(planted);
      const after = await pdfDump(out);
      expect(plantedNamesIn(after.dump)).toBe(0);
      expect(containsBytes(after.dump, GPS_LATITUDE)).toBe(false);
      expect(containsBytes(after.dump, enc.encode('/Metadata'))).toBe(false);
      expect(containsBytes(after.dump, enc.encode('/PieceInfo'))).toBe(false);
      expect(after.doc.getAuthor()).toBeUndefined();
      expect(after.doc.getProducer()).toBeUndefined();
      expect(after.doc.getCreationDate()).toBeUndefined();
      expect(containsBytes(after.dump, enc.encode('D:2026'))).toBe(false); // no date left anywhere
      expect(
        after.doc
          .getForm()
          .getFields()
          .map((f) => f.getName()),
      ).toEqual(['ho_ten']);
      expect(after.pages).toBe(2);
      expect(after.doc.getPage(0).getSize()).toEqual({ width: 300, height: 400 });
      // The photo on page 1 is still there, still a JPEG of 3×2.
      expect(containsBytes(after.dump, enc.encode('/DCTDecode'))).toBe(true);
      expect(containsBytes(after.dump, jpegSegments(JPEG).scan)).toBe(true);
    });
  }

  it('the model photo API refuses a PDF as before (415)', async () => {
    const res = await call(`/api/models/${modelId}/photos`, {
      method: 'POST',
      cookie: admin.cookie,
      body: (await pdfWithMetadata()) as Uint8Array<ArrayBuffer>,
    });
    expect(res.status).toBe(415);
  });
});

describe('files whose metadata cannot be removed safely are refused, nothing stored', () => {
  const refusals: [string, () => Promise<Uint8Array> | Uint8Array, string][] = [
    ['an encrypted PDF', encryptedPdf, 'encrypted_pdf'],
    ['a PDF with an attached file', pdfWithAttachment, 'pdf_attachments'],
    [
      'a PDF header over garbage',
      () => enc.encode('%PDF-1.7\n1 0 obj << /Author (X) >> endobj\n%%EOF'),
      'damaged_file',
    ],
    ['a PNG chunk with a wrong CRC', pngWithBadCrc, 'damaged_file'],
    [
      'a PNG signature over JPEG bytes',
      () => new Uint8Array([...PNG.subarray(0, 8), ...JPEG]),
      'damaged_file',
    ],
    ['a truncated PNG (no IEND)', () => PNG.subarray(0, PNG.length - 12), 'damaged_file'],
    ['a WebP chunk running past the RIFF', () => webpWithMetadata().subarray(0, 60), 'damaged_file'],
    [
      'a WebP that is RIFF over PNG bytes',
      () => new Uint8Array([...WEBP.subarray(0, 12), ...PNG]),
      'damaged_file',
    ],
    ['a JPEG segment longer than the file', () => jpegWithMetadata().subarray(0, 40), 'damaged_file'],
    [
      'a JPEG with no image data',
      () => new Uint8Array([0xff, 0xd8, 0xff, 0xfe, 0, 4, 0x41, 0x42, 0xff, 0xd9]),
      'damaged_file',
    ],
  ];
  for (const [name, build, code] of refusals) {
    it(`${name}: 400 ${code} on field "file"`, async () => {
      const bytes = await build();
      const before = (await env.FILES.list({ prefix: 'f/' })).objects.length;
      const fd = new FormData();
      fd.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'x'));
      const res = await call(`/api/public/forms/${slug}/uploads?q=tep`, { method: 'POST', body: fd });
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        error: {
          code: string;
          fields: { path: string; code: string; message: { vi: string; en: string } }[];
        };
      };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.fields).toEqual([
        { path: 'file', code, message: { vi: expect.any(String), en: expect.any(String) } },
      ]);
      expect((await env.FILES.list({ prefix: 'f/' })).objects.length).toBe(before);
    });
  }

  it('the model photo API refuses a damaged image the same way', async () => {
    const res = await call(`/api/models/${modelId}/photos`, {
      method: 'POST',
      cookie: admin.cookie,
      body: pngWithBadCrc() as Uint8Array<ArrayBuffer>,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { fields: [{ path: 'file', code: 'damaged_file' }] } });
  });
});

describe('stripMetadata', () => {
  it('is idempotent: a stripped file passes again unchanged', async () => {
    for (const [type, file] of [
      ['image/jpeg', jpegWithMetadata()],
      ['image/png', await pngWithMetadata()],
      ['image/webp', webpWithMetadata()],
    ] as const) {
      const once = await stripMetadata(type, file);
      expect(await stripMetadata(type, once)).toEqual(once);
    }
    const pdf = await stripMetadata('application/pdf', await pdfWithMetadata());
    expect(await stripMetadata('application/pdf', pdf)).toEqual(pdf);
  });
});
