/**
 * Copies a whole deployment — every table of a D1-shaped database and every object of an R2-shaped
 * store — and fingerprints what it read, so a copy is proved rather than assumed. It speaks only the
 * `D1Database` / `R2Bucket` interfaces, so wrangler's local D1 and R2 (through `getPlatformProxy`)
 * and the Node platform's `NodeD1Database` / `NodeFileStore` are read and written by the same code.
 *
 * Values travel as SQL literals made by SQLite itself (`quote()`: exact integers, text, blobs as
 * X'…'), except REALs, which come back as doubles and are written as `N.0` when integral or bound
 * as parameters otherwise — no decimal round trip can change a bit. Writes keep within D1's limits:
 * at most 100 bound parameters and about 90 KB per statement, many rows per INSERT, statements
 * grouped into batches (each one transaction) that begin with `PRAGMA defer_foreign_keys = ON`,
 * tables in foreign-key order. Hidden rowids are copied too, so a table reads back in the same order.
 * Triggers and indexes are created after the rows: a trigger does not fire for copied rows.
 */
import { createHash } from 'node:crypto';

/** What one side of a copy is: a database and a file store. */
export interface DeploymentStore {
  db: D1Database;
  files: R2Bucket;
}

/** Row count and an order-independent content hash. */
export interface Fingerprint {
  rows: number;
  sha256: string;
}

/** Everything a copy must preserve, in a form two runtimes can compare. */
export interface DeploymentSnapshot {
  /** sha256 over the CREATE statements (tables, indexes, triggers, views). */
  schema: string;
  /** Per table, plus `sqlite_sequence` (AUTOINCREMENT counters) when there is one. */
  tables: Record<string, Fingerprint>;
  files: { count: number; bytes: number; sha256: string };
}

interface Table {
  name: string;
  sql: string;
  columns: string[];
  /** WITHOUT ROWID: paged by primary key, no rowid to copy. */
  withoutRowid: boolean;
  /** An INTEGER PRIMARY KEY column is the rowid; otherwise the hidden rowid is copied explicitly. */
  rowidAlias: boolean;
  pk: string[];
  parents: string[];
}

interface SchemaObject {
  type: string;
  name: string;
  sql: string;
}

/** A value as read: an SQL literal from `quote()`, or a REAL as a double. */
type Value = string | number;

const PAGE_ROWS = 500;
const MAX_PARAMS = 100;
const MAX_STATEMENT_CHARS = 90_000;
const MAX_ROWS_PER_INSERT = 500;
const MAX_BATCH_CHARS = 2_000_000;
const MAX_BATCH_STATEMENTS = 200;
/** Literals longer than this travel as bound parameters, so one large value never fills a statement. */
const LONG_LITERAL = 8_000;
const MOD = 1n << 256n;

/** `"name"` with quotes doubled: an identifier SQLite reads back exactly. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const text = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Tables and objects the copy leaves alone: SQLite's own, and Cloudflare's internal `_cf_*`. */
const USER_OBJECT = `name NOT GLOB 'sqlite_*' AND name NOT GLOB '_cf_*'`;

/** A multiset hash: the sum of each row's sha256 (mod 2²⁵⁶), so row order never matters. */
class MultisetHash {
  private sum = 0n;
  count = 0;
  add(item: string) {
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(item).digest('hex')}`)) % MOD;
    this.count++;
  }
  hex() {
    return this.sum.toString(16).padStart(64, '0');
  }
}

async function rows<T = unknown[]>(db: D1Database, sql: string): Promise<T[]> {
  return (await db.prepare(sql).raw()) as T[];
}

/** The user tables (with columns, keys, parents) and the other schema objects, in creation order. */
export async function readSchema(db: D1Database): Promise<{ tables: Table[]; others: SchemaObject[] }> {
  const objects = await rows<[string, string, string]>(
    db,
    `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ${USER_OBJECT} ORDER BY rowid`,
  );
  const tables: Table[] = [];
  const others: SchemaObject[] = [];
  for (const [type, name, sql] of objects) {
    if (type !== 'table') {
      others.push({ type, name, sql });
      continue;
    }
    if (/^\s*CREATE\s+VIRTUAL\s/i.test(sql)) throw new Error(`virtual table ${name} is not supported`);
    const info = await rows<[number, string, string, number, unknown, number]>(
      db,
      `SELECT * FROM pragma_table_info(${text(name)})`,
    );
    const pk = info
      .filter((c) => c[5] > 0)
      .sort((a, b) => a[5] - b[5])
      .map((c) => c[1]);
    const tail = sql.slice(sql.lastIndexOf(')') + 1);
    const withoutRowid = /WITHOUT\s+ROWID/i.test(tail);
    const pkType = info.find((c) => c[5] === 1)?.[2] ?? '';
    const parents = await rows<[string]>(
      db,
      `SELECT DISTINCT "table" FROM pragma_foreign_key_list(${text(name)})`,
    );
    tables.push({
      name,
      sql,
      columns: info.map((c) => c[1]),
      withoutRowid,
      rowidAlias: !withoutRowid && pk.length === 1 && pkType.toUpperCase() === 'INTEGER',
      pk,
      parents: parents.map((p) => p[0]).filter((p) => p !== name),
    });
  }
  return { tables: parentsFirst(tables), others };
}

/** Tables ordered so each comes after the tables its foreign keys name (cycles: source order). */
function parentsFirst(tables: Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: Table[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: Table) => {
    if (state.get(t.name)) return;
    state.set(t.name, 'visiting');
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent) visit(parent);
    }
    state.set(t.name, 'done');
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

function schemaHash(tables: Table[], others: SchemaObject[]): string {
  const parts = [
    ...tables.map((t) => ['table', t.name, t.sql]),
    ...others.map((o) => [o.type, o.name, o.sql]),
  ]
    .map((p) => p.join('\0'))
    .sort();
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** Reads a table page by page (keyset on rowid or primary key); yields each row's values, the hidden rowid first when it is copied. */
async function* tableRows(db: D1Database, t: Table): AsyncGenerator<Value[]> {
  const keyCols = t.withoutRowid ? t.pk : ['rowid'];
  if (keyCols.length === 0) throw new Error(`table ${t.name} has neither rowid nor primary key`);
  const keys = keyCols.map((k) => (k === 'rowid' ? 'quote(rowid)' : `quote(${ident(k)})`));
  const values = t.columns.map(
    (c) => `CASE typeof(${ident(c)}) WHEN 'real' THEN ${ident(c)} ELSE quote(${ident(c)}) END`,
  );
  const order = keyCols.map((k) => (k === 'rowid' ? 'rowid' : ident(k))).join(', ');
  let after: string[] | null = null;
  for (;;) {
    const where: string = after ? `WHERE (${order}) > (${after.join(', ')})` : '';
    const page = await rows<Value[]>(
      db,
      `SELECT ${[...keys, ...values].join(', ')} FROM ${ident(t.name)} ${where} ORDER BY ${order} LIMIT ${PAGE_ROWS}`,
    );
    for (const r of page)
      yield t.withoutRowid || t.rowidAlias ? r.slice(keys.length) : [r[0]!, ...r.slice(keys.length)];
    if (page.length < PAGE_ROWS) return;
    after = page[page.length - 1]!.slice(0, keys.length) as string[];
  }
}

/** One value as SQL: a literal, or `?` with its parameter (non-integral REALs, long text and blobs). */
function sqlOf(v: Value, params: unknown[], longLiteral = LONG_LITERAL): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot copy the REAL value ${v}`);
    if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) return `${v}.0`;
    params.push(v);
    return '?';
  }
  if (v.length <= longLiteral) return v;
  if (v.startsWith("'")) params.push(v.slice(1, -1).replaceAll("''", "'"));
  else if (v.startsWith("X'")) params.push(Uint8Array.from(Buffer.from(v.slice(2, -1), 'hex')));
  else return v;
  return '?';
}

/** The row as hashed: the same for the same stored values on any runtime. */
function rowKey(v: Value[]): string {
  return v.map((x) => (typeof x === 'number' ? `r:${x}` : x)).join('\0');
}

interface Statement {
  sql: string;
  params: unknown[];
}

/** Multi-row INSERTs for rows of one table, each within D1's statement limits. */
class InsertWriter {
  private values: string[] = [];
  private params: unknown[] = [];
  private chars = 0;
  private readonly head: string;

  constructor(
    private readonly t: Table,
    private readonly emit: (s: Statement) => Promise<void>,
  ) {
    const cols = t.withoutRowid || t.rowidAlias ? t.columns : ['rowid', ...t.columns];
    this.head = `INSERT INTO ${ident(t.name)} (${cols.map(ident).join(', ')}) VALUES `;
  }

  async add(row: Value[]) {
    let params: unknown[] = [];
    let tuple = `(${row.map((v) => sqlOf(v, params)).join(', ')})`;
    if (this.head.length + tuple.length > MAX_STATEMENT_CHARS) {
      // Many medium values: bind every text and blob of this row instead.
      params = [];
      tuple = `(${row.map((v) => sqlOf(v, params, 0)).join(', ')})`;
    }
    if (params.length > MAX_PARAMS || this.head.length + tuple.length > MAX_STATEMENT_CHARS)
      throw new Error(`a row of ${this.t.name} does not fit in one D1 statement`);
    const full =
      this.values.length >= MAX_ROWS_PER_INSERT ||
      this.params.length + params.length > MAX_PARAMS ||
      this.head.length + this.chars + tuple.length + 1 > MAX_STATEMENT_CHARS;
    if (this.values.length && full) await this.flush();
    this.values.push(tuple);
    this.params.push(...params);
    this.chars += tuple.length + 1;
  }

  async flush() {
    if (!this.values.length) return;
    await this.emit({ sql: this.head + this.values.join(','), params: this.params });
    this.values = [];
    this.params = [];
    this.chars = 0;
  }
}

/** Statements grouped into D1 batches (one transaction each) with foreign keys deferred. */
class BatchWriter {
  private pending: Statement[] = [];
  private chars = 0;
  constructor(private readonly db: D1Database) {}

  async add(s: Statement) {
    if (this.pending.length >= MAX_BATCH_STATEMENTS || this.chars + s.sql.length > MAX_BATCH_CHARS)
      await this.flush();
    this.pending.push(s);
    this.chars += s.sql.length;
  }

  async flush() {
    if (!this.pending.length) return;
    const stmts = this.pending.map((s) => this.db.prepare(s.sql).bind(...s.params));
    this.pending = [];
    this.chars = 0;
    await this.db.batch([this.db.prepare('PRAGMA defer_foreign_keys = ON'), ...stmts]);
  }
}

/**
 * Reads every table (and copies it into `to` when given, schema included); returns the snapshot
 * of what was read.
 */
export async function scanDatabase(
  from: D1Database,
  to?: D1Database,
): Promise<Omit<DeploymentSnapshot, 'files'>> {
  const { tables, others } = await readSchema(from);
  const batches = to ? new BatchWriter(to) : null;
  for (const t of tables) await batches?.add({ sql: t.sql, params: [] });
  await batches?.flush();
  const fingerprints: Record<string, Fingerprint> = {};
  for (const t of tables) {
    const hash = new MultisetHash();
    const insert = batches ? new InsertWriter(t, (s) => batches.add(s)) : null;
    for await (const row of tableRows(from, t)) {
      hash.add(rowKey(row));
      await insert?.add(row);
    }
    await insert?.flush();
    fingerprints[t.name] = { rows: hash.count, sha256: hash.hex() };
  }
  await batches?.flush();
  const hasSequence = await rows(from, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'");
  if (hasSequence.length) {
    const seq = await rows<[string, string]>(from, 'SELECT quote(name), quote(seq) FROM sqlite_sequence');
    const hash = new MultisetHash();
    for (const r of seq) hash.add(rowKey(r));
    fingerprints.sqlite_sequence = { rows: hash.count, sha256: hash.hex() };
    if (batches && seq.length) {
      await batches.add({ sql: 'DELETE FROM sqlite_sequence', params: [] });
      const values = seq.map(([n, s]) => `(${n}, ${s})`).join(', ');
      await batches.add({ sql: `INSERT INTO sqlite_sequence (name, seq) VALUES ${values}`, params: [] });
    }
  }
  for (const o of others) await batches?.add({ sql: o.sql, params: [] });
  await batches?.flush();
  return { schema: schemaHash(tables, others), tables: fingerprints };
}

/** R2's HTTP metadata with only the fields set, in a fixed order (for hashing and for put). */
function httpMetadataOf(h: R2HTTPMetadata | undefined): R2HTTPMetadata {
  const out: Record<string, unknown> = {};
  for (const k of [
    'contentType',
    'contentLanguage',
    'contentDisposition',
    'contentEncoding',
    'cacheControl',
  ] as const)
    if (h?.[k]) out[k] = h[k];
  if (h?.cacheExpiry) out.cacheExpiry = new Date(h.cacheExpiry);
  return out as R2HTTPMetadata;
}

function sortedRecord(r: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(r ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Reads every object (bytes and metadata), copying it into `to` when given; returns the fingerprint. */
export async function scanFiles(from: R2Bucket, to?: R2Bucket): Promise<DeploymentSnapshot['files']> {
  const hash = new MultisetHash();
  let bytes = 0;
  let cursor: string | undefined;
  do {
    const page = await from.list({ cursor, limit: 1000, include: ['httpMetadata', 'customMetadata'] });
    for (const listed of page.objects) {
      const obj = await from.get(listed.key);
      if (!obj) throw new Error(`file ${listed.key} was listed but cannot be read`);
      const body = new Uint8Array(await obj.arrayBuffer());
      const httpMetadata = httpMetadataOf(obj.httpMetadata);
      const customMetadata = sortedRecord(obj.customMetadata);
      const digest = createHash('sha256').update(body).digest('hex');
      hash.add([obj.key, digest, JSON.stringify(httpMetadata), JSON.stringify(customMetadata)].join('\0'));
      bytes += body.byteLength;
      await to?.put(obj.key, body, { httpMetadata, customMetadata });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return { count: hash.count, bytes, sha256: hash.hex() };
}

/** Copies a whole deployment from one store into another (which should be empty); returns the snapshot of the source. */
export async function copyDeployment(
  from: DeploymentStore,
  to: DeploymentStore,
): Promise<DeploymentSnapshot> {
  const db = await scanDatabase(from.db, to.db);
  const files = await scanFiles(from.files, to.files);
  return { ...db, files };
}

/** Reads a deployment and fingerprints it. */
export async function snapshotDeployment(store: DeploymentStore): Promise<DeploymentSnapshot> {
  return { ...(await scanDatabase(store.db)), files: await scanFiles(store.files) };
}

/** What differs between two snapshots, one line each (empty when they agree). */
export function compareSnapshots(expected: DeploymentSnapshot, actual: DeploymentSnapshot): string[] {
  const out: string[] = [];
  if (expected.schema !== actual.schema) out.push('schema differs');
  for (const name of new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)])) {
    const e = expected.tables[name];
    const a = actual.tables[name];
    if (!e) out.push(`table ${name}: not expected`);
    else if (!a) out.push(`table ${name}: missing`);
    else if (e.rows !== a.rows) out.push(`table ${name}: ${a.rows} rows, expected ${e.rows}`);
    else if (e.sha256 !== a.sha256) out.push(`table ${name}: content differs (${a.rows} rows)`);
  }
  const e = expected.files;
  const a = actual.files;
  if (e.count !== a.count || e.bytes !== a.bytes)
    out.push(`files: ${a.count} (${a.bytes} bytes), expected ${e.count} (${e.bytes} bytes)`);
  else if (e.sha256 !== a.sha256) out.push(`files: content or metadata differs (${a.count} files)`);
  return out;
}

/** True when the store holds no user table and no file. */
export async function isEmptyStore(store: DeploymentStore): Promise<boolean> {
  const t = await rows(
    store.db,
    `SELECT 1 FROM sqlite_master WHERE type = 'table' AND ${USER_OBJECT} LIMIT 1`,
  );
  if (t.length) return false;
  return (await store.files.list({ limit: 1 })).objects.length === 0;
}

/** Drops every user table, view and trigger and deletes every file (for `--force`). */
export async function emptyStore(store: DeploymentStore): Promise<void> {
  const objects = await rows<[string, string]>(
    store.db,
    `SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND ${USER_OBJECT}`,
  );
  const order = ['trigger', 'view', 'table'];
  objects.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  if (objects.length)
    await store.db.batch([
      store.db.prepare('PRAGMA defer_foreign_keys = ON'),
      ...objects.map(([type, name]) =>
        store.db.prepare(`DROP ${type.toUpperCase()} IF EXISTS ${ident(name)}`),
      ),
    ]);
  for (;;) {
    const page = await store.files.list({ limit: 1000 });
    if (!page.objects.length) break;
    await store.files.delete(page.objects.map((o) => o.key));
  }
}
