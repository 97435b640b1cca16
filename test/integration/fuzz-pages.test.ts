/**
 * Fuzzing the other no-JavaScript posts of the public surface with real targets: the ballot page
 * `POST /b/{id}` of a round that is casting, and the tracking pages `POST /t/{code}`, `/rate` and
 * `/reopen` of answered cases (the OpenAPI fuzzer reaches these paths only with made-up ids).
 * Properties: never a 5xx, always an HTML page; no ballot is stored without a valid code; a rating
 * is stored only as an integer 1–5, a review only with a reason.
 */
import { env, exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect } from 'vitest';
import { createStaff, createTree } from '../helpers/fixtures';
import { caseForm, caseIdOf, personIn, submitFeedback, transition } from './cases-fixtures';
import { expectWellFormed, fuzz, hostileString, rawBytes, runs, submitBodyText } from './fuzz-inputs';

const fetchApp = (path: string, init?: RequestInit) => exports.default.fetch(`http://local${path}`, init);
const json = async <T>(res: Response) => (await res.json()) as T;

let roundId = '';
let candidateIds: string[] = [];
const cases: { code: string; pin: string; id: string }[] = [];

beforeAll(async () => {
  const w = await createTree();
  const board = await createStaff([{ role: 'counting_board', unitId: w.city.id }]);
  const staff = (path: string, body: unknown) =>
    fetchApp(path, {
      method: 'POST',
      headers: { cookie: board.cookie, origin: 'http://local', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const created = await json<{ round: { id: string }; groups: { candidates: { id: string }[] }[] }>(
    await staff('/api/ballots/rounds', {
      unitId: w.city.id,
      name: 'Lấy phiếu tín nhiệm (fuzz)',
      summoned: 3,
      meetingDate: '2026-11-20',
      groups: [{ title: 'Phiếu 1', candidates: [{ fullName: 'Võ Thị Hồng', position: 'Chủ tịch' }] }],
    }),
  );
  roundId = created.round.id;
  candidateIds = created.groups[0]!.candidates.map((c) => c.id);
  await staff(`/api/ballots/rounds/${roundId}/phase`, { to: 'issuing' });
  await staff(`/api/ballots/rounds/${roundId}/attendance`, { present: 3 });
  await staff(`/api/ballots/rounds/${roundId}/codes?format=json`, {});
  expect((await staff(`/api/ballots/rounds/${roundId}/phase`, { to: 'casting' })).status).toBe(200);

  // Answered cases: each allows RL_AUTH's 10 tries a minute, so a few of them keep the runs past the limiter.
  const form = await caseForm(w.front, 'feedback', { noFiles: true });
  const intake = (await createStaff([{ role: 'case_intake', unitId: w.front.id }])).cookie;
  const handler = (await createStaff([{ role: 'case_handler', unitId: w.board.id }])).cookie;
  const person = await personIn(w.wardA);
  for (let i = 0; i < 6; i++) {
    const { receiptCode, pin } = await submitFeedback(form.slug, person.id);
    const id = await caseIdOf(receiptCode);
    await transition(id, intake, { action: 'classify', kind: 'feedback' });
    await transition(id, intake, { action: 'forward', bodyUnitId: w.board.id });
    await transition(id, handler, { action: 'start' });
    expect((await transition(id, handler, { action: 'answer', answer: 'Đã trả lời.' })).status).toBe(200);
    cases.push({ code: receiptCode, pin, id });
  }
});

const TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', ''];

/** A form body: known field names with hostile values, hostile names, or not a form at all. */
function formBody(names: fc.Arbitrary<string>) {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.array(fc.tuple(fc.oneof(names, hostileString), hostileString), { maxLength: 8 }),
    },
    { weight: 1, arbitrary: fc.oneof(rawBytes, submitBodyText) },
  );
}
const encode = (body: [string, string][] | Uint8Array | string): BodyInit =>
  Array.isArray(body)
    ? new URLSearchParams(body.map(([k, v]) => [k, v.slice(0, 3000)])).toString()
    : (body as BodyInit);

async function expectPage(res: Response, what: string) {
  const type = res.headers.get('content-type') ?? '';
  const status = await expectWellFormed(res, what);
  expect(type, what).toContain('text/html');
  return status;
}

describe('POST /b/{id} (the no-JavaScript ballot page, a round that is casting)', () => {
  fuzz('never a 5xx, always a page; nothing is cast without a valid code', async () => {
    const count = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM ballots WHERE round_id = ?').bind(roundId).first<{
        n: number;
      }>())!.n;
    const names = fc.constantFrom(
      'step',
      'code',
      'token',
      'signature',
      ...candidateIds.map((id) => `m.${id}`),
    );
    const steps = fc.constantFrom('review', 'confirm', 'back', '');
    await fc.assert(
      fc.asyncProperty(
        formBody(names),
        steps,
        fc.constantFrom(...TYPES),
        fc.constantFrom('', '?lang=en'),
        async (body, step, type, lang) => {
          const fields = Array.isArray(body) ? ([['step', step], ...body] as [string, string][]) : body;
          const res = await fetchApp(`/b/${roundId}${lang}`, {
            method: 'POST',
            headers: type ? { 'content-type': type } : {},
            body: encode(fields),
          });
          await expectPage(res, `POST /b ${String(encode(fields)).slice(0, 120)}`);
        },
      ),
      runs(120),
    );
    expect(await count()).toBe(0);
  });
});

describe('POST /t/{code}, /rate, /reopen (the no-JavaScript tracking pages, answered cases)', () => {
  fuzz('never a 5xx, always a page; a rating is 1–5, a review has a reason', async () => {
    const names = fc.constantFrom('pin', 'rating', 'comment', 'reason');
    let n = 0;
    const shown: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases.keys()),
        fc.constantFrom('', '/rate', '/reopen'),
        fc.oneof(fc.constant('right'), hostileString),
        formBody(names),
        fc.constantFrom(...TYPES),
        async (which, action, pin, body, type) => {
          const c = cases[which]!;
          const fields = Array.isArray(body)
            ? ([['pin', pin === 'right' ? c.pin : pin], ...body] as [string, string][])
            : body;
          const res = await fetchApp(`/t/${encodeURIComponent(c.code)}${action}`, {
            method: 'POST',
            headers: {
              'cf-connecting-ip': `10.77.${n >> 8}.${n++ & 255}`,
              ...(type ? { 'content-type': type } : {}),
            },
            body: encode(fields),
          });
          shown.push(await expectPage(res, `POST /t${action} ${String(encode(fields)).slice(0, 120)}`));
        },
      ),
      runs(120),
    );
    // The runs got past the PIN check too, not only refusals.
    expect(shown.filter((s) => s === 200).length).toBeGreaterThan(5);
    const rows = await env.DB.prepare(
      `SELECT c.rating, c.status, (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopen'
                  AND (e.body IS NULL OR trim(e.body) = '')) AS blankReopens
         FROM cases c WHERE c.id IN (SELECT value FROM json_each(?))`,
    )
      .bind(JSON.stringify(cases.map((c) => c.id)))
      .all<{ rating: number | null; status: string; blankReopens: number }>();
    for (const r of rows.results) {
      if (r.rating !== null) expect([1, 2, 3, 4, 5]).toContain(r.rating);
      expect(r.blankReopens).toBe(0);
      expect(['answered', 'in_progress', 'closed']).toContain(r.status);
    }
  });
});
