/**
 * Every SQL statement of the ballots module. Writes that must hold together are returned as
 * statements for one `d1.batch`; every guard (phase, quorum, code status, once-only) is in the SQL
 * (conditional INSERT … SELECT … WHERE, `changes()`, UNIQUE, CHECK), never read-then-write.
 * What the public ballot page and the cast run on every request (the round, its content, the
 * code check, the cast's two statements) is built once and only bound per call (decision 284).
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gt,
  inArray,
  isNotNull,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import {
  type Db,
  db,
  inJson,
  type Placeholders,
  preparedQuery,
  preparedStatement,
  selectValues,
  statement,
} from '../db/client';
import {
  type BallotMode,
  type BallotPhase,
  ballotCandidates,
  ballotCodes,
  ballotGroups,
  ballotMembers,
  ballotRounds,
  ballotSpends,
  ballots,
  units,
  users,
} from '../db/schema';
import { inSubtree } from '../db/subtree';

/** A round with its body's name and path: what every reader of a round gets. */
const roundFields = {
  id: ballotRounds.id,
  unitId: ballotRounds.unitId,
  unitName: units.name,
  unitPath: units.path,
  name: ballotRounds.name,
  mode: ballotRounds.mode,
  phase: ballotRounds.phase,
  summoned: ballotRounds.summoned,
  present: ballotRounds.present,
  denominator: ballotRounds.denominator,
  meetingPlace: ballotRounds.meetingPlace,
  locality: ballotRounds.locality,
  meetingDate: ballotRounds.meetingDate,
  codesGenerated: ballotRounds.codesGenerated,
  codesVoided: ballotRounds.codesVoided,
  tokensIssued: ballotRounds.tokensIssued,
  publicKey: ballotRounds.publicKey,
  keyFingerprint: ballotRounds.keyFingerprint,
  privateKeySealed: ballotRounds.privateKeySealed,
  createdAt: ballotRounds.createdAt,
  castingOpenedAt: ballotRounds.castingOpenedAt,
  castingClosedAt: ballotRounds.castingClosedAt,
  publishedAt: ballotRounds.publishedAt,
};

const roundById = preparedQuery((q, v: Placeholders<{ id: string }>) =>
  q
    .select(roundFields)
    .from(ballotRounds)
    .innerJoin(units, eq(units.id, ballotRounds.unitId))
    .where(eq(ballotRounds.id, v.id))
    .prepare(),
);

export async function selectRound(d1: D1Database, id: string) {
  return (await roundById.get(d1, { id })) ?? null;
}
export type RoundRow = NonNullable<Awaited<ReturnType<typeof selectRound>>>;

/** Rounds whose body lies in one of the subtrees, newest first. */
export async function selectRoundsIn(d1: D1Database, scopePaths: string[]): Promise<RoundRow[]> {
  if (!scopePaths.length) return [];
  return db(d1)
    .select(roundFields)
    .from(ballotRounds)
    .innerJoin(units, eq(units.id, ballotRounds.unitId))
    .where(or(...scopePaths.map((p) => inSubtree(units.path, p))))
    .orderBy(desc(ballotRounds.createdAt))
    .limit(200)
    .all();
}

/** Remote-mode rounds in which the user is on the roster. */
export async function selectRoundsOfMember(d1: D1Database, userId: string) {
  return db(d1)
    .select({ ...roundFields, tokenIssued: ballotMembers.tokenIssued })
    .from(ballotMembers)
    .innerJoin(ballotRounds, eq(ballotRounds.id, ballotMembers.roundId))
    .innerJoin(units, eq(units.id, ballotRounds.unitId))
    .where(eq(ballotMembers.userId, userId))
    .orderBy(desc(ballotRounds.createdAt))
    .limit(50)
    .all();
}

type ByRound = Placeholders<{ roundId: string }>;

const groupsOf = preparedQuery((q, v: ByRound) =>
  q
    .select({ id: ballotGroups.id, ord: ballotGroups.ord, title: ballotGroups.title })
    .from(ballotGroups)
    .where(eq(ballotGroups.roundId, v.roundId))
    .orderBy(asc(ballotGroups.ord))
    .prepare(),
);

const candidatesOf = preparedQuery((q, v: ByRound) =>
  q
    .select({
      id: ballotCandidates.id,
      groupId: ballotCandidates.groupId,
      ord: ballotCandidates.ord,
      personId: ballotCandidates.personId,
      fullName: ballotCandidates.fullName,
      position: ballotCandidates.position,
    })
    .from(ballotCandidates)
    .where(eq(ballotCandidates.roundId, v.roundId))
    .orderBy(asc(ballotCandidates.ord))
    .prepare(),
);

const membersOf = preparedQuery((q, v: ByRound) =>
  q
    .select({
      id: ballotMembers.id,
      ord: ballotMembers.ord,
      fullName: ballotMembers.fullName,
      userId: ballotMembers.userId,
      present: ballotMembers.present,
      tokenIssued: ballotMembers.tokenIssued,
    })
    .from(ballotMembers)
    .where(eq(ballotMembers.roundId, v.roundId))
    .orderBy(asc(ballotMembers.ord))
    .prepare(),
);

/** The round's papers, people rated and roster, in order (one batch of three reads). */
export async function selectContent(d1: D1Database, roundId: string) {
  const v = { roundId };
  const [groups, candidates, members] = await d1.batch([
    groupsOf.statement(d1, v),
    candidatesOf.statement(d1, v),
    membersOf.statement(d1, v),
  ]);
  return {
    groups: groupsOf.rows(d1, groups!),
    candidates: candidatesOf.rows(d1, candidates!),
    members: membersOf.rows(d1, members!),
  };
}
type Content = Awaited<ReturnType<typeof selectContent>>;
export type GroupRow = Content['groups'][number];
export type CandidateRow = Content['candidates'][number];
export type MemberRow = Content['members'][number];

/** What creating a round sets; the rest are the table's defaults. */
export type NewRound = Required<
  Pick<
    typeof ballotRounds.$inferInsert,
    | 'id'
    | 'unitId'
    | 'name'
    | 'mode'
    | 'summoned'
    | 'denominator'
    | 'meetingPlace'
    | 'locality'
    | 'meetingDate'
    | 'createdBy'
  >
> & { now: number };

/** The round and its papers, candidates and roster: statements for one batch. */
export function insertRoundStatements(
  d1: D1Database,
  { now, ...r }: NewRound,
  groups: GroupRow[],
  candidates: CandidateRow[],
  members: Pick<MemberRow, 'id' | 'ord' | 'fullName' | 'userId'>[],
): D1PreparedStatement[] {
  const q = db(d1);
  return [
    q.insert(ballotRounds).values({ ...r, createdAt: now, updatedAt: now }),
    ...groups.map((g) => q.insert(ballotGroups).values({ ...g, roundId: r.id })),
    ...candidates.map((c) => q.insert(ballotCandidates).values({ ...c, roundId: r.id })),
    ...members.map((m) => q.insert(ballotMembers).values({ ...m, roundId: r.id })),
  ].map((query) => statement(d1, query));
}

/** `EXISTS (SELECT 1 FROM ballot_rounds WHERE id = ? AND …)`: a write elsewhere guarded by the round. */
function roundIs(q: Db, roundId: string | SQLWrapper, ...conditions: SQL[]) {
  return exists(
    q
      .select({ one: sql`1` })
      .from(ballotRounds)
      .where(and(eq(ballotRounds.id, roundId), ...conditions)),
  );
}

const inPhase = (...phases: BallotPhase[]) => inArray(ballotRounds.phase, phases);

/**
 * Attendance (điểm danh) while in setup or issuing. With a roster, `memberIds` mark who is present
 * and `present` is their count. The CHECK on the round refuses fewer present than codes printed.
 */
export function attendanceStatements(
  d1: D1Database,
  roundId: string,
  present: number,
  memberIds: string[] | null,
  now: number,
): D1PreparedStatement[] {
  const q = db(d1);
  const open = inPhase('setup', 'issuing');
  const out = [
    statement(
      d1,
      q
        .update(ballotRounds)
        .set({ present, updatedAt: now })
        .where(and(eq(ballotRounds.id, roundId), open)),
    ),
  ];
  if (memberIds) {
    out.push(
      statement(
        d1,
        q
          .update(ballotMembers)
          .set({
            present: inJson(ballotMembers.id, memberIds),
          })
          .where(and(eq(ballotMembers.roundId, roundId), roundIs(q, roundId, open))),
      ),
    );
  }
  return out;
}

/** setup → issuing; in remote mode the key pair rides along. Changes 0 rows when not in setup. */
export function openIssuingStatement(
  d1: D1Database,
  roundId: string,
  now: number,
  key: { publicKey: string; fingerprint: string; privateKeySealed: string } | null,
) {
  return statement(
    d1,
    db(d1)
      .update(ballotRounds)
      .set({
        phase: 'issuing',
        updatedAt: now,
        publicKey: key?.publicKey ?? null,
        keyFingerprint: key?.fingerprint ?? null,
        privateKeySealed: key?.privateKeySealed ?? null,
      })
      .where(and(eq(ballotRounds.id, roundId), eq(ballotRounds.phase, 'setup'))),
  );
}

/**
 * issuing → casting, only with quorum (3·present ≥ 2·summoned) and at least one credential out.
 * Records the voided codes and the tokens issued, and destroys the private key, in the same UPDATE.
 */
export function openCastingStatement(d1: D1Database, roundId: string, now: number) {
  const r = ballotRounds;
  return statement(
    d1,
    db(d1)
      .update(r)
      .set({
        phase: 'casting',
        updatedAt: now,
        castingOpenedAt: now,
        codesVoided: sql`(SELECT count(*) FROM ${ballotCodes}
          WHERE ${ballotCodes.roundId} = ${roundId} AND ${ballotCodes.status} = 'void')`,
        tokensIssued: sql`(SELECT count(*) FROM ${ballotMembers}
          WHERE ${ballotMembers.roundId} = ${roundId} AND ${ballotMembers.tokenIssued} = 1)`,
        privateKeySealed: null,
      })
      .where(
        and(
          eq(r.id, roundId),
          eq(r.phase, 'issuing'),
          isNotNull(r.present),
          sql`3 * ${r.present} >= 2 * ${r.summoned}`,
          or(gt(r.codesGenerated, 0), eq(r.mode, 'remote')),
        ),
      ),
  );
}

/** casting → counting, counting → published. */
export function advanceStatement(d1: D1Database, roundId: string, from: 'casting' | 'counting', now: number) {
  const to =
    from === 'casting'
      ? ({ phase: 'counting', castingClosedAt: now } as const)
      : ({ phase: 'published', publishedAt: now } as const);
  return statement(
    d1,
    db(d1)
      .update(ballotRounds)
      .set({ ...to, updatedAt: now })
      .where(and(eq(ballotRounds.id, roundId), eq(ballotRounds.phase, from))),
  );
}

/**
 * Printed codes: the counter first (its CHECK aborts the whole batch when more codes than members
 * present would exist), then the hashes, each insert guarded by the phase.
 */
export function insertCodesStatements(d1: D1Database, roundId: string, hashes: string[], now: number) {
  const q = db(d1);
  const issuingCodes = [inPhase('issuing'), eq(ballotRounds.mode, 'codes')];
  const stmts = [
    statement(
      d1,
      q
        .update(ballotRounds)
        .set({ codesGenerated: sql`${ballotRounds.codesGenerated} + ${hashes.length}`, updatedAt: now })
        .where(and(eq(ballotRounds.id, roundId), ...issuingCodes)),
    ),
  ];
  for (let i = 0; i < hashes.length; i += 40) {
    const chunk = JSON.stringify(hashes.slice(i, i + 40));
    stmts.push(
      statement(
        d1,
        q.insert(ballotCodes).select(
          sql`${selectValues(ballotCodes, { hash: sql`value`, roundId, status: 'issued' })} FROM json_each(${chunk})
              WHERE ${roundIs(q, roundId, ...issuingCodes)}`,
        ),
      ),
    );
  }
  return stmts;
}

/** Voids issued codes (undistributed slips) while issuing. */
export function voidCodesStatement(d1: D1Database, roundId: string, hashes: string[]) {
  return statement(
    d1,
    db(d1)
      .update(ballotCodes)
      .set({ status: 'void' })
      .where(
        and(
          eq(ballotCodes.roundId, roundId),
          eq(ballotCodes.status, 'issued'),
          inJson(ballotCodes.hash, hashes),
          roundIs(db(d1), roundId, inPhase('issuing')),
        ),
      ),
  );
}

/** What the cast's statements bind. */
type CastValues = { roundId: string; credential: string; id: number; receipt: string; marks: string };

/**
 * The spend: inserted only while casting in the round's mode and (codes mode) only for an
 * issued, unvoided code. One statement per kind, each built once.
 */
function spendStatement(kind: 'code' | 'token') {
  const mode: BallotMode = kind === 'code' ? 'codes' : 'remote';
  return preparedStatement<CastValues>((q, v) => {
    const codeIssued =
      kind === 'code'
        ? sql`AND EXISTS (SELECT 1 FROM ${ballotCodes} WHERE ${ballotCodes.hash} = ${v.credential}
              AND ${ballotCodes.roundId} = ${v.roundId} AND ${ballotCodes.status} = 'issued')`
        : sql``;
    return q.insert(ballotSpends).select(
      sql`${selectValues(ballotSpends, { roundId: v.roundId, credential: v.credential })}
             WHERE ${roundIs(q, v.roundId, inPhase('casting'), eq(ballotRounds.mode, mode))} ${codeIssued}`,
    );
  });
}
const spend = { code: spendStatement('code'), token: spendStatement('token') };

/** The ballot, inserted only if the spend just before it inserted a row. */
const insertBallot = preparedStatement<CastValues>((q, v) =>
  q
    .insert(ballots)
    .select(
      sql`${selectValues(ballots, { id: v.id, roundId: v.roundId, receipt: v.receipt, marks: v.marks })} WHERE changes() = 1`,
    ),
);

/**
 * The cast: ONE batch. (1) the spend, inserted only while casting and (codes mode) only for an
 * issued, unvoided code; the primary key (round, credential) is the UNIQUE that lets one of any
 * number of concurrent casts through; (2) the ballot, inserted only if (1) inserted a row.
 */
export function castStatements(
  d1: D1Database,
  roundId: string,
  credential: string,
  kind: 'code' | 'token',
  ballot: { id: number; receipt: string; marks: string },
): D1PreparedStatement[] {
  const v: CastValues = { ...ballot, roundId, credential };
  return [spend[kind](d1, v), insertBallot(d1, v)];
}

/** Remote mode: records that the member has had their token, once, while issuing. */
export function recordTokenStatement(d1: D1Database, roundId: string, userId: string) {
  return statement(
    d1,
    db(d1)
      .update(ballotMembers)
      .set({ tokenIssued: true })
      .where(
        and(
          eq(ballotMembers.roundId, roundId),
          eq(ballotMembers.userId, userId),
          eq(ballotMembers.tokenIssued, false),
          roundIs(
            db(d1),
            roundId,
            inPhase('issuing'),
            eq(ballotRounds.mode, 'remote'),
            isNotNull(ballotRounds.privateKeySealed),
          ),
        ),
      ),
  );
}

/** Whether every issued credential has been spent: the one bit the board sees while casting. */
export async function selectAllCast(d1: D1Database, r: RoundRow): Promise<boolean> {
  const issued = r.mode === 'codes' ? r.codesGenerated - r.codesVoided : r.tokensIssued;
  const row = await db(d1)
    .select({ spent: count() })
    .from(ballotSpends)
    .where(eq(ballotSpends.roundId, r.id))
    .get();
  return issued > 0 && (row?.spent ?? 0) >= issued;
}

/** Every ballot of the round, ordered by receipt (never by anything that follows casting order). */
export async function selectBallots(d1: D1Database, roundId: string) {
  return db(d1)
    .select({ receipt: ballots.receipt, marks: ballots.marks })
    .from(ballots)
    .where(eq(ballots.roundId, roundId))
    .orderBy(asc(ballots.receipt))
    .all();
}

const codeState = preparedQuery((q, v: Placeholders<{ hash: string; roundId: string }>) =>
  q
    .select({ status: ballotCodes.status, spend: ballotSpends.credential })
    .from(ballotCodes)
    .leftJoin(
      ballotSpends,
      and(eq(ballotSpends.roundId, ballotCodes.roundId), eq(ballotSpends.credential, ballotCodes.hash)),
    )
    .where(and(eq(ballotCodes.hash, v.hash), eq(ballotCodes.roundId, v.roundId)))
    .prepare(),
);

/** Is this code issued (not void) for the round: the ballot page's early check, no spend. */
export async function selectCodeUsable(d1: D1Database, roundId: string, hash: string) {
  const row = await codeState.get(d1, { hash, roundId });
  // No such code: not issued (and never spent: a spend needs an issued code).
  return { issued: row?.status === 'issued', spent: row?.spend != null };
}

/** A round of the body by name (the demo seed's idempotence). */
export async function selectRoundIdByName(d1: D1Database, unitId: string, name: string) {
  const row = await db(d1)
    .select({ id: ballotRounds.id })
    .from(ballotRounds)
    .where(and(eq(ballotRounds.unitId, unitId), eq(ballotRounds.name, name)))
    .limit(1)
    .get();
  return row?.id ?? null;
}

/** Account ids by e-mail (lower case), for a roster given by e-mail. */
export async function selectUserIdsByEmail(d1: D1Database, emails: string[]): Promise<Map<string, string>> {
  if (!emails.length) return new Map();
  const rows = await db(d1)
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inJson(sql`lower(${users.email})`, emails))
    .all();
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
}
