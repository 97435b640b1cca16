/**
 * Đợt báo cáo "Dân vận khéo": campaigns on a `report` form, their assignment to units, each unit's
 * report (draft → submitted → returned → resubmitted), and completion (who submitted, who is late,
 * who is missing, who was returned). Reports are their own rows, not `responses` (decision 181).
 */
import { batchWithAudit } from '../audit/service';
import { authorize, can, type StaffSession, scopes } from '../auth/service';
import type { Role } from '../db/schema';
import type { FormDefinition } from '../forms/engine/definition';
import { validateAnswers } from '../forms/engine/logic';
import { FORM_ROLES, findForm } from '../forms/service';
import { AppError, type FieldError, fieldError } from '../lib/errors';
import { newId } from '../lib/ids';
import { MODEL_MANAGE, reportedModelStatements } from '../models/service';
import { getUnit, unitAndMergedPredecessors } from '../org/service';
import { type CompletionRow, completionOf, deadlineOf } from './completion';
import * as q from './queries';
import type { CreateCampaignInput, ReportBody, ReportedModel, ReportModels } from './schema';

/** Read a campaign and its completion: its managers and the boards. */
export const CAMPAIGN_READ: readonly Role[] = [...MODEL_MANAGE, 'board_viewer'];
/** Fill and submit a unit's report: the unit's reporter. */
export const REPORT_WRITE: readonly Role[] = ['ward_reporter'];
/** Read a unit's report: its reporter and whoever reads campaigns there. */
export const REPORT_READ: readonly Role[] = [...REPORT_WRITE, ...CAMPAIGN_READ];

/** The form of a campaign must be a published report form the caller manages. */
const notAReportForm = () =>
  new AppError('validation_failed', [
    fieldError('formId', 'form_not_report', {
      vi: 'Cần một biểu mẫu báo cáo đã công bố mà bạn quản lý.',
      en: 'A published report form you manage is required.',
    }),
  ]);

function summary(c: q.CampaignRow) {
  return { ...c, kinds: JSON.parse(c.kinds) as string[] };
}

/** Opens a campaign and assigns it, in one batch. Managers on the covered subtree only. */
export async function createCampaign(
  d1: D1Database,
  staff: StaffSession | undefined,
  input: CreateCampaignInput,
) {
  const unit = await getUnit(d1, input.unitId);
  if (!unit)
    throw new AppError('validation_failed', [
      fieldError('unitId', 'unknown_unit', { vi: 'Đơn vị không tồn tại.', en: 'Unknown unit.' }),
    ]);
  const s = authorize(staff, MODEL_MANAGE, unit.path);
  const form = await findForm(d1, input.formId);
  if (form?.kind !== 'report' || !form.currentVersionId || !can(s, FORM_ROLES, form.ownerUnitPath))
    throw notAReportForm();
  const id = newId();
  const kinds = input.kinds ?? ['ward', 'commune'];
  await batchWithAudit(
    d1,
    q.createCampaignStatements(d1, {
      id,
      title: input.title,
      formId: form.id,
      versionId: form.currentVersionId,
      unitId: unit.id,
      unitPath: unit.path,
      kinds,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      dueDate: input.dueDate,
      actorId: s.userId,
      now: Date.now(),
    }),
    {
      actorId: s.userId,
      action: 'campaign.create',
      targetType: 'dvk_campaign',
      targetId: id,
      detail: { unitId: unit.id, kinds },
    },
  );
  return summary((await q.selectCampaign(d1, id))!);
}

async function requireCampaign(d1: D1Database, id: string) {
  const c = await q.selectCampaign(d1, id);
  if (!c) throw new AppError('not_found', { what: 'campaign' });
  return c;
}

/** Completion rows of a campaign (see completion.ts), units resolved through merges. */
export async function campaignCompletion(d1: D1Database, c: q.CampaignRow, now = Date.now()) {
  const [assigned, reports] = await Promise.all([q.selectAssignments(d1, c.id), q.selectReports(d1, c.id)]);
  // Successors of merged units (chains are short; at most a few rounds).
  const known = new Map(assigned.map((a) => [a.unitId, a]));
  for (let round = 0; round < 5; round++) {
    const missing = [...known.values()]
      .map((u) => u.mergedIntoId)
      .filter((x): x is string => !!x && !known.has(x));
    if (!missing.length) break;
    for (const u of await q.selectUnitsBrief(d1, [...new Set(missing)].slice(0, 90))) known.set(u.unitId, u);
  }
  // Reports filed by units that were never assigned directly (a successor) need their names too.
  const extra = reports.map((r) => r.unitId).filter((id) => !known.has(id));
  for (const u of await q.selectUnitsBrief(d1, [...new Set(extra)].slice(0, 90))) known.set(u.unitId, u);
  return completionOf(assigned, known, reports, deadlineOf(c.dueDate), now);
}

/** Campaigns the caller manages or reads (by subtree). */
export async function listCampaigns(d1: D1Database, staff: StaffSession | undefined) {
  if (!staff) throw new AppError('unauthenticated');
  const rows = await q.selectCampaignsInScopes(d1, scopes(staff, CAMPAIGN_READ));
  return rows.map(summary);
}

/** Campaigns issued in the subtrees of `paths`. Not authorised: for the dashboards, which authorise their scope. */
export async function campaignsIn(d1: D1Database, paths: string[]) {
  return q.selectCampaignsInScopes(d1, paths);
}

/** A campaign with its completion by unit and the counts. */
export async function getCampaign(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  now = Date.now(),
) {
  const c = await requireCampaign(d1, id);
  authorize(staff, CAMPAIGN_READ, c.unitPath);
  const rows = await campaignCompletion(d1, c, now);
  return { campaign: summary(c), completion: rows, counts: countsOf(rows) };
}

/** Counts by completion status. */
export function countsOf(rows: CompletionRow[]) {
  const counts = { assigned: rows.length, submitted: 0, late: 0, returned: 0, missing: 0, pending: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}

/**
 * Việc cần làm: the reports the caller (a ward reporter) still owes or has filed, across open campaigns.
 */
export async function reporterTodo(d1: D1Database, staff: StaffSession | undefined, now = Date.now()) {
  if (!staff) throw new AppError('unauthenticated');
  if (!scopes(staff, REPORT_WRITE).length) return { items: [] };
  const items = [];
  for (const c of await q.selectOpenCampaigns(d1)) {
    for (const r of await campaignCompletion(d1, c, now)) {
      if (can(staff, REPORT_WRITE, r.unitPath)) items.push({ campaign: summary(c), ...r });
    }
  }
  return { items };
}

/** The completion row of `unitId` in the campaign, or 404 when the unit owes nothing there. */
async function rowOf(d1: D1Database, c: q.CampaignRow, unitId: string, now: number) {
  const row = (await campaignCompletion(d1, c, now)).find((r) => r.unitId === unitId);
  if (!row) throw new AppError('not_assigned');
  return row;
}

async function definitionOf(d1: D1Database, versionId: string): Promise<FormDefinition> {
  const definition = await q.selectVersionDefinition(d1, versionId);
  if (!definition) throw new AppError('not_found', { what: 'form version' });
  return definition;
}

/** One unit's report with the form it answers, its history, and the unit's existing models. */
export async function getReport(
  d1: D1Database,
  staff: StaffSession | undefined,
  campaignId: string,
  unitId: string,
  now = Date.now(),
) {
  const c = await requireCampaign(d1, campaignId);
  const unit = await getUnit(d1, unitId);
  if (!unit) throw new AppError('not_found', { what: 'unit' });
  if (!staff) throw new AppError('unauthenticated');
  // Campaign readers see every report of it; otherwise the unit's own reporter (or a reader above it).
  if (!can(staff, CAMPAIGN_READ, c.unitPath)) authorize(staff, REPORT_READ, unit.path);
  const row = await rowOf(d1, c, unitId, now);
  const report = await q.selectReport(d1, c.id, unitId);
  const [definition, events, models] = await Promise.all([
    definitionOf(d1, report?.versionId ?? c.versionId),
    report ? q.selectEvents(d1, report.id) : [],
    q.selectUnitModels(d1, await unitAndMergedPredecessors(d1, unitId)),
  ]);
  return {
    campaign: summary(c),
    unit: { id: unit.id, name: unit.name },
    completion: row,
    definition,
    report: report
      ? {
          ...report,
          data: JSON.parse(report.data) as Record<string, unknown>,
          models: JSON.parse(report.models) as ReportModels,
        }
      : null,
    events,
    unitModels: models,
  };
}

/**
 * Server-side ids for new models: an entry keeps the id it got at an earlier save of this report;
 * anything else gets a fresh id (a client cannot aim an entry at an existing model).
 */
function withModelIds(
  models: ReportModels | undefined,
  stored: ReportModels | null,
): { new: (ReportedModel & { id: string })[]; progress: ReportModels['progress'] } {
  const known = new Set((stored?.new ?? []).map((m) => m.id));
  return {
    new: (models?.new ?? []).map((m) => ({ ...m, id: m.id && known.has(m.id) ? m.id : newId() })),
    progress: models?.progress ?? [],
  };
}

async function prepareWrite(
  d1: D1Database,
  staff: StaffSession | undefined,
  campaignId: string,
  unitId: string,
  now: number,
) {
  const c = await requireCampaign(d1, campaignId);
  const unit = await getUnit(d1, unitId);
  if (!unit) throw new AppError('not_found', { what: 'unit' });
  const s = authorize(staff, REPORT_WRITE, unit.path);
  if (c.status !== 'open') throw new AppError('campaign_closed');
  await rowOf(d1, c, unitId, now);
  const existing = await q.selectReport(d1, c.id, unitId);
  if (existing?.status === 'submitted') throw new AppError('report_locked');
  return { c, unit, s, existing };
}

/** Lưu nháp: saves the report as a draft (answers need not be complete yet). */
export async function saveReportDraft(
  d1: D1Database,
  staff: StaffSession | undefined,
  campaignId: string,
  unitId: string,
  body: ReportBody,
) {
  const now = Date.now();
  const { c, s, existing } = await prepareWrite(d1, staff, campaignId, unitId, now);
  const models = withModelIds(body.models, existing ? (JSON.parse(existing.models) as ReportModels) : null);
  const [res] = await d1.batch([
    q.saveDraftStatement(d1, {
      id: existing?.id ?? newId(),
      campaignId: c.id,
      unitId,
      versionId: c.versionId,
      data: JSON.stringify(body.answers),
      models: JSON.stringify(models),
      actorId: s.userId,
      now,
    }),
  ]);
  if (!res?.meta.changes) throw new AppError('report_locked');
  return { status: existing?.status === 'returned' ? 'returned' : 'draft', models, savedAt: now };
}

/**
 * Gửi báo cáo: validates the answers with the form engine (the exact pinned version) and the
 * reported models, then in ONE batch: the report becomes submitted, the history event, new models
 * (registry rows + rollups) and progress entries on existing ones — all guarded on this submission.
 */
export async function submitReport(
  d1: D1Database,
  staff: StaffSession | undefined,
  campaignId: string,
  unitId: string,
  body: ReportBody,
  /** The submission instant (the demo seed backdates on-time reports). */
  now = Date.now(),
) {
  const { c, s, existing } = await prepareWrite(d1, staff, campaignId, unitId, now);
  const definition = await definitionOf(d1, c.versionId);
  const checked = validateAnswers(definition, body.answers);
  const problems: FieldError[] = checked.ok ? [] : checked.errors;
  const models = withModelIds(body.models, existing ? (JSON.parse(existing.models) as ReportModels) : null);
  const own = new Set(
    (await q.selectUnitModels(d1, await unitAndMergedPredecessors(d1, unitId))).map((m) => m.id),
  );
  models.progress.forEach((p, i) => {
    if (!own.has(p.modelId))
      problems.push(
        fieldError(`models.progress.${i}.modelId`, 'unknown_model', {
          vi: 'Mô hình không thuộc đơn vị.',
          en: 'Not a model of this unit.',
        }),
      );
  });
  if (problems.length || !checked.ok) throw new AppError('validation_failed', problems);
  const reportId = existing?.id ?? newId();
  const guard = { reportId, at: now };
  const stmts: D1PreparedStatement[] = [
    q.submitStatement(d1, {
      id: reportId,
      campaignId: c.id,
      unitId,
      versionId: c.versionId,
      data: JSON.stringify(checked.answers),
      models: JSON.stringify(models),
      actorId: s.userId,
      now,
    }),
    q.eventStatement(d1, {
      id: newId(),
      reportId,
      action: 'submit',
      actorId: s.userId,
      comment: null,
      at: now,
    }),
    ...reportedModelStatements(d1, { unitId, guard, actorId: s.userId, now }, models),
  ];
  const [res] = await batchWithAudit(d1, stmts, {
    actorId: s.userId,
    action: 'report.submit',
    targetType: 'dvk_report',
    targetId: reportId,
    detail: { campaignId: c.id, unitId, newModels: models.new.length, progress: models.progress.length },
  });
  if (!res?.meta.changes) throw new AppError('report_locked');
  const late = (existing?.firstSubmittedAt ?? now) >= deadlineOf(c.dueDate);
  return {
    reportId,
    status: 'submitted' as const,
    late,
    submittedAt: now,
    modelIds: models.new.map((m) => m.id),
  };
}

/** Trả lại để bổ sung: campaign managers return a submitted report with a comment. */
export async function returnReport(
  d1: D1Database,
  staff: StaffSession | undefined,
  campaignId: string,
  unitId: string,
  comment: string,
) {
  const c = await requireCampaign(d1, campaignId);
  const s = authorize(staff, MODEL_MANAGE, c.unitPath);
  const report = await q.selectReport(d1, c.id, unitId);
  if (!report) throw new AppError('not_found', { what: 'report' });
  const now = Date.now();
  const [res] = await batchWithAudit(
    d1,
    [
      q.returnStatement(d1, { reportId: report.id, comment, actorId: s.userId, now }),
      q.eventStatement(d1, {
        id: newId(),
        reportId: report.id,
        action: 'return',
        actorId: s.userId,
        comment,
        at: now,
      }),
    ],
    { actorId: s.userId, action: 'report.return', targetType: 'dvk_report', targetId: report.id },
  );
  if (!res?.meta.changes) throw new AppError('report_not_submitted');
  return { status: 'returned' as const };
}
