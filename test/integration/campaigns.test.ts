/**
 * Reporting campaigns through the Worker: assignment over a subtree (with a ward merged mid-year),
 * due-date lateness, drafts, submission with a new model and progress on an existing one, return
 * for correction and resubmission, completion and the owing list (JSON, CSV, XLSX).
 */
import { env } from 'cloudflare:workers';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignDigest } from '../../worker/campaigns/export';
import { mergeUnit } from '../../worker/org/service';
import { DAILY_CRON, runScheduled } from '../../worker/scheduled';
import { bodyForMessage, call, createStaff, createTree, createUnit } from '../helpers/fixtures';
import { reportForm, session } from '../unit/campaigns.fixtures';

type Tree = Awaited<ReturnType<typeof createTree>>;
let tree: Tree;
let manager: { cookie: string; userId: string };
let formId: string;
let wardC: { id: string; path: string; name: string };
let wardD: { id: string; path: string; name: string };

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const shift = (days: number) =>
  new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  tree = await createTree();
  manager = await createStaff([{ role: 'form_designer', unitId: tree.city.id }]);
  formId = await reportForm(tree.city, manager.userId);
  wardC = await createUnit('Phường Cầu Kho', { parent: tree.city, kind: 'ward' });
  wardD = await createUnit('Xã Đông Thạnh', { parent: tree.city, kind: 'commune' });
});

async function openCampaign(dueDate: string, unitId = tree.city.id, title = 'Báo cáo 6 tháng 2026') {
  const res = await call('/api/campaigns', {
    method: 'POST',
    cookie: manager.cookie,
    json: { title, formId, unitId, periodStart: shift(-180), periodEnd: shift(-1), dueDate },
  });
  expect(res.status, await bodyForMessage(res.clone())).toBe(201);
  return ((await res.json()) as { campaign: { id: string } }).campaign.id;
}

async function completion(id: string) {
  const res = await call(`/api/campaigns/${id}`, { cookie: manager.cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    completion: {
      unitId: string;
      unitName: string;
      status: string;
      inheritedFrom: string[];
      hasDraft: boolean;
    }[];
    counts: {
      assigned: number;
      submitted: number;
      late: number;
      returned: number;
      missing: number;
      pending: number;
    };
  };
}

const reporterOf = (unit: { id: string }) => createStaff([{ role: 'ward_reporter', unitId: unit.id }]);

describe('campaign assignment', () => {
  it('assigns every ward and commune of the subtree, nothing else', async () => {
    const id = await openCampaign(shift(10));
    const c = await completion(id);
    const ids = c.completion.map((r) => r.unitId).sort();
    expect(ids).toEqual([tree.wardA.id, tree.wardB.id, wardC.id, wardD.id].sort());
    expect(c.counts).toMatchObject({ assigned: 4, pending: 4, submitted: 0 });
  });

  it('a chosen subtree gets only its units', async () => {
    const inner = await createUnit('Phường Con', { parent: tree.front, kind: 'ward' });
    const id = await openCampaign(shift(10), tree.front.id);
    expect((await completion(id)).completion.map((r) => r.unitId)).toEqual([inner.id]);
  });

  it('a ward merged mid-year: its successor owes one report, and a merge before opening assigns the successor only', async () => {
    const a = await createUnit('Phường Sáp Nhập Một', { parent: tree.board, kind: 'ward' });
    const b = await createUnit('Phường Sáp Nhập Hai', { parent: tree.board, kind: 'ward' });
    const id = await openCampaign(shift(30), tree.board.id, 'Đợt trước sáp nhập');
    const admin = session(manager.userId, 'admin', tree.city);
    await mergeUnit(env.DB, admin, a.id, { intoId: b.id, date: today() });
    const c = await completion(id);
    expect(c.completion).toHaveLength(1);
    expect(c.completion[0]).toMatchObject({ unitId: b.id, inheritedFrom: ['Phường Sáp Nhập Một'] });
    // The successor's reporter sees it and can file it.
    const rep = await reporterOf(b);
    const todo = (await (await call('/api/campaigns/todo', { cookie: rep.cookie })).json()) as {
      items: { campaign: { id: string } }[];
    };
    expect(todo.items.map((i) => i.campaign.id)).toContain(id);
    // The merged ward's own reporter no longer owes it.
    const old = await reporterOf(a);
    const res = await call(`/api/campaigns/${id}/reports/${a.id}`, {
      method: 'PUT',
      cookie: old.cookie,
      json: { answers: {} },
    });
    expect(res.status).toBe(404);
    // Opened after the merge: only the successor is assigned.
    const after = await openCampaign(shift(30), tree.board.id, 'Đợt sau sáp nhập');
    expect((await completion(after)).completion.map((r) => r.unitId)).toEqual([b.id]);
  });
});

describe('report flow', () => {
  it('draft → submit with a new model and progress → returned → resubmitted; lateness and the owing list', async () => {
    const id = await openCampaign(shift(5));
    const rep = await reporterOf(tree.wardA);
    const base = `/api/campaigns/${id}/reports/${tree.wardA.id}`;

    // Draft: incomplete answers are fine.
    let res = await call(base, { method: 'PUT', cookie: rep.cookie, json: { answers: { so_buoi: 3 } } });
    expect(res.status, await bodyForMessage(res.clone())).toBe(200);
    let c = await completion(id);
    expect(c.completion.find((r) => r.unitId === tree.wardA.id)).toMatchObject({
      status: 'pending',
      hasDraft: true,
    });

    // Submitting without the required answer: 400 with the field path.
    res = await call(`${base}/submit`, {
      method: 'POST',
      cookie: rep.cookie,
      json: { answers: { so_buoi: 3 } },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: { path: string }[] } }).error.fields[0]!.path).toBe(
      'answers.tong_quan',
    );

    // An existing model of the ward, to report progress on.
    const existing = await call('/api/models', {
      method: 'POST',
      cookie: manager.cookie,
      json: { unitId: tree.wardA.id, name: 'Tổ tự quản môi trường', field: 'culture_society', year: 2025 },
    });
    const existingId = ((await existing.json()) as { model: { id: string } }).model.id;

    const body = {
      answers: { tong_quan: 'Hoàn thành các chỉ tiêu', so_buoi: 4 },
      models: {
        new: [
          {
            name: 'Bữa cơm nghĩa tình',
            field: 'culture_society',
            year: 2026,
            peopleMobilised: 120,
            moneyVnd: 15_000_000,
          },
        ],
        progress: [{ modelId: existingId, note: 'Mở rộng sang khu phố 3' }],
      },
    };
    res = await call(`${base}/submit`, { method: 'POST', cookie: rep.cookie, json: body });
    expect(res.status, await bodyForMessage(res.clone())).toBe(200);
    const sub = (await res.json()) as { late: boolean; modelIds: string[] };
    expect(sub.late).toBe(false);
    expect(sub.modelIds).toHaveLength(1);
    const model = (await (
      await call(`/api/models/${sub.modelIds[0]}`, { cookie: manager.cookie })
    ).json()) as {
      model: { name: string; status: string; sourceReportId: string };
    };
    expect(model.model).toMatchObject({ name: 'Bữa cơm nghĩa tình', status: 'registered' });
    const ex = (await (await call(`/api/models/${existingId}`, { cookie: manager.cookie })).json()) as {
      progress: { note: string }[];
    };
    expect(ex.progress.map((p) => p.note)).toEqual(['Mở rộng sang khu phố 3']);
    c = await completion(id);
    expect(c.completion.find((r) => r.unitId === tree.wardA.id)?.status).toBe('submitted');

    // Locked once submitted.
    res = await call(base, { method: 'PUT', cookie: rep.cookie, json: { answers: {} } });
    expect(res.status).toBe(409);

    // Returned for correction with a comment.
    res = await call(`${base}/return`, {
      method: 'POST',
      cookie: manager.cookie,
      json: { comment: 'Bổ sung số hộ tham gia' },
    });
    expect(res.status, await bodyForMessage(res.clone())).toBe(200);
    res = await call(`${base}/return`, {
      method: 'POST',
      cookie: manager.cookie,
      json: { comment: 'lần hai' },
    });
    expect(res.status).toBe(409);
    c = await completion(id);
    expect(c.completion.find((r) => r.unitId === tree.wardA.id)?.status).toBe('returned');
    const owing = (await (await call(`/api/campaigns/${id}/owing`, { cookie: manager.cookie })).json()) as {
      owing: { unitId: string; returnComment: string | null }[];
    };
    expect(owing.owing.find((r) => r.unitId === tree.wardA.id)?.returnComment).toBe('Bổ sung số hộ tham gia');

    // The reporter sees the comment and the saved models (same model id: no duplicate on resubmission).
    const view = (await (await call(base, { cookie: rep.cookie })).json()) as {
      report: { returnComment: string; models: { new: { id: string }[] } };
      events: { action: string }[];
    };
    expect(view.report.returnComment).toBe('Bổ sung số hộ tham gia');
    expect(view.events.map((e) => e.action)).toEqual(['submit', 'return']);
    const again = {
      ...body,
      models: {
        ...body.models,
        new: [{ ...body.models.new[0], id: view.report.models.new[0]!.id, householdsMobilised: 45 }],
      },
    };
    res = await call(`${base}/submit`, { method: 'POST', cookie: rep.cookie, json: again });
    expect(res.status, await bodyForMessage(res.clone())).toBe(200);
    const n = await env.DB.prepare(
      'SELECT count(*) AS n, max(households_mobilised) AS h FROM dvk_models WHERE name = ?',
    )
      .bind('Bữa cơm nghĩa tình')
      .first<{ n: number; h: number }>();
    expect(n).toEqual({ n: 1, h: 45 });
    expect((await completion(id)).completion.find((r) => r.unitId === tree.wardA.id)?.status).toBe(
      'submitted',
    );

    // Owing exports: CSV with BOM and XLSX listing the other units, not ward A.
    const csv = await call(`/api/campaigns/${id}/owing?format=csv`, { cookie: manager.cookie });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM for Excel
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(tree.wardB.name);
    expect(text).not.toContain(tree.wardA.name);
    const xlsx = await call(`/api/campaigns/${id}/owing?format=xlsx`, { cookie: manager.cookie });
    const book = XLSX.read(new Uint8Array(await xlsx.arrayBuffer()), { type: 'array' });
    const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
    const owed = (await completion(id)).counts;
    expect(rows.length).toBe(1 + owed.assigned - owed.submitted); // header + every owing unit
    // Reports export carries the answers.
    const exp = await (
      await call(`/api/campaigns/${id}/export?format=csv`, { cookie: manager.cookie })
    ).text();
    expect(exp).toContain('Hoàn thành các chỉ tiêu');
    expect(exp).toContain('Bữa cơm nghĩa tình');
  });

  it('lateness: past the due date, unfiled units are missing and a filing is late; a digest lists the owing', async () => {
    const id = await openCampaign(shift(-2));
    let c = await completion(id);
    const assigned = c.counts.assigned;
    expect(c.counts).toMatchObject({ missing: assigned, pending: 0 });
    const rep = await reporterOf(tree.wardB);
    const res = await call(`/api/campaigns/${id}/reports/${tree.wardB.id}/submit`, {
      method: 'POST',
      cookie: rep.cookie,
      json: { answers: { tong_quan: 'Nộp muộn' } },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { late: boolean }).late).toBe(true);
    c = await completion(id);
    expect(c.counts).toMatchObject({ late: 1, missing: assigned - 1 });
    const digest = await campaignDigest(env, Date.now());
    const mine = digest.campaigns.find((x) => x.campaignId === id)!;
    expect(mine.overdue).toBe(true);
    expect(mine.owing.map((o) => o.unitId)).not.toContain(tree.wardB.id);
    expect(mine.owing).toHaveLength(assigned - 1);

    // The daily cron queues the same digest for `campaign.digest` webhook subscribers only.
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO webhook_subscriptions (id, url, events, secret_sealed, active, created_at)
         VALUES ('sub-digest', 'http://127.0.0.1:9/d', 'campaign.digest', 'x', 1, 0),
                ('sub-cases', 'http://127.0.0.1:9/c', 'case.created case.overdue', 'x', 1, 0)`,
      ),
    ]);
    const now = Date.now();
    await runScheduled(DAILY_CRON, env, now);
    const rows = await env.DB.prepare(
      "SELECT subscription_id AS sub, payload FROM webhook_outbox WHERE event = 'campaign.digest'",
    ).all<{ sub: string; payload: string }>();
    expect(rows.results.map((r) => r.sub)).toEqual(['sub-digest']);
    const queued = JSON.parse(rows.results[0]!.payload) as {
      digest: Awaited<ReturnType<typeof campaignDigest>>;
    };
    const inPayload = queued.digest.campaigns.find((x) => x.campaignId === id)!;
    expect(inPayload.owing).toHaveLength(assigned - 1);
  });

  it('a reporter cannot file for another ward, nor aim a progress entry at a model of another unit', async () => {
    const id = await openCampaign(shift(5));
    const repA = await reporterOf(tree.wardA);
    let res = await call(`/api/campaigns/${id}/reports/${tree.wardB.id}`, {
      method: 'PUT',
      cookie: repA.cookie,
      json: { answers: {} },
    });
    expect(res.status).toBe(403);
    const other = await call('/api/models', {
      method: 'POST',
      cookie: manager.cookie,
      json: { unitId: tree.wardB.id, name: 'Mô hình phường B', field: 'economy' },
    });
    const otherId = ((await other.json()) as { model: { id: string } }).model.id;
    res = await call(`/api/campaigns/${id}/reports/${tree.wardA.id}/submit`, {
      method: 'POST',
      cookie: repA.cookie,
      json: { answers: { tong_quan: 'x' }, models: { new: [], progress: [{ modelId: otherId, note: 'x' }] } },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: { path: string }[] } }).error.fields[0]!.path).toBe(
      'models.progress.0.modelId',
    );
  });

  it('refuses a form that is not a published report form', async () => {
    const res = await call('/api/campaigns', {
      method: 'POST',
      cookie: manager.cookie,
      json: {
        title: 'x',
        formId: 'nope',
        unitId: tree.city.id,
        periodStart: '2026-01-01',
        periodEnd: '2026-06-30',
        dueDate: '2026-07-10',
      },
    });
    expect(res.status).toBe(400);
  });
});
