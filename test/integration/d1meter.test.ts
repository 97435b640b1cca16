import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { meterD1 } from '../../worker/lib/d1meter';
import { call } from '../helpers/fixtures';

describe('D1 meter', () => {
  it('reports rows written by the baseline insert from query meta', async () => {
    const res = await call('/api/bench/baseline', { method: 'POST', headers: { 'x-d1-meter': '1' } });
    expect(res.status).toBe(201);
    expect(Number(res.headers.get('x-d1-rows-written'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('x-d1-statements')).toBe('1');
    const n = await env.DB.prepare('SELECT count(*) AS n FROM bench_rows').first<{ n: number }>();
    expect(n?.n).toBe(1);
  });

  it('adds no headers unless asked', async () => {
    const res = await call('/api/bench/baseline', { method: 'POST' });
    expect(res.headers.get('x-d1-rows-written')).toBeNull();
  });

  it('returns the same rows as the bare binding, including same-named joined columns', async () => {
    await env.DB.batch([
      env.DB.prepare("INSERT INTO bench_rows (id, at) VALUES ('a', 1)"),
      env.DB.prepare("INSERT INTO bench_rows (id, at) VALUES ('b', 2)"),
    ]);
    const sql = "SELECT x.id, y.id FROM bench_rows x JOIN bench_rows y ON y.id = 'b' WHERE x.id = 'a'";
    const { db, usage } = meterD1(env.DB);
    expect(await db.prepare(sql).raw()).toEqual(await env.DB.prepare(sql).raw());
    expect(await db.prepare('SELECT at FROM bench_rows WHERE id = ?').bind('b').first('at')).toBe(2);
    expect(usage.statements).toBe(2);
    // rows_read is D1's billing meter; node:sqlite has no equivalent and reports 0 (worker/platform/node/d1.ts).
    if (env.TEST_RUNTIME === 'workerd') expect(usage.rowsRead).toBeGreaterThan(0);
    else expect(usage.rowsRead).toBe(0);
  });

  it('the limits route asks the real limiters a submission asks: the 21st call of one device is 429', async () => {
    const headers = { 'x-device-key': 'bench-device-1', 'cf-connecting-ip': '10.9.9.9' };
    const codes: number[] = [];
    for (let i = 0; i < 21; i++)
      codes.push((await call('/api/bench/limits', { method: 'POST', headers })).status);
    expect(codes.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(codes[20]).toBe(429);
    // Another device behind the same address is not limited (the IP ceiling is 600 a minute).
    const other = await call('/api/bench/limits', {
      method: 'POST',
      headers: { ...headers, 'x-device-key': 'bench-device-2' },
    });
    expect(other.status).toBe(201);
  });
});
