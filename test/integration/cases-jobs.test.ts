/**
 * The daily job (overdue, idempotent), webhooks (outbox in the event's batch, signed delivery,
 * retries with back-off, no identity in payloads) and the per-person k threshold.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { flagOverdue } from '../../worker/cases/overdue';
import { deliverOutbox, MAX_ATTEMPTS, webhookUrlProblem } from '../../worker/cases/webhooks';
import { hmacHex } from '../../worker/lib/crypto';
import { DAILY_CRON, runScheduled } from '../../worker/scheduled';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { caseForm, caseIdOf, IDENTITY, personIn, submitFeedback, transition, type U } from './cases-fixtures';

let w: { city: U; front: U; board: U; wardA: U; wardB: U };
let form: { slug: string; id: string };
let admin: string;
let intake: string;
let secret: string;

beforeAll(async () => {
  w = await createTree();
  form = await caseForm(w.front, 'feedback');
  admin = (await createStaff([{ role: 'admin', unitId: w.city.id }])).cookie;
  intake = (await createStaff([{ role: 'case_intake', unitId: w.front.id }])).cookie;
  const res = await call('/api/cases/admin/webhooks', {
    method: 'POST',
    cookie: admin,
    json: { url: 'http://127.0.0.1:9/hook', events: ['case.created', 'case.forwarded', 'case.overdue'] },
  });
  secret = ((await res.json()) as { secret: string }).secret;
});

const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n;

describe('overdue', () => {
  it('flags a case past its acceptance day once, however often the job runs', async () => {
    const person = await personIn(w.wardA);
    const id = await caseIdOf((await submitFeedback(form.slug, person.id)).receiptCode);
    await env.DB.prepare("UPDATE cases SET accept_due = '2020-01-01' WHERE id = ?").bind(id).run();
    expect(await flagOverdue(env)).toBeGreaterThanOrEqual(1);
    expect(await flagOverdue(env)).toBe(0);
    await runScheduled(DAILY_CRON, env);
    expect(
      await count("SELECT count(*) AS n FROM case_events WHERE case_id = ? AND type = 'overdue'", id),
    ).toBe(1);
    expect(
      await count(
        "SELECT count(*) AS n FROM webhook_outbox WHERE case_id = ? AND event = 'case.overdue'",
        id,
      ),
    ).toBe(1);
    expect(await count("SELECT sum(n) AS n FROM case_outcomes WHERE outcome = 'overdue'")).toBe(1);
    const queue = (await (
      await call(`/api/cases/intake?unitId=${w.front.id}&overdue=1`, { cookie: intake })
    ).json()) as {
      cases: { id: string; overdue: boolean; daysLeft: number }[];
    };
    const row = queue.cases.find((c) => c.id === id)!;
    expect(row.overdue).toBe(true);
    expect(row.daysLeft).toBeLessThan(0);
  });
});

describe('webhooks', () => {
  it('writes the outbox row in the event’s batch, signs the payload, and never sends identity', async () => {
    const person = await personIn(w.wardA);
    const { receiptCode } = await submitFeedback(form.slug, person.id, {
      identity: { name: IDENTITY.name, phone: IDENTITY.phone },
    });
    const id = await caseIdOf(receiptCode);
    expect(
      await count(
        "SELECT count(*) AS n FROM webhook_outbox WHERE case_id = ? AND event = 'case.created'",
        id,
      ),
    ).toBe(1);
    await transition(id, intake, { action: 'classify', kind: 'feedback' });
    await transition(id, intake, { action: 'forward', bodyUnitId: w.board.id });
    expect(
      await count(
        "SELECT count(*) AS n FROM webhook_outbox WHERE case_id = ? AND event = 'case.forwarded'",
        id,
      ),
    ).toBe(1);

    const seen: { body: string; sig: string; event: string }[] = [];
    const ok = async (_url: string | URL | Request, init?: RequestInit) => {
      const h = new Headers(init?.headers);
      seen.push({
        body: String(init?.body),
        sig: h.get('x-langnghe-signature')!,
        event: h.get('x-langnghe-event')!,
      });
      return new Response('ok');
    };
    await env.DB.prepare("UPDATE webhook_outbox SET next_at = 0 WHERE state = 'pending'").run();
    const out = await deliverOutbox(env, { fetcher: ok as typeof fetch, limit: 500 });
    expect(out.delivered).toBeGreaterThanOrEqual(2);
    const mine = seen.filter((s) => JSON.parse(s.body).case.id === id);
    expect(mine.map((s) => s.event).sort()).toEqual(['case.created', 'case.forwarded']);
    for (const s of mine) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(s.sig)!;
      expect(v1).toBe(await hmacHex(secret, `${t}.${s.body}`));
      for (const value of [IDENTITY.name, IDENTITY.phone]) expect(s.body).not.toContain(value);
    }
    expect(
      await count("SELECT count(*) AS n FROM webhook_outbox WHERE case_id = ? AND state = 'delivered'", id),
    ).toBe(2);
  });

  it('retries with back-off and gives up after MAX_ATTEMPTS', async () => {
    const person = await personIn(w.wardA);
    const id = await caseIdOf((await submitFeedback(form.slug, person.id)).receiptCode);
    const failing = (async () => new Response('no', { status: 503 })) as typeof fetch;
    let now = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverOutbox(env, { fetcher: failing, now, limit: 500 });
      const row = await env.DB.prepare(
        'SELECT attempts, next_at AS nextAt, state FROM webhook_outbox WHERE case_id = ?',
      )
        .bind(id)
        .first<{ attempts: number; nextAt: number; state: string }>();
      expect(row!.attempts).toBe(i + 1);
      expect(row!.state).toBe(i + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending');
      if (i === 0) expect(row!.nextAt - now).toBe(120_000);
      now = row!.nextAt;
    }
  });
});

describe('webhook URLs', () => {
  it('are https:// outside development; plain http only to the loopback address in development/test', async () => {
    const create = (url: string) =>
      call('/api/cases/admin/webhooks', {
        method: 'POST',
        cookie: admin,
        json: { url, events: ['case.created'] },
      });
    const refused = await create('http://example.org/hook');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('https_required');
    expect((await create('https://example.org/hook')).status).toBe(201);
    await env.DB.prepare(
      "UPDATE webhook_subscriptions SET active = 0 WHERE url = 'https://example.org/hook'",
    ).run();
    expect(webhookUrlProblem({ ENVIRONMENT: 'production' }, 'http://127.0.0.1:9/hook')).toBe('https:// only');
    expect(webhookUrlProblem({ ENVIRONMENT: 'production' }, 'https://hooks.example.vn/x')).toBeNull();
    expect(webhookUrlProblem({ ENVIRONMENT: 'development' }, 'http://localhost:8080/x')).toBeNull();
    expect(webhookUrlProblem({ ENVIRONMENT: 'test' }, 'http://10.0.0.5/x')).not.toBeNull();

    // A subscription saved over http is not called once the deployment is production.
    const person = await personIn(w.wardA);
    const id = await caseIdOf((await submitFeedback(form.slug, person.id)).receiptCode);
    await env.DB.prepare("UPDATE webhook_outbox SET next_at = 0 WHERE state = 'pending'").run();
    const urls: string[] = [];
    const fetcher = (async (url: string | URL | Request) => {
      urls.push(String(url));
      return new Response('ok');
    }) as typeof fetch;
    await deliverOutbox({ ...env, ENVIRONMENT: 'production' }, { fetcher, limit: 500 });
    expect(urls.filter((u) => u.startsWith('http:'))).toEqual([]);
    const row = await env.DB.prepare(
      'SELECT state, last_error AS error FROM webhook_outbox WHERE case_id = ?',
    )
      .bind(id)
      .first<{ state: string; error: string }>();
    expect(row).toEqual({ state: 'pending', error: 'https:// only' });
  });
});

describe('per-person summary', () => {
  it('shows nothing below k = 5 distinct responses, and the distribution from 5 on', async () => {
    const person = await personIn(w.wardA);
    const viewer = (await createStaff([{ role: 'board_viewer', unitId: w.wardA.id }])).cookie;
    const get = async () =>
      (await (await call(`/api/cases/people/${person.id}/summary`, { cookie: viewer })).json()) as {
        suppressed: boolean;
        responses: number | null;
        criteria: { item: string; counts: Record<string, number>; n: number }[];
      };
    for (let i = 0; i < 4; i++) await submitFeedback(form.slug, person.id, { levels: i < 2 ? 'tot' : 'kem' });
    const four = await get();
    expect(four).toMatchObject({ suppressed: true, responses: null, criteria: [] });
    await submitFeedback(form.slug, person.id, { levels: 'tot' });
    const five = await get();
    expect(five.suppressed).toBe(false);
    expect(five.responses).toBe(5);
    expect(five.criteria[0]!.counts).toEqual({ tot: 3, kem: 2 });
  });

  it('k can be raised by an administrator but never set below 5', async () => {
    const put = (k: number) =>
      call('/api/cases/admin/settings', { method: 'PUT', cookie: admin, json: { kThreshold: k } });
    expect((await put(4)).status).toBe(422);
    expect((await put(7)).status).toBe(200);
    await expect(
      env.DB.prepare('UPDATE case_settings SET k_threshold = 3 WHERE id = 1').run(),
    ).rejects.toThrow();
    expect((await put(5)).status).toBe(200);
  });
});
