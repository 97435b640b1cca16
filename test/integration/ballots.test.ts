/**
 * Confidence votes through the Worker: phase enforcement, quorum, printed codes (50 concurrent
 * casts with one code → one ballot), the ballot table's columns, and the board's figures.
 */
import { env } from 'cloudflare:workers';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { pdfText } from '../unit/ballots-pdftext';

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read only where asserted
type Json = any;

let board: { cookie: string };
let world: Awaited<ReturnType<typeof createTree>>;

beforeAll(async () => {
  world = await createTree();
  board = await createStaff([{ role: 'counting_board', unitId: world.city.id }]);
});

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Json });

async function newRound(opts: { summoned?: number; mode?: 'codes' | 'remote'; members?: unknown[] } = {}) {
  const res = await call('/api/ballots/rounds', {
    method: 'POST',
    cookie: board.cookie,
    json: {
      unitId: world.city.id,
      name: 'Lấy phiếu tín nhiệm giữa nhiệm kỳ 2026',
      mode: opts.mode ?? 'codes',
      summoned: opts.summoned ?? 9,
      meetingPlace: 'Hội trường Thành ủy',
      locality: 'Thanh Hóa',
      meetingDate: '2026-11-20',
      groups: [
        {
          title: 'Phiếu số 1: Thường trực',
          candidates: [
            { fullName: 'Nguyễn Văn An', position: 'Bí thư' },
            { fullName: 'Trần Thị Bình', position: 'Phó Bí thư' },
          ],
        },
        {
          title: 'Phiếu số 2: Ủy viên',
          candidates: [{ fullName: 'Lê Văn Cường', position: 'Trưởng ban Tổ chức' }],
        },
      ],
      members: opts.members ?? [],
    },
  });
  const r = await json(res);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { round: { id: string }; groups: { candidates: { id: string }[] }[] };
}
const phase = (id: string, to: string) =>
  call(`/api/ballots/rounds/${id}/phase`, { method: 'POST', cookie: board.cookie, json: { to } });
const attend = (id: string, present: number) =>
  call(`/api/ballots/rounds/${id}/attendance`, { method: 'POST', cookie: board.cookie, json: { present } });
const codes = async (id: string, count?: number) => {
  const r = await json(
    await call(`/api/ballots/rounds/${id}/codes?format=json`, {
      method: 'POST',
      cookie: board.cookie,
      json: count ? { count } : {},
    }),
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.codes as string[];
};
const cast = (id: string, body: unknown) =>
  call(`/api/public/ballots/${id}/cast`, { method: 'POST', json: body });

describe('phases and quorum', () => {
  it('phases go in order, and casting needs two thirds present', async () => {
    const r = await newRound({ summoned: 9 });
    const id = r.round.id;
    expect((await json(await phase(id, 'casting'))).body.error.code).toBe('phase_order');
    expect((await phase(id, 'issuing')).status).toBe(200);
    expect((await phase(id, 'issuing')).status).toBe(409); // already there
    await attend(id, 5); // 15 < 18
    await codes(id, 5);
    expect((await json(await phase(id, 'casting'))).body.error.code).toBe('quorum_not_met');
    await attend(id, 6); // 18 ≥ 18
    expect((await phase(id, 'casting')).status).toBe(200);
  });

  it('cast before casting opens and tally before counting are refused; results only once published', async () => {
    const r = await newRound({ summoned: 3 });
    const id = r.round.id;
    await phase(id, 'issuing');
    await attend(id, 2);
    const [code] = await codes(id, 1);
    const marks = { [r.groups[0]!.candidates[0]!.id]: 'high' };
    expect((await json(await cast(id, { code, marks }))).body.error.code).toBe('not_casting');
    expect(
      (await json(await call(`/api/ballots/rounds/${id}/tally`, { cookie: board.cookie }))).body.error.code,
    ).toBe('tally_not_available');
    await phase(id, 'casting');
    const detail = (await json(await call(`/api/ballots/rounds/${id}`, { cookie: board.cookie }))).body;
    expect(detail.round.allCast).toBe(false);
    // No count of any kind while casting: only the one bit, and the people with names only.
    for (const k of ['collected', 'cast', 'ballots', 'valid', 'spent', 'receipts'])
      expect(detail.round).not.toHaveProperty(k);
    for (const g of detail.groups)
      for (const c of g.candidates) expect(Object.keys(c).sort()).toEqual(['fullName', 'id', 'position']);
    expect((await json(await call(`/api/ballots/rounds/${id}/tally`, { cookie: board.cookie }))).status).toBe(
      409,
    );
    expect((await json(await cast(id, { code, marks }))).status).toBe(201);
    expect(
      (await json(await call(`/api/ballots/rounds/${id}`, { cookie: board.cookie }))).body.round.allCast,
    ).toBe(true);
    expect((await json(await call(`/api/public/ballots/${id}/results`))).body.error.code).toBe(
      'results_not_published',
    );
    await phase(id, 'counting');
    expect((await json(await cast(id, { code: code, marks }))).body.error.code).toBe('not_casting');
    const tally = await json(await call(`/api/ballots/rounds/${id}/tally`, { cookie: board.cookie }));
    expect(tally.status).toBe(200);
    expect(tally.body.candidates[0]).toMatchObject({
      issued: 1,
      collected: 1,
      valid: 1,
      high: { count: 1, percent: '100.00' },
    });
    expect((await call(`/api/public/ballots/${id}/results`)).status).toBe(409);
    await phase(id, 'published');
    const pub = await json(await call(`/api/public/ballots/${id}/results`));
    expect(pub.status).toBe(200);
    expect(pub.body.receipts).toHaveLength(1);
  });
});

describe('printed codes', () => {
  it('never more codes than members present; voided codes cannot vote; the count is recorded', async () => {
    const r = await newRound({ summoned: 6 });
    const id = r.round.id;
    await phase(id, 'issuing');
    await attend(id, 5);
    const printed = await codes(id, 4);
    for (const c of printed) expect(c.replace(/-/g, '')).toHaveLength(17); // 16 × 5 bits + check
    const over = await call(`/api/ballots/rounds/${id}/codes?format=json`, {
      method: 'POST',
      cookie: board.cookie,
      json: { count: 2 },
    });
    expect(over.status).toBe(409);
    expect((await attend(id, 3)).status).toBe(409); // fewer present than printed
    const v = await json(
      await call(`/api/ballots/rounds/${id}/codes/void`, {
        method: 'POST',
        cookie: board.cookie,
        json: { codes: [printed[3]!.toLowerCase(), 'NOT-A-CODE'] },
      }),
    );
    expect(v.body).toEqual({ voided: 1, unknown: 1 });
    await phase(id, 'casting');
    const detail = (await json(await call(`/api/ballots/rounds/${id}`, { cookie: board.cookie }))).body;
    expect(detail.round).toMatchObject({ codesGenerated: 4, codesVoided: 1 });
    const marks = { [r.groups[0]!.candidates[0]!.id]: 'low' };
    expect((await json(await cast(id, { code: printed[3], marks }))).body.error.code).toBe('code_invalid');
    expect((await json(await cast(id, { code: 'AAAA-BBBB-CCCC-DDDD-E', marks }))).body.error.code).toBe(
      'code_invalid',
    );
    // Marks for names no paper carries — also the keys a plain object treats specially — are
    // refused like any stranger, and the code is not spent (issue 14: they were dropped, 201).
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const raw = `{"code":${JSON.stringify(printed[0])},"marks":{${JSON.stringify(key)}:"high"}}`;
      const refused = await json(
        await call(`/api/public/ballots/${id}/cast`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: raw,
        }),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields).toEqual([
        expect.objectContaining({ path: `marks.${key}`, code: 'unknown_candidate' }),
      ]);
    }
    const badMark = await json(
      await cast(id, { code: printed[0], marks: { [r.groups[0]!.candidates[0]!.id]: { x: 1 } } }),
    );
    expect(badMark.body.error.fields[0].code).toBe('unknown_level');
    expect((await cast(id, { code: printed[0], marks })).status).toBe(201);
    expect((await json(await cast(id, { code: printed[0], marks }))).body.error.code).toBe('code_used');
  });

  it('50 concurrent casts with the same code store exactly one ballot', async () => {
    const r = await newRound({ summoned: 3 });
    const id = r.round.id;
    await phase(id, 'issuing');
    await attend(id, 3);
    const [code] = await codes(id, 1);
    await phase(id, 'casting');
    const cid = r.groups[0]!.candidates[0]!.id;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => cast(id, { code, marks: { [cid]: i % 2 ? 'high' : 'low' } })),
    );
    const statuses = results.map((x) => x.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const n = await env.DB.prepare('SELECT count(*) AS n FROM ballots WHERE round_id = ?')
      .bind(id)
      .first<{ n: number }>();
    expect(n?.n).toBe(1);
    const s = await env.DB.prepare('SELECT count(*) AS n FROM ballot_spends WHERE round_id = ?')
      .bind(id)
      .first<{ n: number }>();
    expect(s?.n).toBe(1);
  });

  it('refuses unknown candidates and keeps a blank or double mark as invalid for that person only', async () => {
    const r = await newRound({ summoned: 3 });
    const id = r.round.id;
    await phase(id, 'issuing');
    await attend(id, 3);
    const cs = await codes(id, 3);
    await phase(id, 'casting');
    const [a, b] = r.groups[0]!.candidates.map((c) => c.id);
    const c = r.groups[1]!.candidates[0]!.id;
    expect((await cast(id, { code: cs[0], marks: { nobody: 'high' } })).status).toBe(400);
    // A made-up value is refused, alone or beside a real level (it is not a voter's double mark).
    for (const forged of [['bogus'], ['high', 'bogus']]) {
      const res = await cast(id, { code: cs[0], marks: { [a!]: forged } });
      expect(res.status).toBe(400);
      const body = (await json(res)).body;
      expect(body.error.fields).toEqual([
        expect.objectContaining({ path: `marks.${a}`, code: 'unknown_level' }),
      ]);
    }
    expect(
      (await cast(id, { code: cs[0], marks: { [a!]: 'high', [b!]: ['high', 'low'], [c]: null } })).status,
    ).toBe(201);
    expect((await cast(id, { code: cs[1], marks: { [a!]: 'low', [b!]: 'low', [c]: 'low' } })).status).toBe(
      201,
    );
    await phase(id, 'counting');
    const t = (await json(await call(`/api/ballots/rounds/${id}/tally`, { cookie: board.cookie }))).body;
    const byId = Object.fromEntries(t.candidates.map((x: { id: string }) => [x.id, x]));
    expect(byId[a!]).toMatchObject({
      issued: 3,
      collected: 2,
      valid: 2,
      invalid: 0,
      high: { count: 1, percent: '50.00' },
    });
    expect(byId[b!]).toMatchObject({
      valid: 1,
      invalid: 1,
      multiple: 1,
      low: { count: 1, percent: '50.00' },
      overHalfLow: false,
    });
    expect(byId[c]).toMatchObject({ valid: 1, invalid: 1, blank: 1 });
    const pdf = await call(`/api/ballots/rounds/${id}/minutes.pdf`, { cookie: board.cookie });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytesOf = new Uint8Array(await pdf.arrayBuffer());
    const doc = await PDFDocument.load(bytesOf);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    const text = (await pdfText(bytesOf)).replace(/\s+/g, ' ');
    expect(text).not.toContain('?');
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Thanh Hóa, ngày 20 tháng 11 năm 2026',
      'BIÊN BẢN KIỂM PHIẾU',
      'Số người được triệu tập: 3; số có mặt: 3',
      'Số phiếu thu vào: 2',
      'Trần Thị Bình Phó Bí thư 3 2 1 1 0 (0,00 %) 0 (0,00 %) 1 (50,00 %)',
    ])
      expect(text).toContain(s);
    const bytes = new Uint8Array(
      await (await call(`/api/ballots/rounds/${id}/minutes.csv`, { cookie: board.cookie })).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM for Excel
    const csv = new TextDecoder().decode(bytes);
    // Yes/no in Vietnamese (issue 12: not true/false).
    expect(csv).toContain('Trần Thị Bình,Phó Bí thư,3,2,1,1,0,1,2,0,0.00,0,0.00,1,50.00,Không,Không');
  });

  it('the slips PDF parses and has one page per eight codes', async () => {
    const r = await newRound({ summoned: 12 });
    const id = r.round.id;
    await phase(id, 'issuing');
    await attend(id, 9);
    const res = await call(`/api/ballots/rounds/${id}/codes`, {
      method: 'POST',
      cookie: board.cookie,
      json: {},
    });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(new Uint8Array(await res.arrayBuffer()));
    expect(doc.getPageCount()).toBe(2);
    const row = await env.DB.prepare('SELECT codes_generated AS n FROM ballot_rounds WHERE id = ?')
      .bind(id)
      .first<{ n: number }>();
    expect(row?.n).toBe(9);
  });
});

describe('the ballot table', () => {
  it('has no timestamp, IP, user or credential-linking column', async () => {
    const { results } = await env.DB.prepare("SELECT name, type, pk FROM pragma_table_info('ballots')").all<{
      name: string;
      type: string;
      pk: number;
    }>();
    expect(results.map((c) => c.name).sort()).toEqual(['id', 'marks', 'receipt', 'round_id']);
    const forbidden = [
      /(_at|_on|time|date|day|stamp)$/i, // when
      /(^|_)(ip|addr|address|agent|ua|device|country|asn)($|_)/i, // where from
      /(^|_)(user|member|person|voter|staff|session|actor)(_id)?($|_)/i, // who
      /(^|_)(code|token|credential|hash|spend|nonce|seq|ord|order)($|_)/i, // which credential, in which order
    ];
    for (const c of results) for (const f of forbidden) expect(c.name).not.toMatch(f);
    // The id is the rowid itself (INTEGER PRIMARY KEY), so there is no hidden insertion-order rowid.
    expect(results.find((c) => c.name === 'id')).toMatchObject({ type: 'INTEGER', pk: 1 });
  });
});

describe('the cast leaves no trace outside the ballot', () => {
  it('writes no audit row and no log line, on success or on refusal', async () => {
    const r = await newRound({ summoned: 3 });
    const id = r.round.id;
    await phase(id, 'issuing');
    await attend(id, 3);
    const [code] = await codes(id, 1);
    await phase(id, 'casting');
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    const auditRows = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM audit_log').first<{ n: number }>())!.n;
    const before = await auditRows();
    try {
      const marks = { [r.groups[0]!.candidates[0]!.id]: 'high' };
      expect((await cast(id, { code, marks })).status).toBe(201);
      expect((await cast(id, { code, marks })).status).toBe(409);
      expect((await cast(id, { code: 'garbage', marks })).status).toBe(403);
      expect((await cast(id, { nonsense: true })).status).toBe(400);
      expect(await auditRows()).toBe(before);
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});

describe('slips', () => {
  it('print every code on one line, however wide its letters', async () => {
    const { slipsPdf } = await import('../../worker/ballots/codes');
    const codes = ['WWWW-WWWW-WWWW-WWWW-W', 'MMMM-MMMM-MMMM-MMMM-M', '1111-1111-1111-1111-1'];
    const bytes = await slipsPdf({
      roundName: 'Đợt thử',
      unitName: 'HĐND',
      ballotUrl: 'http://local/b/x',
      codes,
    });
    const lines = (await pdfText(bytes)).split('\n');
    for (const c of codes) expect(lines).toContain(c);
  });
});
