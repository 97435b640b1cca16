/** Valibot schemas of the ballots API (staff and public). */
import * as v from 'valibot';
import { BALLOT_MODES, BALLOT_PHASES, DENOMINATORS } from '../db/schema/ballots';
import { RowIdSchema } from '../forms/schema';
import { IdKeyedObject } from '../lib/checks';
import { DateString } from '../lib/validate';

export { RowIdSchema };
export const RoundIdParam = v.object({ id: RowIdSchema });

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

const CandidateInput = v.object({
  fullName: Text(200),
  position: Text(300),
  personId: v.optional(RowIdSchema),
});
const GroupInput = v.object({
  title: Text(300),
  candidates: v.pipe(v.array(CandidateInput), v.minLength(1), v.maxLength(60)),
});
/** A member summoned; in remote mode identified by account id or by the account's e-mail. */
const MemberInput = v.object({
  fullName: Text(200),
  userId: v.optional(RowIdSchema),
  email: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(), v.maxLength(200))),
});

export const CreateRoundSchema = v.pipe(
  v.object({
    unitId: RowIdSchema,
    name: Text(300),
    mode: v.optional(v.picklist(BALLOT_MODES), 'codes'),
    summoned: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2000)),
    denominator: v.optional(v.picklist(DENOMINATORS), 'collected'),
    meetingPlace: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(300)), ''),
    locality: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), ''),
    meetingDate: DateString,
    groups: v.pipe(v.array(GroupInput), v.minLength(1), v.maxLength(10)),
    members: v.optional(v.pipe(v.array(MemberInput), v.maxLength(2000)), []),
  }),
  v.forward(
    v.check(
      (r) => r.members.length === 0 || r.members.length === r.summoned,
      'members: one per member summoned',
    ),
    ['members'],
  ),
  v.forward(
    v.check(
      (r) =>
        r.mode === 'codes' ||
        (r.members.length === r.summoned && r.members.every((m) => m.userId || m.email)),
      'members: remote mode needs an account per member',
    ),
    ['members'],
  ),
);
export type CreateRound = v.InferOutput<typeof CreateRoundSchema>;

export const AttendanceSchema = v.object({
  present: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2000))),
  memberIds: v.optional(v.pipe(v.array(RowIdSchema), v.maxLength(2000))),
});

export const PhaseSchema = v.object({ to: v.picklist(BALLOT_PHASES.filter((p) => p !== 'setup')) });

export const GenerateCodesSchema = v.object({
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2000))),
});
/** `POST …/codes?format=json`: the codes as text and the ballot page they open. */
export const IssuedCodesSchema = v.object({ codes: v.array(v.string()), ballotUrl: v.string() });
export const VoidCodesSchema = v.object({
  codes: v.pipe(v.array(v.pipe(v.string(), v.maxLength(40))), v.minLength(1), v.maxLength(2000)),
});
export const VoidResultSchema = v.object({ voided: v.number(), unknown: v.number() });

/** Remote mode: the blinded message (base64), RFC 9474 `blinded_msg`. */
export const TokenRequestSchema = v.object({ blindedMsg: v.pipe(v.string(), v.maxLength(2000)) });
export const TokenResponseSchema = v.object({ blindSig: v.string(), fingerprint: v.string() });

/** A cast: the credential (a printed code, or a token) and the marks by candidate id. */
export const CastSchema = v.object({
  code: v.optional(v.pipe(v.string(), v.maxLength(40))),
  token: v.optional(
    v.object({
      message: v.pipe(v.string(), v.maxLength(200)),
      signature: v.pipe(v.string(), v.maxLength(2000)),
    }),
  ),
  // Marks by candidate id: a level, null (blank) or the ticks of a paper (several = an invalid mark).
  // Every key and mark reaches normaliseMarks, which refuses strangers and non-levels (IdKeyedObject).
  marks: IdKeyedObject,
});
export type CastInput = v.InferOutput<typeof CastSchema>;
export const CastResultSchema = v.object({ receipt: v.string() });

const Figure = v.object({ count: v.number(), percent: v.nullable(v.string()) });
export const TallySchema = v.object({
  summoned: v.number(),
  present: v.number(),
  quorum: v.boolean(),
  issued: v.number(),
  collected: v.number(),
  denominator: v.picklist(DENOMINATORS),
  candidates: v.array(
    v.object({
      id: v.string(),
      groupId: v.string(),
      fullName: v.string(),
      position: v.string(),
      /** Order on the paper. */
      ord: v.number(),
      /** The person in the organisation's records, when the paper names one. */
      personId: v.nullable(v.string()),
      issued: v.number(),
      collected: v.number(),
      valid: v.number(),
      invalid: v.number(),
      blank: v.number(),
      multiple: v.number(),
      denominator: v.number(),
      high: Figure,
      confidence: Figure,
      low: Figure,
      overHalfLow: v.boolean(),
      twoThirdsLow: v.boolean(),
    }),
  ),
});

const RoundSummary = v.object({
  id: v.string(),
  unitId: v.string(),
  unitName: v.string(),
  name: v.string(),
  mode: v.picklist(BALLOT_MODES),
  phase: v.picklist(BALLOT_PHASES),
  meetingDate: v.string(),
});
export const RoundListSchema = v.object({ rounds: v.array(RoundSummary) });
export const RoundDetailSchema = v.object({
  round: v.object({
    ...RoundSummary.entries,
    summoned: v.number(),
    present: v.nullable(v.number()),
    quorum: v.boolean(),
    denominator: v.picklist(DENOMINATORS),
    meetingPlace: v.string(),
    locality: v.string(),
    codesGenerated: v.number(),
    codesVoided: v.nullable(v.number()),
    tokensIssued: v.nullable(v.number()),
    keyFingerprint: v.nullable(v.string()),
    /** Only while casting: whether every issued credential is spent (no count, see docs/ballots.md). */
    allCast: v.nullable(v.boolean()),
  }),
  groups: v.array(
    v.object({
      id: v.string(),
      title: v.string(),
      candidates: v.array(v.object({ id: v.string(), fullName: v.string(), position: v.string() })),
    }),
  ),
  members: v.array(
    v.object({ id: v.string(), fullName: v.string(), present: v.boolean(), hasAccount: v.boolean() }),
  ),
});
export const MyRoundsSchema = v.object({
  rounds: v.array(
    v.object({
      ...RoundSummary.entries,
      tokenIssued: v.boolean(),
      publicKey: v.nullable(v.string()),
      keyFingerprint: v.nullable(v.string()),
    }),
  ),
});

/** What the public ballot page and API show (no figures before publication). */
export const PublicBallotSchema = v.object({
  id: v.string(),
  name: v.string(),
  unitName: v.string(),
  mode: v.picklist(BALLOT_MODES),
  phase: v.picklist(BALLOT_PHASES),
  keyFingerprint: v.nullable(v.string()),
  publicKey: v.nullable(v.string()),
  groups: v.array(
    v.object({
      id: v.string(),
      title: v.string(),
      candidates: v.array(v.object({ id: v.string(), fullName: v.string(), position: v.string() })),
    }),
  ),
});
export const PublicResultsSchema = v.object({
  round: PublicBallotSchema,
  tally: TallySchema,
  receipts: v.array(v.string()),
});
