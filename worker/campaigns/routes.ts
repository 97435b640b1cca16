/** Reporting-campaign routes (`/api/campaigns/*`): thin handlers; authorisation in the services. */
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireStaff } from '../auth/middleware';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import { tableResponse } from '../lib/xlsx';
import { owingList, reportsTable } from './export';
import {
  CampaignDetailSchema,
  CampaignListSchema,
  CampaignReplySchema,
  CreateCampaignSchema,
  DraftSavedSchema,
  FormatQuery,
  OwingSchema,
  ReportBodySchema,
  ReportDetailSchema,
  ReturnedSchema,
  ReturnSchema,
  SubmittedSchema,
  TodoSchema,
} from './schema';
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

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const CampaignParams = v.object({ id: Id });
const ReportParams = v.object({ id: Id, unitId: Id });
const REPORT_LIMIT = 512 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const campaignsRoutes = new Hono<AppEnv>().use('*', requireStaff());

defineRoutes(campaignsRoutes, { tags: ['campaigns'], auth: 'staff' })
  .get('/', { summary: 'Campaigns in scope', response: CampaignListSchema }, async (c) =>
    c.json({ campaigns: await listCampaigns(c.env.DB, c.var.staff) }),
  )
  .post(
    '/',
    {
      summary: 'Open a campaign and assign it',
      body: CreateCampaignSchema,
      response: CampaignReplySchema,
      status: 201,
    },
    async (c, { body }) => c.json({ campaign: await createCampaign(c.env.DB, c.var.staff, body) }, 201),
  )
  .get(
    '/todo',
    { summary: "The caller's reports to file (ward reporters)", response: TodoSchema },
    async (c) => c.json(await reporterTodo(c.env.DB, c.var.staff)),
  )
  .get(
    '/:id',
    { summary: 'A campaign with completion by unit', params: CampaignParams, response: CampaignDetailSchema },
    async (c, { params }) => c.json(await getCampaign(c.env.DB, c.var.staff, params.id)),
  )
  .get(
    '/:id/owing',
    {
      summary: 'Units still owing a report (JSON, CSV or XLSX)',
      params: CampaignParams,
      query: FormatQuery,
      response: OwingSchema,
      responseType: ['text/csv', XLSX],
    },
    async (c, { params, query: { format } }) => {
      const o = await owingList(c.env.DB, c.var.staff, params.id);
      if (!format || format === 'json') return c.json({ campaign: o.campaign, owing: o.owing });
      return tableResponse(format, 'don-vi-chua-nop', o.header, o.table);
    },
  )
  .get(
    '/:id/export',
    {
      summary: "The campaign's reports (CSV or XLSX)",
      params: CampaignParams,
      query: FormatQuery,
      responseType: ['text/csv', XLSX],
    },
    async (c, { params, query: { format } }) => {
      const t = await reportsTable(c.env.DB, c.var.staff, params.id);
      return tableResponse(format === 'xlsx' ? 'xlsx' : 'csv', 'bao-cao-dot', t.header, t.table);
    },
  )
  .get(
    '/:id/reports/:unitId',
    {
      summary: "A unit's report, the form and the unit's models",
      params: ReportParams,
      response: ReportDetailSchema,
    },
    async (c, { params }) => c.json(await getReport(c.env.DB, c.var.staff, params.id, params.unitId)),
  )
  .put(
    '/:id/reports/:unitId',
    {
      summary: 'Save the report as a draft',
      params: ReportParams,
      body: ReportBodySchema,
      bodyLimit: REPORT_LIMIT,
      response: DraftSavedSchema,
    },
    async (c, { params, body }) =>
      c.json(await saveReportDraft(c.env.DB, c.var.staff, params.id, params.unitId, body)),
  )
  .post(
    '/:id/reports/:unitId/submit',
    {
      summary: 'Submit the report',
      params: ReportParams,
      body: ReportBodySchema,
      bodyLimit: REPORT_LIMIT,
      response: SubmittedSchema,
    },
    async (c, { params, body }) =>
      c.json(await submitReport(c.env.DB, c.var.staff, params.id, params.unitId, body)),
  )
  .post(
    '/:id/reports/:unitId/return',
    {
      summary: 'Return a submitted report for correction',
      params: ReportParams,
      body: ReturnSchema,
      response: ReturnedSchema,
    },
    async (c, { params, body }) =>
      c.json(await returnReport(c.env.DB, c.var.staff, params.id, params.unitId, body.comment)),
  );
