/**
 * Routes of the cases capability. Staff: `/api/cases/*` (queues, case page, transitions, notes,
 * extensions, identity for intake, files, per-person summary, templates) and
 * `/api/cases/admin/*` (root administrators). Public: `/api/public/cases/*` (code + PIN).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { documented } from '../lib/openapi';
import { userFileResponse } from '../lib/user-files';
import { jsonBody, parse } from '../lib/validate';
import * as admin from './admin';
import { ensureReferenceData } from './config';
import { selectCriteriaSets } from './config-queries';
import { nextStatus } from './lifecycle';
import { selectCase } from './queries';
import {
  DayParam,
  ExtensionBody,
  FileQuery,
  HolidayBody,
  HolidaysQuery,
  IdParam,
  KindParam,
  NoteBody,
  PinResetBody,
  QueueQuery,
  RateBody,
  ReopenBody,
  RoutingRuleBody,
  RuleBody,
  SettingsBody,
  TrackBody,
  TransitionBody,
  WebhookBody,
} from './schema';
import { addNote, applyTransition, extendDeadline, loadCase } from './service';
import { feedbackTemplate, petitionTemplate } from './templates';
import { authenticateTracking, publicView, rateAnswer, reopenByReporter, resetPin } from './tracking';
import { caseFile, casePage, personSummary, queue, readIdentity } from './views';
import { deliverOutbox } from './webhooks';

const tags = ['cases'];
const staffOp = (method: 'get' | 'post' | 'put' | 'delete', path: string, summary: string, extra = {}) =>
  documented({ method, path, summary, tags, auth: 'staff', ...extra });

staffOp('get', '/api/cases/intake', 'Intake queue of a Front unit subtree (every state)', {
  query: QueueQuery,
});
staffOp('get', '/api/cases/handling', 'Handling queue of a body subtree (forwarded cases)', {
  query: QueueQuery,
});
staffOp('get', '/api/cases/{id}', 'Case page: answers (never identity), files, timeline, allowed actions');
staffOp('post', '/api/cases/{id}/transitions', 'Apply a lifecycle transition', { body: TransitionBody });
staffOp('post', '/api/cases/{id}/notes', 'Internal note or public reply', { body: NoteBody, status: 201 });
staffOp('post', '/api/cases/{id}/extensions', 'Extend the resolution deadline, with a reason', {
  body: ExtensionBody,
});
staffOp('post', '/api/cases/{id}/pin', 'Issue a new tracking PIN (intake only; the old PIN stops working)', {
  body: PinResetBody,
});
staffOp('get', '/api/cases/{id}/identity', 'Reporter identity (intake only; every read audited)');
staffOp('get', '/api/cases/{id}/file', 'An evidence file of the case', {
  query: FileQuery,
  responseType: 'application/octet-stream',
});
staffOp('get', '/api/cases/people/{id}/summary', 'Per-person feedback summary (k-threshold)');
staffOp('get', '/api/cases/criteria-sets', 'Criteria sets (document number and date)');
staffOp('get', '/api/cases/templates/{channel}', 'Form template of an intake channel (feedback | petition)');

/** Staff routes, mounted at `/api/cases`. */
export const casesRoutes = new Hono<AppEnv>();
casesRoutes.use('*', requireStaff());

casesRoutes
  .get('/intake', async (c) => {
    const f = parse(QueueQuery, c.req.query());
    return c.json(await queue(c.env, c.var.staff, 'intake', { ...f, overdue: f.overdue === '1' }));
  })
  .get('/handling', async (c) => {
    const f = parse(QueueQuery, c.req.query());
    return c.json(await queue(c.env, c.var.staff, 'handling', { ...f, overdue: f.overdue === '1' }));
  })
  .get('/criteria-sets', async (c) => {
    if (!c.var.staff) throw new AppError('unauthenticated');
    await ensureReferenceData(c.env.DB);
    return c.json({ sets: await selectCriteriaSets(c.env.DB) });
  })
  .get('/templates/:channel', async (c) => {
    if (!c.var.staff) throw new AppError('unauthenticated');
    const { channel } = parse(v.object({ channel: v.picklist(['feedback', 'petition']) }), c.req.param());
    const code = c.req.query('criteriaSet') ?? 'qd144-2024';
    await ensureReferenceData(c.env.DB);
    const set = (await selectCriteriaSets(c.env.DB)).find((s) => s.code === code);
    if (channel === 'feedback' && !set) throw new AppError('not_found', { what: 'criteria set' });
    return c.json({
      kind: channel,
      definition: channel === 'feedback' ? feedbackTemplate(set!) : petitionTemplate(),
    });
  })
  .get('/people/:id/summary', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    return c.json(await personSummary(c.env, c.var.staff, id));
  })
  .get('/:id', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    c.header('cache-control', 'no-store');
    return c.json(await casePage(c.env, c.var.staff, id));
  })
  .post('/:id/transitions', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    const body = await jsonBody(c, TransitionBody);
    const { c: row, actors } = await loadCase(c.env.DB, c.var.staff, id);
    // The caller acts in the role the table admits for this action (intake before handler).
    const actor = actors.find((a) => nextStatus(body.action, row.status, a)) ?? actors[0]!;
    const after = await applyTransition(c.env, { actor, staffId: c.var.staff!.userId }, row, body);
    c.executionCtx.waitUntil(deliverOutbox(c.env).catch(() => undefined));
    return c.json({ id: after.id, status: after.status, version: after.version });
  })
  .post('/:id/notes', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    const body = await jsonBody(c, NoteBody);
    const { c: row, actors } = await loadCase(c.env.DB, c.var.staff, id);
    return c.json(await addNote(c.env, c.var.staff!, row, body, actors), 201);
  })
  .post('/:id/extensions', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    const body = await jsonBody(c, ExtensionBody);
    const { c: row } = await loadCase(c.env.DB, c.var.staff, id);
    return c.json(await extendDeadline(c.env, c.var.staff!, row, body));
  })
  .post('/:id/pin', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    const { checkedBy } = await jsonBody(c, PinResetBody);
    c.header('cache-control', 'no-store');
    return c.json(await resetPin(c.env, c.var.staff, id, checkedBy));
  })
  .get('/:id/identity', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    c.header('cache-control', 'no-store');
    return c.json(await readIdentity(c.env, c.var.staff, id));
  })
  .get('/:id/file', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    const { key } = parse(FileQuery, c.req.query());
    const obj = await caseFile(c.env, c.var.staff, id, key);
    // A citizen's file: downloaded, sandboxed, never cached (decision 065).
    return userFileResponse(obj.body, obj.httpMetadata?.contentType, `minh-chung-${key.slice(-8)}`);
  });

const adminOp = (method: 'get' | 'post' | 'put' | 'delete', path: string, summary: string, extra = {}) =>
  documented({ method, path, summary, tags: ['cases admin'], auth: 'staff', ...extra });
adminOp('get', '/api/cases/admin/settings', 'Case settings (k, reopen window, PIN lock)');
adminOp('put', '/api/cases/admin/settings', 'Change case settings (k never below 5)', { body: SettingsBody });
adminOp('get', '/api/cases/admin/deadline-rules', 'Deadline rules per case kind');
adminOp('put', '/api/cases/admin/deadline-rules/{kind}', 'Change a deadline rule', { body: RuleBody });
adminOp('get', '/api/cases/admin/holidays', 'Holiday calendar', { query: HolidaysQuery });
adminOp('put', '/api/cases/admin/holidays/{day}', 'Add or change a day off / compensatory working day', {
  body: HolidayBody,
});
adminOp('delete', '/api/cases/admin/holidays/{day}', 'Remove a calendar day');
adminOp('get', '/api/cases/admin/routing-rules', 'Routing rules (kind × unit subtree → body)');
adminOp('post', '/api/cases/admin/routing-rules', 'Add or replace a routing rule', { body: RoutingRuleBody });
adminOp('delete', '/api/cases/admin/routing-rules/{id}', 'Remove a routing rule');
adminOp('get', '/api/cases/admin/webhooks', 'Webhook subscriptions and recent deliveries');
adminOp('post', '/api/cases/admin/webhooks', 'Subscribe (the signing secret is shown once)', {
  body: WebhookBody,
  status: 201,
});
adminOp('delete', '/api/cases/admin/webhooks/{id}', 'Deactivate a subscription');

/** Administration of cases, mounted at `/api/cases/admin` (before the staff routes). */
export const casesAdminRoutes = new Hono<AppEnv>();
casesAdminRoutes.use('*', requireStaff());
casesAdminRoutes
  .get('/settings', async (c) => c.json(await admin.getSettings(c.env, c.var.staff)))
  .put('/settings', async (c) =>
    c.json(await admin.updateSettings(c.env, c.var.staff, await jsonBody(c, SettingsBody))),
  )
  .get('/deadline-rules', async (c) => c.json(await admin.listRules(c.env, c.var.staff)))
  .put('/deadline-rules/:kind', async (c) => {
    const { kind } = parse(KindParam, c.req.param());
    return c.json(await admin.updateRule(c.env, c.var.staff, kind, await jsonBody(c, RuleBody)));
  })
  .get('/holidays', async (c) => {
    const { year } = parse(HolidaysQuery, c.req.query());
    return c.json(await admin.listHolidays(c.env, c.var.staff, year));
  })
  .put('/holidays/:day', async (c) => {
    const { day } = parse(DayParam, c.req.param());
    const body = await jsonBody(c, HolidayBody);
    return c.json(await admin.putHoliday(c.env, c.var.staff, { day, ...body }));
  })
  .delete('/holidays/:day', async (c) => {
    const { day } = parse(DayParam, c.req.param());
    await admin.deleteHoliday(c.env, c.var.staff, day);
    return c.json({ ok: true });
  })
  .get('/routing-rules', async (c) => c.json(await admin.listRoutingRules(c.env, c.var.staff)))
  .post('/routing-rules', async (c) =>
    c.json(await admin.putRoutingRule(c.env, c.var.staff, await jsonBody(c, RoutingRuleBody))),
  )
  .delete('/routing-rules/:id', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    await admin.deleteRoutingRule(c.env, c.var.staff, id);
    return c.json({ ok: true });
  })
  .get('/webhooks', async (c) => c.json(await admin.listWebhooks(c.env, c.var.staff)))
  .post('/webhooks', async (c) =>
    c.json(await admin.createWebhook(c.env, c.var.staff, await jsonBody(c, WebhookBody)), 201),
  )
  .delete('/webhooks/:id', async (c) => {
    const { id } = parse(IdParam, c.req.param());
    await admin.deleteWebhook(c.env, c.var.staff, id);
    return c.json({ ok: true });
  });

const pubOp = (path: string, summary: string, body: v.GenericSchema) =>
  documented({ method: 'post', path, summary, tags: ['case tracking'], auth: 'public', body });
pubOp(
  '/api/public/cases/track',
  'Track a case with receipt code + PIN (uniform 404 on any mismatch)',
  TrackBody,
);
pubOp('/api/public/cases/rate', 'Rate the answer 1–5', RateBody);
pubOp('/api/public/cases/reopen', 'Reopen within the window', ReopenBody);

/** The client a tracking lookup is counted for (its device key, its address). */
const client = (c: { req: { header: (n: string) => string | undefined } }) => ({
  deviceKey: c.req.header('x-device-key') || undefined,
  ip: c.req.header('cf-connecting-ip') || undefined,
});

/** Public tracking, mounted at `/api/public/cases`: no cookies, code + PIN in the body. */
export const casesPublicRoutes = new Hono<AppEnv>()
  .post('/track', async (c) => {
    const body = await jsonBody(c, TrackBody, 4096);
    const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
    c.header('cache-control', 'no-store');
    return c.json(await publicView(c.env, row));
  })
  .post('/rate', async (c) => {
    const body = await jsonBody(c, RateBody, 8192);
    const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
    await rateAnswer(c.env, row, body.rating, body.comment);
    c.header('cache-control', 'no-store');
    return c.json(await publicView(c.env, { ...row, ...(await reload(c.env.DB, row.id)) }));
  })
  .post('/reopen', async (c) => {
    const body = await jsonBody(c, ReopenBody, 8192);
    const row = await authenticateTracking(c.env, body.code, body.pin, client(c));
    await reopenByReporter(c.env, row, body.reason);
    c.header('cache-control', 'no-store');
    return c.json(await publicView(c.env, { ...row, ...(await reload(c.env.DB, row.id)) }));
  });

async function reload(d1: D1Database, id: string) {
  return (await selectCase(d1, id))!;
}
