/**
 * Constraint violations by name (worker/db/constraints.ts): the message shapes of D1 on workerd,
 * of the Node wrapper and of Drizzle; real violations of the database this runtime runs; every
 * unique index of the migrated database resolved to its schema name; and no other module under
 * worker/ reading SQLite's message text.
 */
import { env } from 'cloudflare:workers';
import { getTableName, is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { auditStatement } from '../../worker/audit/service';
import {
  CONSTRAINT_NAMES,
  constraintViolation,
  schemaConstraints,
  violates,
} from '../../worker/db/constraints';
import * as schema from '../../worker/db/schema';

/** The table names of the schema. */
const tableNames: string[] = Object.values(schema).flatMap((t) =>
  is(t, SQLiteTable) ? [getTableName(t)] : [],
);

/** An error as D1 on workerd throws it: the SQLite text wrapped, and bare as the cause. */
function workerdError(sqlite: string, extended: string) {
  const inner = new Error(`${sqlite}: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_${extended})`);
  return new Error(`D1_ERROR: ${inner.message}`, { cause: inner });
}
/** An error as worker/platform/node/d1.ts throws it: `D1_ERROR: ` + node:sqlite's message. */
function nodeError(sqlite: string) {
  return new Error(`D1_ERROR: ${sqlite}`, { cause: new Error(sqlite) });
}

describe('constraintViolation: the message shapes', () => {
  const cases: [string, string, string, ReturnType<typeof constraintViolation>][] = [
    ['UNIQUE constraint failed: forms.slug', 'UNIQUE', 'unique', { kind: 'unique', name: 'forms_slug_uq' }],
    [
      'UNIQUE constraint failed: ballot_members.round_id, ballot_members.user_id',
      'UNIQUE',
      'unique on two columns',
      { kind: 'unique', name: 'ballot_members_user_uq' },
    ],
    [
      'UNIQUE constraint failed: ballot_spends.round_id, ballot_spends.credential',
      'PRIMARYKEY',
      'composite primary key',
      { kind: 'primary_key', name: 'ballot_spends_pk' },
    ],
    [
      'UNIQUE constraint failed: units.id',
      'PRIMARYKEY',
      'primary key',
      { kind: 'primary_key', name: 'units_pk' },
    ],
    ['CHECK constraint failed: form_quota_cap', 'CHECK', 'check', { kind: 'check', name: 'form_quota_cap' }],
    [
      'NOT NULL constraint failed: responses.version_id',
      'NOTNULL',
      'not null',
      { kind: 'not_null', name: 'responses.version_id' },
    ],
    ['FOREIGN KEY constraint failed', 'FOREIGNKEY', 'foreign key', { kind: 'foreign_key' }],
  ];
  for (const [sqlite, extended, what, expected] of cases) {
    it(`${what}: D1 on workerd and the Node wrapper read the same`, () => {
      expect(constraintViolation(workerdError(sqlite, extended))).toEqual(expected);
      expect(constraintViolation(nodeError(sqlite))).toEqual(expected);
    });
  }

  it('reads the cause under a Drizzle error, not the parameters its message quotes', () => {
    const forged = 'UNIQUE constraint failed: users.email';
    const drizzleError = new Error(
      `Failed query: insert into "forms" ("slug") values (?)\nparams: ${forged}`,
      {
        cause: nodeError('UNIQUE constraint failed: forms.slug'),
      },
    );
    expect(constraintViolation(drizzleError)).toEqual({ kind: 'unique', name: 'forms_slug_uq' });
    expect(violates(drizzleError, 'users_email_uq')).toBe(false);
  });

  it('is null for other errors and for constraints the schema does not declare', () => {
    expect(constraintViolation(new Error('D1_ERROR: no such table: nothing'))).toBeNull();
    expect(constraintViolation('plain text')).toBeNull();
    expect(constraintViolation(undefined)).toBeNull();
    expect(constraintViolation(nodeError('UNIQUE constraint failed: nothing.here'))).toBeNull();
    expect(constraintViolation(nodeError('CHECK constraint failed: not_declared'))).toBeNull();
  });
});

describe('the names', () => {
  it('CONSTRAINT_NAMES is exactly what the schema names (primary keys aside)', () => {
    const fromSchema = [...schemaConstraints().names].filter((n) => !n.endsWith('_pk')).sort();
    expect([...CONSTRAINT_NAMES].sort()).toEqual(fromSchema);
  });

  it('every unique index of the migrated database resolves to a name of the schema', async () => {
    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'd1_%'",
    ).all<{ name: string }>();
    let checked = 0;
    for (const { name: table } of tables.results) {
      if (!tableNames.includes(table)) continue; // outside the schema (migrations bookkeeping)
      const indexes = await env.DB.prepare(`PRAGMA index_list("${table}")`).all<{
        name: string;
        unique: number;
        origin: string;
      }>();
      for (const idx of indexes.results.filter((i) => i.unique)) {
        const cols = await env.DB.prepare(`PRAGMA index_info("${idx.name}")`).all<{ name: string }>();
        const message = `UNIQUE constraint failed: ${cols.results.map((c) => `${table}.${c.name}`).join(', ')}`;
        const expected =
          idx.origin === 'pk'
            ? { kind: 'primary_key', name: `${table}_pk` }
            : { kind: 'unique', name: idx.name };
        expect([table, constraintViolation(nodeError(message))]).toEqual([table, expected]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('real violations in this runtime', () => {
  const unit = (id: string, code: string | null) =>
    env.DB.prepare(
      `INSERT INTO units (id, code, name, search_name, kind, path, created_at, updated_at)
       VALUES (?, ?, 'Đơn vị', 'don vi', 'other', ?, 0, 0)`,
    ).bind(id, code, `/${id}/`);
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a constraint violation');
      },
      (e: unknown) => e,
    );

  it('unique, primary key, not null: one statement, a batch, and through Drizzle', async () => {
    await unit('cv-1', 'cv-code').run();
    expect(constraintViolation(await failure(unit('cv-2', 'cv-code').run()))).toEqual({
      kind: 'unique',
      name: 'units_code_uq',
    });
    expect(
      constraintViolation(await failure(env.DB.batch([unit('cv-3', 'x3'), unit('cv-1', 'x4')]))),
    ).toEqual({
      kind: 'primary_key',
      name: 'units_pk',
    });
    expect(constraintViolation(await failure(unit('cv-5', null).run()))).toEqual({
      kind: 'not_null',
      name: 'units.code',
    });
    const db = drizzle(env.DB, { schema });
    const viaDrizzle = await failure(
      db
        .insert(schema.units)
        .values({
          id: 'cv-6',
          code: 'cv-code',
          name: 'x',
          searchName: 'x',
          kind: 'other',
          path: '/cv-6/',
          createdAt: 0,
          updatedAt: 0,
        })
        .run(),
    );
    expect(violates(viaDrizzle, 'units_code_uq')).toBe(true);
  });

  it('a named CHECK and a foreign key', async () => {
    const check = await failure(
      env.DB.prepare('INSERT INTO case_settings (id, k_threshold) VALUES (2, 5)').run(),
    );
    expect(constraintViolation(check)).toEqual({ kind: 'check', name: 'case_settings_one' });
    const fk = await failure(
      env.DB.prepare(
        "INSERT INTO role_grants (id, user_id, role, unit_id, created_at) VALUES ('g', 'nobody', 'admin', 'cv-1', 0)",
      ).run(),
    );
    expect(constraintViolation(fk)).toEqual({ kind: 'foreign_key' });
  });

  it('the audit chain race is audit_prev_uq', async () => {
    const stale = await auditStatement(env.DB, { actorId: 'u', action: 'test.stale' });
    await env.DB.batch([await auditStatement(env.DB, { actorId: 'u', action: 'test.winner' })]);
    expect(violates(await failure(env.DB.batch([stale])), 'audit_prev_uq')).toBe(true);
  });
});

describe('no module reads SQLite message text but worker/db/constraints.ts', () => {
  const sources = import.meta.glob(['../../worker/**/*.ts', '../../worker/**/*.tsx'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>;
  const { names } = schemaConstraints();
  const quoted = [...names, ...tableNames].sort((a, b) => b.length - a.length).join('|');
  const patterns: [string, RegExp][] = [
    ['SQLite wording', /constraint failed|SQLITE_CONSTRAINT/i],
    ['a SQLite keyword as a string to look for', /['"`](UNIQUE|CHECK|FOREIGN KEY|NOT NULL|PRIMARY KEY)['"`]/],
    [
      'a table, column or constraint name looked for in text',
      new RegExp(
        `\\.(includes|indexOf|startsWith|endsWith|match|search)\\(\\s*['"\`](${quoted})(\\.[a-z_]+)?['"\`]`,
      ),
    ],
    [
      'an error message tested for text',
      /(\.message\b|String\(\s*\(?\s*(e|err|error)\b[^)]*\))\)?\s*\.(includes|indexOf|match|search|startsWith|endsWith)\(/,
    ],
  ];
  const offending = (src: string) =>
    src
      .split('\n')
      .flatMap((line, i) => patterns.filter(([, re]) => re.test(line)).map(([why]) => `${i + 1}: ${why}`));

  it('finds what the sites used to do (the check can fail)', () => {
    for (const line of [
      "if (String(e).includes('CHECK'))",
      "return m.includes('UNIQUE') && m.includes('audit_log.prev_hash');",
      "if (m.includes('ballot_spends')) throw x;",
      "if (String((err as Error)?.message).includes('form_quota_cap')) {",
      "if (String((e as Error)?.message ?? e).includes('people.external_ref')) {",
      "return m.includes('UNIQUE constraint failed') && m.includes(what);",
    ]) {
      expect([line, offending(line).length > 0]).toEqual([line, true]);
    }
  });

  it('finds nothing in worker/', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(100);
    const found = Object.entries(sources)
      .filter(([file]) => !file.endsWith('/worker/db/constraints.ts'))
      .flatMap(([file, src]) =>
        offending(src).map((o) => `${file.replace(/^.*\/worker\//, 'worker/')}:${o}`),
      );
    expect(found).toEqual([]);
  });
});
