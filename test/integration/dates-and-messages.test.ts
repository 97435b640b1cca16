/**
 * Decision 211 through the Worker: dates that do not exist are refused on every date field with
 * `invalid_date` at the field's path, and validation messages are written in Vietnamese (no
 * valibot English in `messages.vi`), with the bound or the choices where they help.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../worker/lib/ids';
import { call, createStaff, createTree } from '../helpers/fixtures';

type Field = { path: string; code: string; message: { vi: string; en: string } };
type ErrorBody = { error: { code: string; fields?: Field[] } };

const IMPOSSIBLE = ['2026-02-30', '2025-02-29', '2026-04-31'];
const REAL = ['2024-02-29', '2026-12-31'];
const LIBRARY_ENGLISH = /Invalid |Expected | received /;

let tree: Awaited<ReturnType<typeof createTree>>;
let admin: string;
let board: string;

beforeAll(async () => {
  tree = await createTree();
  admin = (await createStaff([{ role: 'admin', unitId: tree.city.id }])).cookie;
  board = (await createStaff([{ role: 'counting_board', unitId: tree.wardA.id }])).cookie;
});

/** The 400 validation reply's fields (fails the test when the reply is anything else). */
async function fieldsOf(res: Response): Promise<Field[]> {
  const text = await res.text();
  expect(res.status, text).toBe(400);
  const body = JSON.parse(text) as ErrorBody;
  expect(body.error.code).toBe('validation_failed');
  for (const f of body.error.fields ?? []) expect(f.message.vi).not.toMatch(LIBRARY_ENGLISH);
  return body.error.fields ?? [];
}

const holiday = (day: string) =>
  call(`/api/cases/admin/holidays/${day}`, {
    method: 'PUT',
    cookie: admin,
    json: { kind: 'off', name: 'Ngày thử' },
  });

const round = (meetingDate: string) =>
  call('/api/ballots/rounds', {
    method: 'POST',
    cookie: board,
    json: {
      unitId: tree.wardA.id,
      name: 'Lấy phiếu thử ngày',
      summoned: 3,
      meetingDate,
      groups: [{ title: 'Phiếu', candidates: [{ fullName: 'Nguyễn Văn A', position: 'Bí thư' }] }],
    },
  });

describe('dates that do not exist', () => {
  it.each(IMPOSSIBLE)('holidays: %s is refused at `day` and not stored', async (day) => {
    const fields = await fieldsOf(await holiday(day));
    expect(fields).toEqual([
      expect.objectContaining({
        path: 'day',
        code: 'invalid_date',
        message: {
          vi: expect.stringContaining('ngày có thật'),
          en: expect.stringContaining('a day that exists'),
        },
      }),
    ]);
    const list = await call(`/api/cases/admin/holidays?year=${day.slice(0, 4)}`, { cookie: admin });
    expect(JSON.stringify(await list.json())).not.toContain(day);
  });

  it.each(REAL)('holidays: %s is accepted', async (day) => {
    const res = await holiday(day);
    expect(res.status, await res.clone().text()).toBe(200);
    const list = await call(`/api/cases/admin/holidays?year=${day.slice(0, 4)}`, { cookie: admin });
    expect(JSON.stringify(await list.json())).toContain(day);
  });

  it.each(IMPOSSIBLE)('ballot rounds: meetingDate %s is refused at `meetingDate`', async (day) => {
    expect(await fieldsOf(await round(day))).toEqual([
      expect.objectContaining({ path: 'meetingDate', code: 'invalid_date' }),
    ]);
  });

  it.each(REAL)('ballot rounds: meetingDate %s is accepted', async (day) => {
    const res = await round(day);
    expect(res.status, await res.clone().text()).toBe(201);
  });

  it('response filters: ?from=2026-02-30 is refused at `from`; a malformed date says the same', async () => {
    const list = (q: string) => call(`/api/forms/${newId()}/responses?${q}`, { cookie: admin });
    expect(await fieldsOf(await list('from=2026-02-30'))).toEqual([
      expect.objectContaining({ path: 'from', code: 'invalid_date' }),
    ]);
    expect(await fieldsOf(await list('to=2026-2-3'))).toEqual([
      expect.objectContaining({ path: 'to', code: 'invalid_date' }),
    ]);
  });
});

describe('validation messages in Vietnamese', () => {
  it('a number sent as text: "Phải là một số", code `number`', async () => {
    const res = await call(`/api/ballots/rounds/${newId()}/attendance`, {
      method: 'POST',
      cookie: board,
      json: { present: '4' },
    });
    expect(await fieldsOf(res)).toEqual([
      {
        path: 'present',
        code: 'number',
        message: { vi: 'Sai kiểu dữ liệu: phải là một số.', en: 'Wrong type: must be a number.' },
      },
    ]);
  });

  it('an empty name in a campaign report: "Không được để trống", code `min_length`', async () => {
    const res = await call(`/api/campaigns/${newId()}/reports/${tree.wardA.id}`, {
      method: 'PUT',
      cookie: admin,
      json: { answers: {}, models: { new: [{ name: '', field: 'economy' }], progress: [] } },
    });
    const fields = await fieldsOf(res);
    expect(fields).toContainEqual({
      path: 'models.new.0.name',
      code: 'min_length',
      message: { vi: 'Không được để trống.', en: 'Must not be empty.' },
    });
  });

  it('an unknown choice lists the choices in both languages', async () => {
    const res = await call(`/api/campaigns/${newId()}/reports/${tree.wardA.id}`, {
      method: 'PUT',
      cookie: admin,
      json: { answers: {}, models: { new: [{ name: 'Mô hình', field: 'x' }], progress: [] } },
    });
    const [f] = await fieldsOf(res);
    expect(f).toMatchObject({ path: 'models.new.0.field', code: 'picklist' });
    expect(f!.message.vi).toMatch(/^Phải là một trong: .*economy/);
    expect(f!.message.en).toMatch(/^Must be one of: .*economy/);
  });

  it('a bad e-mail for a new account: "Địa chỉ email không hợp lệ", code `email`', async () => {
    const res = await call('/api/admin/users', {
      method: 'POST',
      cookie: admin,
      json: { email: 'not-an-email', name: 'Cán bộ', password: 'mat-khau-dai-du' },
    });
    expect(await fieldsOf(res)).toContainEqual({
      path: 'email',
      code: 'email',
      message: { vi: 'Địa chỉ email không hợp lệ.', en: 'Not a valid email address.' },
    });
  });
});
