/**
 * Vote rounds (đợt lấy phiếu tín nhiệm): creation, attendance and the phases setup → issuing →
 * casting → counting → published, each entered explicitly by the counting board (ban kiểm phiếu)
 * of the body. Staff actions are audited in the same batch as the change; casting never is.
 */
import { batchWithAudit } from '../audit/service';
import { authorize, type StaffSession } from '../auth/service';
import { constraintViolation, violates } from '../db/constraints';
import type { BallotPhase } from '../db/schema/ballots';
import type { Env } from '../env';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { keyringOf } from '../lib/keyring';
import { getUnit } from '../org/service';
import { newRoundKey } from './blind';
import {
  advanceStatement,
  attendanceStatements,
  type CandidateRow,
  type GroupRow,
  insertRoundStatements,
  openCastingStatement,
  openIssuingStatement,
  type RoundRow,
  selectAllCast,
  selectContent,
  selectRound,
  selectRoundsIn,
  selectRoundsOfMember,
  selectUserIdsByEmail,
} from './queries';
import type { CreateRound } from './schema';
import { quorumMet } from './tally';

/** Who runs a round: the counting board of the body (or of a unit above it). */
export const BOARD_ROLES = ['counting_board'] as const;

export const PHASE_ORDER: readonly BallotPhase[] = ['setup', 'issuing', 'casting', 'counting', 'published'];

/** Loads a round and checks the caller is its counting board. */
export async function boardRound(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
): Promise<RoundRow> {
  const round = await selectRound(d1, id);
  if (!round) throw new AppError('not_found', { what: 'round' });
  authorize(staff, BOARD_ROLES, round.unitPath);
  return round;
}

/** Creates a round in the setup phase with its papers, people rated and (optional) roster. */
export async function createRound(d1: D1Database, staff: StaffSession | undefined, input: CreateRound) {
  const unit = await getUnit(d1, input.unitId);
  if (!unit) throw new AppError('not_found', { what: 'unit' });
  const actor = authorize(staff, BOARD_ROLES, unit.path);
  const id = newId();
  const now = Date.now();
  const groups: GroupRow[] = [];
  const candidates: CandidateRow[] = [];
  input.groups.forEach((g, gi) => {
    const gid = newId();
    groups.push({ id: gid, ord: gi, title: g.title });
    for (const c of g.candidates) {
      candidates.push({
        id: newId(),
        groupId: gid,
        ord: candidates.length,
        personId: c.personId ?? null,
        fullName: c.fullName,
        position: c.position,
      });
    }
  });
  const byEmail = await selectUserIdsByEmail(
    d1,
    input.members.flatMap((m) => (m.email && !m.userId ? [m.email] : [])),
  );
  const unknown = input.members.flatMap((m, i) => (m.email && !m.userId && !byEmail.has(m.email) ? [i] : []));
  if (unknown.length)
    throw new AppError(
      'validation_failed',
      unknown.map((i) => ({
        path: `members.${i}.email`,
        code: 'unknown_account',
        message: { vi: 'Không có tài khoản với thư điện tử này.', en: 'No account with this e-mail.' },
      })),
    );
  const members = input.members.map((m, i) => ({
    id: newId(),
    ord: i,
    fullName: m.fullName,
    userId: m.userId ?? (m.email ? (byEmail.get(m.email) ?? null) : null),
  }));
  const stmts = insertRoundStatements(
    d1,
    {
      id,
      unitId: unit.id,
      name: input.name,
      mode: input.mode,
      summoned: input.summoned,
      denominator: input.denominator,
      meetingPlace: input.meetingPlace,
      locality: input.locality,
      meetingDate: input.meetingDate,
      createdBy: actor.userId,
      now,
    },
    groups,
    candidates,
    members,
  );
  try {
    await batchWithAudit(d1, stmts, {
      actorId: actor.userId,
      action: 'ballot_round.create',
      targetType: 'ballot_round',
      targetId: id,
      detail: { mode: input.mode, summoned: input.summoned, candidates: candidates.length },
    });
  } catch (e) {
    if (constraintViolation(e)?.kind === 'foreign_key') throw new AppError('validation_failed', []);
    if (violates(e, 'ballot_members_user_uq')) throw new AppError('duplicate_member');
    throw e;
  }
  return roundDetail(d1, actor, id);
}

/** The round as the board sees it. While casting, one bit (`allCast`) and no count. */
export async function roundDetail(d1: D1Database, staff: StaffSession | undefined, id: string) {
  const r = await boardRound(d1, staff, id);
  const content = await selectContent(d1, id);
  const afterIssuing = PHASE_ORDER.indexOf(r.phase) >= PHASE_ORDER.indexOf('casting');
  return {
    round: {
      ...summary(r),
      summoned: r.summoned,
      present: r.present,
      quorum: r.present != null && quorumMet(r.present, r.summoned),
      denominator: r.denominator,
      meetingPlace: r.meetingPlace,
      locality: r.locality,
      codesGenerated: r.codesGenerated,
      codesVoided: afterIssuing ? r.codesVoided : null,
      tokensIssued: afterIssuing ? r.tokensIssued : null,
      keyFingerprint: r.keyFingerprint,
      allCast: r.phase === 'casting' ? await selectAllCast(d1, r) : null,
    },
    groups: content.groups.map((g) => ({
      id: g.id,
      title: g.title,
      candidates: content.candidates
        .filter((c) => c.groupId === g.id)
        .map((c) => ({ id: c.id, fullName: c.fullName, position: c.position })),
    })),
    members: content.members.map((m) => ({
      id: m.id,
      fullName: m.fullName,
      present: m.present,
      hasAccount: !!m.userId,
    })),
  };
}

function summary(r: RoundRow) {
  return {
    id: r.id,
    unitId: r.unitId,
    unitName: r.unitName,
    name: r.name,
    mode: r.mode,
    phase: r.phase,
    meetingDate: r.meetingDate,
  };
}

/** Rounds in the caller's counting-board scopes. */
export async function listRounds(d1: D1Database, staff: StaffSession) {
  const paths = staff.grants.filter((g) => g.role === 'counting_board').map((g) => g.unitPath);
  return { rounds: (await selectRoundsIn(d1, paths)).map(summary) };
}

/**
 * Published rounds of the bodies in the subtree of `path` whose meeting day falls in
 * [fromDay, toDay). Published results are public by law, so this is not authorised (the dashboards).
 */
export async function publishedRoundsIn(d1: D1Database, path: string, fromDay: string, toDay: string) {
  return (await selectRoundsIn(d1, [path])).filter(
    (r) => r.phase === 'published' && r.meetingDate >= fromDay && r.meetingDate < toDay,
  );
}

/** Remote rounds where the caller is a member (for fetching a token). */
export async function myRounds(d1: D1Database, staff: StaffSession) {
  const rows = await selectRoundsOfMember(d1, staff.userId);
  return {
    rounds: rows.map((r) => ({
      ...summary(r),
      tokenIssued: r.tokenIssued,
      publicKey: r.publicKey,
      keyFingerprint: r.keyFingerprint,
    })),
  };
}

/**
 * Records attendance: `memberIds` (with a roster) or a plain `present` count. Allowed in setup and
 * issuing; never fewer present than codes already printed (a CHECK in the table).
 */
export async function recordAttendance(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  input: { present?: number; memberIds?: string[] },
) {
  const r = await boardRound(d1, staff, id);
  if (r.phase !== 'setup' && r.phase !== 'issuing') throw new AppError('wrong_phase', { phase: r.phase });
  const content = await selectContent(d1, id);
  let present = input.present;
  let memberIds: string[] | null = null;
  if (content.members.length) {
    const known = new Set(content.members.map((m) => m.id));
    memberIds = [...new Set(input.memberIds ?? [])];
    if (memberIds.some((m) => !known.has(m)))
      throw new AppError('validation_failed', [
        {
          path: 'memberIds',
          code: 'unknown_member',
          message: { vi: 'Thành viên không thuộc danh sách.', en: 'Not on the roster.' },
        },
      ]);
    present = memberIds.length;
  }
  if (present === undefined)
    throw new AppError('validation_failed', [
      {
        path: 'present',
        code: 'required',
        message: { vi: 'Cần nhập số có mặt.', en: 'Give the number present.' },
      },
    ]);
  if (present > r.summoned)
    throw new AppError('validation_failed', [
      {
        path: 'present',
        code: 'max_value',
        message: { vi: 'Số có mặt lớn hơn số được triệu tập.', en: 'More present than summoned.' },
      },
    ]);
  try {
    await batchWithAudit(d1, attendanceStatements(d1, id, present, memberIds, Date.now()), {
      actorId: staff!.userId,
      action: 'ballot_round.attendance',
      targetType: 'ballot_round',
      targetId: id,
      detail: { present, summoned: r.summoned },
    });
  } catch (e) {
    if (violates(e, 'ballot_rounds_codes')) throw new AppError('present_below_codes');
    throw e;
  }
  return roundDetail(d1, staff, id);
}

/**
 * Moves the round to the next phase. Each transition is one guarded UPDATE (with its audit row in
 * the same batch): a concurrent or repeated request changes nothing and is told why.
 */
export async function advancePhase(env: Env, staff: StaffSession | undefined, id: string, to: BallotPhase) {
  const d1 = env.DB;
  const r = await boardRound(d1, staff, id);
  const next = PHASE_ORDER[PHASE_ORDER.indexOf(r.phase) + 1];
  if (to !== next) throw new AppError('phase_order', { from: r.phase, to: to });
  const now = Date.now();
  let stmt: D1PreparedStatement;
  if (to === 'issuing') {
    const key = r.mode === 'remote' ? await newRoundKey(keyringOf(env), id) : null;
    stmt = openIssuingStatement(d1, id, now, key);
  } else if (to === 'casting') {
    if (r.present == null || !quorumMet(r.present, r.summoned)) throw new AppError('quorum_not_met');
    if (r.mode === 'codes' && r.codesGenerated === 0) throw new AppError('no_codes');
    stmt = openCastingStatement(d1, id, now);
  } else {
    stmt = advanceStatement(d1, id, r.phase as 'casting' | 'counting', now);
  }
  const [res] = await batchWithAudit(
    d1,
    [stmt],
    {
      actorId: staff!.userId,
      action: `ballot_round.${to}`,
      targetType: 'ballot_round',
      targetId: id,
      detail: { from: r.phase, to },
    },
    { onlyIfChanged: true },
  );
  if (!res?.meta.changes) {
    // Someone else moved it, or attendance changed under us: report the state as it is now.
    const now2 = await selectRound(d1, id);
    if (now2 && to === 'casting' && now2.phase === 'issuing') throw new AppError('quorum_not_met');
    throw new AppError('phase_order', { from: now2?.phase ?? r.phase, to: to });
  }
  return roundDetail(d1, staff, id);
}

/** The public ballot paper: groups and people, never a figure. */
export async function publicBallot(d1: D1Database, roundId: string) {
  const r = await selectRound(d1, roundId);
  if (!r) throw new AppError('not_found', { what: 'round' });
  const content = await selectContent(d1, roundId);
  return {
    id: r.id,
    name: r.name,
    unitName: r.unitName,
    mode: r.mode,
    phase: r.phase,
    keyFingerprint: r.keyFingerprint,
    publicKey: r.publicKey,
    groups: content.groups.map((g) => ({
      id: g.id,
      title: g.title,
      candidates: content.candidates
        .filter((c) => c.groupId === g.id)
        .map((c) => ({ id: c.id, fullName: c.fullName, position: c.position })),
    })),
  };
}
