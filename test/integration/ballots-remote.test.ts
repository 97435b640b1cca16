/**
 * Remote mode through real RFC 9474 blind signatures inside workerd: a member blinds a message,
 * the Worker signs it once (recorded against the member), the member finalises and casts
 * anonymously; the key is destroyed when issuing closes; a forged or reused token is refused.
 */

import { env } from 'cloudflare:workers';
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../worker/lib/crypto';
import { call, createStaff, createTree } from '../helpers/fixtures';

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read only where asserted
type Json = any;

let world: Awaited<ReturnType<typeof createTree>>;
let board: { cookie: string };
let voters: { userId: string; cookie: string }[];

beforeAll(async () => {
  world = await createTree();
  board = await createStaff([{ role: 'counting_board', unitId: world.city.id }]);
  voters = await Promise.all([1, 2, 3].map(() => createStaff([])));
});

const suite = RSABSSA.SHA384.PSS.Randomized();

/** What the voter's browser does: prepare, blind, ask, finalise. */
async function obtainToken(roundId: string, spki: string, cookie: string) {
  const pk = await crypto.subtle.importKey(
    'spki',
    fromBase64(spki),
    { name: 'RSA-PSS', hash: 'SHA-384' },
    true,
    ['verify'],
  );
  const msg = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
  const { blindedMsg, inv } = await suite.blind(pk, msg);
  const res = await call(`/api/ballots/rounds/${roundId}/token`, {
    method: 'POST',
    cookie,
    json: { blindedMsg: toBase64(blindedMsg) },
  });
  const body = (await res.json()) as { blindSig: string; fingerprint: string };
  if (res.status !== 200) return { status: res.status, body };
  const sig = await suite.finalize(pk, msg, fromBase64(body.blindSig), inv);
  return { status: 200, body, token: { message: toBase64(msg), signature: toBase64(sig) }, blindedMsg };
}

describe('remote mode', () => {
  it('issues one token per member, destroys the key, and counts anonymous casts', async () => {
    const created = await call('/api/ballots/rounds', {
      method: 'POST',
      cookie: board.cookie,
      json: {
        unitId: world.city.id,
        name: 'Lấy phiếu tín nhiệm trực tuyến',
        mode: 'remote',
        summoned: 3,
        meetingDate: '2026-11-21',
        groups: [{ title: 'Phiếu', candidates: [{ fullName: 'Phạm Văn Dũng', position: 'Chủ tịch HĐND' }] }],
        members: voters.map((v, i) => ({ fullName: `Đại biểu ${i + 1}`, userId: v.userId })),
      },
    });
    expect(created.status).toBe(201);
    const { round, groups, members } = (await created.json()) as Json;
    const cid = groups[0].candidates[0].id;
    await call(`/api/ballots/rounds/${round.id}/phase`, {
      method: 'POST',
      cookie: board.cookie,
      json: { to: 'issuing' },
    });
    const pub = (await (await call(`/api/public/ballots/${round.id}`)).json()) as Json;
    expect(pub.keyFingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);

    // A stranger (not on the roster) gets nothing.
    const stranger = await createStaff([]);
    expect((await obtainToken(round.id, pub.publicKey, stranger.cookie)).status).toBe(403);

    const tokens = [];
    for (const v of voters) {
      const t = await obtainToken(round.id, pub.publicKey, v.cookie);
      expect(t.status).toBe(200);
      expect(t.body.fingerprint).toBe(pub.keyFingerprint);
      tokens.push(t.token!);
    }
    // Twice → refused, and the refusal gives no second signature.
    const again = await obtainToken(round.id, pub.publicKey, voters[0]!.cookie);
    expect(again.status).toBe(409);

    // Casting before casting opens is refused even with a good token.
    expect(
      (
        await call(`/api/public/ballots/${round.id}/cast`, {
          method: 'POST',
          json: { token: tokens[0], marks: { [cid]: 'high' } },
        })
      ).status,
    ).toBe(409);

    await call(`/api/ballots/rounds/${round.id}/attendance`, {
      method: 'POST',
      cookie: board.cookie,
      json: { memberIds: members.map((m: { id: string }) => m.id) },
    });
    expect(
      (
        await call(`/api/ballots/rounds/${round.id}/phase`, {
          method: 'POST',
          cookie: board.cookie,
          json: { to: 'casting' },
        })
      ).status,
    ).toBe(200);
    const key = await env.DB.prepare(
      'SELECT private_key_sealed AS k, tokens_issued AS n FROM ballot_rounds WHERE id = ?',
    )
      .bind(round.id)
      .first<{ k: string | null; n: number }>();
    expect(key).toEqual({ k: null, n: 3 }); // private key destroyed; issuance count recorded

    // Issuing is over: no more tokens, for anyone.
    const late = await createStaff([]);
    expect((await obtainToken(round.id, pub.publicKey, late.cookie)).status).toBe(403);

    // Anonymous casts: no cookie at all.
    const marks = ['low', 'low', 'high'];
    for (const [i, t] of tokens.entries()) {
      const res = await call(`/api/public/ballots/${round.id}/cast`, {
        method: 'POST',
        json: { token: t, marks: { [cid]: marks[i] } },
      });
      expect(res.status).toBe(201);
    }
    // Reuse of a token → refused; a forged signature → refused.
    const reuse = await call(`/api/public/ballots/${round.id}/cast`, {
      method: 'POST',
      json: { token: tokens[0], marks: { [cid]: 'high' } },
    });
    expect(((await reuse.json()) as Json).error.code).toBe('code_used');
    const forged = {
      message: toBase64(crypto.getRandomValues(new Uint8Array(64))),
      signature: tokens[1]!.signature,
    };
    const bad = await call(`/api/public/ballots/${round.id}/cast`, {
      method: 'POST',
      json: { token: forged, marks: { [cid]: 'high' } },
    });
    expect(((await bad.json()) as Json).error.code).toBe('token_invalid');

    await call(`/api/ballots/rounds/${round.id}/phase`, {
      method: 'POST',
      cookie: board.cookie,
      json: { to: 'counting' },
    });
    const tally = (await (
      await call(`/api/ballots/rounds/${round.id}/tally`, { cookie: board.cookie })
    ).json()) as Json;
    expect(tally.candidates[0]).toMatchObject({
      issued: 3,
      collected: 3,
      low: { count: 2, percent: '66.67' },
      overHalfLow: true,
      twoThirdsLow: true,
    });
    // Nothing on the server relates a member to a ballot: no shared column, and the audit trail
    // of the round holds staff actions only (no cast).
    const { results } = await env.DB.prepare('SELECT action FROM audit_log WHERE target_id = ? ORDER BY seq')
      .bind(round.id)
      .all<{ action: string }>();
    expect(results.map((r) => r.action)).not.toContain('ballot.cast');
    expect(results.filter((r) => r.action === 'ballot_round.token')).toHaveLength(3);
  });
});

describe('roster by e-mail', () => {
  it('resolves account e-mails, and names the line of an unknown one', async () => {
    const a = await createStaff([]);
    const body = (members: unknown[]) => ({
      unitId: world.city.id,
      name: 'Đợt trực tuyến theo thư điện tử',
      mode: 'remote',
      summoned: 2,
      meetingDate: '2026-11-21',
      groups: [{ title: 'Phiếu', candidates: [{ fullName: 'Phạm Văn Dũng', position: 'Chủ tịch' }] }],
      members,
    });
    const ok = await call('/api/ballots/rounds', {
      method: 'POST',
      cookie: board.cookie,
      json: body([
        { fullName: 'Đại biểu A', email: a.email.toUpperCase() },
        { fullName: 'Đại biểu B', userId: voters[0]!.userId },
      ]),
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as Json).members.map((m: { hasAccount: boolean }) => m.hasAccount)).toEqual([
      true,
      true,
    ]);
    const bad = await call('/api/ballots/rounds', {
      method: 'POST',
      cookie: board.cookie,
      json: body([
        { fullName: 'Đại biểu A', email: a.email },
        { fullName: 'Không có', email: 'khong-co@test.vn' },
      ]),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error.fields[0].path).toBe('members.1.email');
  });
});
