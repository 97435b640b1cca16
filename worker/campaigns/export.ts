/**
 * Xuất báo cáo: the list of units still owing (to send reminders, print, or paste into Excel), a
 * campaign's reports as a table, and the daily digest hook for reminders.
 */
import { authorize, type StaffSession } from '../auth/service';
import { queueWebhook } from '../cases/webhooks';
import type { Env } from '../env';
import { allQuestions, type Question } from '../forms/engine/definition';
import { AppError } from '../lib/errors';
import { formatDateTime, formatDay, formatYesNo } from '../lib/format';
import { vnDay } from '../lib/time';
import type { Cell } from '../lib/xlsx';
import { COMPLETION_STATUS } from '../text/models';
import { owingRows } from './completion';
import * as q from './queries';
import type { ReportModels } from './schema';
import { CAMPAIGN_READ, campaignCompletion } from './service';

async function readable(d1: D1Database, staff: StaffSession | undefined, id: string) {
  const c = await q.selectCampaign(d1, id);
  if (!c) throw new AppError('not_found', { what: 'campaign' });
  authorize(staff, CAMPAIGN_READ, c.unitPath);
  return c;
}

/** Đơn vị chưa nộp: the owing list as JSON rows and as a table. */
export async function owingList(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  now = Date.now(),
) {
  const c = await readable(d1, staff, id);
  const rows = owingRows(await campaignCompletion(d1, c, now));
  return {
    campaign: { id: c.id, title: c.title, dueDate: c.dueDate },
    owing: rows,
    header: ['STT', 'Đơn vị', 'Tình trạng', 'Ý kiến trả lại', 'Hạn nộp'],
    table: rows.map((r, i): Cell[] => [
      i + 1,
      r.unitName + (r.inheritedFrom.length ? ` (tiếp nhận từ ${r.inheritedFrom.join(', ')})` : ''),
      COMPLETION_STATUS[r.status].vi + (r.hasDraft && r.status !== 'returned' ? ' — có bản nháp' : ''),
      r.returnComment ?? '',
      formatDay(c.dueDate),
    ]),
  };
}

function answerCell(qn: Question, a: unknown): Cell {
  if (a === undefined || a === null) return '';
  const opts = 'options' in qn ? qn.options : [];
  const label = (v: string) => opts.find((o) => o.value === v)?.label.vi ?? v;
  if (typeof a === 'number') return a;
  if (typeof a === 'boolean') return formatYesNo(a);
  if (Array.isArray(a)) return a.map((x) => label(String(x))).join('; ');
  if (typeof a === 'object')
    return Object.entries(a as Record<string, string>)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ');
  return label(String(a));
}

/** Every unit of the campaign with its status and its answers (one column per question). */
export async function reportsTable(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  now = Date.now(),
) {
  const c = await readable(d1, staff, id);
  const rows = await campaignCompletion(d1, c, now);
  const reports = new Map((await q.selectReports(d1, c.id)).map((r) => [r.unitId, r]));
  const definition = await q.selectVersionDefinition(d1, c.versionId);
  const questions = definition ? allQuestions(definition).filter((x) => x.type !== 'info') : [];
  const header = [
    'Đơn vị',
    'Tình trạng',
    'Thời gian nộp',
    'Mô hình mới',
    'Cập nhật tiến độ',
    ...questions.map((x) => x.label.vi),
  ];
  const table = rows.map((r): Cell[] => {
    const rep = reports.get(r.unitId);
    const submitted = rep && rep.status !== 'draft';
    const data = submitted ? (JSON.parse(rep.data) as Record<string, unknown>) : {};
    const models = submitted ? (JSON.parse(rep.models) as ReportModels) : { new: [], progress: [] };
    return [
      r.unitName,
      COMPLETION_STATUS[r.status].vi,
      r.submittedAt ? formatDateTime(r.submittedAt) : '',
      models.new.map((m) => m.name).join('; '),
      models.progress.length,
      ...questions.map((x) => answerCell(x, data[x.id])),
    ];
  });
  return { campaign: c, header, table };
}

/**
 * Nhắc nộp báo cáo: for every open campaign due within `days` days or overdue, the units still
 * owing. The daily cron posts it to the `campaign.digest` webhook subscribers (`queueCampaignDigest`).
 * @example const digest = await campaignDigest(env, Date.now())
 */
export async function campaignDigest(env: Env, now: number, days = 7) {
  const today = vnDay(now);
  const horizon = vnDay(now + days * 86_400_000);
  const out = [];
  for (const c of await q.selectOpenCampaigns(env.DB)) {
    if (c.dueDate > horizon) continue;
    const owing = owingRows(await campaignCompletion(env.DB, c, now));
    if (owing.length)
      out.push({
        campaignId: c.id,
        title: c.title,
        dueDate: c.dueDate,
        overdue: c.dueDate < today,
        owing: owing.map((r) => ({ unitId: r.unitId, unitName: r.unitName, status: r.status })),
      });
  }
  return { day: today, campaigns: out };
}

/**
 * Queues today's digest for every webhook subscribed to `campaign.digest` (the cases module's
 * signed outbox delivers it, with retries). Nothing is queued when no unit owes a report.
 * @returns the number of campaigns in the digest
 */
export async function queueCampaignDigest(env: Env, now: number): Promise<number> {
  const digest = await campaignDigest(env, now);
  if (!digest.campaigns.length) return 0;
  const payload = { event: 'campaign.digest', occurredAt: now, digest };
  await queueWebhook(env.DB, 'campaign.digest', `digest:${digest.day}`, payload, now);
  return digest.campaigns.length;
}
