/** valibot schemas of the audit log's API (`/api/admin/audit`). */
import * as v from 'valibot';

const Digits = v.pipe(v.string(), v.regex(/^\d{1,15}$/));
const Text = v.pipe(v.string(), v.maxLength(100));

export const AuditQuery = v.object({
  before: v.optional(Digits),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/))),
  actorId: v.optional(Text),
  targetType: v.optional(Text),
  targetId: v.optional(Text),
  action: v.optional(Text),
});

const Entry = v.object({
  seq: v.number(),
  at: v.number(),
  actorId: v.nullable(v.string()),
  action: v.string(),
  targetType: v.nullable(v.string()),
  targetId: v.nullable(v.string()),
  detail: v.nullable(v.unknown()),
  hash: v.string(),
});

export const AuditPage = v.object({ entries: v.array(Entry), nextBefore: v.nullable(v.number()) });

export const ChainReport = v.object({
  ok: v.boolean(),
  rows: v.number(),
  tailHash: v.optional(v.string()),
  firstBroken: v.optional(v.object({ seq: v.number(), reason: v.string() })),
});
