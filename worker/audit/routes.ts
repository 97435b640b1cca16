/** `GET /api/admin/audit` (page the log) and `GET /api/admin/audit/verify` (walk the chain). */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import { authorizeRoot } from '../auth/service';
import type { AppEnv } from '../env';
import { documented } from '../lib/openapi';
import { parse } from '../lib/validate';
import { selectAuditPage } from './queries';
import { latestAnchor, verifyChain } from './service';

const Digits = v.pipe(v.string(), v.regex(/^\d{1,15}$/));
const Text = v.pipe(v.string(), v.maxLength(100));
export const AuditQuery = v.object({
  before: v.optional(Digits),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/))),
  actorId: v.optional(Text),
  targetType: v.optional(Text),
  targetId: v.optional(Text),
  action: v.optional(Text),
});
const Entry = v.object({
  seq: v.number(),
  at: v.number(),
  actorId: v.nullable(v.string()),
  action: v.string(),
  targetType: v.nullable(v.string()),
  targetId: v.nullable(v.string()),
  detail: v.nullable(v.unknown()),
  hash: v.string(),
});
const AuditPage = v.object({ entries: v.array(Entry), nextBefore: v.nullable(v.number()) });
const ChainReport = v.object({
  ok: v.boolean(),
  rows: v.number(),
  tailHash: v.optional(v.string()),
  firstBroken: v.optional(v.object({ seq: v.number(), reason: v.string() })),
});

documented({
  method: 'get',
  path: '/api/admin/audit',
  summary: 'Audit log, newest first',
  tags: ['admin'],
  auth: 'staff',
  query: AuditQuery,
  response: AuditPage,
});
documented({
  method: 'get',
  path: '/api/admin/audit/verify',
  summary: 'Verify the hash chain',
  tags: ['admin'],
  auth: 'staff',
  response: ChainReport,
});

/** Mounted at `/api/admin/audit`; root administrators only (the log spans the whole tree). */
export const auditRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/', async (c) => {
    authorizeRoot(c.var.staff, ['admin']);
    const q = parse(AuditQuery, c.req.query());
    const limit = Math.min(Math.max(Number(q.limit ?? 50), 1), 200);
    const rows = await selectAuditPage(c.env.DB, {
      beforeSeq: q.before ? Number(q.before) : undefined,
      limit,
      actorId: q.actorId,
      targetType: q.targetType,
      targetId: q.targetId,
      action: q.action,
    });
    const entries = rows.map(({ prevHash: _p, detail, ...r }) => ({
      ...r,
      detail: detail ? JSON.parse(detail) : null,
    }));
    return c.json({ entries, nextBefore: rows.length === limit ? rows[rows.length - 1]!.seq : null });
  })
  .get('/verify', async (c) => {
    authorizeRoot(c.var.staff, ['admin']);
    return c.json(await verifyChain(c.env.DB, { anchor: await latestAnchor(c.env.FILES) }));
  });
