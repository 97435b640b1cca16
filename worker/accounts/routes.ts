/**
 * HTTP edge of administration: accounts and their grants (`/api/admin/users/*`) and the audit log
 * (`/api/admin/audit`, root administrators).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { auditLogPage, latestAnchor, verifyChain } from '../audit/service';
import { passwordIterations } from '../auth/login';
import { requireStaff } from '../auth/middleware';
import { OkSchema } from '../auth/schema';
import { authorizeRoot } from '../auth/service';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import {
  AdminUserSchema,
  AuditPage,
  AuditQuery,
  ChainReport,
  CreateGrantSchema,
  CreateUserSchema,
  GrantResultSchema,
  UpdateUserSchema,
  UsersListSchema,
  UsersQuery,
} from './schema';
import { createUser, grantRole, listUsers, revokeGrant, updateUser } from './users';

/** Mounted at `/api/admin/users`. */
export const adminUserRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(adminUserRoutes, { tags: ['admin'], auth: 'staff' })
  .get(
    '/',
    { summary: 'List accounts', query: UsersQuery, response: UsersListSchema },
    async (c, { query }) => c.json({ users: await listUsers(c.env.DB, c.var.staff!, query.q) }),
  )
  .post(
    '/',
    { summary: 'Create an account', body: CreateUserSchema, response: AdminUserSchema, status: 201 },
    async (c, { body }) =>
      c.json(
        await createUser(c.env.DB, c.var.staff!, body, passwordIterations(c.env.PBKDF2_ITERATIONS)),
        201,
      ),
  )
  .patch(
    '/:id',
    {
      summary: 'Edit an account (name, disabled, password reset, TOTP reset, unlock)',
      body: UpdateUserSchema,
      response: AdminUserSchema,
    },
    async (c, { body }) =>
      c.json(
        await updateUser(
          c.env.DB,
          c.var.staff!,
          c.req.param('id'),
          body,
          passwordIterations(c.env.PBKDF2_ITERATIONS),
        ),
      ),
  )
  .post(
    '/:id/grants',
    { summary: 'Grant a role on a unit', body: CreateGrantSchema, response: GrantResultSchema, status: 201 },
    async (c, { body }) => c.json(await grantRole(c.env.DB, c.var.staff!, c.req.param('id'), body), 201),
  )
  .delete('/:id/grants/:grantId', { summary: 'Revoke a grant', response: OkSchema }, async (c) =>
    c.json(await revokeGrant(c.env.DB, c.var.staff!, c.req.param('id'), c.req.param('grantId'))),
  );

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
    async (c, { query: q }) =>
      c.json(
        await auditLogPage(c.env.DB, {
          before: q.before ? Number(q.before) : undefined,
          limit: q.limit ? Number(q.limit) : undefined,
          actorId: q.actorId,
          targetType: q.targetType,
          targetId: q.targetId,
          action: q.action,
        }),
      ),
  )
  .get('/verify', { summary: 'Verify the hash chain', use: [rootAdmin], response: ChainReport }, async (c) =>
    c.json(await verifyChain(c.env.DB, { anchor: await latestAnchor(c.env.FILES), files: c.env.FILES })),
  );
