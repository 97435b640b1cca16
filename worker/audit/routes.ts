/** `GET /api/admin/audit` (page the log) and `GET /api/admin/audit/verify` (walk the chain). */
import { Hono, type MiddlewareHandler } from 'hono';
import { requireStaff } from '../auth/middleware';
import { authorizeRoot } from '../auth/service';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import { selectAuditPage } from './queries';
import { AuditPage, AuditQuery, ChainReport } from './schema';
import { latestAnchor, verifyChain } from './service';

/** Root administrators only (the log spans the whole tree): checked before the query is read. */
const rootAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  authorizeRoot(c.var.staff, ['admin']);
  await next();
};

/** Mounted at `/api/admin/audit`. */
export const auditRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(auditRoutes, { tags: ['admin'], auth: 'staff' })
  .get(
    '/',
    { summary: 'Audit log, newest first', use: [rootAdmin], query: AuditQuery, response: AuditPage },
    async (c, { query: q }) => {
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
    },
  )
  .get('/verify', { summary: 'Verify the hash chain', use: [rootAdmin], response: ChainReport }, async (c) =>
    c.json(await verifyChain(c.env.DB, { anchor: await latestAnchor(c.env.FILES) })),
  );
