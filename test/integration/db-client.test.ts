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
  excluded,
  inJson,
  type Placeholders,
  preparedQuery,
  preparedStatement,
  selectValues,
  statement,
} from '../../worker/db/client';
import { benchRows, dataRequestRules, dvkModelCounts, dvkRubrics } from '../../worker/db/schema';

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

describe('selectValues()', () => {
  it("lists a guarded INSERT … SELECT's values in the table's column order, defaults for the rest", async () => {
    const q = db(env.DB);
    const [a, b, none] = [1, 2, 3].map(() => `sv-${crypto.randomUUID()}`) as [string, string, string];
    // Keys in any order; `active` (boolean mode, default false) and `createdBy` (nullable) left out.
    const row = (id: string) => ({ createdAt: 7, thresholdBp: 5000, criteria: '[]', name: `r ${id}`, id });
    const [first, second, third] = await env.DB.batch([
      statement(env.DB, q.insert(dvkRubrics).select(sql`${selectValues(dvkRubrics, row(a))} WHERE 1`)),
      statement(
        env.DB,
        q
          .insert(dvkRubrics)
          .select(sql`${selectValues(dvkRubrics, { ...row(b), active: true })} WHERE changes() = 1`),
      ),
      statement(env.DB, q.insert(dvkRubrics).select(sql`${selectValues(dvkRubrics, row(none))} WHERE 0`)),
    ]);
    expect([first?.meta.changes, second?.meta.changes, third?.meta.changes]).toEqual([1, 1, 0]);
    const rows = await q
      .select()
      .from(dvkRubrics)
      .where(inJson(dvkRubrics.id, [a, b, none]))
      .all();
    expect(rows.sort((x, y) => Number(x.active) - Number(y.active))).toEqual([
      {
        id: a,
        name: `r ${a}`,
        criteria: '[]',
        thresholdBp: 5000,
        active: false,
        createdBy: null,
        createdAt: 7,
      },
      {
        id: b,
        name: `r ${b}`,
        criteria: '[]',
        thresholdBp: 5000,
        active: true,
        createdBy: null,
        createdAt: 7,
      },
    ]);
  });
});

describe('excluded()', () => {
  it('names the value the conflicting INSERT proposed', async () => {
    const q = db(env.DB);
    const unitId = `ex-${crypto.randomUUID()}`;
    const add = (n: number) =>
      q
        .insert(dvkModelCounts)
        .values({ unitId, field: 'economy', year: 2026, status: 'registered', n, people: 10 * n })
        .onConflictDoUpdate({
          target: [dvkModelCounts.unitId, dvkModelCounts.field, dvkModelCounts.year, dvkModelCounts.status],
          set: {
            n: sql`${dvkModelCounts.n} + ${excluded(dvkModelCounts.n)}`,
            people: excluded(dvkModelCounts.people),
          },
        });
    await env.DB.batch([statement(env.DB, add(1)), statement(env.DB, add(2))]);
    expect(
      await q
        .select({ n: dvkModelCounts.n, people: dvkModelCounts.people })
        .from(dvkModelCounts)
        .where(eq(dvkModelCounts.unitId, unitId))
        .all(),
    ).toEqual([{ n: 3, people: 20 }]);
  });
});
