import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

/**
 * The Drizzle client for a D1 binding. Only queries files call this. Built without the schema:
 * nothing uses the relational `db.query` API, and extracting its config from every table cost
 * ~190 µs per call against ~1 µs without (decision 286).
 */
export function db(d1: D1Database) {
  return drizzle(d1);
}
export type Db = ReturnType<typeof db>;

const dialect = new SQLiteAsyncDialect();

/**
 * A Drizzle query (or `sql` template) as the D1 statement it runs, bound: what statement
 * functions hand to `d1.batch()` and `batchWithAudit`, so one batch can hold statements of several
 * modules and stays ONE D1 batch (decision 286). Reads are run with Drizzle directly.
 */
export function statement(d1: D1Database, query: SQLWrapper): D1PreparedStatement {
  const { sql, params } = dialect.sqlToQuery(query.getSQL());
  return d1.prepare(sql).bind(...params);
}

/**
 * `column IN (values)` with the list bound as ONE JSON parameter (`json_each`): one statement text
 * whatever the length, and no list runs into D1's 100 bound parameters per statement.
 * @example db(d1).select({ id: units.id, path: units.path }).from(units).where(inJson(units.id, ids))
 */
export function inJson(column: SQLWrapper, values: readonly unknown[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
