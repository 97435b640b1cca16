/**
 * Shared set-up for the forms/responses tests: a designer, a sample definition covering the
 * counted question types, and a helper that creates and publishes a form through the services.
 */
import { env } from 'cloudflare:workers';
import type { StaffSession } from '../../worker/auth/service';
import type { FormDefinition } from '../../worker/forms/engine/definition';
import type { Settings } from '../../worker/forms/schema';
import { createForm, publishForm, updateFormSettings } from '../../worker/forms/service';
import { createStaff, createTree } from '../helpers/fixtures';

/** A survey touching every counted type plus free text (not counted). */
export function sampleDefinition(title = 'Khảo sát sự hài lòng của người dân'): FormDefinition {
  return {
    schemaVersion: 1,
    title: { vi: title, en: 'Satisfaction survey' },
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'don_vi', type: 'unit_picker', label: { vi: 'Đơn vị' }, attributeResponse: true },
          { id: 'hai_long', type: 'rating', label: { vi: 'Mức độ hài lòng' }, required: true },
          {
            id: 'chu_de',
            type: 'multiple_choice',
            label: { vi: 'Chủ đề quan tâm' },
            options: [
              { value: 'moi_truong', label: { vi: 'Môi trường' } },
              { value: 'an_ninh', label: { vi: 'An ninh' } },
              { value: 'y_te', label: { vi: 'Y tế' } },
            ],
          },
          {
            id: 'danh_gia',
            type: 'likert',
            label: { vi: 'Đánh giá cán bộ' },
            rows: [
              { value: 'dao_duc', label: { vi: 'Đạo đức' } },
              { value: 'loi_song', label: { vi: 'Lối sống' } },
            ],
            columns: [
              { value: 'cao', label: { vi: 'Cao' } },
              { value: 'tb', label: { vi: 'Trung bình' } },
              { value: 'thap', label: { vi: 'Thấp' } },
            ],
            allRows: false,
          },
          { id: 'tuoi', type: 'number', label: { vi: 'Tuổi' }, min: 0, max: 120, integer: true },
          { id: 'y_kien', type: 'long_text', label: { vi: 'Ý kiến khác' } },
          { id: 'hoi_vien', type: 'yes_no', label: { vi: 'Là hội viên?' } },
        ],
      },
    ],
  };
}

/** Units, a designer on the city (session object for services + cookie for HTTP). */
export async function setup() {
  const tree = await createTree();
  const designer = await createStaff([{ role: 'form_designer', unitId: tree.city.id }]);
  const session: StaffSession = {
    userId: designer.userId,
    email: designer.email,
    name: 'Cán bộ',
    sessionId: 'test',
    grants: [
      { role: 'form_designer', unitId: tree.city.id, unitPath: tree.city.path, unitName: tree.city.name },
    ],
  };
  return { tree, designer, session };
}

let counter = 0;

/** Creates and publishes a form (optionally with settings); returns its summary and version. */
export async function publishedForm(
  ctx: Awaited<ReturnType<typeof setup>>,
  opts: { definition?: FormDefinition; settings?: Settings; slug?: string } = {},
) {
  counter++;
  const form = await createForm(env.DB, ctx.session, {
    ownerUnitId: ctx.tree.front.id,
    kind: 'survey',
    slug: opts.slug ?? `khao-sat-${counter}-${Date.now().toString(36)}`,
    definition: opts.definition ?? sampleDefinition(),
  });
  const pub = await publishForm(env.DB, ctx.session, form.id);
  if (opts.settings) await updateFormSettings(env.DB, ctx.session, form.id, opts.settings);
  return { ...form, versionId: pub.versionId, version: pub.version };
}

/** A fresh idempotency key. */
export function key(): string {
  return `k-${crypto.randomUUID()}`;
}

/** Row counts of every table a submission writes. */
export async function tableCounts(formId: string) {
  const one = async (sql: string) => (await env.DB.prepare(sql).bind(formId).first<{ n: number }>())!.n;
  return {
    responses: await one('SELECT count(*) AS n FROM responses WHERE form_id = ?'),
    answers: await one(
      'SELECT count(*) AS n FROM answers WHERE response_id IN (SELECT id FROM responses WHERE form_id = ?)',
    ),
    responseCounts: await one('SELECT COALESCE(SUM(n), 0) AS n FROM response_counts WHERE form_id = ?'),
    answerCounts: await one(
      'SELECT COALESCE(SUM(n), 0) AS n FROM answer_counts WHERE version_id IN (SELECT id FROM form_versions WHERE form_id = ?)',
    ),
    used: await one('SELECT used AS n FROM form_quota WHERE form_id = ?'),
  };
}

/** Parsed JSON as tests read it (what `JSON.parse` returns): assertions check the shape. */
export type Json = ReturnType<typeof JSON.parse>;

/**
 * Local rate limits use fixed one-minute windows aligned to the wall clock. A test that counts
 * requests against a limit starts in a fresh-enough window, so a rollover cannot split its burst.
 */
export async function awayFromMinuteEdge(marginMs = 2000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}
