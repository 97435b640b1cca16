import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../worker/env';
import { onError } from '../../worker/lib/http';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../worker/seed/accounts';
import { DVK_ACCOUNT, OPEN_CAMPAIGN, PAST_CAMPAIGN, REPORT_FORM } from '../../worker/seed/campaigns';
import { devRoutes } from '../../worker/seed/routes';
import { type SeedReport, seedDemo } from '../../worker/seed/service';
import { DEMO_UNITS } from '../../worker/seed/units';
import { call, createStaff } from '../helpers/fixtures';

/** The first run's report (the file's storage is shared by its tests, in order). */
let first: SeedReport;

const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n;

describe('seedDemo', () => {
  it('builds the demo city: 34 wards and communes, no district, the 2025 board merge', async () => {
    const report = await seedDemo(env);
    first = report;
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

  it('reports every account it created and every public form it published (what npm start prints)', async () => {
    const users = await env.DB.prepare(
      "SELECT email FROM users WHERE email LIKE '%@langnghe.demo' ORDER BY email",
    ).all<{ email: string }>();
    expect(first.accounts.map((a) => a.email).sort()).toEqual(users.results.map((u) => u.email));
    expect(first.accounts.map((a) => a.email)).toContain(DVK_ACCOUNT.email);
    const forms = await env.DB.prepare(
      "SELECT slug FROM forms WHERE current_version_id IS NOT NULL AND kind <> 'report' ORDER BY slug",
    ).all<{ slug: string }>();
    expect(first.forms.map((f) => f.slug).sort()).toEqual(forms.results.map((f) => f.slug));
    expect(first.forms.map((f) => f.path)).toEqual(
      expect.arrayContaining(['/f/phan-anh-can-bo', '/f/don-thu-kien-nghi']),
    );
    // Counts cover what later steps create too: the Ban Dân vận account, case channels, report form.
    expect(first.created.accounts).toBe(first.accounts.length);
    expect(first.created.forms).toBe(first.forms.length + 1);
  });

  it('shows each state the docs describe: campaigns, coverage, per-person summaries, ballot rounds', async () => {
    const root = (await env.DB.prepare('SELECT id FROM units WHERE parent_id IS NULL').first<{
      id: string;
    }>())!;
    const { cookie } = await createStaff([
      { role: 'admin', unitId: root.id },
      { role: 'board_viewer', unitId: root.id },
    ]);
    const get = async <T>(path: string) => {
      const res = await call(path, { cookie });
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    };
    // Campaigns (docs/dan-van-kheo.md, README): the past one shows every state of a report.
    const statuses = async (title: string) => {
      const id = (await env.DB.prepare('SELECT id FROM dvk_campaigns WHERE title = ?')
        .bind(title)
        .first<{ id: string }>())!.id;
      const c = await get<{ completion: { status: string }[] }>(`/api/campaigns/${id}`);
      const n: Record<string, number> = {};
      for (const r of c.completion) n[r.status] = (n[r.status] ?? 0) + 1;
      return n;
    };
    expect(await statuses(PAST_CAMPAIGN)).toEqual({ submitted: 5, late: 2, returned: 1, missing: 26 });
    expect(await statuses(OPEN_CAMPAIGN)).toEqual({ submitted: 6, pending: 28 });
    // Coverage: 30/34 over all years (registry page), 10/34 for 2026 (the board's year).
    type Cov = { effective: { covered: number; total: number } };
    expect((await get<Cov>('/api/models/coverage')).effective).toMatchObject({ covered: 30, total: 34 });
    expect((await get<Cov>('/api/models/coverage?year=2026')).effective).toMatchObject({
      covered: 10,
      total: 34,
    });
    // Per-person summaries: some cadres show their criteria (≥ k per criterion), one shows only its
    // total, one is suppressed altogether.
    type Summary = { suppressed: boolean; responses: number | null; criteria: { n: number }[] };
    const people = await env.DB.prepare(
      "SELECT person_id AS id FROM case_person_counts WHERE question_id = '*'",
    ).all<{ id: string }>();
    const summaries = await Promise.all(
      people.results.map((p) => get<Summary>(`/api/cases/people/${p.id}/summary`)),
    );
    const withCriteria = summaries.filter((s) => s.criteria.length > 0);
    expect(withCriteria.length).toBeGreaterThanOrEqual(2);
    for (const s of withCriteria) {
      expect(s.criteria).toHaveLength(5);
      for (const c of s.criteria) expect(c.n).toBeGreaterThanOrEqual(5);
    }
    expect(summaries.some((s) => !s.suppressed && s.criteria.length === 0)).toBe(true);
    expect(summaries.some((s) => s.suppressed && s.responses === null && s.criteria.length === 0)).toBe(true);
    // Ban Tổ chức (docs/dashboards.md): one round published, one ready to run.
    const phases = await env.DB.prepare('SELECT phase FROM ballot_rounds ORDER BY phase').all<{
      phase: string;
    }>();
    expect(phases.results.map((r) => r.phase)).toEqual(['published', 'setup']);
  });

  it('the campaigns report form reads in English throughout', () => {
    const missing: string[] = [];
    const walk = (x: unknown, at: string) => {
      if (!x || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if (typeof o.vi === 'string' && !(typeof o.en === 'string' && o.en.trim())) missing.push(at);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
    };
    walk(REPORT_FORM, 'form');
    expect(missing).toEqual([]);
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
    for (const a of [...DEMO_ACCOUNTS, DVK_ACCOUNT]) {
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
