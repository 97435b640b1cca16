/**
 * Dashboards API (`/api/dashboards`): board views, per-form results, free text, exports, the
 * board-view configuration and the rollup rebuild. Handlers parse, call a service, shape the reply;
 * authorisation is one `resolveScope` (dashboard roles on the unit) or `authorize` per handler.
 */
import { Hono } from 'hono';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { defineRoutes } from '../lib/route';
import { parse } from '../lib/validate';
import { boardReport, viewsFor } from './boards';
import { configureViews } from './config';
import { type ExportableReport, formSections, reportFileName, reportPdf, tableExport } from './export';
import { formResults, formTextAnswers } from './form-results';
import { naiveCaseFigures, naiveFigures } from './queries';
import { rebuildAsAdmin } from './rebuild';
import {
  BoardSchema,
  DashboardQuery,
  ExportQuery,
  FormParam,
  FormResultsSchema,
  RebuildBody,
  RebuildResultSchema,
  TextAnswersSchema,
  TextQuery,
  UnitParam,
  UnitQuery,
  ViewConfigBody,
  ViewConfigSchema,
  ViewParam,
  ViewsSchema,
} from './schema';
import { resolveScope } from './scope';

async function send(format: 'csv' | 'xlsx' | 'pdf', r: ExportableReport, name: string) {
  return format === 'pdf' ? reportPdf(r, name) : tableExport(format, r, name);
}

const EXPORT_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/pdf',
] as const;

export const dashboardRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(dashboardRoutes, { tags: ['dashboards'], auth: 'staff' })
  .get(
    '/views',
    {
      summary: 'Board views the caller may open on a unit',
      query: UnitQuery,
      blankQueryIsAbsent: true,
      response: ViewsSchema,
    },
    async (c, { query }) => c.json({ views: await viewsFor(c.env.DB, c.var.staff!, query.unitId) }),
  )
  .get(
    '/boards/:view',
    {
      summary: 'One board view (k-suppressed sections)',
      params: ViewParam,
      query: DashboardQuery,
      blankQueryIsAbsent: true,
      response: BoardSchema,
    },
    async (c, { params, query }) => c.json(await boardReport(c.env.DB, c.var.staff, params.view, query)),
  )
  .get(
    '/boards/:view/export',
    {
      summary: 'A board view as CSV, XLSX or PDF',
      params: ViewParam,
      query: ExportQuery,
      blankQueryIsAbsent: true,
      responseType: EXPORT_TYPES,
    },
    async (c, { params, query: f }) => {
      const r = await boardReport(c.env.DB, c.var.staff, params.view, f);
      return send(f.format, { ...r, title: r.title.vi }, reportFileName(r.title.vi, r));
    },
  )
  .get(
    '/forms/:id/results',
    {
      summary: 'Results of a form (k-suppressed)',
      params: FormParam,
      query: DashboardQuery,
      blankQueryIsAbsent: true,
      response: FormResultsSchema,
    },
    async (c, { params, query }) => {
      const r = await formResults(c.env.DB, c.var.staff, params.id, query);
      // The same sections the exports render, so the console draws every view one way.
      return c.json({ ...r, title: { vi: r.form.title }, sections: formSections(r) });
    },
  )
  .get(
    '/forms/:id/results/export',
    {
      summary: 'Form results as CSV, XLSX or PDF',
      params: FormParam,
      query: ExportQuery,
      blankQueryIsAbsent: true,
      responseType: EXPORT_TYPES,
    },
    async (c, { params, query: f }) => {
      const r = await formResults(c.env.DB, c.var.staff, params.id, f);
      const report = {
        title: r.form.title,
        unit: r.unit,
        period: r.period,
        k: r.k,
        sections: formSections(r),
      };
      return send(f.format, report, reportFileName(`ket qua ${r.form.title}`, r));
    },
  )
  .get(
    '/forms/:id/text',
    {
      summary: 'Free-text answers of one question (paged)',
      params: FormParam,
      query: TextQuery,
      blankQueryIsAbsent: true,
      response: TextAnswersSchema,
    },
    async (c, { params, query }) => c.json(await formTextAnswers(c.env.DB, c.var.staff, params.id, query)),
  )
  .put(
    '/config/:unitId',
    {
      summary: 'Set the board views of a unit (admin)',
      params: UnitParam,
      body: ViewConfigBody,
      response: ViewConfigSchema,
    },
    async (c, { params, body }) =>
      c.json(await configureViews(c.env.DB, c.var.staff, params.unitId, body.views)),
  )
  .post(
    '/rebuild',
    {
      summary: 'Recount rollups from raw rows, a bounded slice per call (root admin)',
      body: RebuildBody,
      response: RebuildResultSchema,
    },
    async (c, { body }) => c.json(await rebuildAsAdmin(c.env.DB, c.var.staff, body)),
  );

// Development only, not part of the contract (not in the document): the benchmark's naive GROUP BY
// over raw rows, with the same filters as the boards.
const filled = (q: Record<string, string>) =>
  Object.fromEntries(Object.entries(q).filter(([, x]) => x !== ''));
dashboardRoutes
  .get('/naive/forms/:id', async (c) => {
    const env = c.env.ENVIRONMENT;
    if (env !== 'development' && env !== 'test') throw new AppError('not_found', { what: 'route' });
    const { id } = parse(FormParam, c.req.param());
    const scope = await resolveScope(c.env.DB, c.var.staff, parse(DashboardQuery, filled(c.req.query())));
    return c.json(await naiveFigures(c.env.DB, id, scope.window));
  })
  // The naive GROUP BY over raw case rows (the case boards' figures).
  .get('/naive/cases', async (c) => {
    const env = c.env.ENVIRONMENT;
    if (env !== 'development' && env !== 'test') throw new AppError('not_found', { what: 'route' });
    const scope = await resolveScope(c.env.DB, c.var.staff, parse(DashboardQuery, filled(c.req.query())));
    return c.json(await naiveCaseFigures(c.env.DB, scope.window));
  });
