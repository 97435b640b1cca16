import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { units } from './org';

/** Staff roles. Each is granted on a unit and holds for that unit's whole subtree. */
export const ROLES = [
  'admin', // quản trị: organisation tree, accounts, roles
  'form_designer', // cán bộ MTTQ thiết kế biểu mẫu
  'case_intake', // tiếp nhận (MTTQ): sees reporter identity
  'case_handler', // cơ quan xử lý
  'board_viewer', // thành viên ban: dashboards
  'ward_reporter', // cán bộ phường/xã báo cáo
  'counting_board', // ban kiểm phiếu
] as const;
export type Role = (typeof ROLES)[number];

/** Tài khoản cán bộ: a staff account. */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** TOTP secret, sealed by the keyring (purpose totp, decision 250); null until enrolled. */
    totpSecret: text('totp_secret'),
    totpEnabled: integer('totp_enabled', { mode: 'boolean' }).notNull().default(false),
    /** The 30-second TOTP step of the last code accepted: a code is good once (decision 025). */
    totpLastStep: integer('totp_last_step'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: integer('locked_until'),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

/** Phân quyền: role × unit; valid for the unit's subtree. */
export const roleGrants = sqliteTable(
  'role_grants',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ROLES }).notNull(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('role_grants_uq').on(t.userId, t.role, t.unitId),
    index('role_grants_user_idx').on(t.userId),
  ],
);

/** Login sessions. `id` is the SHA-256 of the cookie token: a database leak yields no live session. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** false while a second factor is still owed. */
    verified: integer('verified', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
