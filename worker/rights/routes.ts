/**
 * HTTP of the reporter's rights. Public JSON (code + PIN in the body, never a cookie or a URL):
 * `/api/public/rights/{access,correct,withdraw,delete}`. Intake: `GET /api/rights/requests`,
 * `POST /api/rights/requests/{id}/answer`. The no-JavaScript pages are in ./pages.tsx.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import { authenticateTracking } from '../cases/tracking';
import { DATA_REQUEST_STATUSES } from '../db/schema';
import type { AppEnv } from '../env';
import { documented } from '../lib/openapi';
import { jsonBody, parse } from '../lib/validate';
import {
  accessView,
  answerRequest,
  correctContact,
  listRequestRules,
  putRequestRule,
  requestDeletion,
  requestQueue,
  withdrawConsent,
} from './service';

const Code = v.pipe(v.string(), v.maxLength(64));
const Pin = v.pipe(v.string(), v.maxLength(12));
const Contact = v.optional(v.pipe(v.string(), v.maxLength(500)));
export const RightsBody = v.object({ code: Code, pin: Pin, lang: v.optional(v.picklist(['vi', 'en'])) });
export const CorrectBody = v.object({
  code: Code,
  pin: Pin,
  phone: Contact,
  email: Contact,
  address: Contact,
});
const Id = v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,64}$/i, 'not a valid id'));
export const RequestsQuery = v.object({ unitId: Id, status: v.optional(v.picklist(DATA_REQUEST_STATUSES)) });
export const AnswerBody = v.object({
  decision: v.picklist(['done', 'refused']),
  reply: v.optional(v.pipe(v.string(), v.maxLength(4000))),
});

export const RuleBody = v.object({
  days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(90)),
  working: v.boolean(),
  basis: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
});
const RuleKind = v.object({ kind: v.picklist(['correct', 'withdraw', 'delete']) });

const pub = (path: string, summary: string, body: v.GenericSchema) =>
  documented({ method: 'post', path, summary, tags: ['reporter rights'], auth: 'public', body });
pub(
  '/api/public/rights/access',
  'Every piece of personal data held about the reporter in the case (code + PIN)',
  RightsBody,
);
pub('/api/public/rights/correct', 'Correct contact details (phone, email, address)', CorrectBody);
pub(
  '/api/public/rights/withdraw',
  'Withdraw consent: identity removed; a case that needs identity closes',
  RightsBody,
);
pub('/api/public/rights/delete', 'Ask for deletion (intake decides within the response period)', RightsBody);
documented({
  method: 'get',
  path: '/api/rights/requests',
  summary: "Intake's queue of reporters' requests with their response day",
  tags: ['reporter rights'],
  auth: 'staff',
  query: RequestsQuery,
});
documented({
  method: 'post',
  path: '/api/rights/requests/{id}/answer',
  summary: "Answer a reporter's request (intake of the case's Front unit)",
  tags: ['reporter rights'],
  auth: 'staff',
  body: AnswerBody,
});

documented({
  method: 'get',
  path: '/api/rights/rules',
  summary: 'Response periods of reporters’ requests, with their legal basis (root administrators)',
  tags: ['reporter rights'],
  auth: 'staff',
});
documented({
  method: 'put',
  path: '/api/rights/rules/{kind}',
  summary: 'Change a response period (root administrators; audited)',
  tags: ['reporter rights'],
  auth: 'staff',
  body: RuleBody,
});

const client = (c: { req: { header: (n: string) => string | undefined } }) => ({
  deviceKey: c.req.header('x-device-key') || undefined,
  ip: c.req.header('cf-connecting-ip') || undefined,
});

/** Mounted at `/api/public/rights`. */
export const rightsPublicRoutes = new Hono<AppEnv>()
  .post('/access', async (c) => {
    const body = await jsonBody(c, RightsBody, 4096);
    const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
    c.header('cache-control', 'no-store');
    return c.json(await accessView(c.env, row, body.lang ?? 'vi'));
  })
  .post('/correct', async (c) => {
    const body = await jsonBody(c, CorrectBody, 8192);
    const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
    const res = await correctContact(c.env, row, body);
    c.header('cache-control', 'no-store');
    return c.json({ ...res, data: await accessView(c.env, row) });
  })
  .post('/withdraw', async (c) => {
    const body = await jsonBody(c, RightsBody, 4096);
    const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
    c.header('cache-control', 'no-store');
    return c.json(await withdrawConsent(c.env, row));
  })
  .post('/delete', async (c) => {
    const body = await jsonBody(c, RightsBody, 4096);
    const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
    c.header('cache-control', 'no-store');
    return c.json({ request: await requestDeletion(c.env, row) }, 202);
  });

/** Mounted at `/api/rights` (staff). */
export const rightsStaffRoutes = new Hono<AppEnv>();
rightsStaffRoutes.use('*', requireStaff());
rightsStaffRoutes
  .get('/requests', async (c) =>
    c.json(await requestQueue(c.env, c.var.staff, parse(RequestsQuery, c.req.query()))),
  )
  .get('/rules', async (c) => c.json(await listRequestRules(c.env, c.var.staff)))
  .put('/rules/:kind', async (c) => {
    const { kind } = parse(RuleKind, c.req.param());
    return c.json(await putRequestRule(c.env, c.var.staff, kind, await jsonBody(c, RuleBody)));
  })
  .post('/requests/:id/answer', async (c) => {
    const { id } = parse(v.object({ id: Id }), c.req.param());
    return c.json(await answerRequest(c.env, c.var.staff, id, await jsonBody(c, AnswerBody)));
  });
