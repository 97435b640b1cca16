/**
 * HTTP of the reporter's rights. Public JSON (code + PIN in the body, never a cookie or a URL):
 * `/api/public/rights/{access,correct,withdraw,delete}`. Intake: `GET /api/rights/requests`,
 * `POST /api/rights/requests/{id}/answer`. The no-JavaScript pages are in ./pages.tsx.
 */
import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware';
import { authenticateTracking } from '../cases/tracking';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import {
  AccessViewSchema,
  AnswerBody,
  AnsweredSchema,
  CorrectBody,
  CorrectedSchema,
  DeletionRequestedSchema,
  RequestIdParam,
  RequestQueueSchema,
  RequestsQuery,
  RightsBody,
  RuleBody,
  RuleKind,
  RuleSchema,
  RulesSchema,
  WithdrawnSchema,
} from './schema';
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

const client = (c: { req: { header: (n: string) => string | undefined } }) => ({
  deviceKey: c.req.header('x-device-key') || undefined,
  ip: c.req.header('cf-connecting-ip') || undefined,
});

/** Mounted at `/api/public/rights`. */
export const rightsPublicRoutes = new Hono<AppEnv>();

defineRoutes(rightsPublicRoutes, { tags: ['reporter rights'], auth: 'public' })
  .post(
    '/access',
    {
      summary: 'Every piece of personal data held about the reporter in the case (code + PIN)',
      body: RightsBody,
      bodyLimit: 4096,
      response: AccessViewSchema,
    },
    async (c, { body }) => {
      const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
      c.header('cache-control', 'no-store');
      return c.json(await accessView(c.env, row, body.lang ?? 'vi'));
    },
  )
  .post(
    '/correct',
    {
      summary: 'Correct contact details (phone, email, address)',
      body: CorrectBody,
      bodyLimit: 8192,
      response: CorrectedSchema,
    },
    async (c, { body }) => {
      const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
      const res = await correctContact(c.env, row, body);
      c.header('cache-control', 'no-store');
      return c.json({ ...res, data: await accessView(c.env, row) });
    },
  )
  .post(
    '/withdraw',
    {
      summary: 'Withdraw consent: identity removed; a case that needs identity closes',
      body: RightsBody,
      bodyLimit: 4096,
      response: WithdrawnSchema,
    },
    async (c, { body }) => {
      const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
      c.header('cache-control', 'no-store');
      return c.json(await withdrawConsent(c.env, row));
    },
  )
  .post(
    '/delete',
    {
      summary: 'Ask for deletion (intake decides within the response period)',
      body: RightsBody,
      bodyLimit: 4096,
      response: DeletionRequestedSchema,
      status: 202,
    },
    async (c, { body }) => {
      const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
      c.header('cache-control', 'no-store');
      return c.json({ request: await requestDeletion(c.env, row) }, 202);
    },
  );

/** Mounted at `/api/rights` (staff). */
export const rightsStaffRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(rightsStaffRoutes, { tags: ['reporter rights'], auth: 'staff' })
  .get(
    '/requests',
    {
      summary: "Intake's queue of reporters' requests with their response day",
      query: RequestsQuery,
      response: RequestQueueSchema,
    },
    async (c, { query }) => c.json(await requestQueue(c.env, c.var.staff, query)),
  )
  .get(
    '/rules',
    {
      summary: 'Response periods of reporters’ requests, with their legal basis (root administrators)',
      response: RulesSchema,
    },
    async (c) => c.json(await listRequestRules(c.env, c.var.staff)),
  )
  .put(
    '/rules/:kind',
    {
      summary: 'Change a response period (root administrators; audited)',
      params: RuleKind,
      body: RuleBody,
      response: RuleSchema,
    },
    async (c, { params, body }) => c.json(await putRequestRule(c.env, c.var.staff, params.kind, body)),
  )
  .post(
    '/requests/:id/answer',
    {
      summary: "Answer a reporter's request (intake of the case's Front unit)",
      params: RequestIdParam,
      body: AnswerBody,
      response: AnsweredSchema,
    },
    async (c, { params, body }) => c.json(await answerRequest(c.env, c.var.staff, params.id, body)),
  );
