/**
 * The case lifecycle through the Worker: intake in the submission batch, PIN given once, intake
 * classifies and forwards, the body answers, the reporter tracks, rates and reopens; anonymous
 * petitions refused; stale transitions refused; rollups follow every step.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/fixtures';
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
let person: { id: string };

beforeAll(async () => {
  ({ w, feedback, petition, intake, handler } = await caseWorld());
  person = await personIn(w.wardA);
});

async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('intake', () => {
  it('creates the case in the submission batch, in prescreening when it names a person, with a PIN', async () => {
    const { receiptCode, pin } = await submitFeedback(feedback.slug, person.id);
    expect(pin).toMatch(/^\d{6}$/);
    const id = await caseIdOf(receiptCode);
    const row = await env.DB.prepare(
      'SELECT status, kind, unit_id AS unitId, accept_due AS due FROM cases WHERE id = ?',
    )
      .bind(id)
      .first<{ status: string; kind: string; unitId: string; due: string }>();
    expect(row).toMatchObject({ status: 'prescreening', kind: 'feedback', unitId: w.wardA.id });
    expect(row!.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const backlog = await env.DB.prepare(
      "SELECT n FROM case_backlog WHERE kind = 'feedback' AND status = 'prescreening' AND unit_id = ?",
    )
      .bind(w.wardA.id)
      .first<{ n: number }>();
    expect(backlog!.n).toBeGreaterThanOrEqual(1);
  });

  it('a retry with the same idempotency key shows the same receipt and the same PIN', async () => {
    const key = 'retry-key-0001';
    const send = () =>
      call(`/api/public/forms/${feedback.slug}/responses`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        json: { answers: { can_bo: person.id, noi_dung: 'Lặp lại' } },
      });
    const a = await json<{ receiptCode: string; pin: string }>(await send());
    const b = await json<{ receiptCode: string; pin: string }>(await send());
    expect(b).toEqual({ ...a, status: 'received' });
    const n = await env.DB.prepare(
      'SELECT count(*) AS n FROM cases c JOIN responses r ON r.id = c.response_id WHERE r.idempotency_key = ?',
    )
      .bind(key)
      .first<{ n: number }>();
    expect(n!.n).toBe(1);
  });

  it('refuses an anonymous petition with the law and a link to the feedback channel', async () => {
    const res = await call(`/api/public/forms/${petition.slug}/responses`, {
      method: 'POST',
      headers: { 'idempotency-key': 'anon-petition-1' },
      json: { answers: { loai_don: 'denunciation', noi_dung: 'Tố cáo' } },
    });
    expect(res.status).toBe(400);
    const body = await json<{ error: { code: string; messages: { vi: string; en: string } } }>(res);
    expect(body.error.code).toBe('anonymous_petition');
    expect(body.error.messages.vi).toContain('Điều 25');
    expect(body.error.messages.vi).toContain(`/f/${feedback.slug}`);
    expect((body.error as { feedbackPath?: string }).feedbackPath).toBe(`/f/${feedback.slug}`);
    // The parts the island draws as the same box as the no-JavaScript page, with a real link.
    expect((body.error as { notice?: unknown }).notice).toEqual({
      reason: expect.stringContaining('Điều 25'),
      lead: expect.any(String),
      linkText: 'kênh góp ý, phản ánh',
      href: `/f/${feedback.slug}`,
    });
    const n = await env.DB.prepare('SELECT count(*) AS n FROM responses WHERE form_id = ?')
      .bind(petition.id)
      .first<{ n: number }>();
    expect(n!.n).toBe(0);
  });

  it('the no-JavaScript page explains the refusal too', async () => {
    const res = await call(`/f/${petition.slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'q.loai_don=denunciation&q.noi_dung=abc&_idem=anon-html-0001',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('nặc danh');
    // A real link to the feedback form, not the path as text inside a link to the top of this form.
    expect(html).toContain(`<a href="/f/${feedback.slug}">kênh góp ý, phản ánh</a>`);
    expect(html).not.toMatch(/href="#form-top"[^>]*>[^<]*\/f\//);
    // Nothing was stored; the form comes back with the answers kept.
    expect(html).toContain('>abc</textarea>');
    const en = await call(`/f/${petition.slug}?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'q.loai_don=denunciation&q.noi_dung=abc&_idem=anon-html-0002',
    });
    expect(en.status).toBe(422);
    expect(await en.text()).toContain(`<a href="/f/${feedback.slug}?lang=en">the feedback channel</a>`);
  });

  it('a petition takes its kind from the letter type and its clock from the rule', async () => {
    const { receiptCode } = await submitPetition(petition.slug, 'complaint', w.wardB.id);
    const row = await env.DB.prepare('SELECT status, kind, unit_id AS unitId FROM cases WHERE id = ?')
      .bind(await caseIdOf(receiptCode))
      .first();
    expect(row).toMatchObject({ status: 'received', kind: 'complaint', unitId: w.wardB.id });
  });
});

describe('the whole lifecycle', () => {
  it('intake classifies and forwards, the body starts and answers, the reporter tracks, rates and reopens', async () => {
    const { receiptCode, pin } = await submitFeedback(feedback.slug, person.id, {
      identity: { name: IDENTITY.name, phone: IDENTITY.phone },
    });
    const id = await caseIdOf(receiptCode);

    // The handler cannot see a prescreening case.
    expect((await call(`/api/cases/${id}`, { cookie: handler })).status).toBe(403);

    let res = await transition(id, intake, {
      action: 'classify',
      kind: 'feedback',
      field: 'dao_duc',
      severity: 'medium',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    res = await transition(id, intake, { action: 'forward', bodyUnitId: w.board.id });
    expect(res.status).toBe(200);

    const queue = await json<{ cases: { id: string; daysLeft: number | null; working: boolean }[] }>(
      await call(`/api/cases/handling?unitId=${w.board.id}`, { cookie: handler }),
    );
    expect(queue.cases.map((c) => c.id)).toContain(id);
    // The clock says whether it counts working days, as the kind's rule does (the console says
    // "ngày làm việc" then; issue 12).
    const feedbackRule = await env.DB.prepare(
      'SELECT resolve_working AS w FROM case_deadline_rules WHERE kind = ?',
    )
      .bind('feedback')
      .first<{ w: number }>();
    expect(queue.cases.find((c) => c.id === id)?.working).toBe(Boolean(feedbackRule!.w));

    // The handler may not forward; intake may not answer.
    expect((await transition(id, handler, { action: 'forward', bodyUnitId: w.board.id })).status).toBe(409);
    expect((await transition(id, intake, { action: 'answer', answer: 'x' })).status).toBe(409);

    expect((await transition(id, handler, { action: 'start' })).status).toBe(200);
    await call(`/api/cases/${id}/notes`, {
      method: 'POST',
      cookie: handler,
      json: { body: 'Ghi chú nội bộ XYZ', visibility: 'internal' },
    });
    expect(
      (await transition(id, handler, { action: 'answer', answer: 'Đã kiểm tra và nhắc nhở cán bộ.' })).status,
    ).toBe(200);

    // The reporter reads the answer with code + PIN; internal notes never show.
    const ip = { 'cf-connecting-ip': '10.66.0.1' };
    res = await call('/api/public/cases/track', {
      method: 'POST',
      headers: ip,
      json: { code: receiptCode, pin },
    });
    expect(res.status).toBe(200);
    const view = await json<{
      status: string;
      answer: string;
      canRate: boolean;
      canReopen: boolean;
      timeline: { body: string | null }[];
    }>(res);
    expect(view).toMatchObject({
      status: 'answered',
      answer: 'Đã kiểm tra và nhắc nhở cán bộ.',
      canRate: true,
      canReopen: true,
    });
    expect(JSON.stringify(view)).not.toContain('XYZ');

    res = await call('/api/public/cases/rate', {
      method: 'POST',
      headers: ip,
      json: { code: receiptCode, pin, rating: 2 },
    });
    expect(res.status).toBe(200);
    expect((await json<{ rating: number }>(res)).rating).toBe(2);

    res = await call('/api/public/cases/reopen', {
      method: 'POST',
      headers: ip,
      json: { code: receiptCode, pin, reason: 'Chưa thỏa đáng' },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json<{ status: string }>(res)).status).toBe('in_progress');

    // Rollups: flow into every state, backlog moved, the answer counted on time.
    const flow = await env.DB.prepare(
      'SELECT status, sum(n) AS n FROM case_flow WHERE kind = ? GROUP BY status',
    )
      .bind('feedback')
      .all<{ status: string; n: number }>();
    const flowBy = Object.fromEntries(flow.results.map((r) => [r.status, r.n]));
    for (const s of ['classified', 'forwarded', 'in_progress', 'answered'])
      expect(flowBy[s]).toBeGreaterThanOrEqual(1);
    const outcome = await env.DB.prepare(
      "SELECT sum(n) AS n FROM case_outcomes WHERE outcome = 'on_time'",
    ).first<{ n: number }>();
    expect(outcome!.n).toBeGreaterThanOrEqual(1);
    const backlogAnswered = await env.DB.prepare(
      "SELECT sum(n) AS n FROM case_backlog WHERE status = 'answered'",
    ).first<{ n: number }>();
    expect(backlogAnswered!.n).toBe(0);
  });

  it('a stale transition fails whole: nothing of its batch is written', async () => {
    const { receiptCode } = await submitFeedback(feedback.slug, person.id);
    const id = await caseIdOf(receiptCode);
    const { applyTransition } = await import('../../worker/cases/service');
    const { selectCase } = await import('../../worker/cases/queries');
    const read = (await selectCase(env.DB, id))!;
    await applyTransition(env, { actor: 'intake', staffId: null }, read, {
      action: 'classify',
      kind: 'feedback',
    });
    const events = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM case_events WHERE case_id = ?')
        .bind(id)
        .first<{ n: number }>())!.n;
    const before = await events();
    await expect(
      applyTransition(env, { actor: 'intake', staffId: null }, read, {
        action: 'close',
        closure: 'insufficient_info',
      }),
    ).rejects.toMatchObject({ code: 'case_changed' });
    expect(await events()).toBe(before);
    expect((await selectCase(env.DB, id))!.status).toBe('classified');
  });

  it('merge closes a duplicate into its original', async () => {
    const a = await caseIdOf((await submitFeedback(feedback.slug, person.id)).receiptCode);
    const b = await caseIdOf((await submitFeedback(feedback.slug, person.id)).receiptCode);
    const res = await transition(b, intake, { action: 'merge', intoId: a });
    expect(res.status).toBe(200);
    const row = await env.DB.prepare('SELECT status, closure, merged_into_id AS m FROM cases WHERE id = ?')
      .bind(b)
      .first();
    expect(row).toEqual({ status: 'closed', closure: 'duplicate', m: a });
    expect((await transition(a, intake, { action: 'merge', intoId: a })).status).toBe(422);
  });
});

describe('identity', () => {
  it('is readable by intake only, and every read is audited', async () => {
    const { receiptCode } = await submitPetition(petition.slug);
    const id = await caseIdOf(receiptCode);
    const res = await call(`/api/cases/${id}/identity`, { cookie: intake });
    expect(res.status).toBe(200);
    expect((await json<{ identity: Record<string, string> }>(res)).identity).toEqual(IDENTITY);
    const audited = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'case.identity.read' AND target_id = ?",
    )
      .bind(id)
      .first<{ n: number }>();
    expect(audited!.n).toBe(1);
    await transition(id, intake, { action: 'classify', kind: 'denunciation' });
    await transition(id, intake, { action: 'forward', bodyUnitId: w.board.id });
    expect((await call(`/api/cases/${id}`, { cookie: handler })).status).toBe(200);
    expect((await call(`/api/cases/${id}/identity`, { cookie: handler })).status).toBe(403);
  });
});

describe('tracking', () => {
  it('answers the same 404 for an unknown code and a wrong PIN, and locks after too many wrong PINs', async () => {
    const { receiptCode, pin } = await submitFeedback(feedback.slug, person.id);
    const wrong = pin === '000000' ? '111111' : '000000';
    const track = (code: string, p: string, ip: string) =>
      call('/api/public/cases/track', {
        method: 'POST',
        headers: { 'cf-connecting-ip': ip },
        json: { code, pin: p },
      });
    const unknownCode = await import('../../worker/lib/ids').then((m) => m.newReceiptCode());
    const a = await track(unknownCode, wrong, '10.0.0.1');
    const b = await track(receiptCode, wrong, '10.0.0.2');
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    expect(await a.json()).toEqual(await b.json());
    // 5 wrong PINs in all (lock_after = 5) from different IPs lock the case: even the right PIN fails.
    for (let i = 0; i < 4; i++) expect((await track(receiptCode, wrong, `10.0.1.${i}`)).status).toBe(404);
    expect((await track(receiptCode, pin, '10.0.2.1')).status).toBe(404);
  });

  it('does not block citizens behind one carrier IP: 15 reporters track their own cases from it', async () => {
    const mine = [];
    for (let i = 0; i < 15; i++) mine.push(await submitFeedback(feedback.slug, person.id));
    for (const { receiptCode, pin } of mine) {
      const res = await call('/api/public/cases/track', {
        method: 'POST',
        headers: { 'cf-connecting-ip': '10.88.0.1' },
        json: { code: receiptCode, pin },
      });
      expect(res.status).toBe(200);
    }
  });

  it('rate-limits guesses per code', async () => {
    const { receiptCode, pin } = await submitFeedback(feedback.slug, person.id);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await call('/api/public/cases/track', {
        method: 'POST',
        headers: { 'cf-connecting-ip': `10.9.${i}.1` },
        json: { code: receiptCode, pin: i === 11 ? pin : '123456' },
      });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
  });
});

describe('a new tracking PIN', () => {
  const track = (code: string, pin: string, ip: string) =>
    call('/api/public/cases/track', {
      method: 'POST',
      headers: { 'cf-connecting-ip': ip },
      json: { code, pin },
    });
  const reset = (id: string, cookie: string, checkedBy: string) =>
    call(`/api/cases/${id}/pin`, { method: 'POST', cookie, json: { checkedBy } });

  it('is issued by intake: the old PIN stops working, a lock is lifted, only the audit log records it', async () => {
    const { receiptCode, pin } = await submitFeedback(feedback.slug, person.id, {
      identity: { name: IDENTITY.name, phone: IDENTITY.phone },
    });
    const id = await caseIdOf(receiptCode);
    const wrong = pin === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await track(receiptCode, wrong, `10.3.0.${i}`)).status).toBe(404);
    expect((await track(receiptCode, pin, '10.3.1.1')).status).toBe(404); // locked
    const before = await json<{ timeline: unknown[] }>(await call(`/api/cases/${id}`, { cookie: intake }));

    const res = await reset(id, intake, 'call_back');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const fresh = (await json<{ pin: string }>(res)).pin;
    expect(fresh).toMatch(/^\d{6}$/);
    expect(fresh).not.toBe(pin);

    expect((await track(receiptCode, pin, '10.3.1.2')).status).toBe(404);
    expect((await track(receiptCode, fresh, '10.3.1.3')).status).toBe(200);
    // Nothing on the case timeline (the handling body reads it): the same events as before.
    const after = await json<{ timeline: unknown[] }>(await call(`/api/cases/${id}`, { cookie: intake }));
    expect(after.timeline).toEqual(before.timeline);
    const audit = await env.DB.prepare(
      "SELECT actor_id AS actorId, detail FROM audit_log WHERE action = 'case.pin_reset' AND target_id = ?",
    )
      .bind(id)
      .all<{ actorId: string; detail: string }>();
    expect(audit.results).toHaveLength(1);
    expect(audit.results[0]!.actorId).toBeTruthy();
    expect(JSON.parse(audit.results[0]!.detail)).toEqual({ checkedBy: 'call_back' });
    expect(audit.results[0]!.detail).not.toContain(fresh);
  });

  it('for an anonymous reporter, only against the receipt code shown in person', async () => {
    const { receiptCode } = await submitFeedback(feedback.slug, person.id);
    const id = await caseIdOf(receiptCode);
    const byPhone = await reset(id, intake, 'call_back');
    expect(byPhone.status).toBe(409);
    expect((await json<{ error: { code: string } }>(byPhone)).error.code).toBe('pin_check_needs_contact');
    expect((await reset(id, intake, 'receipt_shown')).status).toBe(200);
  });

  it('a call back needs the number the reporter left, an ID check their name', async () => {
    const { receiptCode } = await submitFeedback(feedback.slug, person.id, {
      identity: { name: IDENTITY.name },
    });
    const id = await caseIdOf(receiptCode);
    const byPhone = await reset(id, intake, 'call_back');
    expect(byPhone.status).toBe(409);
    expect((await json<{ error: { messages: { vi: string } } }>(byPhone)).error.messages.vi).toContain(
      'số điện thoại',
    );
    expect((await reset(id, intake, 'id_document')).status).toBe(200);
  });

  it('is refused to the handling body, to unknown cases and to an unknown check, and changes nothing', async () => {
    const { receiptCode, pin } = await submitFeedback(feedback.slug, person.id, {
      identity: { name: IDENTITY.name, phone: IDENTITY.phone },
    });
    const id = await caseIdOf(receiptCode);
    await transition(id, intake, { action: 'classify', kind: 'feedback', subjectPersonId: person.id });
    await transition(id, intake, { action: 'forward', bodyUnitId: w.board.id });
    expect((await reset(id, handler, 'receipt_shown')).status).toBe(403);
    const bad = await reset(id, intake, 'asked nicely');
    expect(bad.status).toBe(400);
    const err = await json<{ error: { code: string; fields: { path: string }[]; messages: { vi: string } } }>(
      bad,
    );
    expect(err.error.code).toBe('validation_failed');
    expect(err.error.fields.map((f) => f.path)).toEqual(['checkedBy']);
    expect(err.error.messages.vi).toBeTruthy();
    expect((await reset('00000000-0000-7000-8000-000000000000', intake, 'receipt_shown')).status).toBe(404);
    expect((await track(receiptCode, pin, '10.4.0.1')).status).toBe(200);
  });
});
