/**
 * A D1 wrapper that adds up `meta.rows_read` / `meta.rows_written` of every statement a request
 * runs, so benchmarks and tests can report D1's billed units per operation from the real query
 * metadata. Used only when asked for (bench mode, tests); production requests use the bare binding.
 *
 * `first()` and `raw()` return no metadata. For reads the meter runs the statement's `all()` once
 * more to learn the figures (results still come from the real call, so joined columns with the same
 * name keep their positions); for writes with RETURNING it answers from `run()` — one execution.
 */
export interface D1Usage {
  rowsRead: number;
  rowsWritten: number;
  statements: number;
}

type Meta = { rows_read?: number; rows_written?: number };

export function meterD1(inner: D1Database): { db: D1Database; usage: D1Usage } {
  const usage: D1Usage = { rowsRead: 0, rowsWritten: 0, statements: 0 };
  const add = (meta: Meta | undefined) => {
    usage.statements += 1;
    usage.rowsRead += meta?.rows_read ?? 0;
    usage.rowsWritten += meta?.rows_written ?? 0;
  };
  const real = new WeakMap<object, D1PreparedStatement>();

  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const isRead = /^\s*(select|with)\b/i.test(sql);
    const w = {
      bind: (...values: unknown[]) => wrap(stmt.bind(...values), sql),
      async run() {
        const r = await stmt.run();
        add(r.meta as Meta);
        return r;
      },
      async all() {
        const r = await stmt.all();
        add(r.meta as Meta);
        return r;
      },
      async first(column?: string) {
        const r = await stmt.all<Record<string, unknown>>();
        add(r.meta as Meta);
        const row = r.results[0];
        if (!row) return null;
        return column === undefined ? row : (row[column] ?? null);
      },
      async raw(options?: { columnNames?: boolean }) {
        if (isRead) {
          add((await stmt.all()).meta as Meta);
          return options?.columnNames ? stmt.raw({ columnNames: true }) : stmt.raw();
        }
        const r = await stmt.run<Record<string, unknown>>();
        add(r.meta as Meta);
        const rows = r.results.map((o) => Object.values(o));
        return options?.columnNames ? [Object.keys(r.results[0] ?? {}), ...rows] : rows;
      },
    } as unknown as D1PreparedStatement;
    real.set(w, stmt);
    return w;
  };

  const db = {
    prepare: (sql: string) => wrap(inner.prepare(sql), sql),
    async batch(stmts: D1PreparedStatement[]) {
      const results = await inner.batch(stmts.map((s) => real.get(s) ?? s));
      for (const r of results) add(r.meta as Meta);
      return results;
    },
    exec: (sql: string) => inner.exec(sql),
    dump: () => inner.dump(),
    withSession: (c?: string) => inner.withSession(c),
  } as unknown as D1Database;
  return { db, usage };
}
