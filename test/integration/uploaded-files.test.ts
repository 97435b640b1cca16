/**
 * Every route that serves a user-supplied file sends it as an attachment, sandboxed, typed by its
 * bytes, never cached (decision 065, issue 15 item 3) — one header test per served type (JPEG, PNG,
 * WebP, PDF) per route: a citizen's evidence on a case (`GET /api/cases/{id}/file`) and a model's
 * photo (`GET /api/models/{id}/photos/{photoId}`).
 */
import { env } from 'cloudflare:workers';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../worker/lib/ids';
import { createModel } from '../../worker/models/service';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { JPEG, PNG, WEBP } from '../helpers/metadata-fixtures';
import { session } from '../unit/campaigns.fixtures';
import { caseForm, caseIdOf, personIn, submitFeedback } from './cases-fixtures';

const enc = new TextEncoder();
/** Small real files of each type (uploads are parsed to remove their metadata: decision 255). */
const FILES = {
  jpeg: { type: 'image/jpeg', ext: 'jpg', bytes: JPEG },
  png: { type: 'image/png', ext: 'png', bytes: PNG },
  webp: { type: 'image/webp', ext: 'webp', bytes: WEBP },
  // A PDF is where "inline" hurts: opened in the console's origin. This one even carries script.
  pdf: { type: 'application/pdf', ext: 'pdf', bytes: await pdfWithScript() },
} as const;
type Kind = keyof typeof FILES;

/** A one-page PDF whose opening runs JavaScript. */
async function pdfWithScript(): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.addPage([100, 100]);
  doc.addJavaScript('hello', 'app.alert(1)');
  return new Uint8Array(await doc.save());
}
const KINDS = Object.keys(FILES) as Kind[];

/** The headers every served user file carries, whatever its type. */
async function expectServedAsUserFile(res: Response, kind: Kind, name: RegExp) {
  const f = FILES[kind];
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(f.type);
  const disposition = res.headers.get('content-disposition') ?? '';
  expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"$/);
  expect(disposition).toMatch(new RegExp(`filename="${name.source}\\.${f.ext}"$`));
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp.split(';').map((d) => d.trim())).toContain('sandbox');
  expect(csp).toContain("default-src 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('cache-control')).toContain('no-store');
  expect(res.headers.get('cache-control')).not.toContain('max-age');
  expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  return new Uint8Array(await res.arrayBuffer());
}

type Tree = Awaited<ReturnType<typeof createTree>>;
let w: Tree;
beforeAll(async () => {
  w = await createTree();
});

describe('GET /api/cases/{id}/file: a citizen’s evidence', () => {
  let feedback: { slug: string };
  let person: { id: string };
  let intake: string;
  beforeAll(async () => {
    feedback = await caseForm(w.front, 'feedback');
    person = await personIn(w.wardA);
    intake = (await createStaff([{ role: 'case_intake', unitId: w.city.id }])).cookie;
  });

  for (const kind of KINDS) {
    it(`${kind}: attachment, sandboxed, typed from its bytes, not cached — the bytes unchanged`, async () => {
      const f = FILES[kind];
      const fd = new FormData();
      // The browser's name and type are claims: a PDF called photo.html with text/html.
      fd.set('file', new File([f.bytes], 'photo.html', { type: 'text/html' }));
      const up = await call(`/api/public/forms/${feedback.slug}/uploads?q=bang_chung`, {
        method: 'POST',
        body: fd,
      });
      expect(up.status).toBe(201);
      const { key } = (await up.json()) as { key: string };
      const { receiptCode } = await submitFeedback(feedback.slug, person.id, { files: [key] });
      const id = await caseIdOf(receiptCode);
      const res = await call(`/api/cases/${id}/file?key=${encodeURIComponent(key)}`, { cookie: intake });
      const body = await expectServedAsUserFile(res, kind, /minh-chung-[0-9a-f]{8}/);
      // Images without metadata are stored as sent; a PDF is always written anew (decision 255).
      const stored = new Uint8Array(await (await env.FILES.get(key))!.arrayBuffer());
      expect(body).toEqual(stored);
      if (kind !== 'pdf') expect(body).toEqual(f.bytes);
    });
  }
});

describe('GET /api/models/{id}/photos/{photoId}: a model’s photo', () => {
  let admin: { userId: string; cookie: string };
  let modelId: string;
  beforeAll(async () => {
    admin = await createStaff([{ role: 'admin', unitId: w.wardA.id }]);
    const m = await createModel(env.DB, session(admin.userId, 'admin', w.wardA), {
      unitId: w.wardA.id,
      name: 'Mô hình có ảnh',
      field: 'economy',
    });
    modelId = m.id;
  });

  /** A photo row and object as the upload writes them (for types the upload itself refuses). */
  async function storedPhoto(type: string, bytes: Uint8Array) {
    const photoId = newId();
    const key = `models/${modelId}/test-${photoId}`;
    await env.FILES.put(key, bytes, { httpMetadata: { contentType: type } });
    await env.DB.prepare(
      'INSERT INTO dvk_model_photos (id, model_id, key, type, size, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
      .bind(photoId, modelId, key, type, bytes.byteLength, Date.now())
      .run();
    return `/api/models/${modelId}/photos/${photoId}`;
  }

  for (const kind of ['jpeg', 'png', 'webp'] as const) {
    it(`${kind}, uploaded through the API: attachment, sandboxed, typed, not cached`, async () => {
      const f = FILES[kind];
      const up = await call(`/api/models/${modelId}/photos`, {
        method: 'POST',
        cookie: admin.cookie,
        headers: { 'content-type': 'application/octet-stream' },
        body: f.bytes,
      });
      expect(up.status).toBe(201);
      const { photo } = (await up.json()) as { photo: { url: string; type: string } };
      expect(photo.type).toBe(f.type);
      const res = await call(photo.url, { cookie: admin.cookie });
      const body = await expectServedAsUserFile(res, kind, /anh-mo-hinh-[0-9a-f]{8}/);
      expect(body).toEqual(f.bytes);
    });
  }

  it('pdf: refused as a photo (415); one stored all the same is still an attachment, sandboxed', async () => {
    const up = await call(`/api/models/${modelId}/photos`, {
      method: 'POST',
      cookie: admin.cookie,
      headers: { 'content-type': 'application/pdf' },
      body: FILES.pdf.bytes,
    });
    expect(up.status).toBe(415);
    expect(await up.json()).toMatchObject({ error: { code: 'unsupported_file_type' } });
    const res = await call(await storedPhoto('application/pdf', FILES.pdf.bytes), { cookie: admin.cookie });
    await expectServedAsUserFile(res, 'pdf', /anh-mo-hinh-[0-9a-f]{8}/);
  });

  it('a stored type outside the accepted four goes out as application/octet-stream, attached', async () => {
    const res = await call(await storedPhoto('text/html', enc.encode('<script>alert(1)</script>')), {
      cookie: admin.cookie,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="anh-mo-hinh-[0-9a-f]{8}\.bin"$/,
    );
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });
});
