/**
 * Every SQL statement of the model registry. Raw D1: the rollup upkeep is clearest as SQL that
 * reads the model row inside the statement itself (no read-then-write in the Worker).
 *
 * Rollup rule: any write that may change a model's bucket or totals is wrapped as
 * `[rollupOut(id), …the change…, rollupIn(id)]` in ONE batch — the model's old contribution
 * leaves its old bucket and its new contribution enters its new one, atomically.
 */
import type { ModelField, ModelStatus } from '../db/schema';
import { subtreeBounds } from '../db/subtree';

export interface ModelRow {
  id: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  name: string;
  field: ModelField;
  year: number;
  startDate: string | null;
  description: string;
  peopleMobilised: number;
  householdsMobilised: number;
  moneyVnd: number;
  workdays: number;
  materials: string;
  results: string;
  recognition: 'ward' | 'district' | 'province' | null;
  verdict: 'effective' | 'not_effective' | null;
  status: ModelStatus;
  currentEvaluationId: string | null;
  currentScoreBp: number | null;
  replicationCount: number;
  sourceReportId: string | null;
  createdAt: number;
  updatedAt: number;
}

const MODEL_COLS = `m.id, m.unit_id AS unitId, u.name AS unitName, u.path AS unitPath, m.name, m.field, m.year,
  m.start_date AS startDate, m.description, m.people_mobilised AS peopleMobilised,
  m.households_mobilised AS householdsMobilised, m.money_vnd AS moneyVnd, m.workdays, m.materials, m.results,
  m.recognition, m.verdict, m.status, m.current_evaluation_id AS currentEvaluationId,
  m.current_score_bp AS currentScoreBp, m.replication_count AS replicationCount,
  m.source_report_id AS sourceReportId, m.created_at AS createdAt, m.updated_at AS updatedAt`;

/** The columns a model write sets (everything a person edits, plus the derived search text). */
export interface ModelValues {
  unitId: string;
  name: string;
  searchText: string;
  field: ModelField;
  year: number;
  startDate: string | null;
  description: string;
  peopleMobilised: number;
  householdsMobilised: number;
  moneyVnd: number;
  workdays: number;
  materials: string;
  results: string;
  recognition: string | null;
}

/** Subtracts the model's current contribution from its bucket (no-op when the model does not exist). */
export function rollupOut(d1: D1Database, id: string): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE dvk_model_counts AS c
          SET n = c.n - 1, people = c.people - m.people_mobilised,
              households = c.households - m.households_mobilised, money_vnd = c.money_vnd - m.money_vnd,
              workdays = c.workdays - m.workdays, replications = c.replications - m.replication_count
         FROM dvk_models m
        WHERE m.id = ? AND c.unit_id = m.unit_id AND c.field = m.field AND c.year = m.year AND c.status = m.status`,
    )
    .bind(id);
}

/** Adds the model's current contribution to its bucket. */
export function rollupIn(d1: D1Database, id: string): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO dvk_model_counts (unit_id, field, year, status, n, people, households, money_vnd, workdays, replications)
       SELECT unit_id, field, year, status, 1, people_mobilised, households_mobilised, money_vnd, workdays, replication_count
         FROM dvk_models WHERE id = ?
       ON CONFLICT (unit_id, field, year, status) DO UPDATE SET
         n = n + excluded.n, people = people + excluded.people, households = households + excluded.households,
         money_vnd = money_vnd + excluded.money_vnd, workdays = workdays + excluded.workdays,
         replications = replications + excluded.replications`,
    )
    .bind(id);
}

const VALUE_COLS = [
  'unit_id',
  'name',
  'search_text',
  'field',
  'year',
  'start_date',
  'description',
  'people_mobilised',
  'households_mobilised',
  'money_vnd',
  'workdays',
  'materials',
  'results',
  'recognition',
] as const;

function valueBinds(v: ModelValues) {
  return [
    v.unitId,
    v.name,
    v.searchText,
    v.field,
    v.year,
    v.startDate,
    v.description,
    v.peopleMobilised,
    v.householdsMobilised,
    v.moneyVnd,
    v.workdays,
    v.materials,
    v.results,
    v.recognition,
  ];
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
  const cols = [...VALUE_COLS, 'id', 'source_report_id', 'created_by', 'created_at', 'updated_at'];
  const updates = VALUE_COLS.filter((c) => c !== 'unit_id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  return d1
    .prepare(
      `INSERT INTO dvk_models (${cols.join(', ')}) SELECT ${cols.map(() => '?').join(', ')} WHERE ${guardSql(meta.guard)}
       ON CONFLICT (id) DO UPDATE SET ${updates}, updated_at = excluded.updated_at
        WHERE dvk_models.source_report_id IS NOT NULL AND dvk_models.source_report_id = excluded.source_report_id`,
    )
    .bind(
      ...valueBinds(v),
      id,
      meta.sourceReportId,
      meta.actorId,
      meta.now,
      meta.now,
      ...guardBinds(meta.guard),
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
function guardSql(g?: ReportGuard) {
  return g
    ? `EXISTS (SELECT 1 FROM dvk_reports WHERE id = ? AND status = 'submitted' AND submitted_at = ?)`
    : '1';
}
function guardBinds(g?: ReportGuard) {
  return g ? [g.reportId, g.at] : [];
}

/** Updates the editable columns of an existing model. */
export function updateModelStatement(d1: D1Database, id: string, v: ModelValues, now: number) {
  const sets = VALUE_COLS.map((c) => `${c} = ?`).join(', ');
  return d1
    .prepare(`UPDATE dvk_models SET ${sets}, updated_at = ? WHERE id = ?`)
    .bind(...valueBinds(v), now, id);
}

export async function selectModel(d1: D1Database, id: string): Promise<ModelRow | null> {
  return d1
    .prepare(`SELECT ${MODEL_COLS} FROM dvk_models m JOIN units u ON u.id = m.unit_id WHERE m.id = ?`)
    .bind(id)
    .first<ModelRow>();
}

export async function selectModelsByIds(d1: D1Database, ids: string[]): Promise<ModelRow[]> {
  if (!ids.length) return [];
  const out: ModelRow[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const { results } = await d1
      .prepare(
        `SELECT ${MODEL_COLS} FROM dvk_models m JOIN units u ON u.id = m.unit_id WHERE m.id IN (${chunk.map(() => '?').join(',')})`,
      )
      .bind(...chunk)
      .all<ModelRow>();
    out.push(...results);
  }
  return out;
}

/** Filters of the registry list; `scopes` are unit paths (subtrees) the caller may read. */
export interface ModelQuery {
  scopes: string[];
  folded?: string;
  field?: string;
  /** Subtree of this path, plus models of these unit ids (units merged into it). */
  unit?: { path: string; ids: string[] };
  year?: number;
  status?: string;
  limit: number;
  offset: number;
}

function whereOf(q: ModelQuery): { sql: string; binds: unknown[] } {
  const where: string[] = [];
  const binds: unknown[] = [];
  if (!q.scopes.length) return { sql: 'WHERE 0', binds };
  where.push(
    `(${q.scopes
      .map((p) => {
        binds.push(...subtreeBounds(p));
        return '(u.path >= ? AND u.path < ?)';
      })
      .join(' OR ')})`,
  );
  if (q.folded) {
    where.push('instr(m.search_text, ?) > 0');
    binds.push(q.folded);
  }
  if (q.field) {
    where.push('m.field = ?');
    binds.push(q.field);
  }
  if (q.unit) {
    const ids = q.unit.ids.slice(0, 50);
    where.push(
      `((u.path >= ? AND u.path < ?)${ids.length ? ` OR m.unit_id IN (${ids.map(() => '?').join(',')})` : ''})`,
    );
    binds.push(...subtreeBounds(q.unit.path), ...ids);
  }
  if (q.year !== undefined) {
    where.push('m.year = ?');
    binds.push(q.year);
  }
  if (q.status) {
    where.push('m.status = ?');
    binds.push(q.status);
  }
  return { sql: `WHERE ${where.join(' AND ')}`, binds };
}

/** One page of the registry, newest year first, with the total count. */
export async function selectModels(
  d1: D1Database,
  q: ModelQuery,
): Promise<{ rows: ModelRow[]; total: number }> {
  const w = whereOf(q);
  const [rows, total] = await d1.batch([
    d1
      .prepare(
        `SELECT ${MODEL_COLS} FROM dvk_models m JOIN units u ON u.id = m.unit_id ${w.sql}
          ORDER BY m.year DESC, m.created_at DESC, m.id LIMIT ? OFFSET ?`,
      )
      .bind(...w.binds, q.limit, q.offset),
    d1
      .prepare(`SELECT count(*) AS n FROM dvk_models m JOIN units u ON u.id = m.unit_id ${w.sql}`)
      .bind(...w.binds),
  ]);
  return {
    rows: (rows as D1Result<ModelRow>).results,
    total: (total as D1Result<{ n: number }>).results[0]?.n ?? 0,
  };
}

// ---- evaluations -------------------------------------------------------------------------------

export interface RubricRow {
  id: string;
  name: string;
  criteria: string;
  thresholdBp: number;
  active: number;
  createdAt: number;
}

export async function selectActiveRubric(d1: D1Database): Promise<RubricRow | null> {
  return d1
    .prepare(
      `SELECT id, name, criteria, threshold_bp AS thresholdBp, active, created_at AS createdAt
         FROM dvk_rubrics WHERE active = 1 ORDER BY created_at DESC LIMIT 1`,
    )
    .first<RubricRow>();
}

export async function selectRubric(d1: D1Database, id: string): Promise<RubricRow | null> {
  return d1
    .prepare(
      `SELECT id, name, criteria, threshold_bp AS thresholdBp, active, created_at AS createdAt FROM dvk_rubrics WHERE id = ?`,
    )
    .bind(id)
    .first<RubricRow>();
}

/** Makes `r` the only active rubric: previous versions stay (evaluations reference them). */
export function insertRubricStatements(
  d1: D1Database,
  r: { id: string; name: string; criteria: string; thresholdBp: number; actorId: string | null; now: number },
): D1PreparedStatement[] {
  return [
    d1.prepare('UPDATE dvk_rubrics SET active = 0 WHERE active = 1'),
    d1
      .prepare(
        `INSERT INTO dvk_rubrics (id, name, criteria, threshold_bp, active, created_by, created_at)
         VALUES (?, ?, ?, ?, 1, ?, ?)`,
      )
      .bind(r.id, r.name, r.criteria, r.thresholdBp, r.actorId, r.now),
  ];
}

/** Inserts the first rubric only when none exists (safe to run concurrently and repeatedly). */
export function insertDefaultRubricStatement(
  d1: D1Database,
  r: { id: string; name: string; criteria: string; thresholdBp: number; now: number },
): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO dvk_rubrics (id, name, criteria, threshold_bp, active, created_at)
       SELECT ?, ?, ?, ?, 1, ? WHERE NOT EXISTS (SELECT 1 FROM dvk_rubrics)`,
    )
    .bind(r.id, r.name, r.criteria, r.thresholdBp, r.now);
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
  return [
    rollupOut(d1, e.modelId),
    d1
      .prepare(
        `INSERT INTO dvk_evaluations (id, model_id, rubric_id, reviewer_id, scores, score_bp, verdict, comment, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(e.id, e.modelId, e.rubricId, e.reviewerId, e.scores, e.scoreBp, e.verdict, e.comment, e.now),
    d1
      .prepare(
        `UPDATE dvk_models SET verdict = ?2, current_evaluation_id = ?3, current_score_bp = ?4, updated_at = ?5,
                status = CASE WHEN ?2 = 'effective' AND replication_count > 0 THEN 'replicated' ELSE ?2 END
          WHERE id = ?1`,
      )
      .bind(e.modelId, e.verdict, e.id, e.scoreBp, e.now),
    rollupIn(d1, e.modelId),
  ];
}

export async function selectEvaluations(d1: D1Database, modelId: string) {
  const { results } = await d1
    .prepare(
      `SELECT e.id, e.rubric_id AS rubricId, e.reviewer_id AS reviewerId, us.name AS reviewerName, e.scores,
              e.score_bp AS scoreBp, e.verdict, e.comment, e.created_at AS createdAt
         FROM dvk_evaluations e LEFT JOIN users us ON us.id = e.reviewer_id
        WHERE e.model_id = ? ORDER BY e.created_at DESC, e.id DESC`,
    )
    .bind(modelId)
    .all<{
      id: string;
      rubricId: string;
      reviewerId: string;
      reviewerName: string | null;
      scores: string;
      scoreBp: number;
      verdict: string;
      comment: string;
      createdAt: number;
    }>();
  return results;
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
  return [
    rollupOut(d1, p.fromId),
    d1
      .prepare(
        `INSERT INTO dvk_model_links (from_id, to_id, created_by, created_at)
         SELECT ?1, ?2, ?3, ?4
          WHERE EXISTS (SELECT 1 FROM dvk_models WHERE id = ?1 AND verdict = 'effective')
            AND EXISTS (SELECT 1 FROM dvk_models WHERE id = ?2)
         ON CONFLICT DO NOTHING`,
      )
      .bind(p.fromId, p.toId, p.actorId, p.now),
    d1
      .prepare(
        `UPDATE dvk_models SET replication_count = (SELECT count(*) FROM dvk_model_links WHERE from_id = ?1),
                status = CASE WHEN verdict IS NULL THEN 'registered'
                              WHEN verdict = 'effective' AND (SELECT count(*) FROM dvk_model_links WHERE from_id = ?1) > 0 THEN 'replicated'
                              ELSE verdict END
          WHERE id = ?1`,
      )
      .bind(p.fromId),
    rollupIn(d1, p.fromId),
  ];
}

export async function selectLinks(d1: D1Database, modelId: string) {
  const { results } = await d1
    .prepare(
      `SELECT l.from_id AS fromId, l.to_id AS toId, l.created_at AS createdAt,
              CASE WHEN l.from_id = ?1 THEN t.name ELSE f.name END AS otherName,
              CASE WHEN l.from_id = ?1 THEN tu.name ELSE fu.name END AS otherUnitName
         FROM dvk_model_links l
         JOIN dvk_models f ON f.id = l.from_id JOIN units fu ON fu.id = f.unit_id
         JOIN dvk_models t ON t.id = l.to_id JOIN units tu ON tu.id = t.unit_id
        WHERE l.from_id = ?1 OR l.to_id = ?1 ORDER BY l.created_at`,
    )
    .bind(modelId)
    .all<{ fromId: string; toId: string; createdAt: number; otherName: string; otherUnitName: string }>();
  return results;
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
  return d1
    .prepare(
      `INSERT INTO dvk_model_progress (id, model_id, report_id, note, created_by, created_at)
       SELECT ?, ?, ?, ?, ?, ? WHERE ${guardSql(p.guard)}
       ON CONFLICT (report_id, model_id) DO UPDATE SET note = excluded.note, created_at = excluded.created_at`,
    )
    .bind(p.id, p.modelId, p.reportId, p.note, p.actorId, p.now, ...guardBinds(p.guard));
}

export async function selectProgress(d1: D1Database, modelId: string) {
  const { results } = await d1
    .prepare(
      `SELECT p.id, p.note, p.report_id AS reportId, p.created_at AS createdAt, c.title AS campaignTitle
         FROM dvk_model_progress p
         LEFT JOIN dvk_reports r ON r.id = p.report_id LEFT JOIN dvk_campaigns c ON c.id = r.campaign_id
        WHERE p.model_id = ? ORDER BY p.created_at DESC`,
    )
    .bind(modelId)
    .all<{
      id: string;
      note: string;
      reportId: string | null;
      createdAt: number;
      campaignTitle: string | null;
    }>();
  return results;
}

export function insertPhotoStatement(
  d1: D1Database,
  p: { id: string; modelId: string; key: string; type: string; size: number; actorId: string; now: number },
) {
  return d1
    .prepare(
      `INSERT INTO dvk_model_photos (id, model_id, key, type, size, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(p.id, p.modelId, p.key, p.type, p.size, p.actorId, p.now);
}

export async function selectPhotos(d1: D1Database, modelId: string) {
  const { results } = await d1
    .prepare(
      'SELECT id, key, type, size, created_at AS createdAt FROM dvk_model_photos WHERE model_id = ? ORDER BY created_at',
    )
    .bind(modelId)
    .all<{ id: string; key: string; type: string; size: number; createdAt: number }>();
  return results;
}

export async function selectPhoto(d1: D1Database, modelId: string, id: string) {
  return d1
    .prepare('SELECT id, key, type, size FROM dvk_model_photos WHERE model_id = ? AND id = ?')
    .bind(modelId, id)
    .first<{ id: string; key: string; type: string; size: number }>();
}

// ---- coverage ----------------------------------------------------------------------------------

export interface CountRow {
  unitId: string;
  field: string;
  year: number;
  status: string;
  n: number;
  people: number;
  households: number;
  moneyVnd: number;
  workdays: number;
  replications: number;
}

const COUNT_COLS = `c.unit_id AS unitId, c.field, c.year, c.status, c.n, c.people, c.households,
  c.money_vnd AS moneyVnd, c.workdays, c.replications`;

/** Non-empty rollup buckets of the units in a subtree (O(buckets), never a scan of models), with
 * the bucket unit's path (coverage attributes a residential area's models to its ward). */
export async function selectCounts(
  d1: D1Database,
  path: string,
  year?: number,
): Promise<(CountRow & { unitPath: string })[]> {
  const [lo, hi] = subtreeBounds(path);
  const { results } = await d1
    .prepare(
      `SELECT ${COUNT_COLS}, u.path AS unitPath FROM dvk_model_counts c JOIN units u ON u.id = c.unit_id
        WHERE u.path >= ? AND u.path < ? AND c.n > 0 ${year === undefined ? '' : 'AND c.year = ?'}`,
    )
    .bind(lo, hi, ...(year === undefined ? [] : [year]))
    .all<CountRow & { unitPath: string }>();
  return results;
}

/** Every non-empty bucket (for tests: rollup vs recount). */
export async function selectAllCounts(d1: D1Database): Promise<CountRow[]> {
  const { results } = await d1
    .prepare(`SELECT ${COUNT_COLS} FROM dvk_model_counts c WHERE c.n <> 0`)
    .all<CountRow>();
  return results;
}

/** The same figures recounted from the raw model rows (tests and the `verify` check). */
export async function recountFromModels(d1: D1Database): Promise<CountRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT unit_id AS unitId, field, year, status, count(*) AS n, sum(people_mobilised) AS people,
              sum(households_mobilised) AS households, sum(money_vnd) AS moneyVnd, sum(workdays) AS workdays,
              sum(replication_count) AS replications
         FROM dvk_models GROUP BY unit_id, field, year, status`,
    )
    .all<CountRow>();
  return results;
}

/** Units of the given kinds in a subtree, with their merge pointers (current and closed). */
export async function selectUnitsOfKinds(d1: D1Database, path: string, kinds: string[]) {
  const [lo, hi] = subtreeBounds(path);
  const { results } = await d1
    .prepare(
      `SELECT id, name, kind, path, valid_from AS validFrom, valid_to AS validTo, merged_into_id AS mergedIntoId
         FROM units WHERE path >= ? AND path < ? AND kind IN (${kinds.map(() => '?').join(',')}) ORDER BY search_name`,
    )
    .bind(lo, hi, ...kinds)
    .all<{
      id: string;
      name: string;
      kind: string;
      path: string;
      validFrom: string | null;
      validTo: string | null;
      mergedIntoId: string | null;
    }>();
  return results;
}

/** The id of a model by unit and exact name (the demo seed skips what exists). */
export async function selectModelIdByUnitAndName(
  d1: D1Database,
  unitId: string,
  name: string,
): Promise<string | null> {
  const r = await d1
    .prepare('SELECT id FROM dvk_models WHERE unit_id = ? AND name = ? LIMIT 1')
    .bind(unitId, name)
    .first<{ id: string }>();
  return r?.id ?? null;
}
