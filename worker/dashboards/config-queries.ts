/** SQL of the board-view configuration (dashboard_views). */
import { db, inJson, statement } from '../db/client';
import { dashboardViews } from '../db/schema';

/** Configured view lists for some units (ancestors of a scope), by unit id. */
export async function selectViewConfig(d1: D1Database, unitIds: string[]) {
  const rows = await db(d1)
    .select({ unitId: dashboardViews.unitId, views: dashboardViews.views })
    .from(dashboardViews)
    .where(inJson(dashboardViews.unitId, unitIds))
    .all();
  return new Map(rows.map((r) => [r.unitId, JSON.parse(r.views) as string[]]));
}

/** Upserts a unit's view list (a statement, so the caller batches it with its audit row). */
export function upsertViewConfigStatement(
  d1: D1Database,
  c: { unitId: string; views: string[]; by: string; at: number },
) {
  const set = { views: JSON.stringify(c.views), updatedBy: c.by, updatedAt: c.at };
  return statement(
    d1,
    db(d1)
      .insert(dashboardViews)
      .values({ unitId: c.unitId, ...set })
      .onConflictDoUpdate({ target: dashboardViews.unitId, set }),
  );
}
