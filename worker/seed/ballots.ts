/**
 * Demo confidence votes, created by the demo counting-board account through the ballots services:
 * - a People's Council round ready to run (setup phase, printed-codes mode, 7 members summoned,
 *   two ballot papers);
 * - a second round already PUBLISHED (attendance, printed codes, ballots cast with those codes
 *   through `castBallot`, counted, published), so the Ban Tổ chức board view has results.
 * Idempotent by the rounds' names.
 */
import type { StaffSession } from '../auth/service';
import { castBallot } from '../ballots/cast';
import { issueCodes } from '../ballots/codes';
import { advancePhase, createRound, listRounds, recordAttendance } from '../ballots/rounds';
import type { Env } from '../env';
import { vnDay } from '../lib/time';

export const DEMO_ROUND_NAME = 'Lấy phiếu tín nhiệm tại kỳ họp HĐND thành phố (demo)';
export const DEMO_PUBLISHED_ROUND_NAME =
  'Lấy phiếu tín nhiệm tại kỳ họp chuyên đề HĐND thành phố (demo, đã công bố)';

const PAPERS = [
  {
    title: 'Phiếu số 1: Thường trực Hội đồng nhân dân',
    candidates: [{ fullName: 'Hoàng Thị Lan', position: 'Chủ tịch HĐND thành phố' }],
  },
  {
    title: 'Phiếu số 2: Ủy ban nhân dân',
    candidates: [
      { fullName: 'Lê Quang Minh', position: 'Chủ tịch UBND thành phố' },
      { fullName: 'Phạm Đức Thắng', position: 'Phó Chủ tịch UBND thành phố' },
    ],
  },
];

/**
 * Marks of the published round's ballots, by candidate order: one row per ballot cast. Mixed on
 * purpose (a blank, a spoiled "multiple") so the published tally shows every column.
 */
const CAST_MARKS: (string | string[] | null)[][] = [
  ['high', 'high', 'confidence'],
  ['high', 'confidence', 'confidence'],
  ['confidence', 'high', 'low'],
  ['high', 'confidence', 'confidence'],
  ['confidence', 'low', null],
  ['high', 'high', ['high', 'low']],
];

/** Today in Vietnam, yyyy-mm-dd. */

/** The id of the council's round of that name, if the board has one. */
async function roundIdByName(d1: D1Database, staff: StaffSession, councilId: string, name: string) {
  return (
    (await listRounds(d1, staff)).rounds.find((r) => r.unitId === councilId && r.name === name)?.id ?? null
  );
}

/** Creates both demo rounds unless they exist; returns the ready-to-run round's id. */
export async function seedBallots(
  env: Env,
  boardUserId: string,
  council: { id: string; path: string },
): Promise<string> {
  const d1 = env.DB;
  const staff: StaffSession = {
    userId: boardUserId,
    email: 'kiemphieu@langnghe.demo',
    name: 'Ban kiểm phiếu HĐND',
    sessionId: 'seed',
    grants: [{ role: 'counting_board', unitId: council.id, unitPath: council.path, unitName: 'HĐND' }],
  };
  await seedPublishedRound(env, staff, council.id);
  const existing = await roundIdByName(d1, staff, council.id, DEMO_ROUND_NAME);
  if (existing) return existing;
  const { round } = await createRound(d1, staff, {
    unitId: council.id,
    name: DEMO_ROUND_NAME,
    mode: 'codes',
    summoned: 7,
    denominator: 'collected',
    meetingPlace: 'Hội trường Hội đồng nhân dân thành phố',
    locality: 'Thanh Hóa',
    meetingDate: vnDay(),
    groups: PAPERS,
    members: [],
  });
  return round.id;
}

/**
 * The published round, run end to end like a meeting would: 7 summoned, 6 present, 6 codes
 * printed, 6 ballots cast with those codes, counted and published. Meeting date today, so the
 * board view's current quarter shows it.
 */
async function seedPublishedRound(env: Env, staff: StaffSession, councilId: string) {
  const d1 = env.DB;
  if (await roundIdByName(d1, staff, councilId, DEMO_PUBLISHED_ROUND_NAME)) return;
  const { round, groups } = await createRound(d1, staff, {
    unitId: councilId,
    name: DEMO_PUBLISHED_ROUND_NAME,
    mode: 'codes',
    summoned: 7,
    denominator: 'collected',
    meetingPlace: 'Hội trường Hội đồng nhân dân thành phố',
    locality: 'Thanh Hóa',
    meetingDate: vnDay(),
    groups: PAPERS,
    members: [],
  });
  const id = round.id;
  await recordAttendance(d1, staff, id, { present: CAST_MARKS.length });
  await advancePhase(env, staff, id, 'issuing');
  const { codes } = await issueCodes(d1, staff, id, CAST_MARKS.length, 'https://langnghe.demo');
  await advancePhase(env, staff, id, 'casting');
  const candidates = groups.flatMap((g) => g.candidates);
  for (const [i, code] of codes.entries()) {
    const marks = Object.fromEntries(candidates.map((c, j) => [c.id, CAST_MARKS[i]![j] ?? null]));
    await castBallot(d1, id, { code, marks: marks as Parameters<typeof castBallot>[2]['marks'] });
  }
  await advancePhase(env, staff, id, 'counting');
  await advancePhase(env, staff, id, 'published');
}
