/**
 * Forms routes. Staff: `/api/forms/*` (session + one `authorize` per handler inside the service
 * via `requireFormAccess`). Public: `/api/public/forms/*` and the QR code `/f/{slug}/qr.svg`.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import {
  CreateFormSchema,
  DraftSchema,
  FormDetailResponse,
  FormListResponse,
  ListFormsQuery,
  PublicFormListResponse,
  PublicFormResponse,
  PublishResponse,
  RowIdSchema,
  SettingsSchema,
  SlugSchema,
} from './schema';
import {
  createForm,
  formQrSvg,
  getFormDetail,
  listForms,
  listPublicForms,
  publicFormDocument,
  publicFormQr,
  publicFormUrl,
  publishForm,
  requireFormAccess,
  saveDraft,
  updateFormSettings,
} from './service';

const FormIdParam = v.object({ id: RowIdSchema });
const SlugParam = v.object({ slug: SlugSchema });
const SVG_HEADERS = {
  'content-type': 'image/svg+xml; charset=utf-8',
  'cache-control': 'public, max-age=3600',
};

/** Staff API of forms, mounted at `/api/forms` (the responses module adds /{id}/responses*). */
export const formsRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(formsRoutes, { tags: ['forms'], auth: 'staff' })
  .get(
    '/',
    { summary: 'Forms in scope', query: ListFormsQuery, response: FormListResponse },
    async (c, { query }) => c.json({ forms: await listForms(c.env.DB, c.var.staff, query) }),
  )
  .post(
    '/',
    {
      summary: 'Create a form',
      body: CreateFormSchema,
      response: FormListResponse.entries.forms.item,
      status: 201,
    },
    async (c, { body }) => c.json(await createForm(c.env.DB, c.var.staff, body), 201),
  )
  .get(
    '/:id',
    { summary: 'A form, its draft and versions', params: FormIdParam, response: FormDetailResponse },
    async (c, { params }) => c.json(await getFormDetail(c.env.DB, c.var.staff, params.id)),
  )
  .put(
    '/:id/draft',
    { summary: 'Replace the draft', params: FormIdParam, body: DraftSchema, response: FormDetailResponse },
    async (c, { params, body }) => c.json(await saveDraft(c.env.DB, c.var.staff, params.id, body.definition)),
  )
  .patch(
    '/:id/settings',
    {
      summary: 'Open window, cap, status, Turnstile',
      params: FormIdParam,
      body: SettingsSchema,
      response: FormListResponse.entries.forms.item,
    },
    async (c, { params, body }) => c.json(await updateFormSettings(c.env.DB, c.var.staff, params.id, body)),
  )
  .post(
    '/:id/publish',
    {
      summary: 'Publish the draft as a new immutable version',
      params: FormIdParam,
      response: PublishResponse,
    },
    async (c, { params }) => c.json(await publishForm(c.env.DB, c.var.staff, params.id)),
  )
  .get(
    '/:id/qr.svg',
    { summary: 'QR code of the public link', params: FormIdParam, responseType: 'image/svg+xml' },
    async (c, { params }) => {
      const form = await requireFormAccess(c.env.DB, c.var.staff, params.id);
      return c.body(formQrSvg(publicFormUrl(new URL(c.req.url).origin, form.slug)), 200, SVG_HEADERS);
    },
  );

/** Public reads, mounted at `/api/public/forms`. */
export const publicFormsRoutes = new Hono<AppEnv>();

defineRoutes(publicFormsRoutes, { tags: ['forms'], auth: 'public' })
  .get('/', { summary: 'Forms open for submissions', response: PublicFormListResponse }, async (c) =>
    c.json({ forms: await listPublicForms(c.env.DB) }),
  )
  .get(
    '/:slug',
    { summary: 'The published definition of an open form', params: SlugParam, response: PublicFormResponse },
    async (c, { params }) => c.json(await publicFormDocument(c.env, params.slug)),
  );

/** `GET /f/{slug}/qr.svg`, mounted at `/f` next to the page routes. */
export const formQrPublicRoutes = new Hono<AppEnv>();

defineRoutes(formQrPublicRoutes, { tags: ['forms'], auth: 'public' }).get(
  '/:slug/qr.svg',
  { summary: 'QR code of a published form', params: SlugParam, responseType: 'image/svg+xml' },
  async (c, { params }) =>
    c.body(await publicFormQr(c.env.DB, params.slug, new URL(c.req.url).origin), 200, SVG_HEADERS),
);
