/**
 * Demo data for local development (`npm start`) and the browser tests: the city's organisation
 * tree, people, one account per role (and the Ban Dân vận account), four public forms (survey,
 * feedback, and the two case channels) with their responses and cases, the "Dân vận khéo" registry
 * and campaigns, the dashboards' responses and two confidence-vote rounds. Everything goes
 * through the owning modules' services, exactly as an administrator, a form designer and citizens
 * would create it; this file only decides what exists and skips it (idempotent by unit code,
 * person reference, account email, form slug, and deterministic idempotency keys).
 */
import { createUser, grantRole } from '../accounts/users';
import { passwordIterations } from '../auth/login';
import type { Grant, StaffSession } from '../auth/service';
import { ROLES } from '../db/schema';
import type { Env } from '../env';
import { createForm, publishForm } from '../forms/service';
import { AppError } from '../lib/errors';
import { createPerson } from '../org/people';
import { createUnit, mergeUnit } from '../org/service';
import { submitResponse } from '../responses/service';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts';
import { seedBallots } from './ballots';
import { DVK_ACCOUNT, REPORT_SLUG, seedDanVanKheo } from './campaigns';
import { CASE_FORMS, seedCases } from './cases';
import { seedDashboards } from './dashboards';
import { DEMO_FORMS } from './forms';
import { DEMO_PEOPLE } from './people';
import {
  existingResponseKeys,
  formBySlug,
  peopleByRef,
  publishedSlugs,
  unitsByCode,
  usersByEmail,
} from './queries';
import { demoResponses } from './responses';
import { DEMO_UNITS, FRONT, ROOT } from './units';

/** What a seeding run did. Counts are of things created now; `existing` were already there. */
export interface SeedReport {
  created: {
    units: number;
    merges: number;
    people: number;
    accounts: number;
    forms: number;
    responses: number;
  };
  existing: { units: number; people: number; accounts: number; forms: number; responses: number };
  /** Steps not run because the module they go through is not available. */
  skipped: string[];
  password: string;
  accounts: { email: string; role: string; unit: string; purpose: string }[];
  forms: { slug: string; title: string; path: string }[];
}

/** Id of the seed as an actor in the audit log (it is not an account). */
const SEED_ACTOR = 'system:seed';

/**
 * The seed acts as a system actor holding every role on the whole tree. Before the root exists it
 * holds them on a placeholder root path, which is what the org service asks of whoever creates a
 * root unit.
 */
function systemStaff(rootId: string | null, rootPath: string | null, userId = SEED_ACTOR): StaffSession {
  const unitPath = rootPath ?? '/seed-bootstrap/';
  const grants: Grant[] = ROLES.map((role) => ({
    role,
    unitId: rootId ?? 'seed-bootstrap',
    unitPath,
    unitName: 'seed',
  }));
  return { userId, email: 'seed@localhost', name: 'Demo seed', sessionId: 'seed', grants };
}

/**
 * Seeds the demo data; safe to run any number of times.
 * @example const report = await seedDemo(env) // report.created.units === 0 on the second run
 */
export async function seedDemo(env: Env): Promise<SeedReport> {
  const d1 = env.DB;
  const report: SeedReport = {
    created: { units: 0, merges: 0, people: 0, accounts: 0, forms: 0, responses: 0 },
    existing: { units: 0, people: 0, accounts: 0, forms: 0, responses: 0 },
    skipped: [],
    password: DEMO_PASSWORD,
    // Every login and every public form the seed creates, from the same lists the steps below
    // seed from (the report form is not listed: report forms are never public).
    accounts: [...DEMO_ACCOUNTS, DVK_ACCOUNT].map((a) => ({
      email: a.email,
      role: a.role,
      unit: DEMO_UNITS.find((u) => u.code === a.unit)?.name ?? a.unit,
      purpose: a.purpose,
    })),
    forms: [...DEMO_FORMS, ...CASE_FORMS].map((f) => ({
      slug: f.slug,
      title: f.definition.title.vi,
      path: `/f/${f.slug}`,
    })),
  };

  // Accounts and forms are counted over everything the report lists (the Ban Dân vận account and
  // the case channels are created by later steps), plus the campaigns' report form.
  const emails = report.accounts.map((a) => a.email);
  const slugs = [...report.forms.map((f) => f.slug), REPORT_SLUG];
  const before = {
    accounts: (await usersByEmail(d1, emails)).size,
    forms: (await publishedSlugs(d1, slugs)).size,
  };
  report.existing.accounts = before.accounts;
  report.existing.forms = before.forms;

  const units = await seedUnits(d1, report);
  const root = units.get(ROOT)!;
  const unitId = (code: string) => {
    const u = units.get(code);
    if (!u) throw new Error(`seed: unknown unit code ${code}`);
    return u.id;
  };
  const admin = systemStaff(root.id, root.path);

  const people = await seedPeople(d1, admin, unitId, report);
  const accounts = await seedAccounts(env, admin, unitId);
  // Forms are created by the demo form designer (created_by is a real account).
  const front = units.get(FRONT)!;
  const designer: StaffSession = {
    ...systemStaff(root.id, root.path, accounts.get('form_designer')!),
    grants: [{ role: 'form_designer', unitId: front.id, unitPath: front.path, unitName: 'MTTQ' }],
  };
  await seedForms(d1, designer, unitId);
  await seedResponses(env, unitId, people, report);
  await seedCases(env, { admin, designer, unitId, accounts, frontCode: FRONT, rootCode: ROOT });
  await seedDashboards(env, {
    unitId,
    people,
    intakeId: accounts.get('case_intake') ?? null,
    handlerId: accounts.get('case_handler') ?? null,
    bodyUnitId: unitId('tp.ubnd'),
  });
  await seedDanVanKheo(
    env,
    admin,
    root,
    (c) => units.get(c)!,
    passwordIterations(env.PBKDF2_ITERATIONS),
    DEMO_PASSWORD,
  );
  await seedBallots(env, accounts.get('counting_board')!, units.get('tp.hdnd')!);
  report.created.accounts = (await usersByEmail(d1, emails)).size - before.accounts;
  report.created.forms = (await publishedSlugs(d1, slugs)).size - before.forms;
  return report;
}

/** Units in list order (parents first), then the 2025 board merge. Returns code → unit. */
async function seedUnits(d1: D1Database, report: SeedReport) {
  const units = await unitsByCode(
    d1,
    DEMO_UNITS.map((u) => u.code),
  );
  report.existing.units = units.size;
  for (const u of DEMO_UNITS) {
    if (units.has(u.code)) continue;
    const root = units.get(ROOT);
    const staff = systemStaff(root?.id ?? null, root?.path ?? null);
    const created = await createUnit(d1, staff, {
      code: u.code,
      name: u.name,
      nameEn: u.nameEn ?? null,
      kind: u.kind,
      parentId: u.parent ? units.get(u.parent)!.id : null,
      validFrom: u.validFrom ?? null,
    });
    units.set(u.code, { id: created.id, path: created.path, mergedIntoId: null });
    report.created.units++;
  }
  const root = units.get(ROOT)!;
  for (const u of DEMO_UNITS) {
    const unit = units.get(u.code)!;
    if (!u.mergedInto || unit.mergedIntoId) continue;
    const into = units.get(u.mergedInto)!;
    await mergeUnit(d1, systemStaff(root.id, root.path), unit.id, { intoId: into.id, date: u.mergedOn! });
    unit.mergedIntoId = into.id;
    report.created.merges++;
  }
  return units;
}

/** People with their positions, by external reference. Returns ref → person id in list order. */
async function seedPeople(
  d1: D1Database,
  staff: StaffSession,
  unitId: (code: string) => string,
  report: SeedReport,
) {
  const people = await peopleByRef(
    d1,
    DEMO_PEOPLE.map((p) => p.ref),
  );
  report.existing.people = people.size;
  for (const p of DEMO_PEOPLE) {
    if (people.has(p.ref)) continue;
    const created = await createPerson(d1, staff, {
      fullName: p.fullName,
      birthYear: p.birthYear,
      partyMember: p.partyMember,
      externalRef: p.ref,
      positions: p.positions.map((pos) => ({
        unitId: unitId(pos.unit),
        title: pos.title,
        titleEn: pos.titleEn ?? null,
        validFrom: pos.validFrom ?? null,
      })),
    });
    people.set(p.ref, created.id);
    report.created.people++;
  }
  return DEMO_PEOPLE.map((p) => people.get(p.ref)!);
}

/**
 * One account per role, through the auth module's account services. An account that exists is
 * not touched, except that its demo grant is re-attempted (a run interrupted between the two
 * calls must not leave a login without its role). Returns role → user id.
 */
async function seedAccounts(env: Env, admin: StaffSession, unitId: (code: string) => string) {
  const emails = DEMO_ACCOUNTS.map((a) => a.email);
  const existing = await usersByEmail(env.DB, emails);
  const iterations = passwordIterations(env.PBKDF2_ITERATIONS);
  for (const a of DEMO_ACCOUNTS) {
    let id = existing.get(a.email);
    if (!id)
      id = (
        await createUser(env.DB, admin, { email: a.email, name: a.name, password: DEMO_PASSWORD }, iterations)
      ).id;
    try {
      await grantRole(env.DB, admin, id, { role: a.role, unitId: unitId(a.unit) });
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'grant_exists')) throw e;
    }
  }
  const ids = await usersByEmail(env.DB, emails);
  return new Map(DEMO_ACCOUNTS.map((a) => [a.role, ids.get(a.email)!]));
}

/**
 * Submits the demo responses through the public submission pipeline, dated over the last four
 * weeks (`now` moved back) so dashboards have a time series. Keys already stored are skipped
 * before submitting, so a re-run neither writes nor spends rate-limit tokens.
 */
async function seedResponses(
  env: Env,
  unitId: (code: string) => string,
  people: string[],
  report: SeedReport,
) {
  const all = demoResponses(unitId, people);
  const now = Date.now();
  for (const f of DEMO_FORMS) {
    const form = await formBySlug(env.DB, f.slug);
    if (!form) continue;
    const mine = all.filter((r) => r.slug === f.slug);
    const stored = await existingResponseKeys(
      env.DB,
      form.id,
      mine.map((r) => r.idempotencyKey),
    );
    report.existing.responses += stored.size;
    for (const r of mine) {
      if (stored.has(r.idempotencyKey)) continue;
      // Back-dated by whole days (minutes apart within a form, so the order is stable). The demo
      // versions are published today: the earlier dates are only for the dashboards' time series.
      const at = now - r.daysAgo * 86_400_000 - (mine.indexOf(r) % 60) * 60_000;
      const res = await submitResponse(
        env,
        f.slug,
        { answers: r.answers, lang: 'vi', idempotencyKey: r.idempotencyKey },
        at,
      );
      if (!res.replayed) report.created.responses++;
    }
  }
}

/** Creates and publishes each demo form that does not exist yet (and publishes a left-over draft). */
async function seedForms(d1: D1Database, staff: StaffSession, unitId: (code: string) => string) {
  for (const f of DEMO_FORMS) {
    const form = await formBySlug(d1, f.slug);
    if (form?.currentVersionId) continue;
    const id =
      form?.id ??
      (
        await createForm(d1, staff, {
          ownerUnitId: unitId(f.owner),
          kind: f.kind,
          slug: f.slug,
          definition: f.definition,
        })
      ).id;
    await publishForm(d1, staff, id);
  }
}
