/**
 * Every SQL statement of the model registry. The rollup upkeep reads the model row inside the
 * statement itself (no read-then-write in the Worker).
 *
 * Rollup rule: any write that may change a model's bucket or totals is wrapped as
 * `[rollupOut(id), …the change…, rollupIn(id)]` in ONE batch — the model's old contribution
 * leaves its old bucket and its new contribution enters its new one, atomically.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  getTableColumns,
  gt,
  inArray,
  isNotNull,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db, excluded, inJson, selectValues, statement } from '../db/client';
import {
  dvkCampaigns,
  dvkEvaluations,
  dvkModelCounts,
  dvkModelLinks,
  dvkModelPhotos,
  dvkModelProgress,
  dvkModels,
  dvkReports,
  dvkRubrics,
  type ModelField,
  type ModelStatus,
  type UnitKind,
  units,
  users,
} from '../db/schema';
import { inSubtree } from '../db/subtree';

const m = dvkModels;
const c = dvkModelCounts;

/** The columns a model write sets (everything a person edits, plus the derived search text). */
export type ModelValues = Required<
  Pick<
    typeof dvkModels.$inferInsert,
    | 'unitId'
    | 'name'
    | 'searchText'
    | 'field'
    | 'year'
    | 'startDate'
    | 'description'
    | 'peopleMobilised'
    | 'householdsMobilised'
    | 'moneyVnd'
    | 'workdays'
    | 'materials'
    | 'results'
    | 'recognition'
  >
>;

/** Subtracts the model's current contribution from its bucket (no-op when the model does not exist). */
export function rollupOut(d1: D1Database, id: string): D1PreparedStatement {
  return statement(
    d1,
    db(d1)
      .update(c)
      .set({
        n: sql`${c.n} - 1`,
        people: sql`${c.people} - ${m.peopleMobilised}`,
        households: sql`${c.households} - ${m.householdsMobilised}`,
        moneyVnd: sql`${c.moneyVnd} - ${m.moneyVnd}`,
        workdays: sql`${c.workdays} - ${m.workdays}`,
        replications: sql`${c.replications} - ${m.replicationCount}`,
      })
      .from(m)
      .where(
        and(
          eq(m.id, id),
          eq(c.unitId, m.unitId),
          eq(c.field, m.field),
          eq(c.year, m.year),
          eq(c.status, m.status),
        ),
      ),
  );
}

/** Adds the model's current contribution to its bucket. */
export function rollupIn(d1: D1Database, id: string): D1PreparedStatement {
  const q = db(d1);
  return statement(
    d1,
    q
      .insert(c)
      .select(
        q
          .select({
            unitId: m.unitId,
            field: m.field,
            year: m.year,
            status: m.status,
            n: sql<number>`1`.as('n'),
            people: m.peopleMobilised,
            households: m.householdsMobilised,
            moneyVnd: m.moneyVnd,
            workdays: m.workdays,
            replications: m.replicationCount,
          })
          .from(m)
          .where(eq(m.id, id)),
      )
      .onConflictDoUpdate({
        target: [c.unitId, c.field, c.year, c.status],
        set: {
          n: sql`${c.n} + ${excluded(c.n)}`,
          people: sql`${c.people} + ${excluded(c.people)}`,
          households: sql`${c.households} + ${excluded(c.households)}`,
          moneyVnd: sql`${c.moneyVnd} + ${excluded(c.moneyVnd)}`,
          workdays: sql`${c.workdays} + ${excluded(c.workdays)}`,
          replications: sql`${c.replications} + ${excluded(c.replications)}`,
        },
      }),
  );
}

/**
 * Writes that a report submission makes (models, progress) carry this guard: they apply only if
 * the report is now submitted at exactly this instant, i.e. this very submission went through.
 */
export interface ReportGuard {
  reportId: string;
  at: number;
}
function guardOf(d1: D1Database, g?: ReportGuard): SQL {
  if (!g) return sql`1`;
  return exists(
    db(d1)
      .select({ one: sql`1` })
      .from(dvkReports)
      .where(
        and(
          eq(dvkReports.id, g.reportId),
          eq(dvkReports.status, 'submitted'),
          eq(dvkReports.submittedAt, g.at),
        ),
      ),
  );
}

/**
 * Inserts a model, or — for a model created by a campaign report and resubmitted after a return —
 * updates it, but only when it belongs to that same report (a report can never overwrite another
 * model by naming its id).
 */
export function upsertModelStatement(
  d1: D1Database,
  id: string,
  v: ModelValues,
  meta: { sourceReportId: string | null; actorId: string | null; now: number; guard?: ReportGuard },
): D1PreparedStatement {
  const row = {
    ...v,
    id,
    sourceReportId: meta.sourceReportId,
    createdBy: meta.actorId,
    createdAt: meta.now,
    updatedAt: meta.now,
  };
  return statement(
    d1,
    db(d1)
      .insert(m)
      .select(sql`${selectValues(m, row)} WHERE ${guardOf(d1, meta.guard)}`)
      .onConflictDoUpdate({
        target: m.id,
        // Every value column but the unit: a model never moves to another unit this way.
        set: {
          name: excluded(m.name),
          searchText: excluded(m.searchText),
          field: excluded(m.field),
          year: excluded(m.year),
          startDate: excluded(m.startDate),
          description: excluded(m.description),
          peopleMobilised: excluded(m.peopleMobilised),
          householdsMobilised: excluded(m.householdsMobilised),
          moneyVnd: excluded(m.moneyVnd),
          workdays: excluded(m.workdays),
          materials: excluded(m.materials),
          results: excluded(m.results),
          recognition: excluded(m.recognition),
          updatedAt: excluded(m.updatedAt),
        },
        setWhere: and(isNotNull(m.sourceReportId), eq(m.sourceReportId, excluded(m.sourceReportId))),
      }),
  );
}

/** Updates the editable columns of an existing model. */
export function updateModelStatement(d1: D1Database, id: string, v: ModelValues, now: number) {
  return statement(
    d1,
    db(d1)
      .update(m)
      .set({ ...v, updatedAt: now })
      .where(eq(m.id, id)),
  );
}

/** A model with its unit's name and path: what every reader of a model gets. */
const modelFields = {
  id: m.id,
  unitId: m.unitId,
  // Named apart from the model's own `name`: read in a batch, columns are matched by name (decision 282).
  unitName: sql<string>`${units.name}`.as('unit_name'),
  unitPath: units.path,
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
  verdict: m.verdict,
  status: m.status,
  currentEvaluationId: m.currentEvaluationId,
  currentScoreBp: m.currentScoreBp,
  replicationCount: m.replicationCount,
  sourceReportId: m.sourceReportId,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
};

const modelsWithUnits = (d1: D1Database) =>
  db(d1).select(modelFields).from(m).innerJoin(units, eq(units.id, m.unitId));

export async function selectModel(d1: D1Database, id: string) {
  return (await modelsWithUnits(d1).where(eq(m.id, id)).get()) ?? null;
}
export type ModelRow = NonNullable<Awaited<ReturnType<typeof selectModel>>>;

export async function selectModelsByIds(d1: D1Database, ids: string[]): Promise<ModelRow[]> {
  if (!ids.length) return [];
  return modelsWithUnits(d1).where(inJson(m.id, ids)).all();
}

/** Filters of the registry list; `scopes` are unit paths (subtrees) the caller may read. */
export interface ModelQuery {
  scopes: string[];
  folded?: string;
  field?: ModelField;
  /** Subtree of this path, plus models of these unit ids (units merged into it). */
  unit?: { path: string; ids: string[] };
  year?: number;
  status?: ModelStatus;
  limit: number;
  offset: number;
}

function whereOf(q: ModelQuery): SQL | undefined {
  if (!q.scopes.length) return sql`0`;
  const merged = q.unit?.ids.slice(0, 50) ?? [];
  return and(
    or(...q.scopes.map((p) => inSubtree(units.path, p))),
    q.folded ? sql`instr(${m.searchText}, ${q.folded}) > 0` : undefined,
    q.field ? eq(m.field, q.field) : undefined,
    q.unit
      ? or(inSubtree(units.path, q.unit.path), merged.length ? inArray(m.unitId, merged) : undefined)
      : undefined,
    q.year !== undefined ? eq(m.year, q.year) : undefined,
    q.status ? eq(m.status, q.status) : undefined,
  );
}

/** One page of the registry, newest year first, with the total count (one batch of two reads). */
export async function selectModels(
  d1: D1Database,
  q: ModelQuery,
): Promise<{ rows: ModelRow[]; total: number }> {
  const where = whereOf(q);
  const client = db(d1);
  const [rows, [total]] = await client.batch([
    modelsWithUnits(d1)
      .where(where)
      .orderBy(desc(m.year), desc(m.createdAt), asc(m.id))
      .limit(q.limit)
      .offset(q.offset),
    client.select({ n: count() }).from(m).innerJoin(units, eq(units.id, m.unitId)).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

// ---- evaluations -------------------------------------------------------------------------------

const rubricFields = {
  id: dvkRubrics.id,
  name: dvkRubrics.name,
  criteria: dvkRubrics.criteria,
  thresholdBp: dvkRubrics.thresholdBp,
  active: dvkRubrics.active,
  createdAt: dvkRubrics.createdAt,
};

export async function selectActiveRubric(d1: D1Database) {
  const row = await db(d1)
    .select(rubricFields)
    .from(dvkRubrics)
    .where(eq(dvkRubrics.active, true))
    .orderBy(desc(dvkRubrics.createdAt))
    .limit(1)
    .get();
  return row ?? null;
}
export type RubricRow = NonNullable<Awaited<ReturnType<typeof selectActiveRubric>>>;

export async function selectRubric(d1: D1Database, id: string): Promise<RubricRow | null> {
  return (await db(d1).select(rubricFields).from(dvkRubrics).where(eq(dvkRubrics.id, id)).get()) ?? null;
}

/** Makes `r` the only active rubric: previous versions stay (evaluations reference them). */
export function insertRubricStatements(
  d1: D1Database,
  r: { id: string; name: string; criteria: string; thresholdBp: number; actorId: string | null; now: number },
): D1PreparedStatement[] {
  const q = db(d1);
  return [
    statement(d1, q.update(dvkRubrics).set({ active: false }).where(eq(dvkRubrics.active, true))),
    statement(
      d1,
      q.insert(dvkRubrics).values({
        id: r.id,
        name: r.name,
        criteria: r.criteria,
        thresholdBp: r.thresholdBp,
        active: true,
        createdBy: r.actorId,
        createdAt: r.now,
      }),
    ),
  ];
}

/** Inserts the first rubric only when none exists (safe to run concurrently and repeatedly). */
export function insertDefaultRubricStatement(
  d1: D1Database,
  r: { id: string; name: string; criteria: string; thresholdBp: number; now: number },
): D1PreparedStatement {
  const row = {
    id: r.id,
    name: r.name,
    criteria: r.criteria,
    thresholdBp: r.thresholdBp,
    active: true,
    createdAt: r.now,
  };
  return statement(
    d1,
    db(d1)
      .insert(dvkRubrics)
      .select(sql`${selectValues(dvkRubrics, row)} WHERE NOT EXISTS (SELECT 1 FROM ${dvkRubrics})`),
  );
}

/** The evaluation rows + the model's new current evaluation and status, wrapped by the rollup pair. */
export function evaluationStatements(
  d1: D1Database,
  e: {
    id: string;
    modelId: string;
    rubricId: string;
    reviewerId: string;
    scores: string;
    scoreBp: number;
    verdict: 'effective' | 'not_effective';
    comment: string;
    now: number;
  },
): D1PreparedStatement[] {
  const q = db(d1);
  const { now, ...evaluation } = e;
  return [
    rollupOut(d1, e.modelId),
    statement(d1, q.insert(dvkEvaluations).values({ ...evaluation, createdAt: now })),
    statement(
      d1,
      q
        .update(m)
        .set({
          verdict: e.verdict,
          currentEvaluationId: e.id,
          currentScoreBp: e.scoreBp,
          updatedAt: now,
          // An effective model already spread elsewhere is replicated.
          status:
            e.verdict === 'effective'
              ? sql`CASE WHEN ${m.replicationCount} > 0 THEN 'replicated' ELSE 'effective' END`
              : e.verdict,
        })
        .where(eq(m.id, e.modelId)),
    ),
    rollupIn(d1, e.modelId),
  ];
}

export async function selectEvaluations(d1: D1Database, modelId: string) {
  const e = dvkEvaluations;
  return db(d1)
    .select({
      id: e.id,
      rubricId: e.rubricId,
      reviewerId: e.reviewerId,
      reviewerName: users.name,
      scores: e.scores,
      scoreBp: e.scoreBp,
      verdict: e.verdict,
      comment: e.comment,
      createdAt: e.createdAt,
    })
    .from(e)
    .leftJoin(users, eq(users.id, e.reviewerId))
    .where(eq(e.modelId, modelId))
    .orderBy(desc(e.createdAt), desc(e.id))
    .all();
}

// ---- replication, progress, photos ------------------------------------------------------------

/**
 * Links `fromId` → `toId` only while `fromId` is evaluated effective (the status machine: only an
 * effective model is replicated), then recounts and re-derives the status; wrapped by the rollup pair.
 * The second statement's `changes` says whether the link was made.
 */
export function replicationStatements(
  d1: D1Database,
  p: { fromId: string; toId: string; actorId: string; now: number },
): D1PreparedStatement[] {
  const q = db(d1);
  const model = (id: string, ...conditions: SQL[]) =>
    exists(
      q
        .select({ one: sql`1` })
        .from(m)
        .where(and(eq(m.id, id), ...conditions)),
    );
  const link = { fromId: p.fromId, toId: p.toId, createdBy: p.actorId, createdAt: p.now };
  const links = sql`(SELECT count(*) FROM ${dvkModelLinks} WHERE ${dvkModelLinks.fromId} = ${p.fromId})`;
  return [
    rollupOut(d1, p.fromId),
    statement(
      d1,
      q
        .insert(dvkModelLinks)
        .select(
          sql`${selectValues(dvkModelLinks, link)}
               WHERE ${model(p.fromId, eq(m.verdict, 'effective'))} AND ${model(p.toId)}`,
        )
        .onConflictDoNothing(),
    ),
    statement(
      d1,
      q
        .update(m)
        .set({
          replicationCount: links,
          status: sql`CASE WHEN ${m.verdict} IS NULL THEN 'registered'
                           WHEN ${m.verdict} = 'effective' AND ${links} > 0 THEN 'replicated'
                           ELSE ${m.verdict} END`,
        })
        .where(eq(m.id, p.fromId)),
    ),
    rollupIn(d1, p.fromId),
  ];
}

export async function selectLinks(d1: D1Database, modelId: string) {
  const l = dvkModelLinks;
  const [f, t, fu, tu] = [alias(m, 'f'), alias(m, 't'), alias(units, 'fu'), alias(units, 'tu')];
  const outgoing = eq(l.fromId, modelId);
  return db(d1)
    .select({
      fromId: l.fromId,
      toId: l.toId,
      createdAt: l.createdAt,
      otherName: sql<string>`CASE WHEN ${outgoing} THEN ${t.name} ELSE ${f.name} END`,
      otherUnitName: sql<string>`CASE WHEN ${outgoing} THEN ${tu.name} ELSE ${fu.name} END`,
    })
    .from(l)
    .innerJoin(f, eq(f.id, l.fromId))
    .innerJoin(fu, eq(fu.id, f.unitId))
    .innerJoin(t, eq(t.id, l.toId))
    .innerJoin(tu, eq(tu.id, t.unitId))
    .where(or(outgoing, eq(l.toId, modelId)))
    .orderBy(asc(l.createdAt))
    .all();
}

/** A progress entry; from a report, a resubmission replaces the note instead of adding a row. */
export function upsertProgressStatement(
  d1: D1Database,
  p: {
    id: string;
    modelId: string;
    reportId: string | null;
    note: string;
    actorId: string | null;
    now: number;
    guard?: ReportGuard;
  },
): D1PreparedStatement {
  const pr = dvkModelProgress;
  const row = {
    id: p.id,
    modelId: p.modelId,
    reportId: p.reportId,
    note: p.note,
    createdBy: p.actorId,
    createdAt: p.now,
  };
  return statement(
    d1,
    db(d1)
      .insert(pr)
      .select(sql`${selectValues(pr, row)} WHERE ${guardOf(d1, p.guard)}`)
      .onConflictDoUpdate({
        target: [pr.reportId, pr.modelId],
        set: { note: excluded(pr.note), createdAt: excluded(pr.createdAt) },
      }),
  );
}

export async function selectProgress(d1: D1Database, modelId: string) {
  const pr = dvkModelProgress;
  return db(d1)
    .select({
      id: pr.id,
      note: pr.note,
      reportId: pr.reportId,
      createdAt: pr.createdAt,
      campaignTitle: dvkCampaigns.title,
    })
    .from(pr)
    .leftJoin(dvkReports, eq(dvkReports.id, pr.reportId))
    .leftJoin(dvkCampaigns, eq(dvkCampaigns.id, dvkReports.campaignId))
    .where(eq(pr.modelId, modelId))
    .orderBy(desc(pr.createdAt))
    .all();
}

export function insertPhotoStatement(
  d1: D1Database,
  p: { id: string; modelId: string; key: string; type: string; size: number; actorId: string; now: number },
) {
  const { actorId, now, ...photo } = p;
  return statement(
    d1,
    db(d1)
      .insert(dvkModelPhotos)
      .values({ ...photo, createdBy: actorId, createdAt: now }),
  );
}

const photoFields = {
  id: dvkModelPhotos.id,
  key: dvkModelPhotos.key,
  type: dvkModelPhotos.type,
  size: dvkModelPhotos.size,
};

export async function selectPhotos(d1: D1Database, modelId: string) {
  return db(d1)
    .select({ ...photoFields, createdAt: dvkModelPhotos.createdAt })
    .from(dvkModelPhotos)
    .where(eq(dvkModelPhotos.modelId, modelId))
    .orderBy(asc(dvkModelPhotos.createdAt))
    .all();
}

export async function selectPhoto(d1: D1Database, modelId: string, id: string) {
  const row = await db(d1)
    .select(photoFields)
    .from(dvkModelPhotos)
    .where(and(eq(dvkModelPhotos.modelId, modelId), eq(dvkModelPhotos.id, id)))
    .get();
  return row ?? null;
}

// ---- coverage ----------------------------------------------------------------------------------

export type CountRow = typeof dvkModelCounts.$inferSelect;

/** Non-empty rollup buckets of the units in a subtree (O(buckets), never a scan of models), with
 * the bucket unit's path (coverage attributes a residential area's models to its ward). */
export async function selectCounts(d1: D1Database, path: string, year?: number) {
  return db(d1)
    .select({ ...getTableColumns(c), unitPath: units.path })
    .from(c)
    .innerJoin(units, eq(units.id, c.unitId))
    .where(and(inSubtree(units.path, path), gt(c.n, 0), year === undefined ? undefined : eq(c.year, year)))
    .all();
}

/** Every non-empty bucket (for tests: rollup vs recount). */
export async function selectAllCounts(d1: D1Database): Promise<CountRow[]> {
  return db(d1).select().from(c).where(ne(c.n, 0)).all();
}

/** The same figures recounted from the raw model rows (tests and the `verify` check). */
export async function recountFromModels(d1: D1Database): Promise<CountRow[]> {
  return db(d1)
    .select({
      unitId: m.unitId,
      field: m.field,
      year: m.year,
      status: m.status,
      n: count(),
      people: sql<number>`sum(${m.peopleMobilised})`,
      households: sql<number>`sum(${m.householdsMobilised})`,
      moneyVnd: sql<number>`sum(${m.moneyVnd})`,
      workdays: sql<number>`sum(${m.workdays})`,
      replications: sql<number>`sum(${m.replicationCount})`,
    })
    .from(m)
    .groupBy(m.unitId, m.field, m.year, m.status)
    .all();
}

/** Units of the given kinds in a subtree, with their merge pointers (current and closed). */
export async function selectUnitsOfKinds(d1: D1Database, path: string, kinds: readonly UnitKind[]) {
  return db(d1)
    .select({
      id: units.id,
      name: units.name,
      kind: units.kind,
      path: units.path,
      validFrom: units.validFrom,
      validTo: units.validTo,
      mergedIntoId: units.mergedIntoId,
    })
    .from(units)
    .where(and(inSubtree(units.path, path), inArray(units.kind, kinds)))
    .orderBy(asc(units.searchName))
    .all();
}

/** Every unit's code, path and merge pointer: what an import resolves codes against, an export writes. */
export async function selectUnitCodes(d1: D1Database) {
  return db(d1)
    .select({ id: units.id, code: units.code, path: units.path, mergedIntoId: units.mergedIntoId })
    .from(units)
    .all();
}

/** The id of a model by unit and exact name (the demo seed skips what exists). */
export async function selectModelIdByUnitAndName(
  d1: D1Database,
  unitId: string,
  name: string,
): Promise<string | null> {
  const row = await db(d1)
    .select({ id: m.id })
    .from(m)
    .where(and(eq(m.unitId, unitId), eq(m.name, name)))
    .limit(1)
    .get();
  return row?.id ?? null;
}
