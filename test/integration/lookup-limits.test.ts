/**
 * Receipt and tracking lookups are limited per client, not per code prefix (decision 046, issue 15
 * item 2): one device's lookups count together whatever the code — a wrong check character too —
 * while many devices behind one carrier address keep working, and a client without a device key
 * is held by the address ceiling.
 */
import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { newReceiptCode } from '../../worker/lib/ids';
import { createTree } from '../helpers/fixtures';
import { awayFromMinuteEdge, key, publishedForm, setup } from '../unit/forms.fixtures';
import { caseForm, personIn, submitFeedback } from './cases-fixtures';

// Tests wait up to 20 s for the limiter's minute window to have room (awayFromMinuteEdge), then
// send up to 600 lookups: more than the default 5 s on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

let ctx: Awaited<ReturnType<typeof setup>>;
let survey: Awaited<ReturnType<typeof publishedForm>>;
let feedback: { slug: string };
let person: { id: string };

beforeAll(async () => {
  ctx = await setup();
  survey = await publishedForm(ctx);
  const w = await createTree();
  feedback = await caseForm(w.front, 'feedback');
  person = await personIn(w.wardA);
});

const device = () => `dev-${crypto.randomUUID()}`;

/** `n` valid receipt codes nobody was given, no two with the same first four characters. */
function codesWithDistinctPrefixes(n: number): string[] {
  const byPrefix = new Map<string, string>();
  while (byPrefix.size < n) {
    const c = newReceiptCode();
    byPrefix.set(c.slice(0, 4), c);
  }
  return [...byPrefix.values()];
}

/** The code with its check character changed: refused as invalid_receipt (400). */
function wrongCheck(code: string): string {
  const last = code.slice(-1);
  return `${code.slice(0, -1)}${last === '0' ? '1' : '0'}`;
}

function lookup(code: string, client: { deviceKey?: string; ip: string }) {
  const headers: Record<string, string> = { 'cf-connecting-ip': client.ip };
  if (client.deviceKey) headers['x-device-key'] = client.deviceKey;
  return exports.default.fetch(`http://local/api/public/receipts/${code}`, { headers });
}

function track(code: string, pin: string, client: { deviceKey?: string; ip: string }) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'cf-connecting-ip': client.ip,
  };
  if (client.deviceKey) headers['x-device-key'] = client.deviceKey;
  return exports.default.fetch('http://local/api/public/cases/track', {
    method: 'POST',
    headers,
    body: JSON.stringify({ code, pin }),
  });
}

describe('receipt lookups', () => {
  it('twelve fast lookups with different prefixes from one device: the 11th and 12th are refused', async () => {
    await awayFromMinuteEdge(5000);
    const client = { deviceKey: device(), ip: '198.18.1.1' };
    const statuses: number[] = [];
    for (const code of codesWithDistinctPrefixes(12)) statuses.push((await lookup(code, client)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('a wrong check character counts: ten 400s, then the next lookup of the device is refused', async () => {
    await awayFromMinuteEdge(5000);
    const client = { deviceKey: device(), ip: '198.18.1.2' };
    const codes = codesWithDistinctPrefixes(11);
    for (const code of codes.slice(0, 10)) {
      const res = await lookup(wrongCheck(code), client);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_receipt' } });
    }
    const res = await lookup(codes[10]!, client);
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('15 devices behind one carrier address each look their receipt up three times: none is refused', async () => {
    await awayFromMinuteEdge(10_000);
    const receipts: string[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await exports.default.fetch(`http://local/api/public/forms/${survey.slug}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key() },
        body: JSON.stringify({ answers: { hai_long: 4 } }),
      });
      expect(res.status).toBe(201);
      receipts.push(((await res.json()) as { receiptCode: string }).receiptCode);
    }
    const statuses: number[] = [];
    for (const code of receipts) {
      const client = { deviceKey: device(), ip: '198.18.1.3' };
      for (let j = 0; j < 3; j++) statuses.push((await lookup(code, client)).status);
    }
    expect(statuses).toEqual(Array(45).fill(200));
  });

  it('a malformed device key is a 400 validation error naming the field, not a 500', async () => {
    const res = await lookup(newReceiptCode(), { deviceKey: 'x', ip: '198.18.1.4' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'validation_failed', fields: [{ path: 'deviceKey' }] },
    });
  });
});

describe('tracking lookups', () => {
  it('twelve fast attempts with different codes from one device: the 11th and 12th are refused', async () => {
    await awayFromMinuteEdge(5000);
    const client = { deviceKey: device(), ip: '198.18.2.1' };
    const statuses: number[] = [];
    for (const code of codesWithDistinctPrefixes(12))
      statuses.push((await track(code, '123456', client)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('receipt and tracking lookups of one device count together, wrong check characters included', async () => {
    await awayFromMinuteEdge(5000);
    const client = { deviceKey: device(), ip: '198.18.2.2' };
    const codes = codesWithDistinctPrefixes(11);
    for (const code of codes.slice(0, 5)) expect((await lookup(code, client)).status).toBe(404);
    for (const code of codes.slice(5, 10))
      expect((await track(wrongCheck(code), '123456', client)).status).toBe(400);
    expect((await track(codes[10]!, '123456', client)).status).toBe(429);
  });

  it('15 reporters on their own devices behind one carrier address track their cases: none is refused', async () => {
    await awayFromMinuteEdge(10_000);
    const mine = [];
    for (let i = 0; i < 15; i++) mine.push(await submitFeedback(feedback.slug, person.id));
    for (const { receiptCode, pin } of mine) {
      const res = await track(receiptCode, pin, { deviceKey: device(), ip: '198.18.2.3' });
      expect(res.status).toBe(200);
    }
  });
});

describe('a client without a device key', () => {
  it('is held by the address ceiling (600 a minute), every lookup counted — receipts, tracking, 400s', async () => {
    await awayFromMinuteEdge(20_000);
    const ip = '198.18.3.1';
    const code = wrongCheck(newReceiptCode());
    const statuses: number[] = [];
    for (let i = 0; i < 600; i++)
      statuses.push((await (i % 2 ? lookup(code, { ip }) : track(code, '123456', { ip }))).status);
    // Twelve lookups with different prefixes are not a person's limit for an address (carrier NAT)…
    expect(statuses.every((s) => s === 400)).toBe(true);
    // …but the ceiling is, for whatever comes next from it.
    expect((await lookup(newReceiptCode(), { ip })).status).toBe(429);
    expect((await track(newReceiptCode(), '123456', { ip })).status).toBe(429);
    // Another address is unaffected.
    expect((await lookup(newReceiptCode(), { ip: '198.18.3.2' })).status).toBe(404);
  });
});
