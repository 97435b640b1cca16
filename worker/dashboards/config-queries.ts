/** SQL of the board-view configuration (dashboard_views). */

/** Configured view lists for some units (ancestors of a scope), by unit id. */
export async function selectViewConfig(d1: D1Database, unitIds: string[]) {
  const { results } = await d1
    .prepare(
      'SELECT unit_id AS unitId, views FROM dashboard_views WHERE unit_id IN (SELECT value FROM json_each(?))',
    )
    .bind(JSON.stringify(unitIds))
    .all<{ unitId: string; views: string }>();
  return new Map(results.map((r) => [r.unitId, JSON.parse(r.views) as string[]]));
}

/** Upserts a unit's view list (a statement, so the caller batches it with its audit row). */
export function upsertViewConfigStatement(
  d1: D1Database,
  c: { unitId: string; views: string[]; by: string; at: number },
) {
  return d1
    .prepare(
      `INSERT INTO dashboard_views (unit_id, views, updated_by, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (unit_id) DO UPDATE SET views = excluded.views, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
    )
    .bind(c.unitId, JSON.stringify(c.views), c.by, c.at);
}
