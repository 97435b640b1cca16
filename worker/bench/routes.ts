import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { meterD1 } from '../lib/d1meter';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { submissionLimits } from '../responses/service';
import { insertBenchRow } from './queries';

const isDev = (env: AppEnv['Bindings']) => env.ENVIRONMENT === 'development' || env.ENVIRONMENT === 'test';

/**
 * Development only: with header `X-D1-Meter: 1`, the request runs against a metered D1 and the
 * reply carries `X-D1-Rows-Read`, `X-D1-Rows-Written` and `X-D1-Statements` from query `meta` —
 * how the load benchmark reports D1's billed units per operation of the real routes.
 */
export function d1MeterHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isDev(c.env) || c.req.header('x-d1-meter') !== '1') return next();
    const { db, usage } = meterD1(c.env.DB);
    c.env = { ...c.env, DB: db };
    await next();
    c.res.headers.set('X-D1-Rows-Read', String(usage.rowsRead));
    c.res.headers.set('X-D1-Rows-Written', String(usage.rowsWritten));
    c.res.headers.set('X-D1-Statements', String(usage.statements));
  };
}

/**
 * Development only (404 otherwise): `POST /api/bench/baseline`, the benchmark's bare-insert
 * baseline; `POST /api/bench/limits`, the two rate-limiter calls a submission makes (same
 * bindings, same keys from `X-Device-Key` and `CF-Connecting-IP`) followed by the same bare
 * insert — the least any rate-limited submission can do, so the benchmark measures the ceiling
 * of (b)/(a) next to it (decision 135).
 */
export const benchRoutes = new Hono<AppEnv>()
  .post('/baseline', async (c) => {
    if (!isDev(c.env)) throw new AppError('not_found', { what: 'route' });
    await insertBenchRow(c.env.DB, newId(), Date.now());
    return c.json({ ok: true }, 201);
  })
  .post('/limits', async (c) => {
    if (!isDev(c.env)) throw new AppError('not_found', { what: 'route' });
    await submissionLimits(c.env, 'bench-limits', {
      deviceKey: c.req.header('x-device-key') || undefined,
      ip: c.req.header('cf-connecting-ip') || undefined,
    });
    await insertBenchRow(c.env.DB, newId(), Date.now());
    return c.json({ ok: true }, 201);
  });
