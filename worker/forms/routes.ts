/**
 * Forms routes. Staff: `/api/forms/*` (session + one `authorize` per handler inside the service
 * via `requireFormAccess`). Public: `/api/public/forms/*` and the QR code `/f/{slug}/qr.svg`.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { documented, namedSchema } from '../lib/openapi';
import { jsonBody, parse } from '../lib/validate';
import { responsesStaffRoutes } from '../responses/routes';
import { ExprSchema } from './engine/definition';
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
const tags = ['forms'];
// A condition may hold conditions (`and`, `or`, `not`): the document refers to it by name.
namedSchema('Expr', ExprSchema);
const SVG_HEADERS = {
  'content-type': 'image/svg+xml; charset=utf-8',
  'cache-control': 'public, max-age=3600',
};

documented({
  method: 'get',
  path: '/api/forms',
  summary: 'Forms in scope',
  tags,
  auth: 'staff',
  query: ListFormsQuery,
  response: FormListResponse,
});
documented({
  method: 'post',
  path: '/api/forms',
  summary: 'Create a form',
  tags,
  auth: 'staff',
  body: CreateFormSchema,
  response: FormListResponse.entries.forms.item,
  status: 201,
});
documented({
  method: 'get',
  path: '/api/forms/{id}',
  summary: 'A form, its draft and versions',
  tags,
  auth: 'staff',
  response: FormDetailResponse,
});
documented({
  method: 'put',
  path: '/api/forms/{id}/draft',
  summary: 'Replace the draft',
  tags,
  auth: 'staff',
  body: DraftSchema,
  response: FormDetailResponse,
});
documented({
  method: 'patch',
  path: '/api/forms/{id}/settings',
  summary: 'Open window, cap, status, Turnstile',
  tags,
  auth: 'staff',
  body: SettingsSchema,
  response: FormListResponse.entries.forms.item,
});
documented({
  method: 'post',
  path: '/api/forms/{id}/publish',
  summary: 'Publish the draft as a new immutable version',
  tags,
  auth: 'staff',
  response: PublishResponse,
});
documented({
  method: 'get',
  path: '/api/forms/{id}/qr.svg',
  summary: 'QR code of the public link',
  tags,
  auth: 'staff',
  responseType: 'image/svg+xml',
});

/** Staff API of forms, mounted at `/api/forms`. Responses (list, CSV) are mounted inside it. */
export const formsRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/', async (c) => {
    const query = parse(ListFormsQuery, c.req.query());
    return c.json({ forms: await listForms(c.env.DB, c.var.staff, query) });
  })
  .post('/', async (c) => {
    const body = await jsonBody(c, CreateFormSchema);
    return c.json(await createForm(c.env.DB, c.var.staff, body), 201);
  })
  .get('/:id', async (c) => {
    const { id } = parse(FormIdParam, c.req.param());
    return c.json(await getFormDetail(c.env.DB, c.var.staff, id));
  })
  .put('/:id/draft', async (c) => {
    const { id } = parse(FormIdParam, c.req.param());
    const body = await jsonBody(c, DraftSchema);
    return c.json(await saveDraft(c.env.DB, c.var.staff, id, body.definition));
  })
  .patch('/:id/settings', async (c) => {
    const { id } = parse(FormIdParam, c.req.param());
    const body = await jsonBody(c, SettingsSchema);
    return c.json(await updateFormSettings(c.env.DB, c.var.staff, id, body));
  })
  .post('/:id/publish', async (c) => {
    const { id } = parse(FormIdParam, c.req.param());
    return c.json(await publishForm(c.env.DB, c.var.staff, id));
  })
  .get('/:id/qr.svg', async (c) => {
    const { id } = parse(FormIdParam, c.req.param());
    const form = await requireFormAccess(c.env.DB, c.var.staff, id);
    return c.body(formQrSvg(publicFormUrl(new URL(c.req.url).origin, form.slug)), 200, SVG_HEADERS);
  })
  // Same session middleware, so it is not run twice for /api/forms/{id}/responses*.
  .route('/', responsesStaffRoutes);

documented({
  method: 'get',
  path: '/api/public/forms',
  summary: 'Forms open for submissions',
  tags,
  auth: 'public',
  response: PublicFormListResponse,
});
documented({
  method: 'get',
  path: '/api/public/forms/{slug}',
  summary: 'The published definition of an open form',
  tags,
  auth: 'public',
  response: PublicFormResponse,
});

/** Public reads, mounted at `/api/public/forms`. */
export const publicFormsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ forms: await listPublicForms(c.env.DB) }))
  .get('/:slug', async (c) => {
    const { slug } = parse(SlugParam, c.req.param());
    return c.json(await publicFormDocument(c.env, slug));
  });

documented({
  method: 'get',
  path: '/f/{slug}/qr.svg',
  summary: 'QR code of a published form',
  tags,
  auth: 'public',
  responseType: 'image/svg+xml',
});

/** `GET /f/{slug}/qr.svg`, mounted at `/f` next to the page routes. */
export const formQrPublicRoutes = new Hono<AppEnv>().get('/:slug/qr.svg', async (c) => {
  const { slug } = parse(SlugParam, c.req.param());
  return c.body(await publicFormQr(c.env.DB, slug, new URL(c.req.url).origin), 200, SVG_HEADERS);
});
