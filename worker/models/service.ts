/**
 * Mô hình "Dân vận khéo": the registry's rules — who may read, edit and evaluate a model, the
 * status machine (registered → effective / not effective → replicated), the rubric, and the
 * coverage rollups every write keeps in step (see queries.ts, "Rollup rule").
 */
import { batchWithAudit } from '../audit/service';
import { authorize, authorizeRoot, type StaffSession, scopes } from '../auth/service';
import type { ModelField, Role } from '../db/schema';
import { AppError, fieldError } from '../lib/errors';
import { fold } from '../lib/i18n';
import { newId } from '../lib/ids';
import { vnDay } from '../lib/time';
import { getUnit, unitAndMergedPredecessors } from '../org/service';
import * as q from './queries';
import {
  type Criterion,
  checkScores,
  DEFAULT_CRITERIA,
  DEFAULT_THRESHOLD_BP,
  scoreBp,
  verdictOf,
} from './rubric';
import type { CreateModelInput, ModelListFilter, UpdateModelInput } from './schema';

/** Evaluate models, configure campaigns: MTTQ/Ban Dân vận staff and administrators. */
export const MODEL_MANAGE: readonly Role[] = ['form_designer', 'admin'];
/** Register and edit a unit's models: the above plus the ward's reporter. */
export const MODEL_EDIT: readonly Role[] = [...MODEL_MANAGE, 'ward_reporter'];
/** Read the registry: the above plus the boards' members. */
export const MODEL_READ: readonly Role[] = [...MODEL_EDIT, 'board_viewer'];

/** The year a model counts in: explicit, else its start date's, else this year. */
export function modelYear(input: { year?: number; startDate?: string | null }, now = Date.now()): number {
  if (input.year) return input.year;
  if (input.startDate) return Number(input.startDate.slice(0, 4));
  return Number(vnDay(now).slice(0, 4));
}

/** Column values of a model from validated input (the search text is folded name + description). */
export function modelValues(
  unitId: string,
  input: CreateModelInput | Required<UpdateModelInput>,
  now = Date.now(),
): q.ModelValues {
  const description = input.description ?? '';
  return {
    unitId,
    name: input.name!,
    searchText: fold(`${input.name} ${description}`),
    field: input.field as ModelField,
    year: modelYear(input, now),
    startDate: input.startDate ?? null,
    description,
    peopleMobilised: input.peopleMobilised ?? 0,
    householdsMobilised: input.householdsMobilised ?? 0,
    moneyVnd: input.moneyVnd ?? 0,
    workdays: input.workdays ?? 0,
    materials: input.materials ?? '',
    results: input.results ?? '',
    recognition: input.recognition ?? null,
  };
}

/**
 * What a dân vận khéo report writes into the registry, as statements for the report's own batch:
 * each model it registers (upserted, its coverage rollup moved out and back in) and each progress
 * note on an existing model, all guarded on that very submission (`guard`: a stale one writes nothing).
 */
export function reportedModelStatements(
  d1: D1Database,
  report: { unitId: string; guard: q.ReportGuard; actorId: string; now: number },
  models: {
    new: (Omit<CreateModelInput, 'unitId'> & { id: string })[];
    progress: { modelId: string; note: string }[];
  },
): D1PreparedStatement[] {
  const { unitId, guard, actorId, now } = report;
  const meta = { sourceReportId: guard.reportId, actorId, now, guard };
  return [
    ...models.new.flatMap((m) => [
      q.rollupOut(d1, m.id),
      q.upsertModelStatement(d1, m.id, modelValues(unitId, { ...m, unitId }, now), meta),
      q.rollupIn(d1, m.id),
    ]),
    ...models.progress.map((p) =>
      q.upsertProgressStatement(d1, {
        id: newId(),
        modelId: p.modelId,
        reportId: guard.reportId,
        note: p.note,
        actorId,
        now,
        guard,
      }),
    ),
  ];
}

/** Loads a model and checks one of `roles` on its unit; unknown ids are 404. */
export async function requireModel(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  roles: readonly Role[],
) {
  const m = await q.selectModel(d1, id);
  if (!m) throw new AppError('not_found', { what: 'model' });
  authorize(staff, roles, m.unitPath);
  return m;
}

/** Registers a model (status `registered`), rollup and audit in the same batch. */
export async function createModel(d1: D1Database, staff: StaffSession | undefined, input: CreateModelInput) {
  const unit = await getUnit(d1, input.unitId);
  if (!unit)
    throw new AppError('validation_failed', [
      fieldError('unitId', 'unknown_unit', { vi: 'Đơn vị không tồn tại.', en: 'Unknown unit.' }),
    ]);
  const s = authorize(staff, MODEL_EDIT, unit.path);
  const id = newId();
  const now = Date.now();
  await batchWithAudit(
    d1,
    [
      q.upsertModelStatement(d1, id, modelValues(unit.id, input, now), {
        sourceReportId: null,
        actorId: s.userId,
        now,
      }),
      q.rollupIn(d1, id),
    ],
    { actorId: s.userId, action: 'model.create', targetType: 'dvk_model', targetId: id },
  );
  return (await q.selectModel(d1, id))!;
}

/** Edits a model's facts; its bucket and totals move in the same batch. */
export async function updateModel(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  patch: UpdateModelInput,
) {
  const m = await requireModel(d1, staff, id, MODEL_EDIT);
  const merged = {
    name: m.name,
    field: m.field,
    year: m.year,
    startDate: m.startDate,
    description: m.description,
    peopleMobilised: m.peopleMobilised,
    householdsMobilised: m.householdsMobilised,
    moneyVnd: m.moneyVnd,
    workdays: m.workdays,
    materials: m.materials,
    results: m.results,
    recognition: m.recognition,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  } as Required<UpdateModelInput>;
  const now = Date.now();
  await batchWithAudit(
    d1,
    [
      q.rollupOut(d1, id),
      q.updateModelStatement(d1, id, modelValues(m.unitId, merged, now), now),
      q.rollupIn(d1, id),
    ],
    {
      actorId: staff!.userId,
      action: 'model.update',
      targetType: 'dvk_model',
      targetId: id,
      detail: Object.keys(patch),
    },
  );
  return (await q.selectModel(d1, id))!;
}

/** One model with its evaluation history, progress entries, replication links and photos. */
export async function getModelDetail(d1: D1Database, staff: StaffSession | undefined, id: string) {
  const model = await requireModel(d1, staff, id, MODEL_READ);
  const [evaluations, progress, links, photos] = await Promise.all([
    q.selectEvaluations(d1, id),
    q.selectProgress(d1, id),
    q.selectLinks(d1, id),
    q.selectPhotos(d1, id),
  ]);
  return {
    model,
    evaluations: evaluations.map((e) => ({ ...e, scores: JSON.parse(e.scores) as Record<string, number> })),
    progress,
    replicatedTo: links
      .filter((l) => l.fromId === id)
      .map((l) => ({ id: l.toId, name: l.otherName, unitName: l.otherUnitName })),
    replicatedFrom: links
      .filter((l) => l.toId === id)
      .map((l) => ({ id: l.fromId, name: l.otherName, unitName: l.otherUnitName })),
    // The storage key stays on the server: readers get the photo through its URL only.
    photos: photos.map((p) => ({
      id: p.id,
      type: p.type,
      size: p.size,
      createdAt: p.createdAt,
      url: `/api/models/${id}/photos/${p.id}`,
    })),
  };
}

/** The registry list, filtered to the caller's read scopes; `q` ignores diacritics. */
export async function listModels(d1: D1Database, staff: StaffSession | undefined, f: ModelListFilter) {
  if (!staff) throw new AppError('unauthenticated');
  let unit: q.ModelQuery['unit'];
  if (f.unitId) {
    const u = await getUnit(d1, f.unitId);
    if (!u) return { models: [], total: 0 };
    unit = { path: u.path, ids: await unitAndMergedPredecessors(d1, u.id) };
  }
  const folded = f.q ? fold(f.q) : '';
  const { rows, total } = await q.selectModels(d1, {
    scopes: scopes(staff, MODEL_READ),
    folded: folded || undefined,
    field: f.field,
    unit,
    year: f.year,
    status: f.status,
    limit: f.limit ?? 50,
    offset: f.offset ?? 0,
  });
  return { models: rows, total };
}

// ---- rubric and evaluation -----------------------------------------------------------------------

/** A rubric as the API returns it. */
export interface Rubric {
  id: string;
  name: string;
  criteria: Criterion[];
  thresholdBp: number;
}

function toRubric(r: q.RubricRow): Rubric {
  return {
    id: r.id,
    name: r.name,
    criteria: JSON.parse(r.criteria) as Criterion[],
    thresholdBp: r.thresholdBp,
  };
}

/** The active rubric; the usual six criteria are installed the first time one is needed. */
export async function activeRubric(d1: D1Database): Promise<Rubric> {
  let r = await q.selectActiveRubric(d1);
  if (!r) {
    await q
      .insertDefaultRubricStatement(d1, {
        id: newId(),
        name: 'Tiêu chí "Dân vận khéo" (mặc định)',
        criteria: JSON.stringify(DEFAULT_CRITERIA),
        thresholdBp: DEFAULT_THRESHOLD_BP,
        now: Date.now(),
      })
      .run();
    r = await q.selectActiveRubric(d1);
  }
  return toRubric(r!);
}

/** A new rubric version becomes the active one; old evaluations keep theirs. Root-level managers only. */
export async function createRubric(
  d1: D1Database,
  staff: StaffSession | undefined,
  input: { name: string; criteria: Criterion[]; thresholdBp: number },
): Promise<Rubric> {
  const s = authorizeRoot(staff, MODEL_MANAGE);
  const id = newId();
  await batchWithAudit(
    d1,
    q.insertRubricStatements(d1, {
      id,
      name: input.name,
      criteria: JSON.stringify(input.criteria),
      thresholdBp: input.thresholdBp,
      actorId: s.userId,
      now: Date.now(),
    }),
    { actorId: s.userId, action: 'rubric.create', targetType: 'dvk_rubric', targetId: id },
  );
  return toRubric((await q.selectRubric(d1, id))!);
}

/**
 * Đánh giá: a reviewer scores a model against the active rubric. The score (basis points, exact)
 * decides the verdict; the evaluation becomes current, the status follows, the rollup moves —
 * one batch. Earlier evaluations stay as history.
 */
export async function evaluateModel(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  input: { scores: Record<string, number>; comment?: string },
) {
  await requireModel(d1, staff, id, MODEL_MANAGE);
  const rubric = await activeRubric(d1);
  const problems = checkScores(rubric.criteria, input.scores);
  if (problems.length) {
    throw new AppError(
      'validation_failed',
      problems.map((p) =>
        fieldError(p.path, p.code, {
          vi:
            p.code === 'unknown_criterion'
              ? 'Tiêu chí không có trong bộ tiêu chí.'
              : 'Điểm phải là số nguyên trong khoảng cho phép.',
          en:
            p.code === 'unknown_criterion'
              ? 'Not a criterion of the rubric.'
              : 'Points must be a whole number in range.',
        }),
      ),
    );
  }
  const bp = scoreBp(rubric.criteria, input.scores);
  const verdict = verdictOf(bp, rubric.thresholdBp);
  const evaluationId = newId();
  await batchWithAudit(
    d1,
    q.evaluationStatements(d1, {
      id: evaluationId,
      modelId: id,
      rubricId: rubric.id,
      reviewerId: staff!.userId,
      scores: JSON.stringify(input.scores),
      scoreBp: bp,
      verdict,
      comment: input.comment ?? '',
      now: Date.now(),
    }),
    {
      actorId: staff!.userId,
      action: 'model.evaluate',
      targetType: 'dvk_model',
      targetId: id,
      detail: { scoreBp: bp, verdict },
    },
  );
  return { evaluationId, scoreBp: bp, verdict, model: (await q.selectModel(d1, id))! };
}

/** Nhân rộng: records that model `fromId` spread to `toId` (fromId must be evaluated effective). */
export async function addReplication(
  d1: D1Database,
  staff: StaffSession | undefined,
  fromId: string,
  toId: string,
) {
  const from = await requireModel(d1, staff, fromId, MODEL_EDIT);
  if (fromId === toId) throw new AppError('model_self_link');
  await requireModel(d1, staff, toId, MODEL_READ);
  // Early answer for the common case; the INSERT is itself conditional on the verdict, so a
  // concurrent re-evaluation cannot slip a link past the rule.
  if (from.verdict !== 'effective') throw new AppError('model_not_effective');
  const res = await batchWithAudit(
    d1,
    q.replicationStatements(d1, { fromId, toId, actorId: staff!.userId, now: Date.now() }),
    {
      actorId: staff!.userId,
      action: 'model.replicate',
      targetType: 'dvk_model',
      targetId: fromId,
      detail: { toId },
    },
  );
  const model = (await q.selectModel(d1, fromId))!;
  if (!res[1]?.meta.changes && model.verdict !== 'effective') throw new AppError('model_not_effective');
  return model;
}

/** Tiến độ: a progress note on a model by staff (reports add theirs through the campaign). */
export async function addProgress(d1: D1Database, staff: StaffSession | undefined, id: string, note: string) {
  await requireModel(d1, staff, id, MODEL_EDIT);
  const pid = newId();
  await batchWithAudit(
    d1,
    [
      q.upsertProgressStatement(d1, {
        id: pid,
        modelId: id,
        reportId: null,
        note,
        actorId: staff!.userId,
        now: Date.now(),
      }),
    ],
    { actorId: staff!.userId, action: 'model.progress', targetType: 'dvk_model', targetId: id },
  );
  return { id: pid };
}

/**
 * Scores several models in one batch (the demo seed; a council entering a session's results).
 * Same rules as `evaluateModel`, one transaction.
 */
export async function evaluateMany(
  d1: D1Database,
  staff: StaffSession | undefined,
  items: { modelId: string; scores: Record<string, number>; comment?: string }[],
) {
  const rubric = await activeRubric(d1);
  const models = new Map(
    (
      await q.selectModelsByIds(
        d1,
        items.map((i) => i.modelId),
      )
    ).map((m) => [m.id, m]),
  );
  const stmts: D1PreparedStatement[] = [];
  const now = Date.now();
  for (const it of items) {
    const m = models.get(it.modelId);
    if (!m) throw new AppError('not_found', { what: 'model' });
    authorize(staff, MODEL_MANAGE, m.unitPath);
    if (checkScores(rubric.criteria, it.scores).length) throw new AppError('validation_failed', []);
    const bp = scoreBp(rubric.criteria, it.scores);
    stmts.push(
      ...q.evaluationStatements(d1, {
        id: newId(),
        modelId: m.id,
        rubricId: rubric.id,
        reviewerId: staff!.userId,
        scores: JSON.stringify(it.scores),
        scoreBp: bp,
        verdict: verdictOf(bp, rubric.thresholdBp),
        comment: it.comment ?? '',
        now,
      }),
    );
  }
  if (stmts.length)
    await batchWithAudit(d1, stmts, {
      actorId: staff!.userId,
      action: 'model.evaluate_many',
      targetType: 'dvk_model',
      detail: { n: items.length },
    });
}
