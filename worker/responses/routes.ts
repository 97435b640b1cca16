/**
 * Responses routes. Public: the JSON submission and the receipt lookup (`/api/public/*`, no
 * cookies, no CSRF). Staff: list and CSV of a form's responses, mounted inside the forms sub-app
 * (which runs `requireStaff()`); every handler authorises through `requireFormAccess`.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { casePinForResponse } from '../cases/tracking';
import type { AppEnv } from '../env';
import { RowIdSchema, SlugSchema } from '../forms/schema';
import { documented } from '../lib/openapi';
import { parse, readJson } from '../lib/validate';
import {
  ListResponsesQuery,
  ReceiptResponseSchema,
  ResponseListSchema,
  SUBMIT_BODY_LIMIT,
  SubmitBodySchema,
  SubmitResponseSchema,
} from './schema';
import { lookupReceipt, submitResponse } from './service';
import { listResponses, responsesCsv } from './staff';

const tags = ['responses'];
const FormIdParam = v.object({ id: RowIdSchema });

/** Query parameters without empty values (`?from=&to=` from a plain HTML filter form means "no filter"). */
const filled = (q: Record<string, string>) =>
  Object.fromEntries(Object.entries(q).filter(([, x]) => x !== ''));

documented({
  method: 'get',
  path: '/api/forms/{id}/responses',
  summary: 'Responses of a form (paged, filterable; never identity)',
  tags,
  auth: 'staff',
  query: ListResponsesQuery,
  response: ResponseListSchema,
});
documented({
  method: 'get',
  path: '/api/forms/{id}/responses.csv',
  summary: 'Responses as CSV (UTF-8 with BOM)',
  tags,
  auth: 'staff',
  query: ListResponsesQuery,
  responseType: 'text/csv',
});

/** Staff reading of responses; mounted by `formsRoutes` under `/api/forms`. */
export const responsesStaffRoutes = new Hono<AppEnv>()
  .get('/:id/responses', async (c) => {
    const { id } = parse(FormIdParam, c.req.param());
    const filter = parse(ListResponsesQuery, filled(c.req.query()));
    return c.json(await listResponses(c.env.DB, c.var.staff, id, filter));
  })
  .get('/:id/responses.csv', async (c) => {
    const { id } = parse(FormIdParam, c.req.param());
    const filter = parse(ListResponsesQuery, filled(c.req.query()));
    const { filename, stream } = await responsesCsv(c.env.DB, c.var.staff, id, filter);
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    });
  });

documented({
  method: 'post',
  path: '/api/public/forms/{slug}/responses',
  summary: 'Submit a response (header Idempotency-Key required, X-Device-Key optional)',
  tags,
  auth: 'public',
  body: SubmitBodySchema,
  response: SubmitResponseSchema,
  status: 201,
});
documented({
  method: 'get',
  path: '/api/public/receipts/{code}',
  summary: 'Status of a receipt',
  tags,
  auth: 'public',
  response: ReceiptResponseSchema,
});

/** Public submission and receipts, mounted at `/api/public`. */
export const responsesPublicRoutes = new Hono<AppEnv>()
  .post('/forms/:slug/responses', async (c) => {
    const { slug } = parse(v.object({ slug: SlugSchema }), c.req.param());
    const body = parse(SubmitBodySchema, await readJson(c, SUBMIT_BODY_LIMIT));
    const result = await submitResponse(c.env, slug, {
      answers: body.answers,
      identity: body.identity,
      consentAccepted: body.consentAccepted,
      honeypot: body.website,
      turnstileToken: body.turnstileToken,
      lang: c.var.lang,
      idempotencyKey: c.req.header('idempotency-key') ?? '',
      deviceKey: c.req.header('x-device-key') || undefined,
      ip: c.req.header('cf-connecting-ip') || undefined,
    });
    // A case channel's tracking PIN (derived, so a retry of the same key shows the same PIN).
    const pin = await casePinForResponse(c.env, result);
    return c.json(
      { receiptCode: result.receiptCode, status: 'received' as const, ...(pin ? { pin } : {}) },
      result.replayed ? 200 : 201,
    );
  })
  .get('/receipts/:code', async (c) => {
    const code = c.req.param('code');
    const receipt = await lookupReceipt(c.env, code.slice(0, 64), {
      deviceKey: c.req.header('x-device-key') || undefined,
      ip: c.req.header('cf-connecting-ip') || undefined,
      lang: c.var.lang,
    });
    c.header('cache-control', 'no-store');
    return c.json(receipt);
  });
