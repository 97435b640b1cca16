/**
 * `POST /api/public/forms/{slug}/uploads?q=<questionId>`: one evidence file (multipart field
 * `file`) for a file question → `201 { key, type, size }`. JSON API (errors in the usual shape).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import { UploadBody, UploadQuery, UploadResult } from './schema';
import { storeUpload } from './uploads';

/** Mounted at `/api/public/forms`. */
export const uploadRoutes = new Hono<AppEnv>();

defineRoutes(uploadRoutes, { tags: ['public pages'], auth: 'public' }).post(
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
