import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Rows written by the load benchmark's baseline route (one bare insert). Development only. */
export const benchRows = sqliteTable('bench_rows', {
  id: text('id').primaryKey(),
  at: integer('at').notNull(),
});
