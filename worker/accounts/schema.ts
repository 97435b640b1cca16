/** valibot schemas of the administration API: accounts and grants (`/api/admin/users`), the audit log (`/api/admin/audit`). */
import * as v from 'valibot';
import { ROLES } from '../db/schema';

const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email());
/** Long passphrases welcome; PBKDF2 cost does not grow with length. */
const Password = v.pipe(v.string(), v.minLength(10, 'at least 10 characters'), v.maxLength(200));

export const CreateUserSchema = v.strictObject({
  email: Email,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  password: Password,
});
export const UpdateUserSchema = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))),
  disabled: v.optional(v.boolean()),
  /** Password reset: also ends every session and clears the lockout. */
  password: v.optional(Password),
  /** Removes the second factor (lost phone). */
  resetTotp: v.optional(v.boolean()),
  unlock: v.optional(v.boolean()),
});
export const UsersQuery = v.object({ q: v.optional(v.pipe(v.string(), v.maxLength(100))) });
export const AdminUserSchema = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  disabled: v.boolean(),
  totpEnabled: v.boolean(),
  lockedUntil: v.nullable(v.number()),
  createdAt: v.number(),
  grants: v.array(v.object({ id: v.string(), role: v.string(), unitId: v.string(), unitName: v.string() })),
});
export const UsersListSchema = v.object({ users: v.array(AdminUserSchema) });
export const CreateGrantSchema = v.strictObject({
  role: v.picklist(ROLES),
  unitId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
});
export const GrantResultSchema = v.object({ id: v.string(), role: v.string(), unitId: v.string() });

// The audit log -----------------------------------------------------------------------------------

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
  /** The latest tail anchor in R2 that was checked (decision 024). */
  anchor: v.optional(v.object({ seq: v.number(), hash: v.string(), at: v.number() })),
  checkpoint: v.optional(
    v.object({
      throughSeq: v.number(),
      throughHash: v.string(),
      at: v.number(),
      pruned: v.number(),
      fromAt: v.number(),
      toAt: v.number(),
    }),
  ),
  firstBroken: v.optional(v.object({ seq: v.number(), reason: v.string() })),
});
