/**
 * Every SQL statement of reporting campaigns. One report per (campaign, unit) by UNIQUE; state
 * changes are conditional UPDATEs/upserts, so a submitted report cannot be overwritten and a
 * return applies only to a submitted one.
 */

import { subtreeBounds } from '../db/subtree';
import type { FormDefinition } from '../forms/engine/definition';

export interface CampaignRow {
  id: string;
  title: string;
  formId: string;
  versionId: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  kinds: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: 'open' | 'closed';
  createdAt: number;
}

const CAMPAIGN_COLS = `c.id, c.title, c.form_id AS formId, c.version_id AS versionId, c.unit_id AS unitId,
  u.name AS unitName, u.path AS unitPath, c.kinds, c.period_start AS periodStart, c.period_end AS periodEnd,
  c.due_date AS dueDate, c.status, c.created_at AS createdAt`;

export async function selectCampaign(d1: D1Database, id: string): Promise<CampaignRow | null> {
  return d1
    .prepare(`SELECT ${CAMPAIGN_COLS} FROM dvk_campaigns c JOIN units u ON u.id = c.unit_id WHERE c.id = ?`)
    .bind(id)
    .first<CampaignRow>();
}

/** Campaigns whose subtree lies in one of `scopes`, newest first. */
export async function selectCampaignsInScopes(d1: D1Database, scopes: string[]): Promise<CampaignRow[]> {
  if (!scopes.length) return [];
  const binds: string[] = [];
  const where = scopes
    .map((p) => {
      binds.push(...subtreeBounds(p));
      return '(u.path >= ? AND u.path < ?)';
    })
    .join(' OR ');
  const { results } = await d1
    .prepare(
      `SELECT ${CAMPAIGN_COLS} FROM dvk_campaigns c JOIN units u ON u.id = c.unit_id WHERE ${where} ORDER BY c.created_at DESC LIMIT 200`,
    )
    .bind(...binds)
    .all<CampaignRow>();
  return results;
}

/** Open campaigns (the reporters' to-do list is computed from these). */
export async function selectOpenCampaigns(d1: D1Database): Promise<CampaignRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT ${CAMPAIGN_COLS} FROM dvk_campaigns c JOIN units u ON u.id = c.unit_id WHERE c.status = 'open' ORDER BY c.due_date LIMIT 200`,
    )
    .all<CampaignRow>();
  return results;
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
    kinds: string[];
    periodStart: string;
    periodEnd: string;
    dueDate: string;
    actorId: string;
    now: number;
  },
): D1PreparedStatement[] {
  const [lo, hi] = subtreeBounds(c.unitPath);
  return [
    d1
      .prepare(
        `INSERT INTO dvk_campaigns (id, title, form_id, version_id, unit_id, kinds, period_start, period_end, due_date, status, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
      )
      .bind(
        c.id,
        c.title,
        c.formId,
        c.versionId,
        c.unitId,
        JSON.stringify(c.kinds),
        c.periodStart,
        c.periodEnd,
        c.dueDate,
        c.actorId,
        c.now,
      ),
    d1
      .prepare(
        `INSERT INTO dvk_assignments (campaign_id, unit_id)
         SELECT ?, id FROM units
          WHERE path >= ? AND path < ? AND kind IN (${c.kinds.map(() => '?').join(',')})
            AND (valid_from IS NULL OR valid_from <= ?)
            AND ((merged_into_id IS NULL AND (valid_to IS NULL OR valid_to >= ?)) OR (merged_into_id IS NOT NULL AND valid_to > ?))`,
      )
      .bind(c.id, lo, hi, ...c.kinds, c.dueDate, c.dueDate, c.dueDate),
  ];
}

export interface AssignedUnit {
  unitId: string;
  name: string;
  path: string;
  mergedIntoId: string | null;
}

export async function selectAssignments(d1: D1Database, campaignId: string): Promise<AssignedUnit[]> {
  const { results } = await d1
    .prepare(
      `SELECT a.unit_id AS unitId, u.name, u.path, u.merged_into_id AS mergedIntoId
         FROM dvk_assignments a JOIN units u ON u.id = a.unit_id WHERE a.campaign_id = ? ORDER BY u.search_name`,
    )
    .bind(campaignId)
    .all<AssignedUnit>();
  return results;
}

/** Units by id with merge pointers (to follow successors). */
export async function selectUnitsBrief(d1: D1Database, ids: string[]): Promise<AssignedUnit[]> {
  if (!ids.length) return [];
  const { results } = await d1
    .prepare(
      `SELECT id AS unitId, name, path, merged_into_id AS mergedIntoId FROM units WHERE id IN (${ids.map(() => '?').join(',')})`,
    )
    .bind(...ids)
    .all<AssignedUnit>();
  return results;
}

export interface ReportRow {
  id: string;
  campaignId: string;
  unitId: string;
  versionId: string;
  data: string;
  models: string;
  status: 'draft' | 'submitted' | 'returned';
  firstSubmittedAt: number | null;
  submittedAt: number | null;
  returnComment: string | null;
  updatedAt: number;
}

const REPORT_COLS = `id, campaign_id AS campaignId, unit_id AS unitId, version_id AS versionId, data, models, status,
  first_submitted_at AS firstSubmittedAt, submitted_at AS submittedAt, return_comment AS returnComment, updated_at AS updatedAt`;

export async function selectReports(d1: D1Database, campaignId: string): Promise<ReportRow[]> {
  const { results } = await d1
    .prepare(`SELECT ${REPORT_COLS} FROM dvk_reports WHERE campaign_id = ?`)
    .bind(campaignId)
    .all<ReportRow>();
  return results;
}

export async function selectReport(
  d1: D1Database,
  campaignId: string,
  unitId: string,
): Promise<ReportRow | null> {
  return d1
    .prepare(`SELECT ${REPORT_COLS} FROM dvk_reports WHERE campaign_id = ? AND unit_id = ?`)
    .bind(campaignId, unitId)
    .first<ReportRow>();
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

/**
 * Saves a draft: inserts, or updates while the report is a draft or returned (a submitted report
 * is locked until staff return it). `changes` = 0 means it was locked.
 */
export function saveDraftStatement(d1: D1Database, r: ReportWrite) {
  return d1
    .prepare(
      `INSERT INTO dvk_reports (id, campaign_id, unit_id, version_id, data, models, status, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)
       ON CONFLICT (campaign_id, unit_id) DO UPDATE SET data = excluded.data, models = excluded.models,
              updated_by = excluded.updated_by, updated_at = excluded.updated_at
        WHERE dvk_reports.status IN ('draft', 'returned')`,
    )
    .bind(r.id, r.campaignId, r.unitId, r.versionId, r.data, r.models, r.actorId, r.now);
}

/** Submits (first time or after a return). The first submission time is kept for lateness. */
export function submitStatement(d1: D1Database, r: ReportWrite) {
  return d1
    .prepare(
      `INSERT INTO dvk_reports (id, campaign_id, unit_id, version_id, data, models, status, first_submitted_at, submitted_at, updated_by, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'submitted', ?8, ?8, ?7, ?8)
       ON CONFLICT (campaign_id, unit_id) DO UPDATE SET data = excluded.data, models = excluded.models, status = 'submitted',
              first_submitted_at = COALESCE(dvk_reports.first_submitted_at, excluded.submitted_at),
              submitted_at = excluded.submitted_at, updated_by = excluded.updated_by, updated_at = excluded.updated_at
        WHERE dvk_reports.status IN ('draft', 'returned')`,
    )
    .bind(r.id, r.campaignId, r.unitId, r.versionId, r.data, r.models, r.actorId, r.now);
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
  return d1
    .prepare(
      `INSERT INTO dvk_report_events (id, report_id, action, actor_id, comment, at)
       SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM dvk_reports WHERE id = ? AND status = ? AND updated_at = ?)`,
    )
    .bind(e.id, e.reportId, e.action, e.actorId, e.comment, e.at, e.reportId, status, e.at);
}

/** Trả lại: returns a submitted report for correction with a comment. */
export function returnStatement(
  d1: D1Database,
  r: { reportId: string; comment: string; actorId: string; now: number },
) {
  return d1
    .prepare(
      `UPDATE dvk_reports SET status = 'returned', return_comment = ?, updated_by = ?, updated_at = ?
        WHERE id = ? AND status = 'submitted'`,
    )
    .bind(r.comment, r.actorId, r.now, r.reportId);
}

export async function selectEvents(d1: D1Database, reportId: string) {
  const { results } = await d1
    .prepare(
      `SELECT e.action, e.comment, e.at, us.name AS actorName FROM dvk_report_events e
         LEFT JOIN users us ON us.id = e.actor_id WHERE e.report_id = ? ORDER BY e.at, e.id`,
    )
    .bind(reportId)
    .all<{ action: string; comment: string | null; at: number; actorName: string | null }>();
  return results;
}

/** Models of these units (the reporter picks one to add progress to). */
export async function selectUnitModels(d1: D1Database, unitIds: string[]) {
  if (!unitIds.length) return [];
  const { results } = await d1
    .prepare(
      `SELECT id, name, field, year, status FROM dvk_models WHERE unit_id IN (${unitIds.map(() => '?').join(',')})
        ORDER BY year DESC, name LIMIT 500`,
    )
    .bind(...unitIds.slice(0, 90))
    .all<{ id: string; name: string; field: string; year: number; status: string }>();
  return results;
}

/** A campaign by exact title (the demo seed finds its own campaigns this way). */
export async function selectCampaignIdByTitle(d1: D1Database, title: string): Promise<string | null> {
  const r = await d1
    .prepare('SELECT id FROM dvk_campaigns WHERE title = ? LIMIT 1')
    .bind(title)
    .first<{ id: string }>();
  return r?.id ?? null;
}

/** The definition a campaign's form version holds, or null when there is no such version. */
export async function selectVersionDefinition(
  d1: D1Database,
  versionId: string,
): Promise<FormDefinition | null> {
  const v = await d1
    .prepare('SELECT definition FROM form_versions WHERE id = ?')
    .bind(versionId)
    .first<{ definition: string }>();
  return v ? (JSON.parse(v.definition) as FormDefinition) : null;
}
