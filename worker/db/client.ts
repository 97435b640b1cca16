import {
  type AnyColumn,
  fillPlaceholders,
  getTableColumns,
  is,
  type Placeholder,
  type Query,
  SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { SQLiteAsyncDialect, type SQLiteTable } from 'drizzle-orm/sqlite-core';

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

/** Named placeholders of a query built once: `v.formId` is `sql.placeholder('formId')`, typed by `V`. */
export type Placeholders<V> = { [K in keyof V & string]: Placeholder<K, V[K]> };

function placeholders<V>(): Placeholders<V> {
  return new Proxy({}, { get: (_, name) => sql.placeholder(String(name)) }) as Placeholders<V>;
}

/**
 * `statement()` for the hot paths: the query is built and rendered ONCE (its values are
 * placeholders) and each call only binds the values — rendering a Drizzle query costs tens of µs
 * of CPU, more than the rest of a submission's statements together (decision 284). Values are
 * encoded by their columns' modes as Drizzle encodes them.
 * @example const bump = preparedStatement<{ formId: string }>((q, v) =>
 *   q.update(formQuota).set({ used: sql`${formQuota.used} + 1` }).where(eq(formQuota.formId, v.formId)));
 * await d1.batch([bump(d1, { formId }), …])
 */
export function preparedStatement<V extends Record<string, unknown>>(
  build: (q: Db, v: Placeholders<V>) => SQLWrapper,
): (d1: D1Database, values: V) => D1PreparedStatement {
  let rendered: Query | undefined;
  return (d1, values) => {
    rendered ??= dialect.sqlToQuery(build(db(d1), placeholders<V>()).getSQL());
    return d1.prepare(rendered.sql).bind(...fillPlaceholders(rendered.params, values));
  };
}

/**
 * A read for the hot paths: Drizzle's own prepared query (`….prepare()`), built once per binding
 * and run with its placeholders' values; rows typed by the select as any Drizzle read. Several
 * such reads go in ONE D1 batch by `statement` (bound) and `rows` (the batch's result mapped as
 * Drizzle's own `batch` maps it).
 * @example const byCode = preparedQuery((q, v: Placeholders<{ code: string }>) =>
 *   q.select({ id: responses.id }).from(responses).where(eq(responses.receiptCode, v.code)).prepare());
 * const row = await byCode.get(d1, { code });
 * const [r] = await d1.batch([byCode.statement(d1, { code }), …]); const rows = byCode.rows(d1, r);
 */
export function preparedQuery<V extends Record<string, unknown>, G, A>(
  build: (
    q: Db,
    v: Placeholders<V>,
  ) => {
    get(values: Record<string, unknown>): Promise<G>;
    all(values: Record<string, unknown>): Promise<A>;
    getQuery(): Query;
    mapAllResult(result: unknown, isFromBatch?: boolean): unknown;
  },
) {
  const built = new WeakMap<D1Database, ReturnType<typeof build>>();
  const query = (d1: D1Database) => {
    let q = built.get(d1);
    if (!q) {
      q = build(db(d1), placeholders<V>());
      built.set(d1, q);
    }
    return q;
  };
  return {
    get: (d1: D1Database, values: V): Promise<G> => query(d1).get(values),
    all: (d1: D1Database, values: V): Promise<A> => query(d1).all(values),
    statement: (d1: D1Database, values: V): D1PreparedStatement => {
      const { sql, params } = query(d1).getQuery();
      return d1.prepare(sql).bind(...fillPlaceholders(params, values));
    },
    rows: (d1: D1Database, result: D1Result): A => query(d1).mapAllResult(result, true) as A,
  };
}

/**
 * `SELECT v1, v2, …`: one row for a guarded `INSERT … SELECT … WHERE`, its values in the table's
 * column order, the order of the column list Drizzle writes for `insert(table).select(sql)`. Keyed
 * like `.values()` (a column left out takes its default, else NULL; a value may be SQL) and
 * encoded by the column's mode (a placeholder's value too, when it is bound), so a renamed, missing or mistyped column fails the build, never
 * shifts a value into the next column.
 * @example db(d1).insert(ballots).select(sql`${selectValues(ballots, { id, roundId, receipt, marks })} WHERE changes() = 1`)
 */
export function selectValues<T extends SQLiteTable>(
  table: T,
  row: { [K in keyof T['$inferInsert']]: T['$inferInsert'][K] | SQL | Placeholder },
): SQL {
  const values = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const v = (row as Record<string, unknown>)[key];
    if (is(v, SQL)) return v;
    if (v !== undefined) return sql.param(v, column);
    const fallback = column.default ?? column.defaultFn?.();
    if (fallback === undefined) return sql`NULL`;
    return is(fallback, SQL) ? fallback : sql.param(fallback, column);
  });
  return sql`SELECT ${sql.join(values, sql`, `)}`;
}

/** `excluded.<column>`: the value an `INSERT … ON CONFLICT DO UPDATE` proposed for the column. */
export function excluded(column: AnyColumn): SQL {
  return sql`excluded.${sql.identifier(column.name)}`;
}
