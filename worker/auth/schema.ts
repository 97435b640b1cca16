import * as v from 'valibot';
import { ROLES } from '../db/schema';

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
