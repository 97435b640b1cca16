import * as v from 'valibot';
import { ROLES } from '../db/schema';

const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email());
/** Long passphrases welcome; PBKDF2 cost does not grow with length. */
const Password = v.pipe(v.string(), v.minLength(10, 'at least 10 characters'), v.maxLength(200));

export const LoginSchema = v.strictObject({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(1), v.maxLength(254)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});
export const TotpCodeSchema = v.strictObject({
  code: v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/, 'six digits')),
});

const GrantSchema = v.object({
  role: v.picklist(ROLES),
  unitId: v.string(),
  unitName: v.string(),
  unitPath: v.string(),
});
export const UserSchema = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  totpEnabled: v.boolean(),
});
export const MeSchema = v.object({ user: UserSchema, grants: v.array(GrantSchema) });
/** `GET /api/auth/session`: signed out is an answer, not an error. */
export const SessionStateSchema = v.variant('signedIn', [
  v.object({ signedIn: v.literal(false) }),
  v.object({ signedIn: v.literal(true), user: UserSchema, grants: v.array(GrantSchema) }),
]);
export const LoginResultSchema = v.object({
  user: UserSchema,
  grants: v.array(GrantSchema),
  mfaRequired: v.boolean(),
});
export const EnrollResultSchema = v.object({ secret: v.string(), otpauthUrl: v.string(), qrSvg: v.string() });
export const OkSchema = v.object({ ok: v.boolean() });

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
