/**
 * Reporter confidentiality: every GET operation of the OpenAPI document (JSON, CSV, XLSX, PDF
 * exports included), with its path parameters filled from a pool of real ids, is called as each
 * role except intake, granted on the root of the tree (the widest reach). No body may contain
 * any of the reporter's identity values. Intake, and only intake, reads them (so the values are
 * really there to find). The same walk holds the case content (what the citizen wrote) to its
 * readers: intake, and the handling body once the case is forwarded — never a form designer's
 * response list or CSV, nor a board's free-text search. The document is built from the router
 * (worker/lib/openapi.ts): a GET route cannot be mounted without being walked here, but for the
 * commented few outside the contract (test/integration/openapi.test.ts).
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../worker/db/schema';
import { call, createStaff, createTree } from '../helpers/fixtures';
import {
  caseForm,
  caseIdOf,
  IDENTITY,
  personIn,
  submitFeedback,
  submitPetition,
  transition,
  type U,
} from './cases-fixtures';

let w: { city: U; front: U; board: U; wardA: U; wardB: U };
const pool: Record<string, string[]> = {};
let caseIds: string[] = [];
let receipts: { receiptCode: string; pin: string }[] = [];

/** What the reporters wrote: [0] is forwarded to the board, [1] stays in prescreening. */
const CONTENT = ['Tố cáo XQ7 nhận tiền khi cấp phép xây dựng.', 'Cán bộ ZK9 hẹn nhiều lần không giải quyết.'];
/** An intake-only note on the forwarded case: the handling body reads the case but never this. */
const INTAKE_NOTE = 'Đã gọi lại người gửi, hẹn gặp tại trụ sở MTTQ (ghi chú QV3).';

/** Contact details the reporters correct with code + PIN (worker/rights): as secret as the first. */
const NEW_PHONE = '0977000111';
const NEW_ADDRESS = '88 Ngõ Riêng Tư, Phường Hòa Bình';

/** Identity values and the forms they could take in a body (phone without a leading 0, etc.). */
const NEEDLES = [
  IDENTITY.name,
  IDENTITY.phone,
  IDENTITY.phone.slice(1),
  IDENTITY.id_number,
  IDENTITY.address,
  NEW_PHONE,
  NEW_PHONE.slice(1),
  NEW_ADDRESS,
];

beforeAll(async () => {
  w = await createTree();
  const feedback = await caseForm(w.front, 'feedback');
  const petition = await caseForm(w.front, 'petition');
  const person = await personIn(w.wardA);
  const intake = (await createStaff([{ role: 'case_intake', unitId: w.city.id }])).cookie;
  const a = await submitPetition(petition.slug, 'denunciation', w.wardA.id, CONTENT[0]);
  const b = await submitFeedback(feedback.slug, person.id, {
    identity: { name: IDENTITY.name, phone: IDENTITY.phone },
    text: CONTENT[1],
  });
  receipts = [a, b];
  caseIds = [await caseIdOf(a.receiptCode), await caseIdOf(b.receiptCode)];
  // One forwarded and answered so the handler and the tracking page see the most.
  await transition(caseIds[0]!, intake, { action: 'classify', kind: 'denunciation' });
  await transition(caseIds[0]!, intake, { action: 'forward', bodyUnitId: w.board.id });
  const note = await call(`/api/cases/${caseIds[0]}/notes`, {
    method: 'POST',
    cookie: intake,
    json: { body: INTAKE_NOTE, visibility: 'intake' },
  });
  expect(note.status).toBe(201);
  // The reporters use their rights (decision 265): corrections and a deletion request put rows in
  // intake's queue and the audit log, and new values in the sealed identity — none of it may reach
  // anyone but intake.
  const rights = (path: string, json: unknown) =>
    call(`/api/public/rights/${path}`, {
      method: 'POST',
      headers: { 'cf-connecting-ip': '10.55.0.2' },
      json,
    });
  const creds = (r: { receiptCode: string; pin: string }) => ({ code: r.receiptCode, pin: r.pin });
  expect((await rights('correct', { ...creds(a), address: NEW_ADDRESS })).status).toBe(200);
  expect((await rights('correct', { ...creds(b), phone: NEW_PHONE })).status).toBe(200);
  expect((await rights('delete', creds(a))).status).toBe(202);
  // Intake reads identity once: the audit log now holds that read (it must not hold the values).
  expect((await call(`/api/cases/${caseIds[0]}/identity`, { cookie: intake })).status).toBe(200);
  const responses = await env.DB.prepare('SELECT id FROM responses').all<{ id: string }>();
  // Every kind of object that could lead to a reporter: cases, their forms and responses, the
  // person they are about, the units involved.
  pool.id = [
    ...caseIds,
    feedback.id,
    petition.id,
    person.id,
    w.city.id,
    w.front.id,
    w.wardA.id,
    ...responses.results.map((r) => r.id),
  ];
  pool.slug = [feedback.slug, petition.slug];
  pool.code = receipts.map((r) => r.receiptCode);
  pool.channel = ['feedback', 'petition'];
});

/** Fills `{param}` templates: every candidate for the first parameter, the first candidate for others. */
function expand(template: string): string[] {
  const params = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (!params.length) return [template];
  const candidates = (p: string) => pool[p] ?? pool[p.endsWith('Id') ? 'id' : p] ?? pool.id!;
  const [first, ...rest] = params;
  return candidates(first!).map((value) => {
    let out = template.replace(`{${first}}`, encodeURIComponent(value));
    for (const p of rest) out = out.replace(`{${p}}`, encodeURIComponent(candidates(p)[0]!));
    return out;
  });
}

describe('no identity outside intake', () => {
  it('walks every GET route and export as each non-intake role', async () => {
    const doc = (await (await call('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const gets = Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path);
    expect(gets.length).toBeGreaterThan(20);
    const query = `unitId=${w.city.id}&formId=${pool.id![2]}&questionId=noi_dung&limit=200`;
    let ok = 0;
    for (const role of ROLES.filter((r) => r !== 'case_intake')) {
      const { cookie } = await createStaff([{ role, unitId: w.city.id }]);
      for (const template of gets) {
        for (const path of expand(template)) {
          const res = await call(`${path}${path.includes('?') ? '&' : '?'}${query}`, { cookie });
          const body = new TextDecoder().decode(await res.arrayBuffer());
          if (res.status === 200) ok++;
          for (const needle of NEEDLES) {
            expect(body.includes(needle), `${role} GET ${path} (${res.status}) shows "${needle}"`).toBe(
              false,
            );
          }
          // Case content: the handling body reads the forwarded case; nobody else reads either.
          for (const [i, text] of CONTENT.entries()) {
            if (role === 'case_handler' && i === 0) continue;
            expect(body.includes(text), `${role} GET ${path} (${res.status}) shows case content ${i}`).toBe(
              false,
            );
          }
          expect(
            body.includes(INTAKE_NOTE),
            `${role} GET ${path} (${res.status}) shows the intake-only note`,
          ).toBe(false);
        }
      }
    }
    // The walk must really reach data: many 200s across roles.
    expect(ok).toBeGreaterThan(50);
  }, 400_000);

  it('intake’s queue of the reporters’ requests is intake’s alone and carries no identity', async () => {
    const intake = (await createStaff([{ role: 'case_intake', unitId: w.city.id }])).cookie;
    const res = await call(`/api/rights/requests?unitId=${w.city.id}`, { cookie: intake });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).toContain('"kind":"delete"');
    for (const needle of NEEDLES) expect(body).not.toContain(needle);
    // The reporter's own data view is theirs: the corrected values are really stored.
    const own = await call('/api/public/rights/access', {
      method: 'POST',
      headers: { 'cf-connecting-ip': '10.55.0.2' },
      json: { code: receipts[1]!.receiptCode, pin: receipts[1]!.pin },
    });
    expect(await own.text()).toContain(NEW_PHONE);
    const log = await env.DB.prepare("SELECT detail FROM audit_log WHERE action LIKE 'rights.%'").all<{
      detail: string | null;
    }>();
    expect(log.results.length).toBeGreaterThanOrEqual(4);
    for (const r of log.results) for (const needle of NEEDLES) expect(r.detail ?? '').not.toContain(needle);
  });

  it('the reporter’s own tracking view does not echo identity either', async () => {
    for (const r of receipts) {
      const res = await call('/api/public/cases/track', {
        method: 'POST',
        headers: { 'cf-connecting-ip': '10.55.0.1' },
        json: { code: r.receiptCode, pin: r.pin },
      });
      expect(res.status).toBe(200);
      const body = await res.text();
      for (const needle of NEEDLES) expect(body).not.toContain(needle);
    }
  });

  it('the content is there to find: intake reads both cases, the handling body the forwarded one', async () => {
    const intake = (await createStaff([{ role: 'case_intake', unitId: w.front.id }])).cookie;
    const handler = (await createStaff([{ role: 'case_handler', unitId: w.board.id }])).cookie;
    expect(await (await call(`/api/cases/${caseIds[0]}`, { cookie: intake })).text()).toContain(CONTENT[0]);
    expect(await (await call(`/api/cases/${caseIds[1]}`, { cookie: intake })).text()).toContain(CONTENT[1]);
    expect(await (await call(`/api/cases/${caseIds[0]}`, { cookie: handler })).text()).toContain(CONTENT[0]);
    expect((await call(`/api/cases/${caseIds[1]}`, { cookie: handler })).status).toBe(403);
    // The intake-only note: intake reads it; the handling body may neither read nor write one.
    expect(await (await call(`/api/cases/${caseIds[0]}`, { cookie: intake })).text()).toContain(INTAKE_NOTE);
    expect(await (await call(`/api/cases/${caseIds[0]}`, { cookie: handler })).text()).not.toContain(
      INTAKE_NOTE,
    );
    const byHandler = await call(`/api/cases/${caseIds[0]}/notes`, {
      method: 'POST',
      cookie: handler,
      json: { body: 'x', visibility: 'intake' },
    });
    expect(byHandler.status).toBe(403);
  });

  it('a form designer and a board viewer are told where case content is read', async () => {
    const designer = (await createStaff([{ role: 'form_designer', unitId: w.city.id }])).cookie;
    const viewer = (await createStaff([{ role: 'board_viewer', unitId: w.city.id }])).cookie;
    for (const [path, cookie] of [
      [`/api/forms/${pool.id![2]}/responses`, designer],
      [`/api/forms/${pool.id![3]}/responses.csv`, designer],
      [`/api/dashboards/forms/${pool.id![2]}/text?questionId=noi_dung`, viewer],
    ] as const) {
      const res = await call(path, { cookie });
      expect(res.status, path).toBe(403);
      const body = (await res.json()) as { error: { code: string; messages: { vi: string; en: string } } };
      expect(body.error.code).toBe('case_content');
      expect(body.error.messages.vi).toContain('hàng đợi vụ việc');
    }
  });

  it('intake reads it (the values are there to find), and the read is audited without the values', async () => {
    const { cookie } = await createStaff([{ role: 'case_intake', unitId: w.front.id }]);
    const res = await call(`/api/cases/${caseIds[0]}/identity`, { cookie });
    expect(await res.text()).toContain(IDENTITY.id_number);
    const audit = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE action = 'case.identity.read'",
    ).all<{
      detail: string;
    }>();
    expect(audit.results.length).toBeGreaterThanOrEqual(2);
    for (const r of audit.results) for (const needle of NEEDLES) expect(r.detail ?? '').not.toContain(needle);
  });
});
