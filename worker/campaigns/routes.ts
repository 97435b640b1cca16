/** Reporting-campaign routes (`/api/campaigns/*`): thin handlers; authorisation in the services. */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { documented } from '../lib/openapi';
import { jsonBody, parse } from '../lib/validate';
import { tableResponse } from '../lib/xlsx';
import { owingList, reportsTable } from './export';
import { CreateCampaignSchema, FormatQuery, ReportBodySchema, ReturnSchema } from './schema';
import {
  createCampaign,
  getCampaign,
  getReport,
  listCampaigns,
  reporterTodo,
  returnReport,
  saveReportDraft,
  submitReport,
} from './service';

const tags = ['campaigns'];
const doc = (
  method: 'get' | 'post' | 'put',
  path: string,
  summary: string,
  extra: Partial<Parameters<typeof documented>[0]> = {},
) => documented({ method, path, summary, tags, auth: 'staff', ...extra });

doc('get', '/api/campaigns', 'Campaigns in scope');
doc('post', '/api/campaigns', 'Open a campaign and assign it', { body: CreateCampaignSchema, status: 201 });
doc('get', '/api/campaigns/todo', "The caller's reports to file (ward reporters)");
doc('get', '/api/campaigns/{id}', 'A campaign with completion by unit');
doc('get', '/api/campaigns/{id}/owing', 'Units still owing a report (JSON, CSV or XLSX)', {
  query: FormatQuery,
});
doc('get', '/api/campaigns/{id}/export', "The campaign's reports (CSV or XLSX)", {
  query: FormatQuery,
  responseType: 'text/csv',
});
doc('get', '/api/campaigns/{id}/reports/{unitId}', "A unit's report, the form and the unit's models");
doc('put', '/api/campaigns/{id}/reports/{unitId}', 'Save the report as a draft', { body: ReportBodySchema });
doc('post', '/api/campaigns/{id}/reports/{unitId}/submit', 'Submit the report', { body: ReportBodySchema });
doc('post', '/api/campaigns/{id}/reports/{unitId}/return', 'Return a submitted report for correction', {
  body: ReturnSchema,
});

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const REPORT_LIMIT = 512 * 1024;

export const campaignsRoutes = new Hono<AppEnv>()
  .use('*', requireStaff())
  .get('/', async (c) => c.json({ campaigns: await listCampaigns(c.env.DB, c.var.staff) }))
  .post('/', async (c) =>
    c.json(
      { campaign: await createCampaign(c.env.DB, c.var.staff, await jsonBody(c, CreateCampaignSchema)) },
      201,
    ),
  )
  .get('/todo', async (c) => c.json(await reporterTodo(c.env.DB, c.var.staff)))
  .get('/:id', async (c) => c.json(await getCampaign(c.env.DB, c.var.staff, parse(Id, c.req.param('id')))))
  .get('/:id/owing', async (c) => {
    const { format } = parse(FormatQuery, c.req.query());
    const o = await owingList(c.env.DB, c.var.staff, parse(Id, c.req.param('id')));
    if (!format || format === 'json') return c.json({ campaign: o.campaign, owing: o.owing });
    return tableResponse(format, 'don-vi-chua-nop', o.header, o.table);
  })
  .get('/:id/export', async (c) => {
    const { format } = parse(FormatQuery, c.req.query());
    const t = await reportsTable(c.env.DB, c.var.staff, parse(Id, c.req.param('id')));
    return tableResponse(format === 'xlsx' ? 'xlsx' : 'csv', 'bao-cao-dot', t.header, t.table);
  })
  .get('/:id/reports/:unitId', async (c) =>
    c.json(
      await getReport(c.env.DB, c.var.staff, parse(Id, c.req.param('id')), parse(Id, c.req.param('unitId'))),
    ),
  )
  .put('/:id/reports/:unitId', async (c) => {
    const body = await jsonBody(c, ReportBodySchema, REPORT_LIMIT);
    return c.json(
      await saveReportDraft(
        c.env.DB,
        c.var.staff,
        parse(Id, c.req.param('id')),
        parse(Id, c.req.param('unitId')),
        body,
      ),
    );
  })
  .post('/:id/reports/:unitId/submit', async (c) => {
    const body = await jsonBody(c, ReportBodySchema, REPORT_LIMIT);
    return c.json(
      await submitReport(
        c.env.DB,
        c.var.staff,
        parse(Id, c.req.param('id')),
        parse(Id, c.req.param('unitId')),
        body,
      ),
    );
  })
  .post('/:id/reports/:unitId/return', async (c) => {
    const body = await jsonBody(c, ReturnSchema);
    return c.json(
      await returnReport(
        c.env.DB,
        c.var.staff,
        parse(Id, c.req.param('id')),
        parse(Id, c.req.param('unitId')),
        body.comment,
      ),
    );
  });
