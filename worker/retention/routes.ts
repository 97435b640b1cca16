/**
 * Retention and the processing records (decisions 260–263), mounted at `/api/admin/retention`;
 * administrators of the whole tree only (the service checks).
 */
import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { CSV_BOM } from '../lib/csv';
import { documented } from '../lib/openapi';
import { jsonBody, parse } from '../lib/validate';
import {
  AuditExportQuery,
  Hold,
  HoldBody,
  HoldList,
  HoldParam,
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

const R = '/api/admin/retention';
const tags = ['admin'];
documented({
  method: 'get',
  path: R,
  summary: 'Retention periods (per form kind × data category)',
  tags,
  auth: 'staff',
  response: PeriodList,
});
documented({
  method: 'put',
  path: `${R}/{formKind}/{category}`,
  summary: 'Set a retention period within its legal bounds',
  tags,
  auth: 'staff',
  body: PeriodBody,
  response: Period,
});
documented({
  method: 'get',
  path: `${R}/register`,
  summary: 'Processing register (JSON, or CSV with ?format=csv)',
  tags,
  auth: 'staff',
  query: RegisterQuery,
  response: Register,
});
documented({
  method: 'get',
  path: `${R}/audit.csv`,
  summary: 'Audit trail between two Vietnam dates, for an inspection (CSV, bounded, audited)',
  tags,
  auth: 'staff',
  query: AuditExportQuery,
  responseType: 'text/csv',
});

documented({
  method: 'post',
  path: `${R}/run`,
  summary: 'Run the retention job now (bounded, audited as retention.run)',
  tags,
  auth: 'staff',
  response: RunReport,
});

documented({
  method: 'get',
  path: `${R}/holds`,
  summary: 'Cases held from the retention job (inspections, lawsuits)',
  tags,
  auth: 'staff',
  response: HoldList,
});
documented({
  method: 'put',
  path: `${R}/holds/{caseId}`,
  summary: 'Hold a case from the retention job (audited)',
  tags,
  auth: 'staff',
  body: HoldBody,
  response: Hold,
});
documented({
  method: 'delete',
  path: `${R}/holds/{caseId}`,
  summary: 'Release a hold (audited)',
  tags,
  auth: 'staff',
});

const csvHeaders = (name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${name}"`,
  'cache-control': 'no-store',
});

export const retentionRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/', async (c) => c.json(await listPeriods(c.env, c.var.staff)))
  .get('/register', async (c) => {
    const { format } = parse(RegisterQuery, c.req.query());
    const reg = await processingRegister(c.env, c.var.staff);
    if (format !== 'csv') return c.json(reg);
    return c.body(CSV_BOM + registerCsv(reg.entries), 200, csvHeaders('so-dang-ky-xu-ly-du-lieu.csv'));
  })
  .get('/audit.csv', async (c) => {
    const { from, to } = parse(AuditExportQuery, c.req.query());
    const { csv } = await auditTrailCsv(c.env, c.var.staff, from, to);
    return c.body(CSV_BOM + csv, 200, csvHeaders(`nhat-ky-${from}-${to}.csv`));
  })
  .post('/run', async (c) => c.json(await runNow(c.env, c.var.staff)))
  .get('/holds', async (c) => c.json(await listHolds(c.env, c.var.staff)))
  .put('/holds/:caseId', async (c) => {
    const { caseId } = parse(HoldParam, c.req.param());
    const { reason } = await jsonBody(c, HoldBody);
    return c.json(await placeHold(c.env, c.var.staff, caseId, reason));
  })
  .delete('/holds/:caseId', async (c) => {
    const { caseId } = parse(HoldParam, c.req.param());
    await releaseHold(c.env, c.var.staff, caseId);
    return c.json({ ok: true });
  })
  .put('/:formKind/:category', async (c) => {
    const { formKind, category } = parse(PeriodParam, c.req.param());
    const { days } = await jsonBody(c, PeriodBody);
    return c.json(await setPeriod(c.env, c.var.staff, formKind, category, days));
  });
