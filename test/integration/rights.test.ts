/**
 * The reporter's rights without an account (issue 14 item 2, decision 265): with the receipt code +
 * PIN a reporter sees every piece of personal data held, corrects contact details, withdraws
 * consent and asks for deletion — with JavaScript off (HTML posts, in Vietnamese) and through the
 * JSON API. Intake's queue shows each request with its response day; every step is audited; the
 * handling body never sees identity.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA_SETS } from '../../worker/cases/reference';
import { call, createStaff } from '../helpers/fixtures';
import {
  caseIdOf,
  caseWorld,
  IDENTITY,
  personIn,
  submitFeedback,
  submitPetition,
  transition,
  type U,
} from './cases-fixtures';

let w: { city: U; front: U; board: U; wardA: U; wardB: U };
let feedback: { slug: string; id: string };
let petition: { slug: string; id: string };
let intake: string;
let handler: string;

beforeAll(async () => {
  ({ w, feedback, petition, intake, handler } = await caseWorld());
});

// Its own client address: the RL_AUTH limiter is shared by the test files running at once.
const IP = '10.66.0.1';
const form = (path: string, body: string) =>
  call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': IP },
    body,
  });
const api = (path: string, json: unknown) =>
  call(path, { method: 'POST', headers: { 'cf-connecting-ip': IP }, json });

async function auditOf(caseId: string) {
  const { results } = await env.DB.prepare(
    'SELECT action, actor_id AS actorId, detail FROM audit_log WHERE target_id = ? ORDER BY seq',
  )
    .bind(caseId)
    .all<{ action: string; actorId: string | null; detail: string | null }>();
  return results;
}

async function identifiedFeedback() {
  const person = await personIn(w.wardA);
  const sent = await submitFeedback(feedback.slug, person.id, {
    identity: { name: IDENTITY.name, phone: IDENTITY.phone },
    text: 'Cán bộ phường gây khó dễ khi làm thủ tục.',
  });
  return { ...sent, id: await caseIdOf(sent.receiptCode) };
}

/** Classify and forward: the handling body can now read the case. */
async function forward(id: string) {
  await transition(id, intake, { action: 'classify', kind: 'feedback' });
  await transition(id, intake, { action: 'forward', bodyUnitId: w.board.id });
}

type Queue = {
  requests: {
    id: string;
    caseId: string;
    kind: string;
    status: string;
    dueDay: string;
    daysLeft: number | null;
    receiptCode: string;
    basis: string;
  }[];
};
async function queue(status = '') {
  const res = await call(`/api/rights/requests?unitId=${w.front.id}${status ? `&status=${status}` : ''}`, {
    cookie: intake,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Queue;
}

/** Every identity value a handler's view must never carry. */
function expectNoIdentity(text: string, extra: string[] = []) {
  for (const v of [IDENTITY.name, IDENTITY.phone, IDENTITY.id_number, IDENTITY.address, ...extra])
    expect(text).not.toContain(v);
}

describe("the reporter's rights with JavaScript off (HTML posts, Vietnamese)", () => {
  it('sees, corrects, withdraws (feedback goes on anonymously) and asks for deletion; intake answers', async () => {
    const c = await identifiedFeedback();
    await forward(c.id);
    // The tracking page links to the data page (a posted PIN, never in a URL).
    const track = await (await form(`/t/${c.receiptCode}`, `pin=${c.pin}`)).text();
    expect(track).toContain(`action="/t/${c.receiptCode}/data"`);

    // Access: the identity unsealed for them, their answers, the consent record.
    const seen = await form(`/t/${c.receiptCode}/data`, `pin=${c.pin}`);
    expect(seen.status).toBe(200);
    expect(seen.headers.get('cache-control')).toBe('no-store');
    const page = await seen.text();
    expect(page).toContain('Dữ liệu cá nhân của bạn');
    expect(page).toContain(IDENTITY.name);
    expect(page).toContain(IDENTITY.phone);
    expect(page).toContain('Cán bộ phường gây khó dễ khi làm thủ tục.');
    expect(page).toContain('Sự đồng ý xử lý dữ liệu cá nhân');
    expect(page).toContain('2026-01');
    expect(page).toContain('Tôi đồng ý để Ủy ban MTTQ lưu giữ thông tin liên hệ');

    // Correct: a bad number is refused beside its form; a good one is re-sealed.
    const bad = await form(`/t/${c.receiptCode}/data/correct`, `pin=${c.pin}&phone=12`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Số điện thoại không hợp lệ.');
    const fixed = await form(`/t/${c.receiptCode}/data/correct`, `pin=${c.pin}&phone=0987654321`);
    expect(fixed.status).toBe(200);
    const fixedPage = await fixed.text();
    expect(fixedPage).toContain('Đã lưu thông tin liên hệ mới.');
    expect(fixedPage).toContain('0987654321');
    expect(fixedPage).not.toContain(IDENTITY.phone);
    const idRead = await call(`/api/cases/${c.id}/identity`, { cookie: intake });
    expect(((await idRead.json()) as { identity: Record<string, string> }).identity.phone).toBe('0987654321');

    // Withdraw needs the confirmation box; then identity is gone and the case goes on.
    const unconfirmed = await form(`/t/${c.receiptCode}/data/withdraw`, `pin=${c.pin}`);
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Vui lòng đánh dấu ô xác nhận.');
    const withdrawn = await form(`/t/${c.receiptCode}/data/withdraw`, `pin=${c.pin}&confirm=1`);
    expect(withdrawn.status).toBe(200);
    const wPage = await withdrawn.text();
    expect(wPage).toContain('Đã rút lại sự đồng ý và xóa thông tin cá nhân của bạn.');
    expect(wPage).toContain('Không lưu thông tin cá nhân nào của bạn (ẩn danh).');
    expect(wPage).not.toContain(IDENTITY.name);
    expect(wPage).toContain('Đã rút lại lúc');
    const row = await env.DB.prepare('SELECT status FROM cases WHERE id = ?')
      .bind(c.id)
      .first<{ status: string }>();
    expect(row!.status).toBe('forwarded');
    expect((await call(`/api/cases/${c.id}/identity`, { cookie: intake })).status).toBe(404);
    // Nothing on the timeline tells the handling body there was ever a name.
    const handlerView = await (await call(`/api/cases/${c.id}`, { cookie: handler })).text();
    expect(handlerView).not.toContain('withdraw');
    expectNoIdentity(handlerView, ['0987654321']);

    // Delete: a request with its response day; intake's queue shows it.
    const del = await form(`/t/${c.receiptCode}/data/delete`, `pin=${c.pin}`);
    expect(del.status).toBe(200);
    expect(await del.text()).toContain('Đã gửi đề nghị xóa dữ liệu, hạn trả lời');
    const open = (await queue('open')).requests.filter((r) => r.caseId === c.id);
    expect(open.map((r) => r.kind).sort()).toEqual(['correct', 'delete', 'withdraw']);
    const delReq = open.find((r) => r.kind === 'delete')!;
    expect(delReq.receiptCode).toBe(c.receiptCode);
    expect(delReq.dueDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(delReq.daysLeft).toBeGreaterThanOrEqual(3);
    expect(delReq.basis).toContain('91/2025/QH15');

    // Intake answers; the reporter reads the reply.
    const ans = await call(`/api/rights/requests/${delReq.id}/answer`, {
      method: 'POST',
      cookie: intake,
      json: { decision: 'done' },
    });
    expect(ans.status).toBe(200);
    const again = await call(`/api/rights/requests/${delReq.id}/answer`, {
      method: 'POST',
      cookie: intake,
      json: { decision: 'done' },
    });
    expect(again.status).toBe(409);
    const after = await (await form(`/t/${c.receiptCode}/data`, `pin=${c.pin}`)).text();
    expect(after).toContain('Đã xóa thông tin cá nhân và tệp đính kèm của bạn.');

    // Every step is audited, never with a value.
    const log = await auditOf(c.id);
    const actions = log.map((l) => l.action);
    for (const a of [
      'rights.access',
      'rights.correct',
      'rights.withdraw',
      'rights.delete_request',
      'rights.answer',
    ])
      expect(actions).toContain(a);
    expectNoIdentity(JSON.stringify(log), ['0987654321']);
  }, 60_000);

  it('a wrong PIN is refused with the tracking 404 and locks like tracking', async () => {
    const c = await identifiedFeedback();
    const wrong = c.pin === '000000' ? '111111' : '000000';
    const res = await form(`/t/${c.receiptCode}/data`, `pin=${wrong}`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toContain('Mã biên nhận hoặc mã PIN không đúng');
    expect(text).not.toContain(IDENTITY.name);
    for (let i = 0; i < 4; i++)
      expect((await api('/api/public/rights/access', { code: c.receiptCode, pin: wrong })).status).toBe(404);
    // Five misses lock the case: even the right PIN answers 404 now.
    const locked = await api('/api/public/rights/access', { code: c.receiptCode, pin: c.pin });
    expect(locked.status).toBe(404);
    expect((await api('/api/public/rights/withdraw', { code: c.receiptCode, pin: c.pin })).status).toBe(404);
  }, 30_000);
});

describe("the reporter's rights through the JSON API", () => {
  it('access, correct, delete; withdrawing on a complaint closes it with the reason', async () => {
    const sent = await submitPetition(petition.slug, 'complaint');
    const id = await caseIdOf(sent.receiptCode);
    const creds = { code: sent.receiptCode, pin: sent.pin };

    const access = await api('/api/public/rights/access', creds);
    expect(access.status).toBe(200);
    const data = (await access.json()) as {
      identity: Record<string, string>;
      contactFields: string[];
      consent: { version: string; acceptedAt: number; withdrawnAt: number | null };
      answers: { label: string; answer: string }[];
    };
    expect(data.identity).toEqual(IDENTITY);
    expect(data.contactFields).toEqual(['phone', 'address']);
    expect(data.consent.version).toBe('2026-01');
    expect(data.consent.withdrawnAt).toBeNull();
    expect(data.answers.some((a) => a.answer === 'Tố cáo hành vi nhận hối lộ.')).toBe(true);

    const corrected = await api('/api/public/rights/correct', {
      ...creds,
      address: '34 Đường Mới, Phường Sài Gòn',
    });
    expect(corrected.status).toBe(200);
    const cBody = (await corrected.json()) as {
      changed: string[];
      data: { identity: Record<string, string> };
    };
    expect(cBody.changed).toEqual(['address']);
    expect(cBody.data.identity.address).toBe('34 Đường Mới, Phường Sài Gòn');
    expect(cBody.data.identity.name).toBe(IDENTITY.name);

    // Deletion of an open complaint: a legal hold — intake refuses with the reason.
    const del = await api('/api/public/rights/delete', creds);
    expect(del.status).toBe(202);
    const reqId = ((await del.json()) as { request: { id: string } }).request.id;
    const hold = await call(`/api/rights/requests/${reqId}/answer`, {
      method: 'POST',
      cookie: intake,
      json: { decision: 'done' },
    });
    expect(hold.status).toBe(409);
    expect(((await hold.json()) as { error: { code: string } }).error.code).toBe('legal_hold');
    const noReason = await call(`/api/rights/requests/${reqId}/answer`, {
      method: 'POST',
      cookie: intake,
      json: { decision: 'refused' },
    });
    expect(noReason.status).toBe(400);
    const refused = await call(`/api/rights/requests/${reqId}/answer`, {
      method: 'POST',
      cookie: intake,
      json: {
        decision: 'refused',
        reply: 'Đơn khiếu nại đang được giải quyết, cần giữ thông tin người gửi.',
      },
    });
    expect(refused.status).toBe(200);

    const w1 = await api('/api/public/rights/withdraw', creds);
    expect(w1.status).toBe(200);
    expect(await w1.json()).toEqual({ closed: true, anonymous: false });
    const track = (await (await api('/api/public/cases/track', creds)).json()) as {
      status: string;
      timeline: { type: string; body: string | null }[];
    };
    expect(track.status).toBe('closed');
    const ev = track.timeline.find((e) => e.type === 'withdraw')!;
    expect(ev.body).toContain('rút lại sự đồng ý');
    expect(ev.body).toContain('Luật Tố cáo');
    const row = await env.DB.prepare(
      'SELECT c.closure, r.identity_sealed AS s FROM cases c JOIN responses r ON r.id = c.response_id WHERE c.id = ?',
    )
      .bind(id)
      .first<{ closure: string; s: string | null }>();
    expect(row).toEqual({ closure: 'insufficient_info', s: null });
    // The no-JavaScript tracking page says it in Vietnamese, with the reason.
    const trackPage = await (await form(`/t/${sent.receiptCode}`, `pin=${sent.pin}`)).text();
    expect(trackPage).toContain('Bạn đã rút lại sự đồng ý, vụ việc kết thúc');
    expect(trackPage).toContain('Đã kết thúc');
    // Nothing left to withdraw.
    expect((await api('/api/public/rights/withdraw', creds)).status).toBe(409);

    const after = (await (await api('/api/public/rights/access', creds)).json()) as {
      identity: unknown;
      consent: { withdrawnAt: number | null };
      requests: { kind: string; status: string; reply: string | null }[];
    };
    expect(after.identity).toBeNull();
    expect(after.consent.withdrawnAt).toBeTypeOf('number');
    expect(after.requests.find((r) => r.kind === 'delete')).toMatchObject({
      status: 'refused',
      reply: 'Đơn khiếu nại đang được giải quyết, cần giữ thông tin người gửi.',
    });

    const actions = (await auditOf(id)).map((l) => l.action);
    for (const a of [
      'rights.access',
      'rights.correct',
      'rights.delete_request',
      'rights.answer',
      'case.withdraw',
    ])
      expect(actions).toContain(a);
  }, 60_000);

  it('an anonymous reporter has nothing to correct or withdraw; a deletion done removes the evidence files', async () => {
    const person = await personIn(w.wardA);
    const key = `f/${feedback.id}/rights-${Date.now()}.png`;
    await env.FILES.put(key, new Uint8Array([0x89, 0x50, 0x4e, 0x47]), {
      httpMetadata: { contentType: 'image/png' },
    });
    const sent = await submitFeedback(feedback.slug, person.id, { files: [key] });
    const creds = { code: sent.receiptCode, pin: sent.pin };
    const data = (await (await api('/api/public/rights/access', creds)).json()) as {
      identity: unknown;
      consent: unknown;
      files: string[];
    };
    expect(data.identity).toBeNull();
    expect(data.consent).toBeNull();
    expect(data.files).toEqual([key.split('/').pop()]);
    expect((await api('/api/public/rights/correct', { ...creds, phone: '0987654321' })).status).toBe(409);
    expect((await api('/api/public/rights/withdraw', creds)).status).toBe(409);
    const del = (await (await api('/api/public/rights/delete', creds)).json()) as { request: { id: string } };
    // Asking twice returns the open request.
    const del2 = (await (await api('/api/public/rights/delete', creds)).json()) as {
      request: { id: string };
    };
    expect(del2.request.id).toBe(del.request.id);
    const q = await queue();
    expect(q.requests.some((r) => r.id === del.request.id && r.status === 'open')).toBe(true);
    const ans = await call(`/api/rights/requests/${del.request.id}/answer`, {
      method: 'POST',
      cookie: intake,
      json: { decision: 'done' },
    });
    expect(ans.status).toBe(200);
    expect(await env.FILES.get(key)).toBeNull();
  }, 30_000);

  it('the handling body cannot read the queue or answer a request', async () => {
    const c = await identifiedFeedback();
    const del = (await (
      await api('/api/public/rights/delete', { code: c.receiptCode, pin: c.pin })
    ).json()) as {
      request: { id: string };
    };
    expect((await call(`/api/rights/requests?unitId=${w.board.id}`, { cookie: handler })).status).toBe(403);
    const res = await call(`/api/rights/requests/${del.request.id}/answer`, {
      method: 'POST',
      cookie: handler,
      json: { decision: 'refused', reply: 'x' },
    });
    expect(res.status).toBe(403);
  }, 30_000);

  it('the response periods are data: an administrator changes one (audited) and new requests follow it', async () => {
    const admin = (await createStaff([{ role: 'admin', unitId: w.city.id }])).cookie;
    const list = (await (await call('/api/rights/rules', { cookie: admin })).json()) as {
      rules: { kind: string; days: number; working: boolean; basis: string }[];
    };
    expect(list.rules.map((r) => [r.kind, r.days, r.working]).sort()).toEqual([
      ['correct', 3, false],
      ['delete', 3, false],
      ['withdraw', 3, false],
    ]);
    expect(list.rules[0]!.basis).toContain('Nghị định 13/2023/NĐ-CP');
    const put = await call('/api/rights/rules/delete', {
      method: 'PUT',
      cookie: admin,
      json: { days: 10, working: true, basis: 'Thử: 10 ngày làm việc' },
    });
    expect(put.status).toBe(200);
    const c = await identifiedFeedback();
    await api('/api/public/rights/delete', { code: c.receiptCode, pin: c.pin });
    const row = (await queue('open')).requests.find((r) => r.caseId === c.id && r.kind === 'delete')!;
    expect(row.basis).toBe('Thử: 10 ngày làm việc');
    expect(row.daysLeft).toBe(10);
    const log = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'rights.rule.update'",
    ).first<{
      n: number;
    }>();
    expect(log!.n).toBe(1);
  }, 30_000);
});

describe("the reporter's answers read as staff read them", () => {
  type Mine = { answers: { id: string; label: string; answer: string }[] };
  type File = { answers: { questionId: string; label: string; text: string }[] };

  it('labels and names, never ids: the same text as the case file intake exports, in both languages', async () => {
    const person = await personIn(w.wardA);
    const fb = await submitFeedback(feedback.slug, person.id, {
      identity: { name: IDENTITY.name, phone: IDENTITY.phone },
      levels: 'kha',
    });
    const pt = await submitPetition(petition.slug, 'complaint', w.wardA.id);
    const seen: Record<string, Record<'vi' | 'en', Record<string, string>>> = {};
    for (const sent of [fb, pt]) {
      const id = await caseIdOf(sent.receiptCode);
      seen[sent.receiptCode] = { vi: {}, en: {} };
      for (const lang of ['vi', 'en'] as const) {
        const res = await api('/api/public/rights/access', { code: sent.receiptCode, pin: sent.pin, lang });
        expect(res.status).toBe(200);
        const mine = (await res.json()) as Mine;
        const exported = await call(`/api/cases/${id}/export?format=json&lang=${lang}`, { cookie: intake });
        expect(exported.status).toBe(200);
        const file = (await exported.json()) as File;
        expect(mine.answers).toEqual(
          file.answers
            .filter((a) => a.text !== '')
            .map((a) => ({ id: a.questionId, label: a.label, answer: a.text })),
        );
        seen[sent.receiptCode]![lang] = Object.fromEntries(mine.answers.map((a) => [a.id, a.answer]));
      }
    }
    // What that means: the picked person and unit by name, the options and Likert levels by label.
    const criterion = DEFAULT_CRITERIA_SETS[0]!.criteria[0]!.label;
    const f = seen[fb.receiptCode]!;
    expect(f.vi.can_bo).toBe(person.fullName);
    expect(f.vi.chuan_muc).toContain(`${criterion.vi}: Khá`);
    expect(f.en.chuan_muc).toContain(`${criterion.en}: Fair`);
    const p = seen[pt.receiptCode]!;
    expect(p.vi).toMatchObject({ loai_don: 'Khiếu nại', don_vi: w.wardA.name });
    expect(p.en).toMatchObject({ loai_don: 'Complaint', don_vi: w.wardA.name });
    for (const v of [JSON.stringify(f), JSON.stringify(p)])
      for (const raw of [person.id, w.wardA.id, '"complaint"', ': kha']) expect(v).not.toContain(raw);

    // The page with JavaScript off shows the same.
    const page = await (await form(`/t/${fb.receiptCode}/data`, `pin=${fb.pin}`)).text();
    expect(page).toContain(person.fullName);
    expect(page).toContain(`${criterion.vi}: Khá`);
    expect(page).not.toContain(person.id);
  }, 60_000);
});
