/**
 * Routes of the cases capability. Staff: `/api/cases/*` (queues, case page and its export, transitions, notes,
 * extensions, identity for intake, files, per-person summary, templates) and
 * `/api/cases/admin/*` (root administrators). Public: `/api/public/cases/*` (code + PIN).
 */
import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { userFileResponse } from '../files/serve';
import { AppError } from '../lib/errors';
import { defineRoutes } from '../lib/route';
import * as admin from './admin';
import { ensureReferenceData } from './config';
import { selectCriteriaSets } from './config-queries';
import { caseExport, caseExportJson, caseExportPdf, evidenceName } from './export';
import { nextStatus } from './lifecycle';
import {
  CaseExportQuery,
  CaseExportSchema,
  CasePageSchema,
  CaseSettingsSchema,
  ChannelParam,
  CriteriaSetsSchema,
  DayParam,
  DeadlineRuleSchema,
  DeadlineRulesSchema,
  ExtensionBody,
  ExtensionResultSchema,
  FileQuery,
  HolidayBody,
  HolidaySchema,
  HolidaysQuery,
  HolidaysSchema,
  IdParam,
  KindParam,
  NoteBody,
  NoteResultSchema,
  OkSchema,
  PersonSummarySchema,
  PinResetBody,
  PinResultSchema,
  PublicViewSchema,
  QueueQuery,
  QueueSchema,
  RateBody,
  ReopenBody,
  ReporterIdentitySchema,
  RoutingRuleBody,
  RoutingRuleSchema,
  RoutingRulesSchema,
  RuleBody,
  SettingsBody,
  TemplateQuery,
  TemplateSchema,
  TrackBody,
  TransitionBody,
  TransitionResultSchema,
  WebhookBody,
  WebhookCreatedSchema,
  WebhooksSchema,
} from './schema';
import { addNote, applyTransition, extendDeadline, loadCase } from './service';
import { feedbackTemplate, petitionTemplate } from './templates';
import {
  authenticateTracking,
  publicView,
  rateAnswer,
  reloadTracked,
  reopenByReporter,
  resetPin,
} from './tracking';
import { caseFile, casePage, personSummary, queue, readIdentity } from './views';
import { deliverOutbox } from './webhooks';

/** Staff routes, mounted at `/api/cases`. */
export const casesRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(casesRoutes, { tags: ['cases'], auth: 'staff' })
  .get(
    '/intake',
    {
      summary: 'Intake queue of a Front unit subtree (every state)',
      query: QueueQuery,
      response: QueueSchema,
    },
    async (c, { query: f }) =>
      c.json(await queue(c.env, c.var.staff, 'intake', { ...f, overdue: f.overdue === '1' })),
  )
  .get(
    '/handling',
    {
      summary: 'Handling queue of a body subtree (forwarded cases)',
      query: QueueQuery,
      response: QueueSchema,
    },
    async (c, { query: f }) =>
      c.json(await queue(c.env, c.var.staff, 'handling', { ...f, overdue: f.overdue === '1' })),
  )
  .get(
    '/criteria-sets',
    { summary: 'Criteria sets (document number and date)', response: CriteriaSetsSchema },
    async (c) => {
      if (!c.var.staff) throw new AppError('unauthenticated');
      await ensureReferenceData(c.env.DB);
      return c.json({ sets: await selectCriteriaSets(c.env.DB) });
    },
  )
  .get(
    '/templates/:channel',
    {
      summary: 'Form template of an intake channel (feedback | petition)',
      params: ChannelParam,
      query: TemplateQuery,
      response: TemplateSchema,
    },
    async (c, { params: { channel }, query }) => {
      if (!c.var.staff) throw new AppError('unauthenticated');
      const code = query.criteriaSet ?? 'qd144-2024';
      await ensureReferenceData(c.env.DB);
      const set = (await selectCriteriaSets(c.env.DB)).find((s) => s.code === code);
      if (channel === 'feedback' && !set) throw new AppError('not_found', { what: 'criteria set' });
      return c.json({
        kind: channel,
        definition: channel === 'feedback' ? feedbackTemplate(set!) : petitionTemplate(),
      });
    },
  )
  .get(
    '/people/:id/summary',
    { summary: 'Per-person feedback summary (k-threshold)', params: IdParam, response: PersonSummarySchema },
    async (c, { params }) => c.json(await personSummary(c.env, c.var.staff, params.id)),
  )
  .get(
    '/:id',
    {
      summary: 'Case page: answers (never identity), files, timeline, allowed actions',
      params: IdParam,
      response: CasePageSchema,
    },
    async (c, { params }) => {
      c.header('cache-control', 'no-store');
      return c.json(await casePage(c.env, c.var.staff, params.id));
    },
  )
  .get(
    '/:id/export',
    {
      summary:
        'Case file (hồ sơ vụ việc) as JSON or PDF: what the case page shows the caller, files listed, the consent record; identity only for intake on request (audited)',
      params: IdParam,
      query: CaseExportQuery,
      response: CaseExportSchema,
      responseType: 'application/pdf',
    },
    async (c, { params, query }) => {
      const x = await caseExport(c.env, c.var.staff, params.id, {
        format: query.format,
        lang: query.lang,
        identity: query.identity === '1',
      });
      return query.format === 'pdf' ? caseExportPdf(x) : caseExportJson(x);
    },
  )
  .post(
    '/:id/transitions',
    {
      summary: 'Apply a lifecycle transition',
      params: IdParam,
      body: TransitionBody,
      response: TransitionResultSchema,
    },
    async (c, { params, body }) => {
      const { c: row, actors } = await loadCase(c.env.DB, c.var.staff, params.id);
      // The caller acts in the role the table admits for this action (intake before handler).
      const actor = actors.find((a) => nextStatus(body.action, row.status, a)) ?? actors[0]!;
      const after = await applyTransition(c.env, { actor, staffId: c.var.staff!.userId }, row, body);
      c.executionCtx.waitUntil(deliverOutbox(c.env).catch(() => undefined));
      return c.json({ id: after.id, status: after.status, version: after.version });
    },
  )
  .post(
    '/:id/notes',
    {
      summary: 'Internal note or public reply',
      params: IdParam,
      body: NoteBody,
      response: NoteResultSchema,
      status: 201,
    },
    async (c, { params, body }) => {
      const { c: row, actors } = await loadCase(c.env.DB, c.var.staff, params.id);
      return c.json(await addNote(c.env, c.var.staff!, row, body, actors), 201);
    },
  )
  .post(
    '/:id/extensions',
    {
      summary: 'Extend the resolution deadline, with a reason',
      params: IdParam,
      body: ExtensionBody,
      response: ExtensionResultSchema,
    },
    async (c, { params, body }) => {
      const { c: row } = await loadCase(c.env.DB, c.var.staff, params.id);
      return c.json(await extendDeadline(c.env, c.var.staff!, row, body));
    },
  )
  .post(
    '/:id/pin',
    {
      summary: 'Issue a new tracking PIN (intake only; the old PIN stops working)',
      params: IdParam,
      body: PinResetBody,
      response: PinResultSchema,
    },
    async (c, { params, body }) => {
      c.header('cache-control', 'no-store');
      return c.json(await resetPin(c.env, c.var.staff, params.id, body.checkedBy));
    },
  )
  .get(
    '/:id/identity',
    {
      summary: 'Reporter identity (intake only; every read audited)',
      params: IdParam,
      response: ReporterIdentitySchema,
    },
    async (c, { params }) => {
      c.header('cache-control', 'no-store');
      return c.json(await readIdentity(c.env, c.var.staff, params.id));
    },
  )
  .get(
    '/:id/file',
    {
      summary: 'An evidence file of the case',
      params: IdParam,
      query: FileQuery,
      responseType: 'application/octet-stream',
    },
    async (c, { params, query: { key } }) => {
      const obj = await caseFile(c.env, c.var.staff, params.id, key);
      // A citizen's file: downloaded, sandboxed, never cached (decision 065).
      return userFileResponse(obj.body, obj.httpMetadata?.contentType, evidenceName(key));
    },
  );

/** Administration of cases, mounted at `/api/cases/admin` (before the staff routes). */
export const casesAdminRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(casesAdminRoutes, { tags: ['cases admin'], auth: 'staff' })
  .get(
    '/settings',
    { summary: 'Case settings (k, reopen window, PIN lock)', response: CaseSettingsSchema },
    async (c) => c.json(await admin.getSettings(c.env, c.var.staff)),
  )
  .put(
    '/settings',
    { summary: 'Change case settings (k never below 5)', body: SettingsBody, response: CaseSettingsSchema },
    async (c, { body }) => c.json(await admin.updateSettings(c.env, c.var.staff, body)),
  )
  .get(
    '/deadline-rules',
    { summary: 'Deadline rules per case kind', response: DeadlineRulesSchema },
    async (c) => c.json(await admin.listRules(c.env, c.var.staff)),
  )
  .put(
    '/deadline-rules/:kind',
    {
      summary: 'Change a deadline rule',
      params: KindParam,
      body: RuleBody,
      response: DeadlineRuleSchema,
    },
    async (c, { params, body }) => c.json(await admin.updateRule(c.env, c.var.staff, params.kind, body)),
  )
  .get(
    '/holidays',
    { summary: 'Holiday calendar', query: HolidaysQuery, response: HolidaysSchema },
    async (c, { query }) => c.json(await admin.listHolidays(c.env, c.var.staff, query.year)),
  )
  .put(
    '/holidays/:day',
    {
      summary: 'Add or change a day off / compensatory working day',
      params: DayParam,
      body: HolidayBody,
      response: HolidaySchema,
    },
    async (c, { params, body }) =>
      c.json(await admin.putHoliday(c.env, c.var.staff, { day: params.day, ...body })),
  )
  .delete(
    '/holidays/:day',
    { summary: 'Remove a calendar day', params: DayParam, response: OkSchema },
    async (c, { params }) => {
      await admin.deleteHoliday(c.env, c.var.staff, params.day);
      return c.json({ ok: true });
    },
  )
  .get(
    '/routing-rules',
    { summary: 'Routing rules (kind × unit subtree → body)', response: RoutingRulesSchema },
    async (c) => c.json(await admin.listRoutingRules(c.env, c.var.staff)),
  )
  .post(
    '/routing-rules',
    { summary: 'Add or replace a routing rule', body: RoutingRuleBody, response: RoutingRuleSchema },
    async (c, { body }) => c.json(await admin.putRoutingRule(c.env, c.var.staff, body)),
  )
  .delete(
    '/routing-rules/:id',
    { summary: 'Remove a routing rule', params: IdParam, response: OkSchema },
    async (c, { params }) => {
      await admin.deleteRoutingRule(c.env, c.var.staff, params.id);
      return c.json({ ok: true });
    },
  )
  .get(
    '/webhooks',
    { summary: 'Webhook subscriptions and recent deliveries', response: WebhooksSchema },
    async (c) => c.json(await admin.listWebhooks(c.env, c.var.staff)),
  )
  .post(
    '/webhooks',
    {
      summary: 'Subscribe (the signing secret is shown once)',
      body: WebhookBody,
      response: WebhookCreatedSchema,
      status: 201,
    },
    async (c, { body }) => c.json(await admin.createWebhook(c.env, c.var.staff, body), 201),
  )
  .delete(
    '/webhooks/:id',
    { summary: 'Deactivate a subscription', params: IdParam, response: OkSchema },
    async (c, { params }) => {
      await admin.deleteWebhook(c.env, c.var.staff, params.id);
      return c.json({ ok: true });
    },
  );

/** The client a tracking lookup is counted for (its device key, its address). */
const client = (c: { req: { header: (n: string) => string | undefined } }) => ({
  deviceKey: c.req.header('x-device-key') || undefined,
  ip: c.req.header('cf-connecting-ip') || undefined,
});

/** Public tracking, mounted at `/api/public/cases`: no cookies, code + PIN in the body. */
export const casesPublicRoutes = new Hono<AppEnv>();

defineRoutes(casesPublicRoutes, { tags: ['case tracking'], auth: 'public' })
  .post(
    '/track',
    {
      summary: 'Track a case with receipt code + PIN (uniform 404 on any mismatch)',
      body: TrackBody,
      bodyLimit: 4096,
      response: PublicViewSchema,
    },
    async (c, { body }) => {
      const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
      c.header('cache-control', 'no-store');
      return c.json(await publicView(c.env, row, c.var.lang));
    },
  )
  .post(
    '/rate',
    { summary: 'Rate the answer 1–5', body: RateBody, bodyLimit: 8192, response: PublicViewSchema },
    async (c, { body }) => {
      const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
      await rateAnswer(c.env, row, body.rating, body.comment);
      c.header('cache-control', 'no-store');
      return c.json(await publicView(c.env, await reloadTracked(c.env, row), c.var.lang));
    },
  )
  .post(
    '/reopen',
    { summary: 'Reopen within the window', body: ReopenBody, bodyLimit: 8192, response: PublicViewSchema },
    async (c, { body }) => {
      const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
      await reopenByReporter(c.env, row, body.reason);
      c.header('cache-control', 'no-store');
      return c.json(await publicView(c.env, await reloadTracked(c.env, row), c.var.lang));
    },
  );
