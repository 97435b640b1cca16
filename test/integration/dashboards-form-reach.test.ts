/**
 * Who reads a form's results (decision 212, issue 15 item 1), through the Worker: the results, the
 * export and the free text of a form refuse a caller whose grant does not reach the form's owner —
 * even when the caller asks only about their own unit — and still serve the owner's designers, the
 * boards above the owner, and a ward's board reading its own part of a form put out above it.
 * (Every role × route, with a form owned beside the grant, is in the authorisation matrix.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { publishForm, submit } from '../unit/dashboards.fixtures';
import { sampleDefinition } from '../unit/forms.fixtures';

type Tree = Awaited<ReturnType<typeof createTree>>;
let tree: Tree;
/** The party committee's (the city's, the root's) report form. */
let cityReport: string;
/** The Front's survey and its feedback channel. */
let frontSurvey: string;
let frontFeedback: string;
const q = 'from=2026-01&to=2026-03';

async function staff(role: 'board_viewer' | 'form_designer' | 'admin', unit: { id: string }) {
  return (await createStaff([{ role, unitId: unit.id }])).cookie;
}

/** The three form routes, for one form and an optional unit filter. */
function routes(formId: string, unitId?: string) {
  const u = unitId ? `&unitId=${unitId}` : '';
  return [
    `/api/dashboards/forms/${formId}/results?${q}${u}`,
    `/api/dashboards/forms/${formId}/results/export?format=csv&${q}${u}`,
    `/api/dashboards/forms/${formId}/text?questionId=y_kien&${q}${u}`,
  ];
}

beforeAll(async () => {
  tree = await createTree();
  const report = await publishForm(tree.city.id, sampleDefinition('Báo cáo của Thành ủy'), 'report');
  const survey = await publishForm(tree.front.id, sampleDefinition('Khảo sát của Mặt trận'));
  const feedback = await publishForm(tree.front.id, sampleDefinition('Góp ý qua Mặt trận'), 'feedback');
  cityReport = report.id;
  frontSurvey = survey.id;
  frontFeedback = feedback.id;
  for (const form of [report, survey, feedback])
    for (const unit of [tree.wardA, tree.wardB, tree.front])
      for (let i = 0; i < 6; i++)
        await submit(form, unit.id, '2026-02-03', { hai_long: 4, y_kien: `ý kiến ${i}` });
});

describe('a form owned outside the grant is refused, whatever unit is asked', () => {
  it("a ward's form designer gets 403 for the Front's forms — its own ward or no filter alike", async () => {
    const designer = await staff('form_designer', tree.wardA);
    for (const form of [frontSurvey, frontFeedback])
      for (const path of [...routes(form), ...routes(form, tree.wardA.id)]) {
        const res = await call(path, { cookie: designer });
        expect(res.status, path).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code, path).toMatch(
          /^(forbidden|case_content)$/,
        );
      }
    // The survey has free text: refused for the form, not for being a case channel.
    const text = await call(routes(frontSurvey, tree.wardA.id)[2]!, { cookie: designer });
    expect(await text.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it("the Front's form designer gets 403 for the party committee's report form", async () => {
    const designer = await staff('form_designer', tree.front);
    for (const path of [...routes(cityReport), ...routes(cityReport, tree.front.id)]) {
      const res = await call(path, { cookie: designer });
      expect(res.status, path).toBe(403);
      expect(await res.json(), path).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it("a ward's administrator and a ward's board beside the owner get 403 too", async () => {
    for (const [cookie, form] of [
      [await staff('admin', tree.wardA), cityReport],
      [await staff('board_viewer', tree.wardA), frontSurvey],
    ] as const)
      for (const path of routes(form, tree.wardA.id)) {
        const res = await call(path, { cookie });
        expect(res.status, path).toBe(403);
      }
  });

  it('an unknown form is 404 before any scope question', async () => {
    const viewer = await staff('board_viewer', tree.city);
    const res = await call(routes('01900000-0000-7000-8000-000000000000')[0]!, { cookie: viewer });
    expect(res.status).toBe(404);
  });
});

describe('who reaches a form reads it', () => {
  it("the Front's designer reads the Front's survey (its own subtree's figures)", async () => {
    const designer = await staff('form_designer', tree.front);
    for (const path of routes(frontSurvey))
      expect((await call(path, { cookie: designer })).status, path).toBe(200);
    const body = (await (await call(routes(frontSurvey)[0]!, { cookie: designer })).json()) as {
      unit: { id: string };
      responses: { total: number };
    };
    expect(body.unit.id).toBe(tree.front.id);
    expect(body.responses.total).toBe(6);
  });

  it("the city's board reads the Front's form for any ward of the city", async () => {
    const viewer = await staff('board_viewer', tree.city);
    const res = await call(routes(frontSurvey, tree.wardB.id)[0]!, { cookie: viewer });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { responses: { total: number } }).responses.total).toBe(6);
  });

  it("a ward's board reads its own part of the city's form, and only its own", async () => {
    const viewer = await staff('board_viewer', tree.wardA);
    const res = await call(routes(cityReport)[0]!, { cookie: viewer });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { unit: { id: string }; responses: { byUnit: { unitId: string }[] } };
    expect(body.unit.id).toBe(tree.wardA.id);
    expect(body.responses.byUnit.map((u) => u.unitId)).toEqual([tree.wardA.id]);
    for (const unit of [tree.wardB, tree.front, tree.city])
      expect((await call(routes(cityReport, unit.id)[0]!, { cookie: viewer })).status, unit.name).toBe(403);
  });

  it('a caller with a grant beside the owner and one that reaches it defaults to the one that reaches', async () => {
    const both = (
      await createStaff([
        { role: 'form_designer', unitId: tree.wardA.id },
        { role: 'form_designer', unitId: tree.front.id },
      ])
    ).cookie;
    const res = await call(routes(frontSurvey)[0]!, { cookie: both });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { unit: { id: string } }).unit.id).toBe(tree.front.id);
    // …and cannot use the other grant to read the Front's form in ward A.
    expect((await call(routes(frontSurvey, tree.wardA.id)[0]!, { cookie: both })).status).toBe(403);
  });
});
