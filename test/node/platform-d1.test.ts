/**
 * The Node platform's D1-compatible database (worker/platform/node/d1.ts) against D1's contract:
 * batches that roll back whole, meta, binding rules, raw rows, foreign keys, durable pragmas.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeD1Database } from '../../worker/platform/node/d1';
import { applyMigrations } from '../../worker/platform/node/migrations';

const open: NodeD1Database[] = [];
function fresh(file = ':memory:') {
  const db = new NodeD1Database(file);
  open.push(db);
  db.sqlite.exec(`
    CREATE TABLE parent (id TEXT PRIMARY KEY);
    CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, parent_id TEXT NOT NULL REFERENCES parent(id), v TEXT UNIQUE);
  `);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('NodeD1Database', () => {
  it('batch() is one transaction: a failing statement rolls back the ones before it', async () => {
    const db = fresh();
    await db.prepare("INSERT INTO parent (id) VALUES ('p')").run();
    const err = await db
      .batch([
        db.prepare("INSERT INTO child (parent_id, v) VALUES ('p', 'a')"),
        db.prepare("INSERT INTO child (parent_id, v) VALUES ('p', 'b')"),
        db.prepare("INSERT INTO child (parent_id, v) VALUES ('p', 'a')"),
      ])
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('UNIQUE constraint failed: child.v');
    expect(await db.prepare('SELECT count(*) AS n FROM child').first('n')).toBe(0);
    expect(db.sqlite.isTransaction).toBe(false);
    const ok = await db.batch([
      db.prepare("INSERT INTO child (parent_id, v) VALUES ('p', 'a')"),
      db.prepare('SELECT v FROM child'),
    ]);
    expect(ok[0]!.meta).toMatchObject({ changes: 1, last_row_id: 1 });
    expect(ok[1]!.results).toEqual([{ v: 'a' }]);
  });

  it('enforces foreign keys as D1 does', async () => {
    const db = fresh();
    const err = await db
      .prepare("INSERT INTO child (parent_id, v) VALUES ('nobody', 'x')")
      .run()
      .catch((e: Error) => e);
    expect(String(err)).toContain('FOREIGN KEY constraint failed');
  });

  it('run() reports changes and last_row_id; RETURNING rows come back with their count', async () => {
    const db = fresh();
    await db.prepare('INSERT INTO parent (id) VALUES (?1), (?2), (?3)').bind('p', 'q', 'r').run();
    const r = await db.prepare('INSERT INTO child (parent_id, v) VALUES (?, ?)').bind('p', 'x').run();
    expect(r.meta.changes).toBe(1);
    expect(r.meta.last_row_id).toBe(1);
    const upd = await db
      .prepare("UPDATE parent SET id = id || '!' WHERE id <> 'p' RETURNING id")
      .all<{ id: string }>();
    expect(upd.results.map((x) => x.id).sort()).toEqual(['q!', 'r!']);
    expect(upd.meta.changes).toBe(2);
    const sel = await db.prepare('SELECT * FROM parent').all();
    expect(sel.meta.changes).toBe(0);
  });

  it('binds like D1: booleans as 0/1, undefined refused, values re-bindable', async () => {
    const db = fresh();
    const stmt = db.prepare('SELECT ?1 AS a, ?2 AS b');
    expect(await stmt.bind(true, false).first()).toEqual({ a: 1, b: 0 });
    expect(await stmt.bind('x', null).first()).toEqual({ a: 'x', b: null });
    expect(() => stmt.bind(undefined, 1)).toThrow(/D1_TYPE_ERROR/);
  });

  it('first(column) reads one value and refuses an unknown column; first() on no rows is null', async () => {
    const db = fresh();
    expect(await db.prepare('SELECT 7 AS n').first('n')).toBe(7);
    await expect(db.prepare('SELECT 7 AS n').first('m')).rejects.toThrow(/D1_COLUMN_NOTFOUND/);
    expect(await db.prepare('SELECT * FROM parent').first()).toBeNull();
  });

  it('raw() keeps same-named columns apart and can lead with the names', async () => {
    const db = fresh();
    const sql = "SELECT 'a' AS id, 'b' AS id";
    expect(await db.prepare(sql).raw()).toEqual([['a', 'b']]);
    expect(await db.prepare(sql).raw({ columnNames: true })).toEqual([
      ['id', 'id'],
      ['a', 'b'],
    ]);
    // The cached statement is back to objects for the next caller.
    expect(await db.prepare(sql).first()).toEqual({ id: 'b' });
  });

  it('a file database runs WAL with synchronous=FULL (durable on power loss) by default', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd1-'));
    const db = fresh(path.join(dir, 'x.sqlite'));
    expect(db.sqlite.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    // 2 = FULL
    expect(db.sqlite.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    expect(db.sqlite.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
  });

  it('group commit: batches of one turn share one COMMIT; a failing one rolls back alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd1-group-'));
    const file = path.join(dir, 'g.sqlite');
    const db = fresh(file);
    await db.prepare("INSERT INTO parent (id) VALUES ('p')").run();
    const commits = vi.spyOn(db, 'statement');
    const insert = (v: string) => db.prepare("INSERT INTO child (parent_id, v) VALUES ('p', ?)").bind(v);
    const settled = await Promise.allSettled([
      db.batch([insert('a'), insert('b')]),
      db.batch([insert('c'), insert('a')]),
      db.batch([insert('d')]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toContain(
      'UNIQUE constraint failed: child.v',
    );
    expect(commits.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(1);
    // Settled means committed: another connection to the file sees every row of the kept batches.
    const other = new DatabaseSync(file, { readOnly: true });
    const rows = other.prepare('SELECT v FROM child ORDER BY v').all();
    other.close();
    expect(rows.map((r) => r.v)).toEqual(['a', 'b', 'd']);
    expect(db.sqlite.isTransaction).toBe(false);
  });

  it('group commit: when SQLite rolls the whole transaction back, the other batches still commit', async () => {
    const db = fresh();
    await db.prepare("INSERT INTO parent (id) VALUES ('p')").run();
    // RAISE(ROLLBACK) ends the enclosing transaction, not just the statement or its savepoint.
    db.sqlite.exec(`CREATE TRIGGER no_x BEFORE INSERT ON child WHEN NEW.v = 'x'
                    BEGIN SELECT RAISE(ROLLBACK, 'x refused'); END`);
    const insert = (v: string) => db.prepare("INSERT INTO child (parent_id, v) VALUES ('p', ?)").bind(v);
    const settled = await Promise.allSettled([
      db.batch([insert('a')]),
      db.batch([insert('b'), insert('x')]),
      db.batch([insert('c')]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toContain('x refused');
    const rows = await db.prepare('SELECT v FROM child ORDER BY v').all<{ v: string }>();
    expect(rows.results.map((r) => r.v)).toEqual(['a', 'c']);
    expect(db.sqlite.isTransaction).toBe(false);
  });

  it('group commit: a batch alone is answered after its own commit, results as before', async () => {
    const db = fresh();
    await db.prepare("INSERT INTO parent (id) VALUES ('p')").run();
    const [ins, sel] = await db.batch([
      db.prepare("INSERT INTO child (parent_id, v) VALUES ('p', 'x')"),
      db.prepare('SELECT count(*) AS n FROM child'),
    ]);
    expect(ins!.meta).toMatchObject({ changes: 1, last_row_id: 1 });
    expect(sel!.results).toEqual([{ n: 1 }]);
    await expect(db.batch([db.prepare('INSERT INTO nope VALUES (1)')])).rejects.toThrow(/no such table/);
    expect(db.sqlite.isTransaction).toBe(false);
  });
});

describe('applyMigrations', () => {
  it('applies the project migrations once, recorded in d1_migrations as wrangler records them', () => {
    const db = new NodeD1Database(':memory:');
    open.push(db);
    const dir = path.resolve(import.meta.dirname, '../../migrations');
    const first = applyMigrations(db.sqlite, dir);
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]).toBe('0000_init.sql');
    expect(applyMigrations(db.sqlite, dir)).toEqual([]);
    const names = db.sqlite.prepare('SELECT name FROM d1_migrations ORDER BY id').all();
    expect(names.map((r) => r.name)).toEqual(first);
  });

  it('a failing migration leaves the database as it was', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
    fs.writeFileSync(path.join(dir, '0000_a.sql'), 'CREATE TABLE a (x INTEGER);');
    fs.writeFileSync(
      path.join(dir, '0001_b.sql'),
      'CREATE TABLE b (x INTEGER);\nINSERT INTO nope VALUES (1);',
    );
    const db = new NodeD1Database(':memory:');
    open.push(db);
    expect(() => applyMigrations(db.sqlite, dir)).toThrow(/0001_b.sql failed/);
    const tables = db.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    expect(tables.map((t) => t.name)).toContain('a');
    expect(tables.map((t) => t.name)).not.toContain('b');
    expect(
      db.sqlite
        .prepare('SELECT name FROM d1_migrations')
        .all()
        .map((r) => r.name),
    ).toEqual(['0000_a.sql']);
  });
});
