/**
 * A D1-compatible database over Node's built-in `node:sqlite` (Node ≥ 24): the part of the
 * `D1Database` interface the app uses — prepare / bind / first / all / run / raw, `batch()` as ONE
 * transaction that rolls back whole, `exec()`, and `meta` with `changes` and `last_row_id`.
 *
 * Opened the way D1 runs SQLite: WAL journal, foreign keys enforced, a busy timeout — and
 * `synchronous=FULL`, so a committed batch (an acknowledged submission) survives power loss, not
 * only a killed process (decision 190). Node runs one thread: every call here is synchronous
 * under its promise, so a batch can never interleave with another request's statements — the same
 * serialisation D1's single thread gives.
 *
 * What D1 reports and SQLite cannot: `rows_read` (D1's billing meter) is 0 here; `rows_written`
 * counts changed rows without index writes. Benchmarks say so beside the figures.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

type Row = Record<string, unknown>;

/** How a Node database is opened; the defaults are the durable ones. */
export interface NodeD1Options {
  /** `FULL` (default): fsync on every commit. `NORMAL` is only for throwaway test databases. */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  /** Milliseconds a writer waits for another connection's lock (another process, a backup). */
  busyTimeoutMs?: number;
}

const READ_ONLY = /^\s*(select|with|pragma|explain|values)\b/i;
/** Statements kept prepared; the app has a few hundred distinct ones. */
const CACHE_SIZE = 500;

/** The error shape D1 throws: `D1_ERROR: <SQLite's message>`, which worker/db/constraints.ts reads. */
function d1Error(e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  const err = new Error(`D1_ERROR: ${message}`, { cause: e });
  return err;
}

/** D1 refuses `undefined` and stores booleans as 0/1; node:sqlite refuses booleans. */
function toSqlValue(v: unknown, index: number): SQLInputValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new Error(`D1_TYPE_ERROR: Type '${typeof v}' not supported for value at index ${index}`);
}

function plain(row: Row): Row {
  return { ...row };
}

function emptyMeta(started: number, changes = 0, lastRowId = 0) {
  return {
    duration: performance.now() - started,
    changes,
    last_row_id: lastRowId,
    changed_db: changes > 0,
    rows_read: 0,
    rows_written: changes,
    size_after: 0,
    served_by: 'node:sqlite',
  };
}

/** One prepared, possibly bound statement (immutable: `bind` returns a new one, as in D1). */
class NodeD1Statement {
  constructor(
    private readonly owner: NodeD1Database,
    readonly sql: string,
    readonly params: SQLInputValue[] = [],
  ) {}

  bind(...values: unknown[]) {
    return new NodeD1Statement(this.owner, this.sql, values.map(toSqlValue));
  }

  async first<T = Row>(column?: string): Promise<T | null> {
    const { results } = this.execute();
    const row = results[0];
    if (!row) return null;
    if (column === undefined) return row as T;
    if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found: ${column}`);
    return row[column] as T;
  }

  async all<T = Row>() {
    return this.execute() as unknown as D1Result<T>;
  }

  async run<T = Row>() {
    return this.execute() as unknown as D1Result<T>;
  }

  async raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
    const stmt = this.owner.statement(this.sql);
    stmt.setReturnArrays(true);
    try {
      const rows = this.owner.guard(() => stmt.all(...this.params)) as unknown as T[];
      if (!options?.columnNames) return rows;
      return [stmt.columns().map((c) => c.name) as unknown as T, ...rows];
    } finally {
      stmt.setReturnArrays(false);
    }
  }

  /** Runs the statement; used by `all/run/first` and by `batch()` inside its transaction. */
  execute(): { success: true; results: Row[]; meta: ReturnType<typeof emptyMeta> } {
    const started = performance.now();
    const stmt = this.owner.statement(this.sql);
    if (stmt.columns().length === 0) {
      const r = this.owner.guard(() => stmt.run(...this.params));
      return {
        success: true,
        results: [],
        meta: emptyMeta(started, Number(r.changes), Number(r.lastInsertRowid)),
      };
    }
    const rows = this.owner.guard(() => stmt.all(...this.params)).map(plain);
    if (READ_ONLY.test(this.sql)) return { success: true, results: rows, meta: emptyMeta(started) };
    // A write with RETURNING: one returned row per changed row.
    return { success: true, results: rows, meta: emptyMeta(started, rows.length, this.owner.lastRowId()) };
  }
}

/** One queued batch: its statements and the promise that answers it. */
interface PendingBatch {
  stmts: NodeD1Statement[];
  resolve(results: Row[]): void;
  reject(e: unknown): void;
}

/** At most this many batches share one transaction; more wait for the next turn. */
const MAX_GROUP = 64;

/**
 * Group commit: batches queued during one turn of the event loop, committed together at the end of
 * it (`setImmediate`, after the poll phase has handed every ready request its turn).
 */
class GroupCommit {
  private queue: PendingBatch[] = [];
  private scheduled = false;

  constructor(private readonly db: NodeD1Database) {}

  add(item: PendingBatch) {
    this.queue.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Commits everything queued now (also called by `close()`). */
  flush() {
    this.scheduled = false;
    while (this.queue.length) {
      const group = this.queue.splice(0, MAX_GROUP);
      this.commit(group);
    }
  }

  private commit(group: PendingBatch[]) {
    const db = this.db;
    const run = (sql: string) => db.statement(sql).run();
    const single = group.length === 1;
    const done: [PendingBatch, Row[]][] = [];
    try {
      run('BEGIN IMMEDIATE');
      for (let next = 0; next < group.length; next++) {
        const item = group[next]!;
        try {
          if (!single) run('SAVEPOINT d1_batch');
          const results = item.stmts.map((s) => s.execute()) as unknown as Row[];
          if (!single) run('RELEASE d1_batch');
          done.push([item, results]);
        } catch (e) {
          item.reject(e);
          if (!db.sqlite.isTransaction) {
            // SQLite rolled the whole transaction back (e.g. disk full): the batches done so far
            // are undone too; they and the rest go again, in order, in a transaction of their own.
            this.queue.unshift(...done.map(([d]) => d), ...group.slice(next + 1));
            return;
          }
          if (single) {
            run('ROLLBACK');
            return;
          }
          run('ROLLBACK TO d1_batch');
          run('RELEASE d1_batch');
        }
      }
      run('COMMIT');
    } catch (e) {
      // BEGIN, COMMIT or a rollback failed: nothing of the group is committed, nobody is answered yes.
      try {
        if (db.sqlite.isTransaction) run('ROLLBACK');
      } catch {
        // The connection is gone; the transaction with it.
      }
      // (A batch already refused keeps its own error: a promise settles once.)
      for (const item of group) item.reject(d1Error(e));
      return;
    }
    // Committed (and with synchronous=FULL, on disk): only now is any batch of the group answered.
    for (const [item, results] of done) item.resolve(results);
  }
}

/**
 * The database. Construct once per process per file; `close()` on shutdown.
 * @example const DB = new NodeD1Database('./data/lang-nghe.sqlite'); await DB.prepare('SELECT 1').first();
 */
export class NodeD1Database {
  readonly sqlite: DatabaseSync;
  private readonly cache = new Map<string, StatementSync>();
  /** Batches waiting for this turn's commit (shared by `withSession()` views through the prototype). */
  private readonly group: GroupCommit;

  constructor(
    readonly path: string,
    options: NodeD1Options = {},
  ) {
    this.sqlite = new DatabaseSync(path, {
      enableForeignKeyConstraints: true,
      timeout: options.busyTimeoutMs ?? 5000,
    });
    if (path !== ':memory:') this.sqlite.exec('PRAGMA journal_mode = WAL');
    this.sqlite.exec(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
    this.sqlite.exec('PRAGMA foreign_keys = ON');
    this.group = new GroupCommit(this);
  }

  prepare(sql: string): D1PreparedStatement {
    return new NodeD1Statement(this, sql) as unknown as D1PreparedStatement;
  }

  /**
   * All statements in one transaction: every one commits, or none does (D1's `batch`). The promise
   * settles once the batch is committed — with `synchronous=FULL`, on disk — or rolled back.
   *
   * Group commit (decision 193): batches that arrive in the same turn of the event loop are run
   * one after another in ONE SQLite transaction, each inside its own savepoint (a failing batch
   * rolls back alone, exactly as its own transaction would), and committed with one fsync; none
   * is answered before that commit returns. The group runs synchronously, so no other statement
   * ever sees a group half done.
   */
  batch<T = Row>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const stmts = statements as unknown as NodeD1Statement[];
    for (const s of stmts)
      if (!(s instanceof NodeD1Statement))
        return Promise.reject(new Error('D1_ERROR: not a prepared statement'));
    return new Promise<Row[]>((resolve, reject) => this.group.add({ stmts, resolve, reject })).then(
      (results) => results as unknown as D1Result<T>[],
    );
  }

  /** Runs one or more `;`-separated statements without results (D1's `exec`). */
  async exec(sql: string): Promise<D1ExecResult> {
    const started = performance.now();
    this.guard(() => this.sqlite.exec(sql));
    const count = sql.split(';').filter((s) => s.trim()).length;
    return { count, duration: performance.now() - started };
  }

  /** D1's read-replication sessions: one database here, so a session is the database itself. */
  withSession() {
    return Object.assign(Object.create(this), { getBookmark: () => null });
  }

  async dump(): Promise<ArrayBuffer> {
    throw new Error('D1_ERROR: dump() is not supported; use the backup command');
  }

  /** A cached prepared statement for `sql`. */
  statement(sql: string): StatementSync {
    let stmt = this.cache.get(sql);
    if (stmt) {
      // Refresh its place: the least recently used statement is dropped first.
      this.cache.delete(sql);
    } else {
      stmt = this.guard(() => this.sqlite.prepare(sql));
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(sql, stmt);
    return stmt;
  }

  lastRowId(): number {
    return Number((this.statement('SELECT last_insert_rowid() AS id').get() as Row).id);
  }

  /** Runs `fn`, rethrowing SQLite's error the way D1 words it. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw d1Error(e);
    }
  }

  close() {
    this.group.flush();
    this.cache.clear();
    if (this.sqlite.isOpen) this.sqlite.close();
  }
}
