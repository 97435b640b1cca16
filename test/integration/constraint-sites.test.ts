/**
 * Services that let a constraint decide (worker/db/constraints.ts), through the Worker and the
 * real database of each runtime: the violated constraint's name picks the answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '../../worker/lib/ids';
import { call, createStaff, createTree } from '../helpers/fixtures';

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read only where asserted
type Json = any;

let world: Awaited<ReturnType<typeof createTree>>;
let admin: { cookie: string };

beforeAll(async () => {
  world = await createTree();
  admin = await createStaff([{ role: 'admin', unitId: world.city.id }]);
});

describe('accounts', () => {
  it('a second account with the same email is 409 email_taken (users_email_uq)', async () => {
    const json = { email: `${randomId(6)}@test.vn`, name: 'Cán bộ', password: 'mat-khau-dai-du' };
    const first = await call('/api/admin/users', { method: 'POST', cookie: admin.cookie, json });
    expect(first.status).toBe(201);
    const again = await call('/api/admin/users', { method: 'POST', cookie: admin.cookie, json });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).error).toMatchObject({
      code: 'email_taken',
      messages: { vi: 'Email đã có tài khoản.', en: 'An account with this email exists.' },
    });
  });

  it('the same grant twice is 409 grant_exists (role_grants_uq)', async () => {
    const user = await createStaff([]);
    const grant = () =>
      call(`/api/admin/users/${user.userId}/grants`, {
        method: 'POST',
        cookie: admin.cookie,
        json: { role: 'form_designer', unitId: world.wardA.id },
      });
    expect((await grant()).status).toBe(201);
    const again = await grant();
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).error.code).toBe('grant_exists');
  });
});

describe('confidence votes', () => {
  it('one account twice on a roster is 409 duplicate_member (ballot_members_user_uq)', async () => {
    const board = await createStaff([{ role: 'counting_board', unitId: world.city.id }]);
    const voter = await createStaff([]);
    const res = await call('/api/ballots/rounds', {
      method: 'POST',
      cookie: board.cookie,
      json: {
        unitId: world.city.id,
        name: 'Đợt có tên trùng',
        mode: 'remote',
        summoned: 2,
        meetingDate: '2026-11-21',
        groups: [{ title: 'Phiếu', candidates: [{ fullName: 'Phạm Văn Dũng', position: 'Chủ tịch' }] }],
        members: [
          { fullName: 'Đại biểu A', userId: voter.userId },
          { fullName: 'Đại biểu A (lần hai)', email: voter.email },
        ],
      },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as Json).error).toMatchObject({
      code: 'duplicate_member',
      message: 'Một tài khoản xuất hiện hai lần trong danh sách.',
    });
  });
});
