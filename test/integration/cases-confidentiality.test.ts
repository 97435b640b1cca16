/**
 * Reporter confidentiality: every GET operation of the OpenAPI document (JSON, CSV, XLSX, PDF
 * exports included), with its path parameters filled from a pool of real ids, is called as each
 * role except intake, granted on the root of the tree (the widest reach). No body may contain
 * any of the reporter's identity values. Intake, and only intake, reads them (so the values are
 * really there to find).
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

/** Identity values and the forms they could take in a body (phone without a leading 0, etc.). */
const NEEDLES = [
  IDENTITY.name,
  IDENTITY.phone,
  IDENTITY.phone.slice(1),
  IDENTITY.id_number,
  IDENTITY.address,
];

beforeAll(async () => {
  w = await createTree();
  const feedback = await caseForm(w.front, 'feedback');
  const petition = await caseForm(w.front, 'petition');
  const person = await personIn(w.wardA);
  const intake = (await createStaff([{ role: 'case_intake', unitId: w.city.id }])).cookie;
  const a = await submitPetition(petition.slug, 'denunciation', w.wardA.id);
  const b = await submitFeedback(feedback.slug, person.id, {
    identity: { name: IDENTITY.name, phone: IDENTITY.phone },
  });
  receipts = [a, b];
  caseIds = [await caseIdOf(a.receiptCode), await caseIdOf(b.receiptCode)];
  // One forwarded and answered so the handler and the tracking page see the most.
  await transition(caseIds[0]!, intake, { action: 'classify', kind: 'denunciation' });
  await transition(caseIds[0]!, intake, { action: 'forward', bodyUnitId: w.board.id });
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
    const query = `unitId=${w.city.id}&formId=${pool.id![2]}&limit=200`;
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
        }
      }
    }
    // The walk must really reach data: many 200s across roles.
    expect(ok).toBeGreaterThan(50);
  }, 400_000);

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
