import { env, exports } from 'cloudflare:workers';
import * as OTPAuth from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../worker/audit/service';
import { hashPassword } from '../../worker/lib/crypto';
import { newId, randomId } from '../../worker/lib/ids';
import { call, createStaff, createTree } from '../helpers/fixtures';

const PASSWORD = 'mat-khau-that-dai-2026';
let tree: Awaited<ReturnType<typeof createTree>>;
beforeAll(async () => {
  tree = await createTree();
});

/** A user who can log in with PASSWORD (hash at the test iteration count). */
async function loginUser(grants: { role: string; unitId: string }[] = []) {
  const id = newId();
  const email = `${randomId(5)}@mttq.vn`;
  await env.DB.batch([
    env.DB.prepare(
      'INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    ).bind(
      id,
      email,
      'Nguyễn Văn Đăng',
      await hashPassword(PASSWORD, Number(env.PBKDF2_ITERATIONS)),
      Date.now(),
    ),
    ...grants.map((g) =>
      env.DB.prepare(
        'INSERT INTO role_grants (id, user_id, role, unit_id, created_at) VALUES (?, ?, ?, ?, ?)',
      ).bind(newId(), id, g.role, g.unitId, Date.now()),
    ),
  ]);
  return { id, email };
}

const login = (email: string, password = PASSWORD) =>
  call('/api/auth/login', { method: 'POST', json: { email, password } });
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

describe('login and sessions', () => {
  it('sets a hardened session cookie, stores only its hash, and /me answers', async () => {
    const u = await loginUser([{ role: 'board_viewer', unitId: tree.board.id }]);
    const res = await login(u.email.toUpperCase());
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      user: { id: string };
      grants: { role: string }[];
      mfaRequired: boolean;
    };
    expect(body).toMatchObject({
      user: { id: u.id, totpEnabled: false },
      mfaRequired: false,
      grants: [{ role: 'board_viewer', unitId: tree.board.id }],
    });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^ln_session=[0-9a-f]{64};/);
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) expect(setCookie).toContain(attr);
    expect(Number(setCookie.match(/Max-Age=(\d+)/)![1])).toBeGreaterThan(43_100); // 12 h
    const token = cookieOf(res).split('=')[1]!;
    const stored = await env.DB.prepare('SELECT id FROM sessions WHERE user_id = ?')
      .bind(u.id)
      .first<{ id: string }>();
    expect(stored!.id).not.toBe(token);
    expect(stored!.id).toMatch(/^[0-9a-f]{64}$/);
    const me = await call('/api/auth/me', { cookie: cookieOf(res) });
    expect(await me.json()).toMatchObject({
      user: { id: u.id, email: u.email },
      grants: [{ role: 'board_viewer', unitPath: tree.board.path }],
    });
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const u = await loginUser();
    const wrong = await login(u.email, 'khong-dung-mat-khau');
    const unknown = await login(`nobody-${randomId(4)}@mttq.vn`, 'khong-dung-mat-khau');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('locks the account after 5 failures (even the right password is refused), and a lapsed lock lets it in', async () => {
    const u = await loginUser();
    for (let i = 0; i < 5; i++) expect((await login(u.email, `sai-${i}-mat-khau`)).status).toBe(401);
    const row = await env.DB.prepare('SELECT failed_logins AS f, locked_until AS l FROM users WHERE id = ?')
      .bind(u.id)
      .first<{ f: number; l: number }>();
    expect(row!.f).toBe(5);
    expect(row!.l).toBeGreaterThan(Date.now() + 50_000);
    expect(row!.l).toBeLessThanOrEqual(Date.now() + 60_000);
    const locked = await login(u.email);
    expect(locked.status).toBe(401);
    expect(await locked.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    // A sixth wrong password doubles the lock.
    await login(u.email, 'sai-nua-mat-khau');
    const again = await env.DB.prepare('SELECT locked_until AS l FROM users WHERE id = ?')
      .bind(u.id)
      .first<{ l: number }>();
    expect(again!.l).toBeGreaterThan(Date.now() + 110_000);
    await env.DB.prepare('UPDATE users SET locked_until = ? WHERE id = ?')
      .bind(Date.now() - 1, u.id)
      .run();
    expect((await login(u.email)).status).toBe(200);
    const reset = await env.DB.prepare('SELECT failed_logins AS f, locked_until AS l FROM users WHERE id = ?')
      .bind(u.id)
      .first<{ f: number; l: number | null }>();
    expect(reset).toEqual({ f: 0, l: null });
  });

  it('rate-limits attempts per email (RL_AUTH)', async () => {
    const email = `flood-${randomId(4)}@mttq.vn`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(email, 'khong-dung-mat-khau')).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  });

  it('refuses a disabled account and a login without our Origin', async () => {
    const u = await loginUser();
    await env.DB.prepare('UPDATE users SET disabled = 1 WHERE id = ?').bind(u.id).run();
    expect((await login(u.email)).status).toBe(401);
    const res = await exports.default.fetch('http://local/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: u.email, password: PASSWORD }),
    });
    expect(res.status).toBe(403);
  });

  it('/session answers 200 both ways: signed out is {signedIn:false}, signed in carries /me (the console starts with no failed request)', async () => {
    const out = await call('/api/auth/session');
    expect(out.status).toBe(200);
    expect(out.headers.get('cache-control')).toBe('no-store');
    expect(await out.json()).toEqual({ signedIn: false });
    expect(await (await call('/api/auth/session', { cookie: 'ln_session=deadbeef' })).json()).toEqual({
      signedIn: false,
    });
    const u = await loginUser([{ role: 'case_intake', unitId: tree.front.id }]);
    const cookie = cookieOf(await login(u.email));
    const inside = await call('/api/auth/session', { cookie });
    expect(inside.status).toBe(200);
    expect(await inside.json()).toMatchObject({
      signedIn: true,
      user: { id: u.id, email: u.email },
      grants: [{ role: 'case_intake', unitId: tree.front.id }],
    });
    await call('/api/auth/logout', { method: 'POST', cookie });
    expect(await (await call('/api/auth/session', { cookie })).json()).toEqual({ signedIn: false });
  });

  it('logout deletes the session row; the cookie stops working', async () => {
    const u = await loginUser([{ role: 'admin', unitId: tree.wardA.id }]);
    const cookie = cookieOf(await login(u.email));
    expect((await call('/api/auth/logout', { method: 'POST', cookie })).status).toBe(200);
    expect(await env.DB.prepare('SELECT 1 FROM sessions WHERE user_id = ?').bind(u.id).first()).toBeNull();
    expect((await call('/api/auth/me', { cookie })).status).toBe(401);
  });

  it('writes audit rows for logins and failures and keeps the chain valid', async () => {
    const u = await loginUser();
    await login(u.email, 'sai-mat-khau-roi');
    await login(u.email);
    const { results } = await env.DB.prepare('SELECT action FROM audit_log WHERE target_id = ? ORDER BY seq')
      .bind(u.id)
      .all<{ action: string }>();
    expect(results.map((r) => r.action)).toEqual(['auth.login_failed', 'auth.login']);
    expect((await verifyChain(env.DB)).ok).toBe(true);
  });
});

describe('TOTP second factor', () => {
  it('enrol → confirm → login needs the code; the half-open session is no session', async () => {
    const u = await loginUser([{ role: 'form_designer', unitId: tree.front.id }]);
    const cookie = cookieOf(await login(u.email));
    const enroll = await call('/api/auth/totp/enroll', { method: 'POST', cookie });
    const { secret, otpauthUrl, qrSvg } = (await enroll.json()) as {
      secret: string;
      otpauthUrl: string;
      qrSvg: string;
    };
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(qrSvg).toContain('<svg');
    const sealed = await env.DB.prepare('SELECT totp_secret AS s, totp_enabled AS e FROM users WHERE id = ?')
      .bind(u.id)
      .first<{ s: string; e: number }>();
    expect(sealed!.s).toMatch(/^v2\.k1\./); // sealed by the keyring, key id k1 (decision 250)
    expect(sealed!.s).not.toContain(secret);
    expect(sealed!.e).toBe(0);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    expect(
      (
        await call('/api/auth/totp/confirm', {
          method: 'POST',
          cookie,
          json: { code: '000000' === totp.generate() ? '111111' : '000000' },
        })
      ).status,
    ).toBe(401);
    const enrolmentCode = totp.generate();
    expect(
      (await call('/api/auth/totp/confirm', { method: 'POST', cookie, json: { code: enrolmentCode } }))
        .status,
    ).toBe(200);
    // Enrolling again is refused while TOTP is on.
    expect((await call('/api/auth/totp/enroll', { method: 'POST', cookie })).status).toBe(409);

    const first = await login(u.email);
    expect(await first.json()).toMatchObject({ mfaRequired: true, grants: [] });
    const half = cookieOf(first);
    expect((await call('/api/auth/me', { cookie: half })).status).toBe(401);
    const bad = await call('/api/auth/totp', {
      method: 'POST',
      cookie: half,
      json: { code: totp.generate() === '123456' ? '654321' : '123456' },
    });
    expect(bad.status).toBe(401);
    // The enrolment spent its code's step: the same code does not log in (the exact string is
    // reused, so a 30-second boundary between the calls cannot make this test flaky).
    const spent = await call('/api/auth/totp', {
      method: 'POST',
      cookie: half,
      json: { code: enrolmentCode },
    });
    expect(spent.status).toBe(401);
    expect(((await spent.json()) as { error: { code: string } }).error.code).toBe('totp_reused');
    // The next step's code (the app shows it 30 s later; one step of drift is accepted), sent twice
    // at once as a double click would: both answers are the one success of this session.
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    const [ok, twice] = await Promise.all([
      call('/api/auth/totp', { method: 'POST', cookie: half, json: { code: next } }),
      call('/api/auth/totp', { method: 'POST', cookie: half, json: { code: next } }),
    ]);
    expect(ok.status).toBe(200);
    expect(twice.status === 200 || twice.status === 409).toBe(true); // 409 already_verified if it came second
    expect(await ok.json()).toMatchObject({ mfaRequired: false, grants: [{ role: 'form_designer' }] });
    expect((await call('/api/auth/me', { cookie: half })).status).toBe(200);

    // Replay: the same code on another half-open session (a phishing proxy, a shoulder-surfer).
    const other = cookieOf(await login(u.email));
    const replay = await call('/api/auth/totp', { method: 'POST', cookie: other, json: { code: next } });
    expect(replay.status).toBe(401);
    expect((await call('/api/auth/me', { cookie: other })).status).toBe(401);
    const failures = await env.DB.prepare('SELECT failed_logins AS n FROM users WHERE id = ?')
      .bind(u.id)
      .first<{ n: number }>();
    expect(failures!.n).toBe(0); // a replay is refused but is not a guess towards the lockout
    const logged = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE action = 'auth.totp_failed' AND target_id = ? ORDER BY seq DESC LIMIT 1",
    )
      .bind(u.id)
      .first<{ detail: string }>();
    expect(JSON.parse(logged!.detail)).toEqual({ reason: 'replay' });
  });

  it('the TOTP step needs a half-open session', async () => {
    expect((await call('/api/auth/totp', { method: 'POST', json: { code: '123456' } })).status).toBe(401);
  });
});

describe('account administration', () => {
  it('creates an account that can log in; duplicate email → 409', async () => {
    const admin = await createStaff([{ role: 'admin', unitId: tree.city.id }]);
    const email = `moi-${randomId(4)}@mttq.vn`;
    const res = await call('/api/admin/users', {
      method: 'POST',
      cookie: admin.cookie,
      json: { email: email.toUpperCase(), name: 'Cán bộ mới', password: PASSWORD },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ email, grants: [] });
    expect((await login(email)).status).toBe(200);
    const dup = await call('/api/admin/users', {
      method: 'POST',
      cookie: admin.cookie,
      json: { email, name: 'X', password: PASSWORD },
    });
    expect(dup.status).toBe(409);
    const short = await call('/api/admin/users', {
      method: 'POST',
      cookie: admin.cookie,
      json: { email: 'a@b.vn', name: 'X', password: 'ngan' },
    });
    expect(short.status).toBe(400);
  });

  it('grants open a subtree; revoking closes it; a ward admin cannot grant outside the ward', async () => {
    const cityAdmin = await createStaff([{ role: 'admin', unitId: tree.city.id }]);
    const wardAdmin = await createStaff([{ role: 'admin', unitId: tree.wardA.id }]);
    const target = await loginUser();
    const cookie = cookieOf(await login(target.email));
    const g = await call(`/api/admin/users/${target.id}/grants`, {
      method: 'POST',
      cookie: wardAdmin.cookie,
      json: { role: 'admin', unitId: tree.wardA.id },
    });
    expect(g.status).toBe(201);
    const { id: grantId } = (await g.json()) as { id: string };
    expect(
      (
        await call(`/api/admin/users/${target.id}/grants`, {
          method: 'POST',
          cookie: wardAdmin.cookie,
          json: { role: 'admin', unitId: tree.wardA.id },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(`/api/admin/users/${target.id}/grants`, {
          method: 'POST',
          cookie: wardAdmin.cookie,
          json: { role: 'admin', unitId: tree.city.id },
        })
      ).status,
    ).toBe(403);
    // The new grant takes effect on the next request of the existing session.
    const patch = () =>
      call(`/api/org/units/${tree.wardA.id}`, { method: 'PATCH', cookie, json: { nameEn: 'Ben Nghe Ward' } });
    expect((await patch()).status).toBe(200);
    expect(
      (
        await call(`/api/admin/users/${target.id}/grants/${grantId}`, {
          method: 'DELETE',
          cookie: cityAdmin.cookie,
        })
      ).status,
    ).toBe(200);
    expect((await patch()).status).toBe(403);
    const log = await call(`/api/admin/audit?targetId=${target.id}`, { cookie: cityAdmin.cookie });
    const actions = ((await log.json()) as { entries: { action: string }[] }).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['grant.create', 'grant.revoke']));
  });

  it('disabling or resetting the password ends sessions; an admin cannot disable themselves', async () => {
    const admin = await createStaff([{ role: 'admin', unitId: tree.city.id }]);
    const target = await loginUser();
    const cookie = cookieOf(await login(target.email));
    expect((await call('/api/auth/me', { cookie })).status).toBe(200);
    const res = await call(`/api/admin/users/${target.id}`, {
      method: 'PATCH',
      cookie: admin.cookie,
      json: { password: 'mat-khau-moi-dai-hon' },
    });
    expect(res.status).toBe(200);
    expect((await call('/api/auth/me', { cookie })).status).toBe(401);
    expect((await login(target.email)).status).toBe(401);
    expect((await login(target.email, 'mat-khau-moi-dai-hon')).status).toBe(200);
    const self = await call(`/api/admin/users/${admin.userId}`, {
      method: 'PATCH',
      cookie: admin.cookie,
      json: { disabled: true },
    });
    expect(self.status).toBe(409);
  });
});
