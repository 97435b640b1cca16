/**
 * Keys that rotate (decision 250): values sealed with key 1 — some before the keyring existed
 * (legacy `v1.` values, a derived PIN) — still open once key 2 is current; the re-seal job moves
 * them (with counts, audited); with key 1 removed everything still opens: identity, TOTP login,
 * webhook delivery (verified with the `standardwebhooks` library receivers use), remote ballot
 * token issuing, the reporter's PIN (unchanged). Tampering still fails.
 */
import { env } from 'cloudflare:workers';
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import * as OTPAuth from 'otpauth';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuthDeps, completeTotpLogin, confirmTotp, enrollTotp, login } from '../../worker/auth/login';
import { issueToken } from '../../worker/ballots/tokens';
import { legacyPin } from '../../worker/cases/pin';
import { authenticateTracking, pinFor } from '../../worker/cases/tracking';
import { unsealIdentity } from '../../worker/cases/views';
import { deliverOutbox } from '../../worker/cases/webhooks';
import type { Env } from '../../worker/env';
import { resealAll } from '../../worker/keys/reseal';
import { encryptText, fromBase64, hashPassword, toBase64 } from '../../worker/lib/crypto';
import { keyringOf, open, parseKeyring, seal, sealedKeyId } from '../../worker/lib/keyring';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { caseForm, caseIdOf, IDENTITY, personIn, submitFeedback, type U } from './cases-fixtures';

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read only where asserted
type Json = any;

const K1 = env.IDENTITY_KEY!;
const K2 = toBase64(crypto.getRandomValues(new Uint8Array(32)));
/** Before: the lone IDENTITY_KEY (k1). During: k2 current, k1 still in the ring. After: k2 only. */
const before: Env = { ...env };
const during: Env = { ...env, IDENTITY_KEYS: `k2:${K2},k1:${K1}` };
const after: Env = { ...env, IDENTITY_KEY: undefined, IDENTITY_KEYS: `k2:${K2}` };

const deps = (e: Env): AuthDeps => ({
  d1: e.DB,
  limiter: e.RL_AUTH,
  iterations: 1000,
  keys: keyringOf(e),
});

const one = async <T>(sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<T>())!;

describe('keyring configuration', () => {
  it('reads IDENTITY_KEY as k1, IDENTITY_KEYS in order (first current), and refuses bad rings', () => {
    expect(parseKeyring({ IDENTITY_KEY: K1 }).current.id).toBe('k1');
    const ring = parseKeyring({ IDENTITY_KEYS: `k2:${K2}`, IDENTITY_KEY: K1 });
    expect(ring.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(() => parseKeyring({})).toThrow(/no key/);
    expect(() => parseKeyring({ IDENTITY_KEYS: K2 })).toThrow(/needs an id/);
    expect(() => parseKeyring({ IDENTITY_KEYS: `k2:${K2},k2:${K1}` })).toThrow(/twice/);
    expect(() => parseKeyring({ IDENTITY_KEYS: `k2:${toBase64(new Uint8Array(16))}` })).toThrow(/32 bytes/);
    expect(() => parseKeyring({ IDENTITY_KEYS: `k1:${K2}`, IDENTITY_KEY: K1 })).toThrow(/differs/);
  });

  it('seals with the current key id and keeps purposes apart', async () => {
    const v = await seal(keyringOf(during), 'identity', 'x', 'row-1');
    expect(v).toMatch(/^v2\.k2\.[^.]+\.[^.]+$/);
    expect(sealedKeyId(v)).toBe('k2');
    expect(await open(keyringOf(after), 'identity', v, 'row-1')).toBe('x');
    // The same key, another purpose: another derived key, so it does not open.
    await expect(open(keyringOf(during), 'totp', v, 'row-1')).rejects.toThrow();
  });
});

describe('tampering', () => {
  it('a flipped byte, a swapped key id, or another row’s AAD does not open', async () => {
    const ring = keyringOf(during);
    const v = await seal(ring, 'identity', '{"name":"A"}', 'row-1');
    const [, , iv, ct] = v.split('.');
    const bytes = fromBase64(ct!);
    bytes[3]! ^= 1;
    await expect(open(ring, 'identity', `v2.k2.${iv}.${toBase64(bytes)}`, 'row-1')).rejects.toThrow();
    await expect(open(ring, 'identity', v.replace('v2.k2.', 'v2.k1.'), 'row-1')).rejects.toThrow();
    await expect(open(ring, 'identity', v.replace('v2.k2.', 'v2.k9.'), 'row-1')).rejects.toThrow(
      /not in the ring/,
    );
    await expect(open(ring, 'identity', v, 'row-2')).rejects.toThrow();
    // A legacy value is bound to its row too.
    const legacy = await encryptText(K1, 'x', 'row-1');
    expect(await open(ring, 'identity', legacy, 'row-1')).toBe('x');
    await expect(open(ring, 'identity', legacy, 'row-2')).rejects.toThrow();
  });
});

describe('rotation', () => {
  let w: { city: U; front: U; wardA: U };
  let slug: string;
  const cases: { id: string; receiptCode: string; pin: string; responseId: string }[] = [];
  let user: { userId: string; email: string };
  let totp: OTPAuth.TOTP;
  const hooks: { id: string; secret: string; url: string }[] = [];
  let round: { id: string; publicKey: string };
  let voters: { userId: string; cookie: string }[];

  beforeAll(async () => {
    w = await createTree();
    slug = (await caseForm(w.front, 'feedback')).slug;
    const admin = await createStaff([{ role: 'admin', unitId: w.city.id }]);

    // Sealed with key 1 through the app (v2.k1.…): two identified cases.
    for (let i = 0; i < 2; i++) {
      const person = await personIn(w.wardA);
      const r = await submitFeedback(slug, person.id, {
        identity: { name: IDENTITY.name, phone: IDENTITY.phone },
      });
      const id = await caseIdOf(r.receiptCode);
      const { responseId } = await one<{ responseId: string }>(
        'SELECT response_id AS responseId FROM cases WHERE id = ?',
        id,
      );
      cases.push({ id, receiptCode: r.receiptCode, pin: r.pin, responseId });
    }
    // …and one from before the keyring: identity as a `v1.` value, the PIN derived from a nonce.
    const old = cases[1]!;
    await env.DB.prepare('UPDATE responses SET identity_sealed = ? WHERE id = ?')
      .bind(
        await encryptText(K1, JSON.stringify({ name: 'Cũ', phone: '0987654321' }), old.responseId),
        old.responseId,
      )
      .run();
    await env.DB.prepare("UPDATE cases SET pin_nonce = 'legacy-nonce' WHERE id = ?").bind(old.id).run();
    old.pin = await legacyPin(keyringOf(before), old.id, 'legacy-nonce');

    // TOTP enrolled with key 1 (a user who can log in with a password).
    const u = await createStaff([]);
    await env.DB.prepare('UPDATE users SET password_hash = ? WHERE id = ?')
      .bind(await hashPassword('mật-khẩu-đủ-dài', 1000), u.userId)
      .run();
    user = u;
    const { secret } = await enrollTotp(deps(before), u.userId);
    totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    await confirmTotp(deps(before), u.userId, totp.generate());

    // Webhooks: one made through the service (v2.k1), one as before the keyring (`v1.`, hex secret).
    const res = await call('/api/cases/admin/webhooks', {
      method: 'POST',
      cookie: admin.cookie,
      json: { url: 'http://127.0.0.1:9/rotation-a', events: ['case.created'] },
    });
    expect(res.status).toBe(201);
    const a = (await res.json()) as { id: string; secret: string };
    expect(a.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    hooks.push({ ...a, url: 'http://127.0.0.1:9/rotation-a' });
    const legacyId = `legacyhook${Date.now()}`;
    const legacySecret = `whsec_${'ab'.repeat(32)}`;
    await env.DB.prepare(
      `INSERT INTO webhook_subscriptions (id, url, events, secret_sealed, active, created_at)
       VALUES (?, 'http://127.0.0.1:9/rotation-b', 'case.created', ?, 1, ?)`,
    )
      .bind(legacyId, await encryptText(K1, legacySecret, `webhook:${legacyId}`), Date.now())
      .run();
    hooks.push({ id: legacyId, secret: legacySecret, url: 'http://127.0.0.1:9/rotation-b' });

    // A remote ballot round opened for issuing with key 1.
    const board = await createStaff([{ role: 'counting_board', unitId: w.city.id }]);
    voters = await Promise.all([1, 2, 3].map(() => createStaff([])));
    const created = await call('/api/ballots/rounds', {
      method: 'POST',
      cookie: board.cookie,
      json: {
        unitId: w.city.id,
        name: 'Lấy phiếu khi đổi khóa',
        mode: 'remote',
        summoned: 3,
        meetingDate: '2026-11-21',
        groups: [{ title: 'Phiếu', candidates: [{ fullName: 'Phạm Văn Dũng', position: 'Chủ tịch HĐND' }] }],
        members: voters.map((v, i) => ({ fullName: `Đại biểu ${i + 1}`, userId: v.userId })),
      },
    });
    const rid = ((await created.json()) as Json).round.id as string;
    await call(`/api/ballots/rounds/${rid}/phase`, {
      method: 'POST',
      cookie: board.cookie,
      json: { to: 'issuing' },
    });
    const pub = (await (await call(`/api/public/ballots/${rid}`)).json()) as Json;
    round = { id: rid, publicKey: pub.publicKey };
  });

  /** Everything sealed opens (and works) under the ring of `e`. */
  async function everythingOpens(e: Env, voter: number) {
    expect(await unsealIdentity(e, cases[0]!.responseId)).toEqual({
      name: IDENTITY.name,
      phone: IDENTITY.phone,
    });
    expect(await unsealIdentity(e, cases[1]!.responseId)).toEqual({ name: 'Cũ', phone: '0987654321' });
    for (const c of cases) {
      const { stored } = await one<{ stored: string }>(
        'SELECT pin_nonce AS stored FROM cases WHERE id = ?',
        c.id,
      );
      expect(await pinFor(e, c.id, stored)).toBe(c.pin);
      const found = await authenticateTracking(e, c.receiptCode, c.pin, { ip: `10.9.${voter}.1` });
      expect(found.id).toBe(c.id);
    }
    // TOTP login: password, then a code checked against the unsealed secret.
    await env.DB.prepare('UPDATE users SET totp_last_step = NULL WHERE id = ?').bind(user.userId).run();
    const first = await login(deps(e), user.email, 'mật-khẩu-đủ-dài');
    expect(first.mfaRequired).toBe(true);
    await completeTotpLogin(deps(e), first.token, totp.generate());
    // Webhooks: a delivery verified by the standardwebhooks library with each admin's secret.
    const person = await personIn(w.wardA);
    await submitFeedback(slug, person.id);
    await env.DB.prepare("UPDATE webhook_outbox SET next_at = 0 WHERE state = 'pending'").run();
    const seen = new Map<string, { body: string; headers: Record<string, string> }[]>();
    const fetcher = (async (url: string | URL | Request, init?: RequestInit) => {
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, key) => {
        headers[key] = value;
      });
      seen.set(String(url), [...(seen.get(String(url)) ?? []), { body: String(init?.body), headers }]);
      return new Response('ok');
    }) as typeof fetch;
    await deliverOutbox(e, { fetcher, limit: 500 });
    for (const h of hooks) {
      const got = seen.get(h.url) ?? [];
      expect(got.length, h.url).toBeGreaterThanOrEqual(1);
      for (const d of got) {
        expect(new Webhook(h.secret).verify(d.body, d.headers)).toMatchObject({ event: 'case.created' });
        // Another secret does not verify.
        expect(() => new Webhook(`whsec_${K2}`).verify(d.body, d.headers)).toThrow();
      }
    }
    // A remote ballot token for the next voter.
    const suite = RSABSSA.SHA384.PSS.Randomized();
    const pk = await crypto.subtle.importKey(
      'spki',
      fromBase64(round.publicKey),
      { name: 'RSA-PSS', hash: 'SHA-384' },
      true,
      ['verify'],
    );
    const msg = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
    const { blindedMsg, inv } = await suite.blind(pk, msg);
    const v = voters[voter]!;
    const staff = { userId: v.userId, grants: [] } as unknown as Parameters<typeof issueToken>[1];
    const { blindSig } = await issueToken(e, staff, round.id, toBase64(blindedMsg));
    const sig = await suite.finalize(pk, msg, fromBase64(blindSig), inv);
    expect(await suite.verify(pk, sig, msg)).toBe(true);
  }

  it('rotates: key-1 values open with key 2 current, the re-seal job moves them, key 1 leaves, all still opens', async () => {
    await everythingOpens(before, 0);

    // Key 2 becomes current: new writes use it, old values still open.
    expect(await seal(keyringOf(during), 'identity', 'n', 'r')).toMatch(/^v2\.k2\./);
    await everythingOpens(during, 1);

    // The re-seal job, in small slices: counts per purpose, audited.
    const first = await resealAll(during, { slice: 1, maxRows: 1 });
    expect(first.moved.identity).toBe(1);
    expect(first.remaining.identity).toBeGreaterThan(0);
    const report = await resealAll(during, { slice: 2 });
    expect(report.failed).toEqual({ identity: 0, pin: 0, totp: 0, webhook: 0, ballot: 0 });
    expect(report.remaining).toEqual({ identity: 0, pin: 0, totp: 0, webhook: 0, ballot: 0 });
    // `maxRows` is per column: the first run moved one value of each purpose.
    const moved = (p: keyof typeof report.moved) => first.moved[p] + report.moved[p];
    expect(first.moved).toEqual({ identity: 1, pin: 1, totp: 1, webhook: 1, ballot: 1 });
    expect(moved('identity')).toBe(2);
    expect(moved('pin')).toBeGreaterThanOrEqual(3);
    expect(moved('totp')).toBe(1);
    expect(moved('webhook')).toBeGreaterThanOrEqual(2);
    expect(moved('ballot')).toBeGreaterThanOrEqual(1);
    const audited = await one<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE action = 'keys.reseal' ORDER BY seq DESC LIMIT 1",
    );
    expect(JSON.parse(audited.detail)).toMatchObject({ currentKeyId: 'k2', remaining: { identity: 0 } });
    // Nothing on key 1 is left anywhere, and the PINs are sealed now (no legacy nonce).
    const { stored } = await one<{ stored: string }>(
      'SELECT pin_nonce AS stored FROM cases WHERE id = ?',
      cases[1]!.id,
    );
    expect(stored).toMatch(/^v2\.k2\./);
    // A second run finds nothing and writes no audit entry.
    const entries = () =>
      one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'keys.reseal'");
    const n = (await entries()).n;
    const again = await resealAll(during);
    expect(Object.values(again.moved).every((m) => m === 0)).toBe(true);
    expect((await entries()).n).toBe(n);

    // Key 1 removed: everything still opens, every PIN unchanged.
    await everythingOpens(after, 2);
  });

  it('a value the ring cannot open is counted as failed, passed over, and reported as remaining', async () => {
    const person = await personIn(w.wardA);
    const r = await submitFeedback(slug, person.id, { identity: { name: 'X', phone: IDENTITY.phone } });
    const id = await caseIdOf(r.receiptCode);
    const { responseId } = await one<{ responseId: string }>(
      'SELECT response_id AS responseId FROM cases WHERE id = ?',
      id,
    );
    const stranger = toBase64(crypto.getRandomValues(new Uint8Array(32)));
    await env.DB.prepare('UPDATE responses SET identity_sealed = ? WHERE id = ?')
      .bind(await encryptText(stranger, '{}', responseId), responseId)
      .run();
    const report = await resealAll(after);
    expect(report.failed.identity).toBe(1);
    expect(report.remaining.identity).toBe(1);
  });
});
