import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { pingDb } from './queries';

/** `GET /api/health`: 200 once the database answers a query; says which runtime serves it. */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const started = Date.now();
  await pingDb(c.env.DB);
  return c.json({
    ok: true,
    runtime: c.env.RUNTIME,
    db: 'ok',
    dbMs: Date.now() - started,
    time: new Date().toISOString(),
  });
});
