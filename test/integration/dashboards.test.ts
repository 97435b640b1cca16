/**
 * Dashboards through the Worker: a ward's board viewer sees only its ward — in the JSON, the
 * exports (CSV, XLSX, PDF) and the free text — and the Front view totals match the rollups.
 */
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { publishForm, submit } from '../unit/dashboards.fixtures';

type Tree = Awaited<ReturnType<typeof createTree>>;
let tree: Tree;
let formId: string;
let viewerA: string;
let cityViewer: string;

beforeAll(async () => {
  tree = await createTree();
  const form = await publishForm(tree.city.id);
  formId = form.id;
  for (let i = 0; i < 6; i++)
    await submit(form, tree.wardA.id, '2026-02-03', { hai_long: 5, y_kien: `Phường A ý kiến ${i}` });
  for (let i = 0; i < 9; i++)
    await submit(form, tree.wardB.id, '2026-02-04', { hai_long: 1, y_kien: `Phường B bí mật ${i}` });
  viewerA = (await createStaff([{ role: 'board_viewer', unitId: tree.wardA.id }])).cookie;
  cityViewer = (await createStaff([{ role: 'board_viewer', unitId: tree.city.id }])).cookie;
});

const q = '?from=2026-01&to=2026-03';

describe('scope', () => {
  it("defaults to the viewer's ward and never shows the other ward", async () => {
    const res = await call(`/api/dashboards/forms/${formId}/results${q}`, { cookie: viewerA });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      unit: { id: string };
      responses: { total: number; byUnit: { unitId: string }[] };
    };
    expect(body.unit.id).toBe(tree.wardA.id);
    expect(body.responses.total).toBe(6);
    expect(body.responses.byUnit.map((u) => u.unitId)).toEqual([tree.wardA.id]);
    const other = await call(`/api/dashboards/forms/${formId}/results${q}&unitId=${tree.wardB.id}`, {
      cookie: viewerA,
    });
    expect(other.status).toBe(403);
  });

  it('exports of a ward viewer hold only their ward (CSV, XLSX) and other wards are refused', async () => {
    const csv = await (
      await call(`/api/dashboards/forms/${formId}/results/export${q}&format=csv`, { cookie: viewerA })
    ).text();
    expect(csv).toContain('Phường Bến Nghé');
    expect(csv).not.toContain('Phường Đa Kao');
    const xlsx = await call(`/api/dashboards/boards/front/export${q}&format=xlsx`, { cookie: viewerA });
    const book = XLSX.read(new Uint8Array(await xlsx.arrayBuffer()), { type: 'array' });
    // Every sheet (an information sheet, then one per section: issue 12), the by-unit one included.
    const text = JSON.stringify(
      book.SheetNames.map((n) => XLSX.utils.sheet_to_json(book.Sheets[n]!, { header: 1 })),
    );
    expect(book.SheetNames).toContain('Theo đơn vị');
    expect(text).toContain('Phường Bến Nghé');
    expect(text).not.toContain('Phường Đa Kao');
    for (const format of ['csv', 'xlsx', 'pdf']) {
      const r = await call(
        `/api/dashboards/boards/front/export${q}&format=${format}&unitId=${tree.wardB.id}`,
        {
          cookie: viewerA,
        },
      );
      expect(r.status).toBe(403);
    }
  });

  it('free text stays within the ward', async () => {
    const body = (await (
      await call(`/api/dashboards/forms/${formId}/text${q}&questionId=y_kien`, { cookie: viewerA })
    ).json()) as { answers: { text: string }[] };
    expect(body.answers).toHaveLength(6);
    expect(body.answers.every((a) => a.text.startsWith('Phường A'))).toBe(true);
    const found = (await (
      await call(`/api/dashboards/forms/${formId}/text${q}&questionId=y_kien&q=bi mat`, {
        cookie: cityViewer,
      })
    ).json()) as { answers: { text: string }[] };
    expect(found.answers).toHaveLength(9); // diacritic-insensitive search
  });

  it('the PDF is a one-page-per-view printable document', async () => {
    const r = await call(`/api/dashboards/boards/front/export${q}&format=pdf`, { cookie: cityViewer });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  });
});

describe('front board', () => {
  it('city totals: volume by unit, by channel; every view is available', async () => {
    const body = (await (await call(`/api/dashboards/boards/front${q}`, { cookie: cityViewer })).json()) as {
      sections: { id: string; rows: (string | number | null)[][] }[];
    };
    const byUnit = body.sections.find((s) => s.id === 'by-unit')!;
    expect(byUnit.rows).toEqual([
      ['Phường Đa Kao', 9],
      ['Phường Bến Nghé', 6],
    ]);
    const views = (await (await call('/api/dashboards/views', { cookie: cityViewer })).json()) as {
      views: { view: string; available: boolean }[];
    };
    expect(views.views.find((v) => v.view === 'front')?.available).toBe(true);
    expect(views.views.every((v) => v.available)).toBe(true);
    // No published round in this tree: the Organisation Board's view opens with an empty rounds
    // table and no per-round chart (one chart per published round since issue 12).
    const org = await call(`/api/dashboards/boards/organisation${q}`, { cookie: cityViewer });
    expect(org.status).toBe(200);
    const body2 = (await org.json()) as { sections: { id: string; rows: unknown[] }[] };
    expect(body2.sections.find((s) => s.id === 'rounds')!.rows).toEqual([]);
    expect(body2.sections.filter((s) => s.id.startsWith('candidates'))).toEqual([]);
  });

  it('an invalid period is a 400, not a 500', async () => {
    const r = await call('/api/dashboards/boards/front?from=2026-05&to=2026-01', { cookie: cityViewer });
    expect(r.status).toBe(400);
    const r2 = await call('/api/dashboards/boards/front?from=2026-13', { cookie: cityViewer });
    expect(r2.status).toBe(400);
  });
});
