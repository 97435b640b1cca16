/**
 * Retention as data (issue 14 item 1, decisions 260–263): a fake clock moved across each boundary
 * (a day before kept, a day after removed), legal holds kept (open case, open data request, the
 * reopen window), every dashboard rollup table byte-for-byte the same before and after, slices
 * bounded, one audit entry per run with counts, the audit chain still verifies; the admin API
 * refuses periods outside the legal bounds; the processing register (JSON, CSV) follows the
 * settings; the audit-trail export is bounded and audited. Runs on both runtimes.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../worker/audit/service';
import type { StaffSession } from '../../worker/auth/service';
import { rebuildAll } from '../../worker/dashboards/rebuild';
import type { FormDefinition } from '../../worker/forms/engine/definition';
import { createForm, publishForm } from '../../worker/forms/service';
import { newId, randomId } from '../../worker/lib/ids';
import { clearIdentitySlice, type ExpiryWindow } from '../../worker/retention/queries';
import { REDACTED, runRetention } from '../../worker/retention/service';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { caseForm, caseIdOf, IDENTITY as FULL, personIn, submitFeedback, type U } from './cases-fixtures';

/** What the feedback form asks (name and phone). */
const IDENTITY = { name: FULL.name, phone: FULL.phone };

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read only where asserted
type Json = any;

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** Every table a dashboard reads, each in a fixed order: the aggregates that must not move. */
const ROLLUPS = [
  'response_counts',
  'answer_counts',
  'response_month_counts',
  'answer_month_counts',
  'case_flow',
  'case_backlog',
  'case_outcomes',
  'case_person_counts',
  'dvk_model_counts',
];
async function rollups(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of ROLLUPS) {
    const r = await env.DB.prepare(`SELECT * FROM ${t}`).all();
    out[t] = r.results.map((x) => JSON.stringify(x)).sort();
  }
  return out;
}

const one = <T>(sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .first<T>();

async function responseOf(caseId: string) {
  return (await one<{ id: string; identity: string | null; data: string; search: string }>(
    `SELECT r.id, r.identity_sealed AS identity, r.data, r.search_text AS search
       FROM responses r JOIN cases c ON c.response_id = r.id WHERE c.id = ?`,
    caseId,
  ))!;
}

/** Closes a case at `at` (the lifecycle is tested elsewhere; here only its clock matters). */
async function closeAt(caseId: string, at: number) {
  await env.DB.prepare(
    "UPDATE cases SET status = 'closed', closure = 'resolved', closed_at = ?, answered_at = ? WHERE id = ?",
  )
    .bind(at, at, caseId)
    .run();
}

/** An evidence object as the upload route stores it, and its key. */
async function evidence(formId: string) {
  const key = `f/${formId}/${randomId(16)}`;
  await env.FILES.put(key, new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), {
    httpMetadata: { contentType: 'image/jpeg' },
  });
  return key;
}

async function retentionRuns(): Promise<Json[]> {
  const r = await env.DB.prepare(
    "SELECT detail FROM audit_log WHERE action = 'retention.run' ORDER BY seq",
  ).all<{ detail: string }>();
  return r.results.map((x) => JSON.parse(x.detail));
}

let w: { city: U; front: U; board: U; wardA: U; wardB: U };
let form: { slug: string; id: string };
beforeAll(async () => {
  w = await createTree();
  form = await caseForm(w.front, 'feedback');
});

describe('the daily retention job', () => {
  it('anonymises a closed case’s identity a day after its period, text and files after theirs; holds are kept; rollups unchanged', async () => {
    // The staff audit log keeps its longest period (20 years) here, so the runs' own entries can be
    // counted at year 20; its pruning has its own tests (audit-prune.test.ts).
    const admin = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const longest = await call('/api/admin/retention/*/audit', {
      method: 'PUT',
      cookie: admin.cookie,
      json: { days: 7300 },
    });
    expect(longest.status).toBe(200);
    const person = await personIn(w.wardA);
    const key = await evidence(form.id);
    const closed = await caseIdOf(
      (
        await submitFeedback(form.slug, person.id, {
          identity: IDENTITY,
          text: 'Ông Bímật ở số 12 nói cán bộ nhận tiền.',
          files: [key],
        })
      ).receiptCode,
    );
    const open = await caseIdOf(
      (await submitFeedback(form.slug, person.id, { identity: IDENTITY, text: 'Vẫn đang xử lý.' }))
        .receiptCode,
    );
    const requested = await caseIdOf(
      (await submitFeedback(form.slug, person.id, { identity: IDENTITY, text: 'Tôi xin xem dữ liệu.' }))
        .receiptCode,
    );
    const t0 = Date.now();
    await closeAt(closed, t0);
    await closeAt(requested, t0);
    // An access request the intake has not answered yet: a hold on the whole case.
    await env.DB.prepare(
      `INSERT INTO data_requests (id, case_id, intake_unit_id, kind, status, requested_at, due_day)
       VALUES (?, ?, ?, 'access', 'open', ?, '2099-01-01')`,
    )
      .bind(newId(), requested, w.front.id, t0)
      .run();
    const before = await rollups();
    expect(before.response_counts!.length).toBeGreaterThan(0);
    expect(before.case_flow!.length).toBeGreaterThan(0);
    expect(before.case_backlog!.length).toBeGreaterThan(0);
    const runsBefore = (await retentionRuns()).length;

    // Feedback identity: 365 days after closing (decision 260). A day before: kept.
    let r = await runRetention(env, { now: t0 + 364 * DAY });
    expect((await responseOf(closed)).identity).not.toBeNull();
    expect(r.byKind.feedback!.identity).toBe(0);

    // A day after: the identity is gone, the text and the file are still within their 5 years.
    r = await runRetention(env, { now: t0 + 366 * DAY });
    expect(r.byKind.feedback!.identity).toBeGreaterThanOrEqual(1);
    let resp = await responseOf(closed);
    expect(resp.identity).toBeNull();
    expect(JSON.parse(resp.data).noi_dung).toContain('Bímật');
    expect(await env.FILES.head(key)).not.toBeNull();
    expect((await responseOf(open)).identity).not.toBeNull();
    expect((await responseOf(requested)).identity).not.toBeNull();

    // Free text and files: 5 years (1825 days) after closing. A day before: kept.
    await runRetention(env, { now: t0 + 1824 * DAY });
    resp = await responseOf(closed);
    expect(JSON.parse(resp.data).noi_dung).toContain('Bímật');
    expect(await env.FILES.head(key)).not.toBeNull();

    // A day after: text anonymised everywhere it was (answers JSON, answer rows, search text), the
    // evidence object deleted and its key gone from the answers.
    r = await runRetention(env, { now: t0 + 1826 * DAY });
    expect(r.byKind.feedback!.free_text).toBeGreaterThanOrEqual(1);
    expect(r.counts.file_objects).toBeGreaterThanOrEqual(1);
    resp = await responseOf(closed);
    const data = JSON.parse(resp.data);
    expect(data.noi_dung).toBe(REDACTED);
    expect(data.bang_chung).toBeUndefined();
    expect(data.can_bo).toBe(person.id);
    expect(resp.search).toBe('');
    expect(resp.data).not.toContain('Bímật');
    const rows = await env.DB.prepare('SELECT question_id, value FROM answers WHERE response_id = ?')
      .bind(resp.id)
      .all<{ question_id: string; value: string | null }>();
    expect(rows.results.find((a) => a.question_id === 'noi_dung')?.value).toBe(REDACTED);
    expect(rows.results.filter((a) => a.question_id === 'bang_chung').every((a) => a.value === null)).toBe(
      true,
    );
    expect(JSON.stringify(rows.results)).not.toContain('Bímật');
    expect(await env.FILES.head(key)).toBeNull();

    // Holds: the open case and the case with an open data request keep everything, years later.
    await runRetention(env, { now: t0 + 20 * YEAR });
    for (const held of [open, requested]) {
      const h = await responseOf(held);
      expect(h.identity).not.toBeNull();
      expect(JSON.parse(h.data).noi_dung).not.toBe(REDACTED);
    }

    // Every dashboard figure is what it was.
    expect(await rollups()).toEqual(before);

    // One audit entry per run, with counts; the chain still verifies; a run after that finds nothing new.
    const runs = await retentionRuns();
    expect(runs.length - runsBefore).toBe(5);
    expect(runs.at(-1)!.counts).toMatchObject({
      identity: expect.any(Number),
      free_text: expect.any(Number),
    });
    const again = await runRetention(env, { now: t0 + 20 * YEAR });
    expect(again.counts).toMatchObject({ identity: 0, free_text: 0, files: 0, file_objects: 0 });
    expect((await verifyChain(env.DB)).ok).toBe(true);
    await call('/api/admin/retention/*/audit', {
      method: 'PUT',
      cookie: (await createStaff([{ role: 'admin', unitId: w.city.id }])).cookie,
      json: { days: 3650 },
    });
  });

  it('leaves a case under an administrator’s hold alone until the hold is released', async () => {
    const admin = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const person = await personIn(w.wardA);
    const id = await caseIdOf(
      (await submitFeedback(form.slug, person.id, { identity: IDENTITY })).receiptCode,
    );
    const t0 = Date.now();
    await closeAt(id, t0);
    const put = await call(`/api/admin/retention/holds/${id}`, {
      method: 'PUT',
      cookie: admin.cookie,
      json: { reason: 'Thanh tra tỉnh đang kiểm tra hồ sơ.' },
    });
    expect(put.status).toBe(200);
    const unknown = await call('/api/admin/retention/holds/khong-co', {
      method: 'PUT',
      cookie: admin.cookie,
      json: { reason: 'Không có hồ sơ này.' },
    });
    expect(unknown.status).toBe(404);
    const list = (await (await call('/api/admin/retention/holds', { cookie: admin.cookie })).json()) as Json;
    expect(list.holds.map((h: Json) => h.caseId)).toContain(id);

    await runRetention(env, { now: t0 + 10 * YEAR });
    expect((await responseOf(id)).identity).not.toBeNull();

    // Released (by a fresh admin: the run above expired every session), the next run applies the periods.
    const again = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const del = await call(`/api/admin/retention/holds/${id}`, { method: 'DELETE', cookie: again.cookie });
    expect(del.status).toBe(200);
    await runRetention(env, { now: t0 + 10 * YEAR });
    expect((await responseOf(id)).identity).toBeNull();
    const actions = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'retention.%' ORDER BY seq",
    )
      .bind(id)
      .all<{ action: string }>();
    expect(actions.results.map((a) => a.action)).toEqual(['retention.hold', 'retention.release']);
  });

  it('holds a case named by its receipt code as staff type it, and lists it by that code, its status and who held it', async () => {
    const admin = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const person = await personIn(w.wardA);
    const { receiptCode } = await submitFeedback(form.slug, person.id, { identity: IDENTITY });
    const id = await caseIdOf(receiptCode);
    // Lower case, no dashes: what an administrator copies from an inspector's letter.
    const typed = receiptCode.replace(/-/g, '').toLowerCase();
    const put = await call(`/api/admin/retention/holds/${typed}`, {
      method: 'PUT',
      cookie: admin.cookie,
      json: { reason: 'Toà án đang thụ lý vụ kiện.' },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ caseId: id, setBy: admin.userId });
    const list = (await (await call('/api/admin/retention/holds', { cookie: admin.cookie })).json()) as Json;
    expect(list.holds.find((h: Json) => h.caseId === id)).toMatchObject({
      receiptCode,
      caseStatus: 'prescreening',
      reason: 'Toà án đang thụ lý vụ kiện.',
      setByName: expect.any(String),
    });
    const logged = await one<{ target_id: string }>(
      "SELECT target_id FROM audit_log WHERE action = 'retention.hold' ORDER BY seq DESC",
    );
    expect(logged!.target_id).toBe(id);

    // A code no case has: 404 with a message an administrator can act on.
    const unknown = await call('/api/admin/retention/holds/K7QM-3XD9-B2HT-Z', {
      method: 'PUT',
      cookie: admin.cookie,
      json: { reason: 'Không có hồ sơ này.' },
    });
    expect(unknown.status).toBe(404);
    const err = ((await unknown.json()) as Json).error;
    expect(err.code).toBe('not_found');
    expect(err.messages.vi).toContain('mã biên nhận');

    const del = await call(`/api/admin/retention/holds/${id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(del.status).toBe(200);
    const after = (await (await call('/api/admin/retention/holds', { cookie: admin.cookie })).json()) as Json;
    expect(after.holds.map((h: Json) => h.caseId)).not.toContain(id);
    const again = await call(`/api/admin/retention/holds/${id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(again.status).toBe(404);
  });

  it('waits for the reopen window even when the period is shorter', async () => {
    const admin = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const res = await call('/api/admin/retention/feedback/identity', {
      method: 'PUT',
      cookie: admin.cookie,
      json: { days: 30 },
    });
    expect(res.status).toBe(200);
    await env.DB.prepare('UPDATE case_settings SET reopen_days = 60 WHERE id = 1').run();
    await env.DB.prepare(
      'INSERT OR IGNORE INTO case_settings (id, k_threshold, reopen_days, pin_lock_after) VALUES (1, 5, 60, 5)',
    ).run();
    const person = await personIn(w.wardA);
    const id = await caseIdOf(
      (await submitFeedback(form.slug, person.id, { identity: IDENTITY })).receiptCode,
    );
    const t0 = Date.now();
    await closeAt(id, t0);
    await runRetention(env, { now: t0 + 59 * DAY });
    expect((await responseOf(id)).identity).not.toBeNull();
    await runRetention(env, { now: t0 + 61 * DAY });
    expect((await responseOf(id)).identity).toBeNull();
    await call('/api/admin/retention/feedback/identity', {
      method: 'PUT',
      cookie: (await createStaff([{ role: 'admin', unitId: w.city.id }])).cookie,
      json: { days: 365 },
    });
  });

  it('works in bounded slices and stops at its time budget', async () => {
    const person = await personIn(w.wardA);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        await caseIdOf((await submitFeedback(form.slug, person.id, { identity: IDENTITY })).receiptCode),
      );
    const t0 = Date.now();
    for (const id of ids) await closeAt(id, t0);

    // No time at all: nothing done, the run says so, and still writes its one audit entry.
    const n = (await retentionRuns()).length;
    const none = await runRetention(env, { now: t0 + 400 * DAY, budgetMs: -1 });
    expect(none.complete).toBe(false);
    expect(none.counts.identity).toBe(0);
    expect((await retentionRuns()).length).toBe(n + 1);
    expect((await retentionRuns()).at(-1)!.complete).toBe(false);

    // One slice statement touches at most its limit, however many rows have expired.
    const now = t0 + 400 * DAY;
    const win: ExpiryWindow = { formKind: 'feedback', cutoff: now - 365 * DAY, reopenCutoff: now - 60 * DAY };
    expect(await clearIdentitySlice(env.DB, win, 2)).toBe(2);
    // Slices of 2: the other 3 identities take 2 statements (2 + 1).
    const r = await runRetention(env, { now, slice: 2 });
    expect(r.complete).toBe(true);
    expect(r.byKind.feedback!.identity).toBe(3);
    expect(r.slice).toBe(2);
    for (const id of ids) expect((await responseOf(id)).identity).toBeNull();
    // A slice above 500 is clamped.
    expect((await runRetention(env, { now: t0, slice: 10_000 })).slice).toBe(500);
  });

  it('deletes an upload no submitted response refers to a day after its 7 days; a submitted one stays', async () => {
    const person = await personIn(w.wardA);
    const used = await evidence(form.id);
    const orphan = await evidence(form.id);
    await submitFeedback(form.slug, person.id, { files: [used] });
    const t0 = Date.now();
    await runRetention(env, { now: t0 + 6 * DAY });
    expect(await env.FILES.head(orphan)).not.toBeNull();
    const r = await runRetention(env, { now: t0 + 8 * DAY });
    expect(r.counts.unsubmitted_files).toBeGreaterThanOrEqual(1);
    expect(await env.FILES.head(orphan)).toBeNull();
    expect(await env.FILES.head(used)).not.toBeNull();
  });

  it('deletes expired sessions, sent outbox rows and a published round’s code hashes — pending rows and ballots stay', async () => {
    const t0 = Date.now();
    const u = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const sid = `s-${randomId(8)}`;
    await env.DB.prepare(
      'INSERT INTO sessions (id, user_id, verified, created_at, expires_at) VALUES (?, ?, 1, ?, ?)',
    )
      .bind(sid, u.userId, t0, t0 + 3600_000)
      .run();
    const outbox = (state: string) =>
      env.DB.prepare(
        `INSERT INTO webhook_outbox (id, subscription_id, event, case_id, payload, created_at, next_at, state)
         VALUES (?, 'sub', 'case.created', 'c', '{"x":1}', ?, ?, ?)`,
      ).bind(`o-${state}-${randomId(6)}`, t0, t0, state);
    await env.DB.batch([outbox('delivered'), outbox('failed'), outbox('pending')]);
    const round = newId();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO ballot_rounds (id, unit_id, name, mode, phase, summoned, present, meeting_date, codes_generated,
           created_at, updated_at, published_at) VALUES (?, ?, 'Đợt', 'codes', 'published', 1, 1, '2026-01-01', 1, ?, ?, ?)`,
      ).bind(round, w.city.id, t0, t0, t0),
      env.DB.prepare("INSERT INTO ballot_codes (hash, round_id, status) VALUES (?, ?, 'issued')").bind(
        `h-${randomId(8)}`,
        round,
      ),
      env.DB.prepare('INSERT INTO ballot_spends (round_id, credential) VALUES (?, ?)').bind(round, 'cred'),
      env.DB.prepare("INSERT INTO ballots (id, round_id, receipt, marks) VALUES (?, ?, 'r', '{}')").bind(
        Math.floor(Math.random() * 1e12),
        round,
      ),
    ]);
    const count = async (sql: string, ...a: unknown[]) => (await one<{ n: number }>(sql, ...a))!.n;

    // Outbox: 30 days; ballot codes: 30 days after publication; sessions: at expiry (0 days).
    await runRetention(env, { now: t0 + 29 * DAY });
    expect(
      await count("SELECT count(*) AS n FROM webhook_outbox WHERE id LIKE 'o-%' AND created_at = ?", t0),
    ).toBe(3);
    expect(await count('SELECT count(*) AS n FROM ballot_codes WHERE round_id = ?', round)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE id = ?', sid)).toBe(0);

    await runRetention(env, { now: t0 + 31 * DAY });
    expect(
      await count("SELECT count(*) AS n FROM webhook_outbox WHERE id LIKE 'o-%' AND created_at = ?", t0),
    ).toBe(1);
    expect(await count("SELECT count(*) AS n FROM webhook_outbox WHERE id LIKE 'o-pending-%'")).toBe(1);
    expect(await count('SELECT count(*) AS n FROM ballot_codes WHERE round_id = ?', round)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM ballot_spends WHERE round_id = ?', round)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM ballots WHERE round_id = ?', round)).toBe(1);
  });
});

/** A published survey with a counted rating, a free-text question and optional identity. */
async function surveyForm(unit: U) {
  const { userId } = await createStaff([{ role: 'form_designer', unitId: unit.id }]);
  const designer: StaffSession = {
    userId,
    email: 'designer@test.vn',
    name: 'designer',
    sessionId: 'x',
    grants: [{ role: 'form_designer', unitId: unit.id, unitPath: unit.path, unitName: unit.name }],
  };
  const definition: FormDefinition = {
    schemaVersion: 1,
    title: { vi: 'Khảo sát', en: 'Survey' },
    identity: {
      mode: 'optional',
      fields: ['name', 'phone'],
      consent: { version: '2026-01', text: { vi: 'Tôi đồng ý.', en: 'I agree.' } },
    },
    pages: [
      {
        id: 'p1',
        questions: [
          {
            id: 'hai_long',
            type: 'rating',
            label: { vi: 'Hài lòng?', en: 'Satisfied?' },
            max: 5,
            required: true,
          },
          { id: 'y_kien', type: 'long_text', label: { vi: 'Ý kiến', en: 'Comments' }, maxLength: 2000 },
        ],
      },
    ],
  } as FormDefinition;
  const slug = `survey-${randomId(4)}`;
  const form = await createForm(env.DB, designer, { ownerUnitId: unit.id, kind: 'survey', slug, definition });
  await publishForm(env.DB, designer, form.id);
  return { slug, id: form.id };
}

/** Recounts every rollup from raw rows (the dashboards' rebuild), to the end. */
async function rebuild() {
  let cursor: string | null = null;
  do ({ cursor } = await rebuildAll(env.DB, { cursor }));
  while (cursor);
}

describe('a survey: the clock starts at submission', () => {
  it('identity at 180 days, free text at 365, a day either side; a rebuild from raw rows gives the same figures', async () => {
    const survey = await surveyForm(w.wardA);
    const res = await call(`/api/public/forms/${survey.slug}/responses`, {
      method: 'POST',
      headers: { 'idempotency-key': `k-${randomId(8)}` },
      json: {
        answers: { hai_long: 4, y_kien: 'Chị Bímật ở tổ 3 thấy phường làm chậm.' },
        identity: IDENTITY,
        consentAccepted: true,
      },
    });
    expect(res.status).toBe(201);
    const { receiptCode } = (await res.json()) as Json;
    const t0 = Date.now();
    const row = () =>
      one<{ identity: string | null; data: string }>(
        'SELECT identity_sealed AS identity, data FROM responses WHERE receipt_code = ?',
        receiptCode,
      ).then((r) => r!);
    // The rollups as a rebuild from raw rows states them (other tests here edit cases by SQL).
    await rebuild();
    const before = await rollups();
    expect(before.answer_counts!.some((r) => String(r).includes('hai_long'))).toBe(true);

    await runRetention(env, { now: t0 + 179 * DAY });
    expect((await row()).identity).not.toBeNull();
    await runRetention(env, { now: t0 + 181 * DAY });
    expect((await row()).identity).toBeNull();
    expect(JSON.parse((await row()).data).y_kien).toContain('Bímật');
    await runRetention(env, { now: t0 + 364 * DAY });
    expect(JSON.parse((await row()).data).y_kien).toContain('Bímật');
    await runRetention(env, { now: t0 + 366 * DAY });
    expect(JSON.parse((await row()).data)).toEqual({ hai_long: 4, y_kien: REDACTED });

    expect(await rollups()).toEqual(before);
    await rebuild();
    expect(await rollups()).toEqual(before);
  });
});

describe('the admin API', () => {
  it('reads the periods, refuses one outside its legal bounds with the bounds in the message, audits a change', async () => {
    const admin = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const list = (await (await call('/api/admin/retention', { cookie: admin.cookie })).json()) as Json;
    const petition = list.periods.find((p: Json) => p.formKind === 'petition' && p.category === 'identity');
    expect(petition).toMatchObject({ min: 1825, max: 7300, action: 'anonymise' });
    // Each period carries its category's name, when its clock starts and its legal basis, in both languages.
    expect(petition.name).toEqual({ vi: 'Danh tính người gửi', en: 'Reporter identity' });
    expect(petition.basis.vi).toContain('91/2025/QH15');
    expect(petition.from.en).toContain('closed');
    expect(list.periods.find((p: Json) => p.category === 'audit')).toMatchObject({
      formKind: '*',
      days: 3650,
      action: 'delete',
    });

    const low = await call('/api/admin/retention/petition/identity', {
      method: 'PUT',
      cookie: admin.cookie,
      json: { days: 30 },
    });
    expect(low.status).toBe(400);
    const body = (await low.json()) as Json;
    expect(JSON.stringify(body)).toContain('1825');
    expect(JSON.stringify(body)).toContain('out_of_bounds');
    const high = await call('/api/admin/retention/*/outbox', {
      method: 'PUT',
      cookie: admin.cookie,
      json: { days: 366 },
    });
    expect(high.status).toBe(400);
    // A per-kind category needs a form kind, a global one needs '*'.
    const wrong = await call('/api/admin/retention/survey/outbox', {
      method: 'PUT',
      cookie: admin.cookie,
      json: { days: 30 },
    });
    expect(wrong.status).toBe(404);

    const ok = await call('/api/admin/retention/survey/free_text', {
      method: 'PUT',
      cookie: admin.cookie,
      json: { days: 400 },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ days: 400, defaultDays: 365, updatedBy: admin.userId });
    const a = await one<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE action = 'retention.set' AND target_id = 'survey/free_text' ORDER BY seq DESC",
    );
    expect(JSON.parse(a!.detail)).toEqual({ from: 365, to: 400 });

    // The register follows the same settings: JSON and CSV.
    const reg = (await (
      await call('/api/admin/retention/register', { cookie: admin.cookie })
    ).json()) as Json;
    expect(
      reg.entries.find((e: Json) => e.formKind === 'survey' && e.category === 'free_text').retentionDays,
    ).toBe(400);
    expect(reg.entries.length).toBe(3 * 5 + 5 + 3);
    expect(reg.entries.find((e: Json) => e.category === 'staff_accounts')).toMatchObject({
      retentionDays: null,
      action: 'keep',
    });
    for (const e of reg.entries)
      for (const f of ['purpose_vi', 'basis_vi', 'access_vi']) expect(e[f]).not.toBe('');
    const csvRes = await call('/api/admin/retention/register?format=csv', { cookie: admin.cookie });
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    const csv = await csvRes.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^category,formKind,name_vi/);
    expect(lines).toHaveLength(1 + 3 * 5 + 5 + 3);
    expect(lines.some((l) => l.startsWith('free_text,survey,') && l.endsWith(',400,365,30,7300'))).toBe(true);
  });

  it('runs the job on an administrator’s request, audited under their name', async () => {
    const admin = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const res = await call('/api/admin/retention/run', { method: 'POST', cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ complete: true, counts: { audit: 0 } });
    const a = await one<{ actor_id: string }>(
      "SELECT actor_id FROM audit_log WHERE action = 'retention.run' ORDER BY seq DESC",
    );
    expect(a!.actor_id).toBe(admin.userId);
  });

  it('exports the audit trail for a date range as CSV, bounded and audited', async () => {
    const admin = await createStaff([{ role: 'admin', unitId: w.city.id }]);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const res = await call(`/api/admin/retention/audit.csv?from=${today}&to=${today}`, {
      cookie: admin.cookie,
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'seq,at,actor_id,actor_email,action,target_type,target_id,detail,hash',
    );
    expect(text).toContain('retention.set');
    const logged = await one<{ detail: string; actor_id: string }>(
      "SELECT detail, actor_id FROM audit_log WHERE action = 'audit.export' ORDER BY seq DESC",
    );
    expect(logged!.actor_id).toBe(admin.userId);
    expect(JSON.parse(logged!.detail)).toMatchObject({ from: today, to: today });

    const tooLong = await call('/api/admin/retention/audit.csv?from=2024-01-01&to=2026-01-01', {
      cookie: admin.cookie,
    });
    expect(tooLong.status).toBe(400);
    const reversed = await call('/api/admin/retention/audit.csv?from=2026-02-01&to=2026-01-01', {
      cookie: admin.cookie,
    });
    expect(reversed.status).toBe(400);
  });
});
