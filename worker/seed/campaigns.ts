/**
 * Demo "Dân vận khéo" data: the Ban Dân vận account that runs campaigns and evaluates models, the
 * report form, the model registry (worker/seed/models.ts) and two campaigns —
 * - "Báo cáo 6 tháng đầu năm 2026", past its due date: some wards submitted on time, some late,
 *   one returned for correction, the rest missing;
 * - "Báo cáo 6 tháng cuối năm 2026", open: a third of the units submitted, the rest (including
 *   the demo reporter's ward, Điện Biên) still to file.
 * Idempotent: account by email, form by slug, campaigns by title, reports by (campaign, unit).
 */
import { createUser, grantRole } from '../accounts/users';
import type { StaffSession } from '../auth/service';
import { createCampaign, getCampaign, listCampaigns, returnReport, submitReport } from '../campaigns/service';
import type { Env } from '../env';
import type { FormDefinition } from '../forms/engine/definition';
import { createForm, publishForm } from '../forms/service';
import { AppError } from '../lib/errors';
import { vnDay } from '../lib/time';
import { DVK_UNIT_CODES, seedModels } from './models';
import { formBySlug, usersByEmail } from './queries';
import { ROOT, wardCode } from './units';

/** The Ban Dân vận account: form_designer on the city root (listed by `npm start` with the others). */
export const DVK_ACCOUNT = {
  email: 'danvan@langnghe.demo',
  name: 'Cán bộ Ban Dân vận / MTTQ thành phố',
  role: 'form_designer',
  unit: ROOT,
  purpose: 'đợt báo cáo, đánh giá mô hình "Dân vận khéo"',
} as const;
export const REPORT_SLUG = 'bao-cao-dan-van-kheo';
export const OPEN_CAMPAIGN = 'Báo cáo 6 tháng cuối năm 2026';
export const PAST_CAMPAIGN = 'Báo cáo 6 tháng đầu năm 2026';
/** The demo reporter's ward: left unfiled in the open campaign for the browser journey. */
export const JOURNEY_WARD = wardCode('Điện Biên');

/** The ward's report form (kind `report`), Vietnamese first with English labels throughout. */
export const REPORT_FORM: FormDefinition = {
  schemaVersion: 1,
  title: {
    vi: 'Báo cáo kết quả phong trào thi đua "Dân vận khéo"',
    en: 'Report on the "Skilful mass mobilisation" (Dân vận khéo) movement',
  },
  description: { vi: 'Báo cáo định kỳ của phường, xã.', en: 'Periodic report of a ward or commune.' },
  pages: [
    {
      id: 'ket_qua',
      title: { vi: 'Kết quả thực hiện', en: 'Results' },
      questions: [
        {
          id: 'tong_quan',
          type: 'long_text',
          label: { vi: 'Tóm tắt kết quả nổi bật', en: 'Summary of results' },
          required: true,
          maxLength: 4000,
        },
        {
          id: 'so_mo_hinh',
          type: 'number',
          label: { vi: 'Số mô hình đang duy trì', en: 'Models being maintained' },
          integer: true,
          min: 0,
          required: true,
        },
        {
          id: 'so_hoi_nghi',
          type: 'number',
          label: { vi: 'Số hội nghị, buổi tuyên truyền', en: 'Meetings and outreach sessions held' },
          integer: true,
          min: 0,
        },
        {
          id: 'kho_khan',
          type: 'long_text',
          label: { vi: 'Khó khăn, vướng mắc', en: 'Difficulties and obstacles' },
        },
        {
          id: 'de_xuat',
          type: 'single_choice',
          label: { vi: 'Đề nghị khen thưởng', en: 'Proposed recognition' },
          options: [
            { value: 'khong', label: { vi: 'Không đề nghị', en: 'None proposed' } },
            { value: 'phuong', label: { vi: 'Cấp phường/xã', en: 'Ward or commune level' } },
            { value: 'thanh_pho', label: { vi: 'Cấp thành phố', en: 'City level' } },
          ],
        },
      ],
    },
  ],
};

function staffOn(userId: string, root: { id: string; path: string }): StaffSession {
  return {
    userId,
    email: DVK_ACCOUNT.email,
    name: DVK_ACCOUNT.name,
    sessionId: 'seed',
    grants: (['form_designer', 'admin'] as const).map((role) => ({
      role,
      unitId: root.id,
      unitPath: root.path,
      unitName: 'root',
    })),
  };
}

const reporterOn = (userId: string, unit: { id: string; path: string }): StaffSession => ({
  userId,
  email: 'seed@localhost',
  name: 'seed',
  sessionId: 'seed',
  grants: [{ role: 'ward_reporter', unitId: unit.id, unitPath: unit.path, unitName: '' }],
});

/** Seeds everything of the capability; returns counts for the seed report. */
export async function seedDanVanKheo(
  env: Env,
  admin: StaffSession,
  root: { id: string; path: string },
  unit: (code: string) => { id: string; path: string },
  iterations: number,
  password: string,
  now = Date.now(),
) {
  const d1 = env.DB;
  let userId = (await usersByEmail(d1, [DVK_ACCOUNT.email])).get(DVK_ACCOUNT.email);
  if (!userId)
    userId = (
      await createUser(d1, admin, { email: DVK_ACCOUNT.email, name: DVK_ACCOUNT.name, password }, iterations)
    ).id;
  try {
    await grantRole(d1, admin, userId, { role: DVK_ACCOUNT.role, unitId: root.id });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'grant_exists')) throw e;
  }
  const manager = staffOn(userId, root);

  let form = await formBySlug(d1, REPORT_SLUG);
  if (!form) {
    const f = await createForm(d1, manager, {
      ownerUnitId: root.id,
      kind: 'report',
      slug: REPORT_SLUG,
      definition: REPORT_FORM,
    });
    form = { id: f.id, title: f.title, currentVersionId: null };
  }
  if (!form.currentVersionId) await publishForm(d1, manager, form.id);

  const models = await seedModels(d1, manager, (code) => unit(code).id);
  const day = (offset: number) => vnDay(now + offset * 86_400_000);
  let reports = 0;
  const answers = (i: number) => ({
    tong_quan: `Duy trì ${1 + (i % 3)} mô hình; vận động nhân dân tham gia giữ gìn vệ sinh môi trường.`,
    so_mo_hinh: 1 + (i % 3),
    so_hoi_nghi: 2 + (i % 5),
    de_xuat: i % 4 ? 'phuong' : 'khong',
  });

  // Past campaign: due 10 days ago. Units 0–4 on time (filed 12 days ago), 5–6 late (filed 3 days
  // ago), unit 7 filed on time then returned for correction, the rest missing. (Kept small: the
  // seed runs in tests.) A unit already filed is skipped, so a re-run does not return it again.
  const RETURNED_INDEX = 7;
  const past = await campaign(
    d1,
    manager,
    root,
    form.id,
    PAST_CAMPAIGN,
    '2026-01-01',
    '2026-06-30',
    day(-10),
  );
  const filedPast = await filed(d1, manager, past);
  for (const [i, code] of DVK_UNIT_CODES.entries()) {
    if (i > 7) break;
    const u = unit(code);
    if (filedPast.has(u.id)) continue;
    const at = now - (i < 5 || i === RETURNED_INDEX ? 12 : 3) * 86_400_000;
    await submitReport(d1, reporterOn(userId, u), past, u.id, { answers: answers(i) }, at);
    if (i === RETURNED_INDEX)
      await returnReport(d1, manager, past, u.id, 'Đề nghị bổ sung số hộ tham gia và kinh phí huy động.');
    reports++;
  }

  // Open campaign: due in 10 days; every sixth unit has filed (one with a new model), Điện Biên has not.
  const open = await campaign(d1, manager, root, form.id, OPEN_CAMPAIGN, '2026-07-01', '2026-12-31', day(10));
  const filedOpen = await filed(d1, manager, open);
  for (const [i, code] of DVK_UNIT_CODES.entries()) {
    if (i % 6 !== 1 || code === JOURNEY_WARD) continue;
    const u = unit(code);
    if (filedOpen.has(u.id)) continue;
    const extra =
      i === 1
        ? {
            new: [
              {
                name: 'Góc sách cộng đồng',
                field: 'culture_society' as const,
                year: 2026,
                peopleMobilised: 60,
                moneyVnd: 8_000_000,
              },
            ],
            progress: [],
          }
        : undefined;
    await submitReport(
      d1,
      reporterOn(userId, u),
      open,
      u.id,
      { answers: answers(i), models: extra },
      now - 86_400_000,
    );
    reports++;
  }
  return { models: models.created, reports, accountId: userId };
}

async function campaign(
  d1: D1Database,
  manager: StaffSession,
  root: { id: string },
  formId: string,
  title: string,
  periodStart: string,
  periodEnd: string,
  dueDate: string,
) {
  const id = (await listCampaigns(d1, manager)).find((c) => c.title === title)?.id;
  if (id) return id;
  return (
    await createCampaign(d1, manager, { title, formId, unitId: root.id, periodStart, periodEnd, dueDate })
  ).id;
}

/** The units that hold a report (draft or filed) of the campaign. */
async function filed(d1: D1Database, manager: StaffSession, campaignId: string) {
  const { completion } = await getCampaign(d1, manager, campaignId);
  return new Set(completion.filter((r) => r.reportId).map((r) => r.unitId));
}
