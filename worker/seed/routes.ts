import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { safeEqual } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { seedDemo } from './service';

/**
 * `POST /api/dev/seed`: loads the demo data (used by `npm start` and the browser tests). It exists
 * only when `ENVIRONMENT === 'development'` and the request carries `Authorization: Bearer
 * <DEV_SEED_TOKEN>`; otherwise it answers 404 like any unknown route, so a deployment does not
 * even reveal it. Deliberately absent from the OpenAPI document for the same reason.
 */
export const devRoutes = new Hono<AppEnv>().post('/seed', async (c) => {
  const token = c.env.DEV_SEED_TOKEN;
  const given = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
  if (c.env.ENVIRONMENT !== 'development' || !token || !safeEqual(given, token))
    throw new AppError('not_found', { what: 'route' });
  return c.json(await seedDemo(c.env));
});
