/**
 * `POST /api/public/forms/{slug}/uploads?q=<questionId>`: one evidence file (multipart field
 * `file`) for a file question → `201 { key, type, size }`. JSON API (errors in the usual shape).
 * The picker search (`choice-routes.ts`) is mounted here too, under the same prefix.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import { publicChoiceRoutes } from './choice-routes';
import { storeUpload } from './uploads';

const UploadQuery = v.object({
  q: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/, 'q: a question id')),
});
const UploadBody = v.object({
  file: v.pipe(v.string(), v.description('binary: JPEG, PNG, WebP or PDF, ≤ 5 MB')),
});
const UploadResult = v.object({
  key: v.string(),
  type: v.picklist(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
  size: v.number(),
});

/** Mounted at `/api/public/forms`. */
export const publicUploadRoutes = new Hono<AppEnv>().route('/', publicChoiceRoutes);

defineRoutes(publicUploadRoutes, { tags: ['public pages'], auth: 'public' }).post(
  '/:slug/uploads',
  {
    summary:
      'Upload one evidence file for a file question (type checked by magic bytes; metadata removed: EXIF, XMP, PNG text, PDF Info; a file where that cannot be done safely is refused)',
    query: UploadQuery,
    body: UploadBody,
    bodyType: 'multipart/form-data',
    response: UploadResult,
    status: 201,
  },
  async (c, { query: { q } }) => {
    const out = await storeUpload(c.env, c.req.param('slug'), c.req.raw, {
      questionId: q,
      deviceKey: c.req.header('x-device-key') || undefined,
      ip: c.req.header('cf-connecting-ip'),
    });
    c.header('Cache-Control', 'no-store');
    return c.json(out, 201);
  },
);
