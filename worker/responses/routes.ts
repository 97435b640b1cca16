/**
 * Responses routes. Public: the JSON submission and the receipt lookup (`/api/public/*`, no
 * cookies, no CSRF). Staff: list and CSV of a form's responses, mounted inside the forms sub-app
 * (which runs `requireStaff()`); every handler authorises through `requireFormAccess`.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import { casePinForResponse } from '../cases/tracking';
import type { AppEnv } from '../env';
import { RowIdSchema, SlugSchema } from '../forms/schema';
import { defineRoutes } from '../lib/route';
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

const FormIdParam = v.object({ id: RowIdSchema });
const SlugParam = v.object({ slug: SlugSchema });

/** Staff reading of responses, mounted at `/api/forms` beside the forms' staff API. */
export const responsesStaffRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(responsesStaffRoutes, { tags: ['responses'], auth: 'staff' })
  .get(
    '/:id/responses',
    {
      summary: 'Responses of a form (paged, filterable; never identity)',
      params: FormIdParam,
      query: ListResponsesQuery,
      blankQueryIsAbsent: true,
      response: ResponseListSchema,
    },
    async (c, { params, query }) => c.json(await listResponses(c.env.DB, c.var.staff, params.id, query)),
  )
  .get(
    '/:id/responses.csv',
    {
      summary: 'Responses as CSV (UTF-8 with BOM)',
      params: FormIdParam,
      query: ListResponsesQuery,
      blankQueryIsAbsent: true,
      responseType: 'text/csv',
    },
    async (c, { params, query }) => {
      const { filename, stream } = await responsesCsv(c.env.DB, c.var.staff, params.id, query);
      return c.body(stream, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
      });
    },
  );

/** Public submission and receipts, mounted at `/api/public`. */
export const responsesPublicRoutes = new Hono<AppEnv>();

defineRoutes(responsesPublicRoutes, { tags: ['responses'], auth: 'public' })
  .post(
    '/forms/:slug/responses',
    {
      summary:
        'Submit a response (header Idempotency-Key required, X-Device-Key optional); a replay of the key answers 200 with the same body',
      params: SlugParam,
      body: SubmitBodySchema,
      bodyLimit: SUBMIT_BODY_LIMIT,
      response: SubmitResponseSchema,
      status: [201, 200],
    },
    async (c, { params, body }) => {
      const result = await submitResponse(c.env, params.slug, {
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
    },
  )
  .get('/receipts/:code', { summary: 'Status of a receipt', response: ReceiptResponseSchema }, async (c) => {
    const code = c.req.param('code');
    const receipt = await lookupReceipt(c.env, code.slice(0, 64), {
      deviceKey: c.req.header('x-device-key') || undefined,
      ip: c.req.header('cf-connecting-ip') || undefined,
      lang: c.var.lang,
    });
    c.header('cache-control', 'no-store');
    return c.json(receipt);
  });
