import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../worker/env';
import { onError } from '../../worker/lib/http';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../worker/seed/accounts';
import { devRoutes } from '../../worker/seed/routes';
import { seedDemo } from '../../worker/seed/service';
import { DEMO_UNITS } from '../../worker/seed/units';
import { call } from '../helpers/fixtures';

const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n;

describe('seedDemo', () => {
  it('builds the demo city: 34 wards and communes, no district, the 2025 board merge', async () => {
    const report = await seedDemo(env);
    expect(report.created.units).toBe(DEMO_UNITS.length);
    expect(await count("SELECT count(*) AS n FROM units WHERE kind IN ('ward', 'commune')")).toBe(34);
    expect(await count("SELECT count(*) AS n FROM units WHERE name LIKE 'Quận%' OR name LIKE 'Huyện%'")).toBe(
      0,
    );
    const merged = await env.DB.prepare(
      `SELECT old.name AS name, old.valid_to AS validTo, new.name AS intoName
       FROM units old JOIN units new ON new.id = old.merged_into_id ORDER BY old.name`,
    ).all<{ name: string; validTo: string; intoName: string }>();
    expect(merged.results).toEqual([
      { name: 'Ban Dân vận Thành ủy', validTo: '2025-03-01', intoName: 'Ban Tuyên giáo và Dân vận Thành ủy' },
      {
        name: 'Ban Tuyên giáo Thành ủy',
        validTo: '2025-03-01',
        intoName: 'Ban Tuyên giáo và Dân vận Thành ủy',
      },
    ]);
    // Every unit hangs under the one root.
    expect(await count('SELECT count(*) AS n FROM units WHERE parent_id IS NULL')).toBe(1);
  }, 30_000);

  it('publishes the demo forms (survey, feedback, and the two case templates) and stores ~40 responses over units and days', async () => {
    expect(
      await count(
        "SELECT count(*) AS n FROM forms WHERE status = 'published' AND current_version_id IS NOT NULL AND kind <> 'report'",
      ),
    ).toBe(4);
    // Demo cases in various states, one of them overdue (worker/seed/cases.ts).
    expect(await count('SELECT count(DISTINCT status) AS n FROM cases')).toBeGreaterThanOrEqual(5);
    expect(
      await count('SELECT count(*) AS n FROM cases WHERE overdue_since IS NOT NULL'),
    ).toBeGreaterThanOrEqual(1);
    const responses = await count('SELECT count(*) AS n FROM responses');
    expect(responses).toBeGreaterThanOrEqual(40);
    expect(await count('SELECT count(DISTINCT unit_id) AS n FROM responses')).toBeGreaterThan(5);
    expect(await count('SELECT count(DISTINCT day) AS n FROM responses')).toBeGreaterThan(7);
    // The rollups were maintained by the pipeline, not by the seed.
    expect(await count('SELECT coalesce(sum(n), 0) AS n FROM response_counts')).toBe(responses);
  });

  it('is idempotent: a second run creates nothing', async () => {
    const before = {
      units: await count('SELECT count(*) AS n FROM units'),
      people: await count('SELECT count(*) AS n FROM people'),
      users: await count('SELECT count(*) AS n FROM users'),
      forms: await count('SELECT count(*) AS n FROM forms'),
      versions: await count('SELECT count(*) AS n FROM form_versions'),
      responses: await count('SELECT count(*) AS n FROM responses'),
    };
    const report = await seedDemo(env);
    expect(report.created).toEqual({ units: 0, merges: 0, people: 0, accounts: 0, forms: 0, responses: 0 });
    expect(report.existing.units).toBe(before.units);
    expect({
      units: await count('SELECT count(*) AS n FROM units'),
      people: await count('SELECT count(*) AS n FROM people'),
      users: await count('SELECT count(*) AS n FROM users'),
      forms: await count('SELECT count(*) AS n FROM forms'),
      versions: await count('SELECT count(*) AS n FROM form_versions'),
      responses: await count('SELECT count(*) AS n FROM responses'),
    }).toEqual(before);
  });
});

describe('demo accounts', () => {
  it('log in with the shared demo password and hold their role', async () => {
    for (const a of DEMO_ACCOUNTS) {
      const res = await call('/api/auth/login', {
        method: 'POST',
        json: { email: a.email, password: DEMO_PASSWORD },
      });
      expect(res.status, a.email).toBe(200);
      const body = (await res.json()) as { grants: { role: string }[]; mfaRequired: boolean };
      expect(body.mfaRequired).toBe(false);
      expect(body.grants.map((g) => g.role)).toEqual([a.role]);
    }
  });
});

describe('POST /api/dev/seed', () => {
  const dev = { ...env, ENVIRONMENT: 'development', DEV_SEED_TOKEN: 'dev-token-for-test' };
  // The route with the app's error handler, so bindings can differ per request.
  const app = new Hono<AppEnv>().route('/api/dev', devRoutes);
  app.onError(onError);
  const post = (auth: string | undefined, bindings: object) =>
    app.request('/api/dev/seed', { method: 'POST', headers: auth ? { authorization: auth } : {} }, bindings);

  it('answers 404 outside development, even with the right token', async () => {
    const res = await post('Bearer dev-token-for-test', { ...dev, ENVIRONMENT: 'production' });
    expect(res.status).toBe(404);
  });

  it('answers 404 without the token or with a wrong one', async () => {
    expect((await post(undefined, dev)).status).toBe(404);
    expect((await post('Bearer dev-token-for-tesT', dev)).status).toBe(404);
    expect((await post('Bearer dev-token-for-test', { ...dev, DEV_SEED_TOKEN: undefined })).status).toBe(404);
  });

  it('seeds with the token in development and reports the demo logins', async () => {
    const res = await post('Bearer dev-token-for-test', dev);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { password: string; accounts: { role: string }[] };
    expect(body.password.length).toBeGreaterThanOrEqual(8);
    expect(new Set(body.accounts.map((a) => a.role))).toEqual(
      new Set([
        'admin',
        'form_designer',
        'case_intake',
        'case_handler',
        'board_viewer',
        'ward_reporter',
        'counting_board',
      ]),
    );
  });
});
