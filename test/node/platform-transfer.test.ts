/**
 * The copy under `npm run export` / `npm run import` (worker/platform/node/transfer.ts) on the
 * cases a demo database may not have: hidden rowids with holes, WITHOUT ROWID tables paged by a
 * composite key, a child table created before its parent and a self-reference out of order,
 * integers beyond 2⁵³, REALs (integral and not), values of every type in an untyped column, text
 * and blobs too long for a literal, a row of many medium values, an AUTOINCREMENT counter above the highest row, a trigger that
 * must not fire for copied rows — every statement within D1's limits (≤ 100 bound parameters,
 * ≤ 100 KB of SQL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeD1Database } from '../../worker/platform/node/d1';
import { NodeFileStore } from '../../worker/platform/node/files';
import {
  compareSnapshots,
  copyDeployment,
  emptyStore,
  isEmptyStore,
  snapshotDeployment,
} from '../../worker/platform/node/transfer';

const open: NodeD1Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function store() {
  const db = new NodeD1Database(':memory:');
  open.push(db);
  const files = new NodeFileStore(fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-transfer-')));
  return { raw: db, db: db as unknown as D1Database, files: files as unknown as R2Bucket };
}

/** Every table's rows with rowid and SQLite types, read directly. */
function dump(db: NodeD1Database) {
  const out: Record<string, unknown[]> = {};
  const tables = db.sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string; sql: string }[];
  for (const t of tables) {
    const cols = (
      db.sqlite.prepare(`SELECT name FROM pragma_table_info('${t.name}')`).all() as { name: string }[]
    ).map((c) => c.name);
    const key = /WITHOUT ROWID/.test(t.sql) ? '' : 'rowid, ';
    const stmt = db.sqlite.prepare(
      `SELECT ${key}${cols.map((c) => `typeof("${c}"), "${c}"`).join(', ')} FROM "${t.name}" ORDER BY 1, 2, 3`,
    );
    stmt.setReadBigInts(true);
    stmt.setReturnArrays(true);
    out[t.name] = stmt.all();
  }
  out.schema = db.sqlite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
  return out;
}

function seedSource(db: NodeD1Database) {
  db.sqlite.exec(`
    CREATE TABLE items (unit_id TEXT NOT NULL REFERENCES units(id), score REAL, big INTEGER, doc TEXT, data BLOB, anyv);
    CREATE TABLE units (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES units(id), name TEXT);
    CREATE TABLE counters (k1 TEXT NOT NULL, k2 INTEGER NOT NULL, total REAL NOT NULL, PRIMARY KEY (k1, k2)) WITHOUT ROWID;
    CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT NOT NULL);
    CREATE TABLE wide (${Array.from({ length: 20 }, (_, i) => `c${i} TEXT`).join(', ')});
    CREATE INDEX items_unit ON items (unit_id);
    CREATE VIEW item_count AS SELECT count(*) AS n FROM items;
    CREATE TRIGGER items_logged AFTER INSERT ON items BEGIN INSERT INTO log (msg) VALUES ('item ' || new.rowid); END;
  `);
  db.sqlite.exec('BEGIN');
  db.sqlite.exec('PRAGMA defer_foreign_keys = ON');
  // Children before their parents, in rowid order too.
  const unit = db.sqlite.prepare('INSERT INTO units (id, parent_id, name) VALUES (?, ?, ?)');
  for (let i = 0; i < 1200; i++)
    unit.run(`u${i}`, i < 1199 ? `u${i + 1}` : null, `Phường ${i} — "số" 'một'\n`);
  const item = db.sqlite.prepare(
    'INSERT INTO items (unit_id, score, big, doc, data, anyv) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const anyv: (number | string | Uint8Array | null | bigint)[] = [1n, 1.5, '1', new Uint8Array([1]), null];
  for (let i = 0; i < 1300; i++) {
    const doc = i % 400 === 7 ? `long ${'ạ'.repeat(20_000)} '` : `doc ${i}`;
    const data = i % 500 === 3 ? new Uint8Array(50_000).fill(i % 256) : new Uint8Array([i % 256, 0, 255]);
    item.run(`u${i % 1200}`, i / 10, 2n ** 62n + BigInt(i), doc, data, anyv[i % anyv.length]!);
  }
  db.sqlite.exec('UPDATE items SET anyv = CAST(3 AS REAL) WHERE rowid = 10'); // an integral REAL
  db.sqlite.exec('DELETE FROM items WHERE rowid % 97 = 0'); // holes in the hidden rowid
  const counter = db.sqlite.prepare('INSERT INTO counters (k1, k2, total) VALUES (?, ?, ?)');
  for (let i = 0; i < 700; i++) counter.run(`k${i % 7}`, i, i % 3 === 0 ? i : i + 0.25);
  // Twenty values just under the literal threshold: together too long for one statement.
  const wide = db.sqlite.prepare(`INSERT INTO wide VALUES (${Array(20).fill('?').join(', ')})`);
  for (let r = 0; r < 3; r++)
    wide.run(...Array.from({ length: 20 }, (_, i) => `${r}:${i}:${'w'.repeat(7_000)}`));
  db.sqlite.exec('DELETE FROM log WHERE seq > 1250'); // the counter stays above the last row
  db.sqlite.exec('COMMIT');
}

/** D1's per-statement limits, checked on every statement the copy prepares. */
function d1Limits(db: D1Database) {
  const seen = { maxParams: 0, maxChars: 0 };
  const wrapped = Object.create(db) as D1Database;
  wrapped.prepare = (sql: string) => {
    expect(sql.length).toBeLessThanOrEqual(100_000);
    seen.maxChars = Math.max(seen.maxChars, sql.length);
    const stmt = db.prepare(sql);
    const bind = stmt.bind.bind(stmt);
    stmt.bind = (...params: unknown[]) => {
      expect(params.length).toBeLessThanOrEqual(100);
      seen.maxParams = Math.max(seen.maxParams, params.length);
      return bind(...params);
    };
    return stmt;
  };
  wrapped.batch = db.batch.bind(db);
  return { db: wrapped, seen };
}

describe('copyDeployment', () => {
  it('copies every table, counter and file exactly, within D1 limits, and fingerprints both sides alike', async () => {
    const from = store();
    seedSource(from.raw);
    await from.files.put('f/form-1/ảnh 1.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]), {
      httpMetadata: { contentType: 'image/png' },
      customMetadata: { formId: 'form-1', questionId: 'bang_chung' },
    });
    await from.files.put('snapshots/2026/q4.csv', 'a,b\n1,2\n', {
      httpMetadata: { contentType: 'text/csv' },
    });
    await from.files.put('plain', new Uint8Array(0));

    const to = store();
    const limited = d1Limits(to.db);
    expect(await isEmptyStore(to)).toBe(true);
    const read = await copyDeployment(from, { db: limited.db, files: to.files });

    expect(dump(to.raw)).toEqual(dump(from.raw));
    expect(limited.seen.maxParams).toBeGreaterThan(50); // non-integral REALs and long values were bound
    const seq = 'SELECT seq FROM sqlite_sequence WHERE name = ?';
    expect(to.raw.sqlite.prepare(seq).get('log')).toEqual(from.raw.sqlite.prepare(seq).get('log'));
    for (const key of ['f/form-1/ảnh 1.png', 'snapshots/2026/q4.csv', 'plain']) {
      const [a, b] = [await from.files.get(key), await to.files.get(key)];
      expect(new Uint8Array(await b!.arrayBuffer())).toEqual(new Uint8Array(await a!.arrayBuffer()));
      expect(b!.httpMetadata).toEqual(a!.httpMetadata);
      expect(b!.customMetadata).toEqual(a!.customMetadata);
    }

    expect(read.tables.items!.rows).toBe(1300 - 13);
    expect(read.files.count).toBe(3);
    const target = await snapshotDeployment(to);
    expect(compareSnapshots(read, target)).toEqual([]);
    expect(target).toEqual(await snapshotDeployment(from));

    // One changed value, one missing file: named.
    to.raw.sqlite.exec('UPDATE counters SET total = total + 0.5 WHERE k2 = 1');
    await to.files.delete('plain');
    expect(compareSnapshots(read, await snapshotDeployment(to))).toEqual([
      'table counters: content differs (700 rows)',
      `files: 2 (${read.files.bytes} bytes), expected 3 (${read.files.bytes} bytes)`,
    ]);

    // --force empties a target: no table, view, trigger or file is left.
    expect(await isEmptyStore(to)).toBe(false);
    await emptyStore(to);
    expect(await isEmptyStore(to)).toBe(true);
    expect(
      to.raw.sqlite.prepare("SELECT name FROM sqlite_master WHERE name NOT GLOB 'sqlite_*'").all(),
    ).toEqual([]);
  });
});
