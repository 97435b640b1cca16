/**
 * Evidence uploads: type by magic bytes, size limit, JPEG metadata stripped before R2 (every format:
 * file-metadata.test.ts), keys usable
 * as the answer to a file question.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { stripJpegMetadata } from '../../worker/files/metadata';
import type { FormDefinition } from '../../worker/forms/engine/definition';
import { call } from '../helpers/fixtures';
import { PNG, plainPdf } from '../helpers/metadata-fixtures';
import { publishTestForm, responseCount } from './public-helpers';

const enc = new TextEncoder();
/** A JFIF APP0 payload: version 1.2, no units, 1:1, no thumbnail. */
const JFIF = new Uint8Array([...enc.encode('JFIF\0'), 1, 2, 0, 0, 1, 0, 1, 0, 0]);

function seg(marker: number, payload: Uint8Array): number[] {
  const len = payload.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...payload];
}

/** A minimal JPEG-shaped file: SOI, APP0 (JFIF), APP1 (EXIF with a GPS tag), DQT, SOS + data, EOI. */
function jpegWithExif(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0xff,
    0xd8,
    ...seg(0xe0, JFIF),
    ...seg(0xe1, enc.encode('Exif\0\0GPSLatitude=10.7769;Serial=CAM-42')),
    ...seg(0xdb, new Uint8Array([0, 1, 2, 3])),
    0xff,
    0xda,
    0x00,
    0x02,
    0x11,
    0x22,
    0x33,
    0xff,
    0xd9,
  ]);
}

function upload(
  slug: string,
  q: string,
  bytes: Uint8Array<ArrayBuffer>,
  name = 'a.jpg',
  type = 'image/jpeg',
) {
  const fd = new FormData();
  fd.set('file', new File([bytes], name, { type }));
  return call(`/api/public/forms/${slug}/uploads?q=${q}`, { method: 'POST', body: fd });
}

const def: FormDefinition = {
  schemaVersion: 1,
  title: { vi: 'Phản ánh có ảnh' },
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'story', type: 'long_text', label: { vi: 'Nội dung' }, required: true },
        { id: 'photos', type: 'file', label: { vi: 'Ảnh' }, maxFiles: 3 },
        { id: 'doc', type: 'file', label: { vi: 'Văn bản' }, accept: ['application/pdf'] },
      ],
    },
  ],
};

let form: Awaited<ReturnType<typeof publishTestForm>>;
beforeAll(async () => {
  form = await publishTestForm(def);
});

describe('POST /api/public/forms/{slug}/uploads', () => {
  it('stores a JPEG without its EXIF segment, under a random key naming the form', async () => {
    const res = await upload(form.slug, 'photos', jpegWithExif());
    expect(res.status).toBe(201);
    const { key, type, size } = (await res.json()) as { key: string; type: string; size: number };
    expect(type).toBe('image/jpeg');
    expect(key).toMatch(new RegExp(`^f/${form.formId}/[0-9a-f]{32}$`));
    const obj = await env.FILES.get(key);
    expect(obj?.httpMetadata?.contentType).toBe('image/jpeg');
    const stored = new Uint8Array(await obj!.arrayBuffer());
    expect(stored.length).toBe(size);
    const text = new TextDecoder('latin1').decode(stored);
    expect(text).not.toContain('GPSLatitude');
    expect(text).not.toContain('Exif');
    expect(text).toContain('JFIF');
    // Exactly the APP1 segment is gone; every other byte is kept in order.
    const original = jpegWithExif();
    const app1 = seg(0xe1, enc.encode('Exif\0\0GPSLatitude=10.7769;Serial=CAM-42'));
    const start = 2 + seg(0xe0, JFIF).length;
    expect([...stored]).toEqual([...original.slice(0, start), ...original.slice(start + app1.length)]);
  });

  it('accepts PNG and PDF by their magic bytes, whatever the name says', async () => {
    expect((await upload(form.slug, 'photos', PNG, 'x.pdf', 'application/pdf')).status).toBe(201);
    const pdf = await upload(form.slug, 'doc', await plainPdf(), 'scan.jpg', 'image/jpeg');
    expect(pdf.status).toBe(201);
    expect(((await pdf.json()) as { type: string }).type).toBe('application/pdf');
  });

  it('refuses a file that only claims to be an image', async () => {
    const res = await upload(
      form.slug,
      'photos',
      enc.encode('<html><script>alert(1)</script>'),
      'a.jpg',
      'image/jpeg',
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'validation_failed', fields: [{ code: 'invalid_file' }] },
    });
  });

  it('honours the question’s accepted types and refuses non-file questions', async () => {
    const png = await upload(form.slug, 'doc', PNG);
    expect(png.status).toBe(400);
    expect(await png.json()).toMatchObject({ error: { fields: [{ code: 'type_not_accepted' }] } });
    expect((await upload(form.slug, 'story', PNG)).status).toBe(400);
    expect((await upload(form.slug, 'NOT valid', PNG)).status).toBe(400);
  });

  it('refuses more than 5 MB with 413 and stores nothing', async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 100);
    big.set([0xff, 0xd8, 0xff]);
    const before = (await env.FILES.list({ prefix: `f/${form.formId}/` })).objects.length;
    const res = await upload(form.slug, 'photos', big);
    expect(res.status).toBe(413);
    expect((await env.FILES.list({ prefix: `f/${form.formId}/` })).objects.length).toBe(before);
  });

  it('answers 404 for an unknown form and 409 for a closed one', async () => {
    expect((await upload('khong-co', 'photos', PNG)).status).toBe(404);
    const closed = await publishTestForm(def, { closesAt: Date.now() - 1 });
    expect((await upload(closed.slug, 'photos', PNG)).status).toBe(409);
  });

  it('a returned key is accepted as the answer to the file question', async () => {
    const { key } = (await (await upload(form.slug, 'photos', jpegWithExif())).json()) as { key: string };
    const before = await responseCount(form.formId);
    const res = await call(`/api/public/forms/${form.slug}/responses`, {
      method: 'POST',
      headers: { 'idempotency-key': 'upload-answer-1' },
      json: { answers: { story: 'Ống nước vỡ trước nhà số 5', photos: [key] } },
    });
    expect(res.status).toBe(201);
    expect(await responseCount(form.formId)).toBe(before + 1);
  });
});

describe('stripJpegMetadata', () => {
  it('refuses a malformed header instead of storing it half-parsed', () => {
    expect(() => stripJpegMetadata(new Uint8Array([0xff, 0xd8, 0x00, 0x01]))).toThrow();
    expect(() => stripJpegMetadata(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toThrow();
  });
});
