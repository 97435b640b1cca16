/**
 * `GET /api/public/forms/{slug}/choices/{questionId}?q=<text>`: a unit/person picker searched by name,
 * for pickers whose list is too long to send with the page → `{ choices: [{ id, label }] }` (at most
 * 20, nothing but id and label). Mounted at `/api/public/forms` (worker/app.ts).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { defineRoutes } from '../lib/route';
import { SEARCH_MAX, SEARCH_MIN, searchChoices } from './service';

const ChoicesQuery = v.object({
  q: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(SEARCH_MIN, 'q: at least 2 characters'),
    v.maxLength(SEARCH_MAX, 'q: at most 60 characters'),
  ),
});
const ChoicesResult = v.object({
  choices: v.array(v.object({ id: v.string(), label: v.string() })),
});

export const publicChoiceRoutes = new Hono<AppEnv>();

defineRoutes(publicChoiceRoutes, { tags: ['public pages'], auth: 'public' }).get(
  '/:slug/choices/:questionId',
  {
    summary:
      'Search a unit/person picker of an open form by name (diacritics ignored): up to 20 { id, label }',
    query: ChoicesQuery,
    response: ChoicesResult,
  },
  async (c, { query: { q } }) => {
    const list = await searchChoices(c.env, c.req.param('slug'), c.req.param('questionId'), q, {
      ip: c.req.header('cf-connecting-ip'),
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ choices: list.map((x) => ({ id: x.value, label: x.label })) });
  },
);
