/**
 * Fixtures for the public-page tests: a published form written straight into D1 (form, version,
 * quota), and a definition that uses every question type.
 */
import { env } from 'cloudflare:workers';
import type { FormDefinition } from '../../worker/forms/engine/definition';
import { newId, randomId } from '../../worker/lib/ids';
import { call, createUnit } from '../helpers/fixtures';

/** Publishes `definition` under a fresh slug; returns the slug and ids. */
export async function publishTestForm(
  definition: FormDefinition,
  opts: {
    status?: string;
    opensAt?: number;
    closesAt?: number;
    cap?: number;
    slug?: string;
    turnstile?: boolean;
  } = {},
) {
  const unit = await createUnit(`Đơn vị ${randomId(3)}`, { kind: 'front' });
  const id = newId();
  const versionId = newId();
  const slug = opts.slug ?? `test-${randomId(4)}`;
  const now = Date.now();
  const json = JSON.stringify(definition);
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO forms (id, slug, kind, owner_unit_id, title, status, draft, current_version_id, opens_at, closes_at, turnstile, created_at, updated_at)
       VALUES (?, ?, 'survey', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).bind(
      id,
      slug,
      unit.id,
      definition.title.vi,
      opts.status ?? 'published',
      json,
      versionId,
      opts.opensAt ?? null,
      opts.closesAt ?? null,
      opts.turnstile ? 1 : 0,
      now,
      now,
    ),
    env.DB.prepare(
      'INSERT INTO form_versions (id, form_id, version, definition, published_at) VALUES (?, ?, 1, ?, ?)',
    ).bind(versionId, id, json, now),
    env.DB.prepare('INSERT INTO form_quota (form_id, used, cap) VALUES (?, 0, ?)').bind(id, opts.cap ?? null),
  ]);
  return { slug, formId: id, versionId, unit };
}

/** Rows stored for a form. */
export async function responseCount(formId: string): Promise<number> {
  const r = await env.DB.prepare('SELECT COUNT(*) AS n FROM responses WHERE form_id = ?')
    .bind(formId)
    .first<{ n: number }>();
  return r?.n ?? 0;
}

/** A definition with one question of every type (and a condition), Vietnamese + English labels. */
export function everyTypeDefinition(): FormDefinition {
  const L = (vi: string, en: string) => ({ vi, en });
  return {
    schemaVersion: 1,
    title: L('Khảo sát đủ loại câu hỏi', 'Survey with every question type'),
    description: L('Mô tả biểu mẫu', 'Form description'),
    pages: [
      {
        id: 'p1',
        title: L('Trang một', 'Page one'),
        questions: [
          {
            id: 'intro',
            type: 'info',
            label: L('Giới thiệu', 'Introduction'),
            text: L('Xin cảm ơn', 'Thank you'),
          },
          {
            id: 'name',
            type: 'short_text',
            label: L('Họ tên người được góp ý', 'Name of the person'),
            required: true,
            maxLength: 100,
          },
          {
            id: 'story',
            type: 'long_text',
            label: L('Nội dung góp ý', 'Your feedback'),
            help: L('Viết ngắn gọn', 'Keep it short'),
          },
          { id: 'age', type: 'number', label: L('Tuổi', 'Age'), min: 16, max: 120, integer: true },
          { id: 'when', type: 'date', label: L('Ngày xảy ra', 'Date it happened') },
          {
            id: 'topic',
            type: 'single_choice',
            label: L('Lĩnh vực', 'Topic'),
            required: true,
            options: [
              { value: 'ethics', label: L('Đạo đức', 'Ethics') },
              { value: 'lifestyle', label: L('Lối sống', 'Lifestyle') },
            ],
          },
          {
            id: 'channels',
            type: 'multiple_choice',
            label: L('Kênh thông tin', 'Channels'),
            options: [
              { value: 'zalo', label: L('Zalo', 'Zalo') },
              { value: 'web', label: L('Trang web', 'Website') },
            ],
          },
          {
            id: 'level',
            type: 'dropdown',
            label: L('Cấp', 'Level'),
            options: [
              { value: 'ward', label: L('Phường', 'Ward') },
              { value: 'city', label: L('Thành phố', 'City') },
            ],
          },
        ],
      },
      {
        id: 'p2',
        title: L('Trang hai', 'Page two'),
        questions: [
          { id: 'member', type: 'yes_no', label: L('Bạn là đoàn viên?', 'Are you a member?') },
          {
            id: 'org',
            type: 'short_text',
            label: L('Tổ chức của bạn', 'Your organisation'),
            showIf: { op: 'eq', q: 'member', value: true },
          },
          { id: 'stars', type: 'rating', label: L('Mức hài lòng', 'Satisfaction'), max: 5 },
          {
            id: 'assess',
            type: 'likert',
            label: L('Đánh giá cán bộ', 'Assessment of the cadre'),
            rows: [
              { value: 'honest', label: L('Trung thực', 'Honest') },
              { value: 'close', label: L('Gần dân', 'Close to the people') },
            ],
            columns: [
              { value: 'good', label: L('Tốt', 'Good') },
              { value: 'fair', label: L('Khá', 'Fair') },
              { value: 'poor', label: L('Kém', 'Poor') },
            ],
          },
          { id: 'mail', type: 'email', label: L('Thư điện tử', 'Email address') },
          { id: 'tel', type: 'phone', label: L('Điện thoại', 'Phone') },
          { id: 'ward', type: 'unit_picker', label: L('Phường của bạn', 'Your ward'), kinds: ['ward'] },
          { id: 'cadre', type: 'person_picker', label: L('Cán bộ được góp ý', 'The cadre') },
          { id: 'photo', type: 'file', label: L('Ảnh minh chứng', 'Evidence photo') },
          {
            id: 'agree',
            type: 'consent',
            label: L('Tôi xác nhận thông tin là đúng', 'I confirm this is true'),
            text: L('Cam kết trung thực', 'Honesty pledge'),
            required: true,
          },
        ],
      },
    ],
  };
}

/** Posts urlencoded fields as a browser without JavaScript does. */
export function postForm(path: string, fields: [string, string][]) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The `_idem` value of a rendered form page. */
export function idemOf(html: string): string {
  const m = html.match(/name="_idem" value="([^"]+)"/);
  if (!m) throw new Error('no _idem field');
  return m[1]!;
}
