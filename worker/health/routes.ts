import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import { pingDb } from './queries';
import { HealthSchema } from './schema';

/** `GET /api/health`: 200 once the database answers a query; says which runtime serves it. */
export const healthRoutes = new Hono<AppEnv>();

defineRoutes(healthRoutes, { tags: ['health'], auth: 'public' }).get(
  '/',
  { summary: 'The database answers; which runtime serves', response: HealthSchema },
  async (c) => {
    const started = Date.now();
    await pingDb(c.env.DB);
    return c.json({
      ok: true,
      runtime: c.env.RUNTIME,
      db: 'ok',
      dbMs: Date.now() - started,
      time: new Date().toISOString(),
    });
  },
);
