import * as v from 'valibot';

/** The reply of `GET /api/health`. */
export const HealthSchema = v.object({
  ok: v.literal(true),
  runtime: v.picklist(['workerd', 'node']),
  db: v.literal('ok'),
  dbMs: v.number(),
  time: v.string(),
});
