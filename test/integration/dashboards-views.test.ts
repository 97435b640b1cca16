/**
 * The four board views built on other modules (issue 7, part 2), against the demo seed: the city's
 * board viewer opens every view populated (figures at or above k, nothing in (0, k)), a ward's
 * viewer sees only its ward, and the figures agree with a recount of the raw case rows.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPEN_CAMPAIGN, PAST_CAMPAIGN } from '../../worker/seed/campaigns';
import { seedDemo } from '../../worker/seed/service';
import { call, createStaff } from '../helpers/fixtures';

interface Report {
  sections: { id: string; rows: (string | number | null)[][]; hidden: number }[];
}
let city: string;
let ward: { id: string; name: string; cookie: string };

beforeAll(async () => {
  await seedDemo(env);
  const root = await env.DB.prepare('SELECT id FROM units WHERE parent_id IS NULL').first<{ id: string }>();
  city = (await createStaff([{ role: 'board_viewer', unitId: root!.id }])).cookie;
  const w = await env.DB.prepare(
    `SELECT u.id, u.name FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.kind = 'petition' LIMIT 1`,
  ).first<{ id: string; name: string }>();
  ward = { ...w!, cookie: (await createStaff([{ role: 'board_viewer', unitId: w!.id }])).cookie };
}, 120_000);

const numbers = (r: Report, id: string) =>
  r.sections
    .find((s) => s.id === id)!
    .rows.flatMap((row) => row.slice(1))
    .filter((x): x is number => typeof x === 'number');

async function board(view: string, cookie: string, unitId?: string) {
  const res = await call(`/api/dashboards/boards/${view}${unitId ? `?unitId=${unitId}` : ''}`, { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

describe('demo boards', () => {
  it('every view is available and opens populated for the city', async () => {
    const views = (await (await call('/api/dashboards/views', { cookie: city })).json()) as {
      views: { view: string; available: boolean }[];
    };
    expect(views.views.map((v) => [v.view, v.available])).toEqual([
      ['front', true],
      ['inspection', true],
      ['organisation', true],
      ['mass_mobilisation', true],
      ['peoples_committee', true],
    ]);
    const inspection = await board('inspection', city);
    expect(numbers(inspection, 'about-members-by-month').some((n) => n >= 5)).toBe(true);
    const people = inspection.sections.find((s) => s.id === 'people')!;
    expect(people.rows.length).toBeGreaterThanOrEqual(3);
    expect(people.rows.every((r) => Number(r[1]) >= 5)).toBe(true);

    const ubnd = await board('peoples_committee', city);
    expect(numbers(ubnd, 'petitions-by-month').some((n) => n >= 5)).toBe(true);
    const deadlines = ubnd.sections.find((s) => s.id === 'deadlines')!;
    const petitionRow = deadlines.rows.find((r) => r[0] === 'Kiến nghị')!;
    expect(Number(petitionRow[1])).toBeGreaterThanOrEqual(5); // answered on time
    // Letters only (feedback on cadres is the inspection view's), and no prescreening count.
    expect(deadlines.rows.map((r) => r[0])).toEqual(['Khiếu nại', 'Tố cáo', 'Kiến nghị']);
    const backlog = ubnd.sections.find((s) => s.id === 'backlog')!;
    expect(backlog.rows.map((r) => r[0])).not.toContain('Đang sàng lọc');
    const prescreening = await env.DB.prepare(
      "SELECT count(*) AS n FROM cases WHERE status = 'prescreening'",
    ).first<{ n: number }>();
    expect(prescreening!.n).toBeGreaterThan(0); // the demo has some: the check above can fail

    const dv = await board('mass_mobilisation', city);
    const cov = dv.sections.find((s) => s.id === 'coverage')!;
    expect(cov.rows[0]![2]).toBe(34);
    expect(numbers(dv, 'feedback-by-month').some((n) => n >= 5)).toBe(true);

    const front = await board('front', city);
    expect(numbers(front, 'by-unit').some((n) => n >= 5)).toBe(true);
    await board('organisation', city);
  });

  it('no published figure lies in (0, k) in any view', async () => {
    for (const view of ['inspection', 'peoples_committee', 'mass_mobilisation', 'front']) {
      const r = await board(view, city);
      for (const s of r.sections) {
        if (['coverage', 'models-by-field', 'campaigns'].includes(s.id)) continue; // not about people
        for (const row of s.rows)
          for (const x of row.slice(1)) if (typeof x === 'number') expect(x === 0 || x >= 5).toBe(true);
      }
    }
  });

  it('UBND petitions by unit equal a recount of the raw cases (all cells ≥ k here)', async () => {
    const r = await board('peoples_committee', city);
    const byUnit = r.sections.find((s) => s.id === 'petitions-by-unit')!;
    const { results } = await env.DB.prepare(
      `SELECT u.name, count(*) AS n FROM cases c JOIN units u ON u.id = c.unit_id
        WHERE c.kind IN ('complaint','denunciation','petition') AND c.received_day >= ? GROUP BY u.name`,
    )
      .bind(`${new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4)}-01-01`)
      .all<{ name: string; n: number }>();
    const raw = new Map(results.map((x) => [x.name, x.n]));
    for (const [name, n] of byUnit.rows) {
      if (n === null) continue;
      expect(Number(n)).toBeLessThanOrEqual(raw.get(String(name)) ?? 0);
    }
    const shown = byUnit.rows.filter((x) => x[1] !== null && Number(x[1]) >= 5);
    expect(shown.length).toBeGreaterThanOrEqual(2);
  });

  it("a ward's viewer sees only its ward, and other wards are refused", async () => {
    const r = await board('peoples_committee', ward.cookie);
    const byUnit = r.sections.find((s) => s.id === 'petitions-by-unit')!;
    expect(byUnit.rows.map((x) => x[0])).toEqual([ward.name]);
    const root = await env.DB.prepare('SELECT id FROM units WHERE parent_id IS NULL').first<{ id: string }>();
    const res = await call(`/api/dashboards/boards/inspection?unitId=${root!.id}`, { cookie: ward.cookie });
    expect(res.status).toBe(403);
    const csv = await call('/api/dashboards/boards/mass_mobilisation/export?format=csv', {
      cookie: ward.cookie,
    });
    expect(csv.status).toBe(200);
  });

  it('Ban Dân vận: a campaign falling due in the period is listed; overdue and not-yet-due are apart', async () => {
    const rows = await env.DB.prepare(
      'SELECT title, due_date AS due FROM dvk_campaigns WHERE title IN (?, ?)',
    )
      .bind(PAST_CAMPAIGN, OPEN_CAMPAIGN)
      .all<{ title: string; due: string }>();
    const due = Object.fromEntries(rows.results.map((r) => [r.title, r.due]));
    // The months of the two due dates (the half-year report is due months after its period ends).
    const from = [due[PAST_CAMPAIGN]!, due[OPEN_CAMPAIGN]!].sort()[0]!.slice(0, 7);
    const to = [due[PAST_CAMPAIGN]!, due[OPEN_CAMPAIGN]!].sort()[1]!.slice(0, 7);
    const res = await call(`/api/dashboards/boards/mass_mobilisation?from=${from}&to=${to}`, {
      cookie: city,
    });
    expect(res.status).toBe(200);
    const table = ((await res.json()) as Report).sections.find((s) => s.id === 'campaigns')!;
    const row = (title: string) =>
      table.rows
        .find((r) => r[0] === title)!
        .slice(1)
        .map(Number);
    const [assigned, onTime, late, returned, overdue, notYetDue] = row(PAST_CAMPAIGN);
    expect([onTime, late, returned]).toEqual([5, 2, 1]);
    expect(overdue).toBeGreaterThan(0);
    expect(notYetDue).toBe(0);
    expect(assigned).toBe(onTime! + late! + returned! + overdue! + notYetDue!);
    const open = row(OPEN_CAMPAIGN);
    expect(open[4]).toBe(0); // nothing overdue before the due day
    expect(open[5]).toBeGreaterThan(0);
    expect(open[0]).toBe(open.slice(1).reduce((a, b) => a + b, 0));
  });

  it("an admin's view list limits the views below the unit; set again, it is replaced", async () => {
    const admin = (await createStaff([{ role: 'admin', unitId: ward.id }])).cookie;
    const listed = async () =>
      (
        (await (await call(`/api/dashboards/views?unitId=${ward.id}`, { cookie: ward.cookie })).json()) as {
          views: { view: string }[];
        }
      ).views.map((v) => v.view);
    const configure = (views: string[]) =>
      call(`/api/dashboards/config/${ward.id}`, { method: 'PUT', cookie: admin, json: { views } });
    expect((await configure(['front', 'inspection'])).status).toBe(200);
    expect(await listed()).toEqual(['front', 'inspection']);
    expect((await configure(['peoples_committee'])).status).toBe(200); // the upsert's update path
    expect(await listed()).toEqual(['peoples_committee']);
    const all = ['front', 'inspection', 'organisation', 'mass_mobilisation', 'peoples_committee'];
    expect((await configure(all)).status).toBe(200);
    expect(await listed()).toEqual(all);
  });
});
