/**
 * Demo confidence vote: a People's Council round ready to run (setup phase, printed-codes mode,
 * 7 members summoned, two ballot papers), created by the demo counting-board account through the
 * ballots service. Idempotent by the round's name.
 */
import type { StaffSession } from '../auth/service';
import { selectRoundIdByName } from '../ballots/queries';
import { createRound } from '../ballots/rounds';

export const DEMO_ROUND_NAME = 'Lấy phiếu tín nhiệm tại kỳ họp HĐND thành phố (demo)';

/** Creates the demo round unless it exists; returns its id. */
export async function seedBallots(
  d1: D1Database,
  boardUserId: string,
  council: { id: string; path: string },
): Promise<string> {
  const existing = await selectRoundIdByName(d1, council.id, DEMO_ROUND_NAME);
  if (existing) return existing;
  const staff: StaffSession = {
    userId: boardUserId,
    email: 'kiemphieu@langnghe.demo',
    name: 'Ban kiểm phiếu HĐND',
    sessionId: 'seed',
    grants: [{ role: 'counting_board', unitId: council.id, unitPath: council.path, unitName: 'HĐND' }],
  };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const { round } = await createRound(d1, staff, {
    unitId: council.id,
    name: DEMO_ROUND_NAME,
    mode: 'codes',
    summoned: 7,
    denominator: 'collected',
    meetingPlace: 'Hội trường Hội đồng nhân dân thành phố',
    locality: 'Thanh Hóa',
    meetingDate: today,
    groups: [
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
    ],
    members: [],
  });
  return round.id;
}
