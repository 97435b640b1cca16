/**
 * Every SQL statement of reporting campaigns. One report per (campaign, unit) by UNIQUE; state
 * changes are conditional UPDATEs/upserts, so a submitted report cannot be overwritten and a
 * return applies only to a submitted one.
 */
import { and, asc, desc, eq, exists, gt, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { db, selectValues, statement } from '../db/client';
import type { UnitKind } from '../db/schema';
import {
  dvkAssignments,
  dvkCampaigns,
  dvkModels,
  dvkReportEvents,
  dvkReports,
  formVersions,
  units,
  users,
} from '../db/schema';
import { inSubtree } from '../db/subtree';
import type { FormDefinition } from '../forms/engine/definition';

/** What a campaign row reads: the campaign with its unit's name and path. */
const campaignFields = {
  id: dvkCampaigns.id,
  title: dvkCampaigns.title,
  formId: dvkCampaigns.formId,
  versionId: dvkCampaigns.versionId,
  unitId: dvkCampaigns.unitId,
  unitName: units.name,
  unitPath: units.path,
  kinds: dvkCampaigns.kinds,
  periodStart: dvkCampaigns.periodStart,
  periodEnd: dvkCampaigns.periodEnd,
  dueDate: dvkCampaigns.dueDate,
  status: dvkCampaigns.status,
  createdAt: dvkCampaigns.createdAt,
};

const campaigns = (d1: D1Database) =>
  db(d1).select(campaignFields).from(dvkCampaigns).innerJoin(units, eq(units.id, dvkCampaigns.unitId));

export async function selectCampaign(d1: D1Database, id: string) {
  return (await campaigns(d1).where(eq(dvkCampaigns.id, id)).get()) ?? null;
}
export type CampaignRow = NonNullable<Awaited<ReturnType<typeof selectCampaign>>>;

/** Campaigns whose subtree lies in one of `scopes`, newest first. */
export async function selectCampaignsInScopes(d1: D1Database, scopes: string[]): Promise<CampaignRow[]> {
  if (!scopes.length) return [];
  return campaigns(d1)
    .where(or(...scopes.map((p) => inSubtree(units.path, p))))
    .orderBy(desc(dvkCampaigns.createdAt))
    .limit(200)
    .all();
}

/** Open campaigns (the reporters' to-do list is computed from these). */
export async function selectOpenCampaigns(d1: D1Database): Promise<CampaignRow[]> {
  return campaigns(d1)
    .where(eq(dvkCampaigns.status, 'open'))
    .orderBy(asc(dvkCampaigns.dueDate))
    .limit(200)
    .all();
}

/**
 * The campaign and its assignments in one batch: the units of `kinds` in the subtree that exist on
 * the due date (a unit merged on or before it is replaced by its successor, which is current).
 */
export function createCampaignStatements(
  d1: D1Database,
  c: {
    id: string;
    title: string;
    formId: string;
    versionId: string;
    unitId: string;
    unitPath: string;
    kinds: UnitKind[];
    periodStart: string;
    periodEnd: string;
    dueDate: string;
    actorId: string;
    now: number;
  },
): D1PreparedStatement[] {
  const q = db(d1);
  const due = c.dueDate;
  return [
    statement(
      d1,
      q.insert(dvkCampaigns).values({
        id: c.id,
        title: c.title,
        formId: c.formId,
        versionId: c.versionId,
        unitId: c.unitId,
        kinds: JSON.stringify(c.kinds),
        periodStart: c.periodStart,
        periodEnd: c.periodEnd,
        dueDate: due,
        status: 'open',
        createdBy: c.actorId,
        createdAt: c.now,
      }),
    ),
    statement(
      d1,
      q.insert(dvkAssignments).select(
        q
          .select({ campaignId: sql<string>`${c.id}`.as('campaign_id'), unitId: units.id })
          .from(units)
          .where(
            and(
              inSubtree(units.path, c.unitPath),
              inArray(units.kind, c.kinds),
              or(isNull(units.validFrom), lte(units.validFrom, due)),
              or(
                and(isNull(units.mergedIntoId), or(isNull(units.validTo), gte(units.validTo, due))),
                and(isNotNull(units.mergedIntoId), gt(units.validTo, due)),
              ),
            ),
          ),
      ),
    ),
  ];
}

/** A unit as campaigns resolve it (merge pointer to follow successors). */
const unitFields = { unitId: units.id, name: units.name, path: units.path, mergedIntoId: units.mergedIntoId };

export async function selectAssignments(d1: D1Database, campaignId: string) {
  return db(d1)
    .select(unitFields)
    .from(dvkAssignments)
    .innerJoin(units, eq(units.id, dvkAssignments.unitId))
    .where(eq(dvkAssignments.campaignId, campaignId))
    .orderBy(asc(units.searchName))
    .all();
}
export type AssignedUnit = Awaited<ReturnType<typeof selectAssignments>>[number];

/** Units by id with merge pointers (to follow successors). */
export async function selectUnitsBrief(d1: D1Database, ids: string[]): Promise<AssignedUnit[]> {
  if (!ids.length) return [];
  return db(d1).select(unitFields).from(units).where(inArray(units.id, ids)).all();
}

/** A report as the service reads it (every column but who last wrote it). */
const reportFields = {
  id: dvkReports.id,
  campaignId: dvkReports.campaignId,
  unitId: dvkReports.unitId,
  versionId: dvkReports.versionId,
  data: dvkReports.data,
  models: dvkReports.models,
  status: dvkReports.status,
  firstSubmittedAt: dvkReports.firstSubmittedAt,
  submittedAt: dvkReports.submittedAt,
  returnComment: dvkReports.returnComment,
  updatedAt: dvkReports.updatedAt,
};

export async function selectReports(d1: D1Database, campaignId: string) {
  return db(d1).select(reportFields).from(dvkReports).where(eq(dvkReports.campaignId, campaignId)).all();
}
export type ReportRow = Awaited<ReturnType<typeof selectReports>>[number];

export async function selectReport(d1: D1Database, campaignId: string, unitId: string) {
  const row = await db(d1)
    .select(reportFields)
    .from(dvkReports)
    .where(and(eq(dvkReports.campaignId, campaignId), eq(dvkReports.unitId, unitId)))
    .get();
  return row ?? null;
}

/** What a draft save or a submission writes to a unit's report row. */
export interface ReportWrite {
  id: string;
  campaignId: string;
  unitId: string;
  versionId: string;
  data: string;
  models: string;
  actorId: string;
  now: number;
}

/** The upsert's guard: a report is written only while it is a draft or returned. */
const unlocked = inArray(dvkReports.status, ['draft', 'returned']);

/**
 * Saves a draft: inserts, or updates while the report is a draft or returned (a submitted report
 * is locked until staff return it). `changes` = 0 means it was locked.
 */
export function saveDraftStatement(d1: D1Database, r: ReportWrite) {
  const written = { data: r.data, models: r.models, updatedBy: r.actorId, updatedAt: r.now };
  return statement(
    d1,
    db(d1)
      .insert(dvkReports)
      .values({
        id: r.id,
        campaignId: r.campaignId,
        unitId: r.unitId,
        versionId: r.versionId,
        status: 'draft',
        ...written,
      })
      .onConflictDoUpdate({
        target: [dvkReports.campaignId, dvkReports.unitId],
        set: written,
        setWhere: unlocked,
      }),
  );
}

/** Submits (first time or after a return). The first submission time is kept for lateness. */
export function submitStatement(d1: D1Database, r: ReportWrite) {
  const written = {
    data: r.data,
    models: r.models,
    status: 'submitted' as const,
    submittedAt: r.now,
    updatedBy: r.actorId,
    updatedAt: r.now,
  };
  return statement(
    d1,
    db(d1)
      .insert(dvkReports)
      .values({
        id: r.id,
        campaignId: r.campaignId,
        unitId: r.unitId,
        versionId: r.versionId,
        firstSubmittedAt: r.now,
        ...written,
      })
      .onConflictDoUpdate({
        target: [dvkReports.campaignId, dvkReports.unitId],
        set: { ...written, firstSubmittedAt: sql`COALESCE(${dvkReports.firstSubmittedAt}, ${r.now})` },
        setWhere: unlocked,
      }),
  );
}

/** The history event, written only when the report `reportId` is in `status` as of `at`. */
export function eventStatement(
  d1: D1Database,
  e: {
    id: string;
    reportId: string;
    action: 'submit' | 'return';
    actorId: string;
    comment: string | null;
    at: number;
  },
) {
  const status = e.action === 'submit' ? 'submitted' : 'returned';
  const q = db(d1);
  const current = q
    .select({ one: sql`1` })
    .from(dvkReports)
    .where(and(eq(dvkReports.id, e.reportId), eq(dvkReports.status, status), eq(dvkReports.updatedAt, e.at)));
  return statement(
    d1,
    q.insert(dvkReportEvents).select(sql`${selectValues(dvkReportEvents, e)} WHERE ${exists(current)}`),
  );
}

/** Trả lại: returns a submitted report for correction with a comment. */
export function returnStatement(
  d1: D1Database,
  r: { reportId: string; comment: string; actorId: string; now: number },
) {
  return statement(
    d1,
    db(d1)
      .update(dvkReports)
      .set({ status: 'returned', returnComment: r.comment, updatedBy: r.actorId, updatedAt: r.now })
      .where(and(eq(dvkReports.id, r.reportId), eq(dvkReports.status, 'submitted'))),
  );
}

export async function selectEvents(d1: D1Database, reportId: string) {
  return db(d1)
    .select({
      action: dvkReportEvents.action,
      comment: dvkReportEvents.comment,
      at: dvkReportEvents.at,
      actorName: users.name,
    })
    .from(dvkReportEvents)
    .leftJoin(users, eq(users.id, dvkReportEvents.actorId))
    .where(eq(dvkReportEvents.reportId, reportId))
    .orderBy(asc(dvkReportEvents.at), asc(dvkReportEvents.id))
    .all();
}

/** Models of these units (the reporter picks one to add progress to). */
export async function selectUnitModels(d1: D1Database, unitIds: string[]) {
  if (!unitIds.length) return [];
  return db(d1)
    .select({
      id: dvkModels.id,
      name: dvkModels.name,
      field: dvkModels.field,
      year: dvkModels.year,
      status: dvkModels.status,
    })
    .from(dvkModels)
    .where(inArray(dvkModels.unitId, unitIds.slice(0, 90)))
    .orderBy(desc(dvkModels.year), asc(dvkModels.name))
    .limit(500)
    .all();
}

/** A campaign by exact title (the demo seed finds its own campaigns this way). */
export async function selectCampaignIdByTitle(d1: D1Database, title: string): Promise<string | null> {
  const r = await db(d1)
    .select({ id: dvkCampaigns.id })
    .from(dvkCampaigns)
    .where(eq(dvkCampaigns.title, title))
    .limit(1)
    .get();
  return r?.id ?? null;
}

/** The definition a campaign's form version holds, or null when there is no such version. */
export async function selectVersionDefinition(
  d1: D1Database,
  versionId: string,
): Promise<FormDefinition | null> {
  const v = await db(d1)
    .select({ definition: formVersions.definition })
    .from(formVersions)
    .where(eq(formVersions.id, versionId))
    .get();
  return v ? (JSON.parse(v.definition) as FormDefinition) : null;
}
