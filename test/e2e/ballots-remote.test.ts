/**
 * Remote voting in a real browser: a member signs in, fetches the one blind-signed token on
 * "Phiếu của tôi" (the blinding runs in the page), and once casting opens votes on the ballot page,
 * where the token from this device's storage is filled in. The board's round is set up through
 * the API (the console's creation form covers printed codes).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DESKTOP, openBrowser } from './helpers/browser';
import { staffApi } from './helpers/staff';

const base = inject('baseUrl');
const password = inject('demoPassword');

describe('remote confidence vote with blind-signed tokens', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a member gets a token in the browser and casts anonymously with it', async () => {
    const board = await staffApi(base, 'kiemphieu@langnghe.demo', password);
    const member = await staffApi(base, 'lanhdao@langnghe.demo', password);
    const other = await staffApi(base, 'thietke@langnghe.demo', password);
    const me = (u: typeof board) =>
      u.get<{ user: { id: string }; grants: { unitId: string; role: string }[] }>('/api/auth/me');
    const [b, m, o] = await Promise.all([me(board), me(member), me(other)]);
    const unitId = b.grants.find((g) => g.role === 'counting_board')!.unitId;
    const created = await board.post<{ round: { id: string }; members: { id: string }[] }>(
      '/api/ballots/rounds',
      {
        unitId,
        name: 'Lấy phiếu trực tuyến E2E',
        mode: 'remote',
        summoned: 2,
        meetingDate: '2026-11-25',
        groups: [{ title: 'Phiếu', candidates: [{ fullName: 'Hoàng Thị Lan', position: 'Chủ tịch HĐND' }] }],
        members: [
          { fullName: 'Thành viên Ban Thường vụ', userId: m.user.id },
          { fullName: 'Cán bộ MTTQ', userId: o.user.id },
        ],
      },
    );
    const id = created.round.id;
    await board.post(`/api/ballots/rounds/${id}/phase`, { to: 'issuing' });
    await board.post(`/api/ballots/rounds/${id}/attendance`, { memberIds: created.members.map((x) => x.id) });

    const page = await browser.context.newPage();
    await page.goto(`${base}/console/my-ballots`);
    await page.getByLabel('Thư điện tử').fill('lanhdao@langnghe.demo');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phiếu của tôi' }).waitFor();
    const item = page.getByRole('listitem').filter({ hasText: 'Lấy phiếu trực tuyến E2E' });
    await item.getByRole('button', { name: 'Nhận phiếu điện tử' }).click();
    await item.getByText('Đã nhận phiếu trên thiết bị này').waitFor();
    const stored = await page.evaluate((k) => localStorage.getItem(k), `ln-ballot-token:${id}`);
    expect(JSON.parse(stored!)).toHaveProperty('signature');

    await board.post(`/api/ballots/rounds/${id}/phase`, { to: 'casting' });
    await page.goto(`${base}/b/${id}`);
    await expect.poll(() => page.getByLabel(/Phiếu điện tử/).inputValue()).toBe(stored);
    await page.getByLabel('Tín nhiệm cao', { exact: true }).check();
    await page.getByRole('button', { name: 'Xem lại phiếu' }).click();
    await page.getByRole('button', { name: 'Xác nhận bỏ phiếu' }).click();
    await page.getByRole('heading', { name: 'Phiếu của bạn đã được ghi nhận' }).waitFor();
    const receipt = (await page.locator('.receipt').textContent())!.trim();

    await board.post(`/api/ballots/rounds/${id}/phase`, { to: 'counting' });
    const tally = await board.get<{
      issued: number;
      collected: number;
      candidates: { high: { count: number } }[];
    }>(`/api/ballots/rounds/${id}/tally`);
    expect(tally).toMatchObject({ issued: 1, collected: 1, candidates: [{ high: { count: 1 } }] });
    await board.post(`/api/ballots/rounds/${id}/phase`, { to: 'published' });
    const res = await fetch(`${base}/api/public/ballots/${id}/results`);
    expect(((await res.json()) as { receipts: string[] }).receipts).toEqual([receipt]);
  });
});
