/**
 * The Drizzle client helpers (decision 286): `statement()` turns a Drizzle query or `sql` template
 * into the bound D1 statement it runs, so statements built with Drizzle batch with other modules'
 * statements in ONE D1 batch, column modes encoded as Drizzle encodes them.
 */
import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  db,
  inJson,
  type Placeholders,
  preparedQuery,
  preparedStatement,
  statement,
} from '../../worker/db/client';
import { benchRows, dataRequestRules } from '../../worker/db/schema';

describe('statement()', () => {
  it('binds the query with its parameters, encoded by column mode, and runs in one batch', async () => {
    const kind = `t-${crypto.randomUUID()}`;
    const insert = db(env.DB)
      .insert(dataRequestRules)
      .values({ kind, days: 7, working: true, basis: 'b', updatedAt: 1 });
    const stmt = statement(env.DB, insert);
    const [ins, upd, none] = await env.DB.batch([
      stmt,
      statement(
        env.DB,
        db(env.DB).update(dataRequestRules).set({ days: 9 }).where(eq(dataRequestRules.kind, kind)),
      ),
      statement(
        env.DB,
        sql`DELETE FROM ${dataRequestRules} WHERE ${dataRequestRules.kind} = ${`${kind}-none`}`,
      ),
    ]);
    expect(ins!.meta.changes).toBe(1);
    expect(upd!.meta.changes).toBe(1);
    expect(none!.meta.changes).toBe(0);
    const raw = await env.DB.prepare('SELECT days, working FROM data_request_rules WHERE kind = ?')
      .bind(kind)
      .first();
    expect(raw).toEqual({ days: 9, working: 1 });
    const typed = await db(env.DB)
      .select()
      .from(dataRequestRules)
      .where(eq(dataRequestRules.kind, kind))
      .get();
    expect(typed).toEqual({ kind, days: 9, working: true, basis: 'b', updatedAt: 1 });
  });

  it('fails the whole batch when one statement fails (one transaction)', async () => {
    const kind = `t-${crypto.randomUUID()}`;
    const insert = () =>
      statement(
        env.DB,
        db(env.DB)
          .insert(dataRequestRules)
          .values({ kind, days: 1, working: false, basis: 'b', updatedAt: 1 }),
      );
    await expect(env.DB.batch([insert(), insert()])).rejects.toThrow();
    expect(
      await db(env.DB).select().from(dataRequestRules).where(eq(dataRequestRules.kind, kind)).all(),
    ).toEqual([]);
  });
});

describe('inJson()', () => {
  it('matches the listed values with ONE bound parameter, however long the list', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `in-json-${crypto.randomUUID()}-${i}`);
    await db(env.DB)
      .insert(benchRows)
      .values(ids.slice(0, 3).map((id, at) => ({ id, at })))
      .run();
    const where = inJson(benchRows.id, [...ids.slice(1), 'absent']);
    const rows = await db(env.DB)
      .select({ id: benchRows.id, at: benchRows.at })
      .from(benchRows)
      .where(where)
      .all();
    expect(rows.sort((a, b) => a.at - b.at)).toEqual([
      { id: ids[1], at: 1 },
      { id: ids[2], at: 2 },
    ]);
    expect(db(env.DB).select().from(benchRows).where(where).toSQL().params).toHaveLength(1);
    expect(await db(env.DB).select().from(benchRows).where(inJson(benchRows.id, [])).all()).toEqual([]);
  });
});

describe('preparedStatement() / preparedQuery()', () => {
  it('build the query once and bind each call its values, encoded by column mode', async () => {
    let builds = 0;
    const insertRule = preparedStatement<{ kind: string; days: number; working: boolean }>((q, v) => {
      builds++;
      return q
        .insert(dataRequestRules)
        .values({ kind: v.kind, days: v.days, working: v.working, basis: 'b', updatedAt: 1 });
    });
    const [a, b] = [`p-${crypto.randomUUID()}`, `p-${crypto.randomUUID()}`];
    const results = await env.DB.batch([
      insertRule(env.DB, { kind: a, days: 2, working: true }),
      insertRule(env.DB, { kind: b, days: 3, working: false }),
    ]);
    expect(results.map((r) => r.meta.changes)).toEqual([1, 1]);
    expect(builds).toBe(1);
    const raw = await env.DB.prepare('SELECT days, working FROM data_request_rules WHERE kind = ?')
      .bind(a)
      .first();
    expect(raw).toEqual({ days: 2, working: 1 });

    let reads = 0;
    const rule = preparedQuery((q, v: Placeholders<{ kind: string }>) => {
      reads++;
      return q
        .select({ days: dataRequestRules.days, working: dataRequestRules.working })
        .from(dataRequestRules)
        .where(eq(dataRequestRules.kind, v.kind))
        .prepare();
    });
    expect(await rule.get(env.DB, { kind: a })).toEqual({ days: 2, working: true });
    expect(await rule.get(env.DB, { kind: b })).toEqual({ days: 3, working: false });
    expect(await rule.all(env.DB, { kind: 'absent' })).toEqual([]);
    expect(reads).toBe(1);
  });
});
