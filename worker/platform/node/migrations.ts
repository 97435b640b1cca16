/**
 * Applies the SQL files of `migrations/` that a database has not had yet, in name order — the same
 * files `wrangler d1 migrations apply` applies, recorded in the same `d1_migrations` table, so a
 * database moved between the runtimes knows what it has. Each file applies in one transaction with
 * its record: a failed migration leaves the database as it was. Foreign keys are off while a file
 * runs (SQLite ignores `PRAGMA foreign_keys` inside a transaction, and drizzle-kit's table rebuilds
 * need them off) and `foreign_key_check` must find nothing before it commits.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

/** wrangler's own bookkeeping table (same columns). */
const TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/** Migration files in the order wrangler applies them. */
export function migrationFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/**
 * Applies pending migrations; returns the names applied now.
 * @example applyMigrations(db.sqlite, 'migrations') // → ['0006_retention.sql']
 */
export function applyMigrations(sqlite: DatabaseSync, dir: string): string[] {
  sqlite.exec(TABLE);
  const done = new Set(
    (sqlite.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const name of migrationFiles(dir)) {
    if (done.has(name)) continue;
    const sql = fs.readFileSync(path.join(dir, name), 'utf8');
    sqlite.exec('PRAGMA foreign_keys = OFF');
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      sqlite.exec(sql);
      const broken = sqlite.prepare('PRAGMA foreign_key_check').all();
      if (broken.length) throw new Error(`foreign key check failed: ${JSON.stringify(broken.slice(0, 3))}`);
      sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(name);
      sqlite.exec('COMMIT');
    } catch (e) {
      if (sqlite.isTransaction) sqlite.exec('ROLLBACK');
      throw new Error(`migration ${name} failed: ${e instanceof Error ? e.message : e}`, { cause: e });
    } finally {
      sqlite.exec('PRAGMA foreign_keys = ON');
    }
    applied.push(name);
  }
  return applied;
}
