/**
 * Dashboards API (`/api/dashboards`): board views, per-form results, free text, exports, the
 * board-view configuration and the rollup rebuild. Handlers parse, call a service, shape the reply;
 * authorisation is one `resolveScope` (dashboard roles on the unit) or `authorize` per handler.
 */
import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { documented } from '../lib/openapi';
import { jsonBody, parse } from '../lib/validate';
import { boardReport, viewsFor } from './boards';
import { configureViews } from './config';
import { type ExportableReport, formSections, reportFileName, reportPdf, tableExport } from './export';
import { formResults, formTextAnswers } from './form-results';
import { naiveCaseFigures, naiveFigures } from './queries';
import { rebuildAsAdmin } from './rebuild';
import {
  DashboardQuery,
  ExportQuery,
  FormParam,
  RebuildBody,
  TextQuery,
  UnitParam,
  UnitQuery,
  ViewConfigBody,
  ViewParam,
} from './schema';
import { resolveScope } from './scope';

const tags = ['dashboards'];
const filled = (q: Record<string, string>) =>
  Object.fromEntries(Object.entries(q).filter(([, x]) => x !== ''));

const ops = [
  ['get', '/api/dashboards/views', 'Board views the caller may open on a unit', UnitQuery],
  ['get', '/api/dashboards/boards/{view}', 'One board view (k-suppressed sections)', DashboardQuery],
  ['get', '/api/dashboards/boards/{view}/export', 'A board view as CSV, XLSX or PDF', ExportQuery],
  ['get', '/api/dashboards/forms/{id}/results', 'Results of a form (k-suppressed)', DashboardQuery],
  ['get', '/api/dashboards/forms/{id}/results/export', 'Form results as CSV, XLSX or PDF', ExportQuery],
  ['get', '/api/dashboards/forms/{id}/text', 'Free-text answers of one question (paged)', TextQuery],
] as const;
for (const [method, path, summary, query] of ops)
  documented({ method, path, summary, tags, auth: 'staff', query });
documented({
  method: 'put',
  path: '/api/dashboards/config/{unitId}',
  summary: 'Set the board views of a unit (admin)',
  tags,
  auth: 'staff',
  body: ViewConfigBody,
});
documented({
  method: 'post',
  path: '/api/dashboards/rebuild',
  summary: 'Recount rollups from raw rows, a bounded slice per call (root admin)',
  tags,
  auth: 'staff',
  body: RebuildBody,
});

async function send(format: 'csv' | 'xlsx' | 'pdf', r: ExportableReport, name: string) {
  return format === 'pdf' ? reportPdf(r, name) : tableExport(format, r, name);
}

export const dashboardRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/views', async (c) => {
    const { unitId } = parse(UnitQuery, filled(c.req.query()));
    return c.json({ views: await viewsFor(c.env.DB, c.var.staff!, unitId) });
  })
  .get('/boards/:view', async (c) => {
    const { view } = parse(ViewParam, c.req.param());
    const f = parse(DashboardQuery, filled(c.req.query()));
    return c.json(await boardReport(c.env.DB, c.var.staff, view, f));
  })
  .get('/boards/:view/export', async (c) => {
    const { view } = parse(ViewParam, c.req.param());
    const f = parse(ExportQuery, filled(c.req.query()));
    const r = await boardReport(c.env.DB, c.var.staff, view, f);
    return send(f.format, { ...r, title: r.title.vi }, reportFileName(r.title.vi, r));
  })
  .get('/forms/:id/results', async (c) => {
    const { id } = parse(FormParam, c.req.param());
    const f = parse(DashboardQuery, filled(c.req.query()));
    const r = await formResults(c.env.DB, c.var.staff, id, f);
    // The same sections the exports render, so the console draws every view one way.
    return c.json({ ...r, title: { vi: r.form.title }, sections: formSections(r) });
  })
  .get('/forms/:id/results/export', async (c) => {
    const { id } = parse(FormParam, c.req.param());
    const f = parse(ExportQuery, filled(c.req.query()));
    const r = await formResults(c.env.DB, c.var.staff, id, f);
    const report = { title: r.form.title, unit: r.unit, period: r.period, k: r.k, sections: formSections(r) };
    return send(f.format, report, reportFileName(`ket qua ${r.form.title}`, r));
  })
  .get('/forms/:id/text', async (c) => {
    const { id } = parse(FormParam, c.req.param());
    const f = parse(TextQuery, filled(c.req.query()));
    return c.json(await formTextAnswers(c.env.DB, c.var.staff, id, f));
  })
  .put('/config/:unitId', async (c) => {
    const { unitId } = parse(UnitParam, c.req.param());
    const body = await jsonBody(c, ViewConfigBody);
    return c.json(await configureViews(c.env.DB, c.var.staff, unitId, body.views));
  })
  // Development only, undocumented: the benchmark's naive GROUP BY over raw rows (same filters).
  .get('/naive/forms/:id', async (c) => {
    const env = c.env.ENVIRONMENT;
    if (env !== 'development' && env !== 'test') throw new AppError('not_found', { what: 'route' });
    const { id } = parse(FormParam, c.req.param());
    const scope = await resolveScope(c.env.DB, c.var.staff, parse(DashboardQuery, filled(c.req.query())));
    return c.json(await naiveFigures(c.env.DB, id, scope.window));
  })
  // Development only, undocumented: the naive GROUP BY over raw case rows (the case boards' figures).
  .get('/naive/cases', async (c) => {
    const env = c.env.ENVIRONMENT;
    if (env !== 'development' && env !== 'test') throw new AppError('not_found', { what: 'route' });
    const scope = await resolveScope(c.env.DB, c.var.staff, parse(DashboardQuery, filled(c.req.query())));
    return c.json(await naiveCaseFigures(c.env.DB, scope.window));
  })
  .post('/rebuild', async (c) => {
    const body = await jsonBody(c, RebuildBody);
    return c.json(await rebuildAsAdmin(c.env.DB, c.var.staff, body));
  });
