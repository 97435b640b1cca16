/**
 * Lấy phiếu tín nhiệm: confidence-vote rounds, their ballots and the one-time credentials that
 * admit a ballot. The secrecy argument is in docs/ballots.md; the shape of these tables is part of
 * it: the `ballots` table has no timestamp, no IP, no user and no credential column, and its
 * primary key is a random integer (the rowid itself), so even the physical row order is random.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { units } from './org';

/** setup → issuing → casting → counting → published, each entered explicitly by the counting board. */
export const BALLOT_PHASES = ['setup', 'issuing', 'casting', 'counting', 'published'] as const;
export type BallotPhase = (typeof BALLOT_PHASES)[number];
/** `codes`: printed one-time codes drawn in the room; `remote`: RFC 9474 blind-signed tokens. */
export const BALLOT_MODES = ['codes', 'remote'] as const;
export type BallotMode = (typeof BALLOT_MODES)[number];
/** What a level's percentage is taken over (default: ballots collected, phiếu thu vào). */
export const DENOMINATORS = ['collected', 'issued', 'summoned', 'valid'] as const;
export type Denominator = (typeof DENOMINATORS)[number];
/**
 * The three levels a ballot marks each person at: tín nhiệm cao, tín nhiệm, tín nhiệm thấp. Marks
 * live inside the sealed ballot (no column), but the set is the domain's, beside its other closed
 * sets, so the tally, the pages and the dictionary (worker/text/ballots.ts) name the same three.
 */
export const BALLOT_LEVELS = ['high', 'confidence', 'low'] as const;
export type BallotLevel = (typeof BALLOT_LEVELS)[number];

/** Đợt lấy phiếu tín nhiệm: one confidence-vote round of one body (the unit). */
export const ballotRounds = sqliteTable(
  'ballot_rounds',
  {
    id: text('id').primaryKey(),
    /** The body that votes (party committee, standing committee, People's Council). */
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    mode: text('mode', { enum: BALLOT_MODES }).notNull(),
    phase: text('phase', { enum: BALLOT_PHASES }).notNull().default('setup'),
    /** Số đại biểu được triệu tập. */
    summoned: integer('summoned').notNull(),
    /** Số có mặt: recorded by the board; casting opens only if 3·present ≥ 2·summoned. */
    present: integer('present'),
    denominator: text('denominator', { enum: DENOMINATORS }).notNull().default('collected'),
    meetingPlace: text('meeting_place').notNull().default(''),
    /** Địa danh for the date line of the minutes ("Thanh Hóa, ngày … tháng … năm …"). */
    locality: text('locality').notNull().default(''),
    /** yyyy-mm-dd */
    meetingDate: text('meeting_date').notNull(),
    /** Codes printed so far (never more than present: a CHECK aborts the batch that would). */
    codesGenerated: integer('codes_generated').notNull().default(0),
    /** Undistributed codes voided at the end of issuing (recorded when casting opens). */
    codesVoided: integer('codes_voided').notNull().default(0),
    /** Remote mode: tokens issued (recorded when casting opens, from the roster). */
    tokensIssued: integer('tokens_issued').notNull().default(0),
    /** Remote mode: RSA public key (SPKI, base64) and its SHA-256 fingerprint. */
    publicKey: text('public_key'),
    keyFingerprint: text('key_fingerprint'),
    /** Remote mode: the private key (PKCS#8, AES-GCM sealed); set to NULL when issuing closes. */
    privateKeySealed: text('private_key_sealed'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    castingOpenedAt: integer('casting_opened_at'),
    castingClosedAt: integer('casting_closed_at'),
    publishedAt: integer('published_at'),
  },
  (t) => [
    index('ballot_rounds_unit_idx').on(t.unitId),
    check('ballot_rounds_summoned', sql`${t.summoned} > 0`),
    check(
      'ballot_rounds_present',
      sql`${t.present} IS NULL OR (${t.present} >= 0 AND ${t.present} <= ${t.summoned})`,
    ),
    check('ballot_rounds_codes', sql`${t.codesGenerated} <= coalesce(${t.present}, 0)`),
  ],
);

/** Phiếu: one ballot paper per group of positions. */
export const ballotGroups = sqliteTable(
  'ballot_groups',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => ballotRounds.id),
    ord: integer('ord').notNull(),
    title: text('title').notNull(),
  },
  (t) => [index('ballot_groups_round_idx').on(t.roundId, t.ord)],
);

/** Người được lấy phiếu: a person rated, with the position held. */
export const ballotCandidates = sqliteTable(
  'ballot_candidates',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => ballotRounds.id),
    groupId: text('group_id')
      .notNull()
      .references(() => ballotGroups.id),
    ord: integer('ord').notNull(),
    personId: text('person_id'),
    fullName: text('full_name').notNull(),
    position: text('position').notNull(),
  },
  (t) => [index('ballot_candidates_round_idx').on(t.roundId, t.ord)],
);

/**
 * Thành viên được triệu tập (optional roster). In remote mode a member is a staff account
 * (`userId`) and `tokenIssued` records, atomically with the blind signature, that the member has
 * had their one token. Nothing here relates to any ballot.
 */
export const ballotMembers = sqliteTable(
  'ballot_members',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => ballotRounds.id),
    ord: integer('ord').notNull(),
    fullName: text('full_name').notNull(),
    userId: text('user_id').references(() => users.id),
    present: integer('present', { mode: 'boolean' }).notNull().default(false),
    tokenIssued: integer('token_issued', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('ballot_members_round_idx').on(t.roundId, t.ord),
    uniqueIndex('ballot_members_user_uq').on(t.roundId, t.userId),
  ],
);

/** Printed one-time codes: only SHA-256(round, code) is stored. Status `issued` or `void`. */
export const ballotCodes = sqliteTable(
  'ballot_codes',
  {
    hash: text('hash').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => ballotRounds.id),
    status: text('status', { enum: ['issued', 'void'] })
      .notNull()
      .default('issued'),
  },
  (t) => [index('ballot_codes_round_idx').on(t.roundId, t.status)],
);

/**
 * Spent credentials (a code's hash, or a token message's hash). The composite primary key is the
 * UNIQUE constraint that makes a credential count once: the spend and the ballot are one batch.
 */
export const ballotSpends = sqliteTable(
  'ballot_spends',
  {
    roundId: text('round_id')
      .notNull()
      .references(() => ballotRounds.id),
    credential: text('credential').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.credential] })],
);

/**
 * Lá phiếu: one cast ballot. Deliberately: a random integer id that IS the rowid (so insertion
 * order leaves no trace in the B-tree), the round, the receipt (short hash of id + marks) and the
 * marks (JSON: candidate id → level, 'blank' or 'multiple'). No timestamp, no IP, no user, no
 * credential. A schema test reads `pragma_table_info('ballots')` to keep it that way.
 */
export const ballots = sqliteTable(
  'ballots',
  {
    id: integer('id').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => ballotRounds.id),
    receipt: text('receipt').notNull(),
    marks: text('marks').notNull(),
  },
  (t) => [uniqueIndex('ballots_receipt_uq').on(t.roundId, t.receipt)],
);
