/**
 * Retention and the processing records (decisions 260–263), mounted at `/api/admin/retention`;
 * administrators of the whole tree only (the service checks).
 */
import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { CSV_BOM } from '../lib/csv';
import { defineRoutes } from '../lib/route';
import {
  AuditExportQuery,
  Hold,
  HoldBody,
  HoldList,
  HoldParam,
  OkSchema,
  Period,
  PeriodBody,
  PeriodList,
  PeriodParam,
  Register,
  RegisterQuery,
  RunReport,
} from './schema';
import {
  auditTrailCsv,
  listHolds,
  listPeriods,
  placeHold,
  processingRegister,
  registerCsv,
  releaseHold,
  runNow,
  setPeriod,
} from './service';

const csvHeaders = (name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${name}"`,
  'cache-control': 'no-store',
});

export const retentionRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(retentionRoutes, { tags: ['admin'], auth: 'staff' })
  .get(
    '/',
    { summary: 'Retention periods (per form kind × data category)', response: PeriodList },
    async (c) => c.json(await listPeriods(c.env, c.var.staff)),
  )
  .get(
    '/register',
    {
      summary: 'Processing register (JSON, or CSV with ?format=csv)',
      query: RegisterQuery,
      response: Register,
      responseType: 'text/csv',
    },
    async (c, { query: { format } }) => {
      const reg = await processingRegister(c.env, c.var.staff);
      if (format !== 'csv') return c.json(reg);
      return c.body(CSV_BOM + registerCsv(reg.entries), 200, csvHeaders('so-dang-ky-xu-ly-du-lieu.csv'));
    },
  )
  .get(
    '/audit.csv',
    {
      summary: 'Audit trail between two Vietnam dates, for an inspection (CSV, bounded, audited)',
      query: AuditExportQuery,
      responseType: 'text/csv',
    },
    async (c, { query: { from, to } }) => {
      const { csv, prunedThrough } = await auditTrailCsv(c.env, c.var.staff, from, to);
      const headers = csvHeaders(`nhat-ky-${from}-${to}.csv`);
      // The range reaches back into pruned entries: the first row says so, and this header too.
      return c.body(
        CSV_BOM + csv,
        200,
        prunedThrough ? { ...headers, 'x-audit-pruned-through': prunedThrough } : headers,
      );
    },
  )
  .post(
    '/run',
    { summary: 'Run the retention job now (bounded, audited as retention.run)', response: RunReport },
    async (c) => c.json(await runNow(c.env, c.var.staff)),
  )
  .get(
    '/holds',
    { summary: 'Cases held from the retention job (inspections, lawsuits)', response: HoldList },
    async (c) => c.json(await listHolds(c.env, c.var.staff)),
  )
  .put(
    '/holds/:caseId',
    {
      summary: 'Hold a case, named by its id or receipt code, from the retention job (audited)',
      params: HoldParam,
      body: HoldBody,
      response: Hold,
    },
    async (c, { params, body }) => c.json(await placeHold(c.env, c.var.staff, params.caseId, body.reason)),
  )
  .delete(
    '/holds/:caseId',
    { summary: 'Release a hold (audited)', params: HoldParam, response: OkSchema },
    async (c, { params }) => {
      await releaseHold(c.env, c.var.staff, params.caseId);
      return c.json({ ok: true });
    },
  )
  .put(
    '/:formKind/:category',
    {
      summary: 'Set a retention period within its legal bounds',
      params: PeriodParam,
      body: PeriodBody,
      response: Period,
    },
    async (c, { params, body }) =>
      c.json(await setPeriod(c.env, c.var.staff, params.formKind, params.category, body.days)),
  );
