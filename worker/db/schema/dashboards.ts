import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Cấu hình bảng số liệu: which board views the board viewers granted on a unit (and below, unless a
 * deeper unit has its own row) may open. No row on the way up means every view. Set by admins.
 */
export const dashboardViews = sqliteTable('dashboard_views', {
  unitId: text('unit_id').primaryKey(),
  /** JSON array of view ids (worker/dashboards/boards.ts BOARD_VIEWS). */
  views: text('views').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: integer('updated_at').notNull(),
});
