/** Fixtures for the cases tests: case-channel forms, people, and submissions through the Worker. */
import { env } from 'cloudflare:workers';
import type { StaffSession } from '../../worker/auth/service';
import { DEFAULT_CRITERIA_SETS } from '../../worker/cases/reference';
import { feedbackTemplate, petitionTemplate } from '../../worker/cases/templates';
import { createForm, publishForm } from '../../worker/forms/service';
import { fold } from '../../worker/lib/i18n';
import { newId, randomId } from '../../worker/lib/ids';
import { call, createStaff, createTree } from '../helpers/fixtures';

export interface U {
  id: string;
  path: string;
  name: string;
}

/** A form of a case channel owned by `unit`, published. Returns its slug and id. */
export async function caseForm(unit: U, channel: 'feedback' | 'petition', opts: { noFiles?: boolean } = {}) {
  const { userId } = await createStaff([{ role: 'form_designer', unitId: unit.id }]);
  const designer: StaffSession = {
    userId,
    email: 'designer@test.vn',
    name: 'designer',
    sessionId: 'x',
    grants: [{ role: 'form_designer', unitId: unit.id, unitPath: unit.path, unitName: unit.name }],
  };
  const definition =
    channel === 'feedback' ? feedbackTemplate(DEFAULT_CRITERIA_SETS[0]!) : petitionTemplate();
  const slug = `${channel}-${randomId(4)}`;
  const form = await createForm(env.DB, designer, { ownerUnitId: unit.id, kind: channel, slug, definition });
  await publishForm(env.DB, designer, form.id);
  void opts;
  return { slug, id: form.id };
}

/**
 * What the case tests start from: the tree, a feedback and a petition form of the Front, a case
 * intake of the Front and a case handler of the board (their cookies).
 */
export async function caseWorld() {
  const w = await createTree();
  const feedback = await caseForm(w.front, 'feedback');
  const petition = await caseForm(w.front, 'petition');
  const intake = (await createStaff([{ role: 'case_intake', unitId: w.front.id }])).cookie;
  const handler = (await createStaff([{ role: 'case_handler', unitId: w.board.id }])).cookie;
  return { w, feedback, petition, intake, handler };
}

/** A person holding a current position in `unit`. */
export async function personIn(unit: U, fullName = `Nguyễn Văn ${randomId(3)}`) {
  const id = newId();
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      'INSERT INTO people (id, full_name, search_name, party_member, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
    ).bind(id, fullName, fold(fullName), now, now),
    env.DB.prepare(
      'INSERT INTO positions (id, person_id, unit_id, title, valid_from, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).bind(newId(), id, unit.id, 'Chủ tịch', '2020-01-01', now),
  ]);
  return { id, fullName };
}

/** The identity a test reporter gives (values the confidentiality test hunts for). */
export const IDENTITY = {
  name: 'Trần Thị Bímật',
  phone: '0912345678',
  id_number: '079123456789',
  address: '12 Đường Kín Đáo, Phường Bến Nghé',
};

/** Submits feedback about `personId` through the public API. Returns receipt code and PIN. */
export async function submitFeedback(
  slug: string,
  personId: string,
  opts: { identity?: Record<string, string>; text?: string; levels?: string; files?: string[] } = {},
) {
  const answers: Record<string, unknown> = {
    can_bo: personId,
    chuan_muc: Object.fromEntries(
      DEFAULT_CRITERIA_SETS[0]!.criteria.map((c) => [c.value, opts.levels ?? 'kha']),
    ),
    noi_dung: opts.text ?? 'Cán bộ tiếp dân chậm trễ.',
  };
  if (opts.files) answers.bang_chung = opts.files;
  const res = await call(`/api/public/forms/${slug}/responses`, {
    method: 'POST',
    headers: { 'idempotency-key': `k-${randomId(8)}` },
    json: {
      answers,
      ...(opts.identity ? { identity: opts.identity, consentAccepted: true } : {}),
    },
  });
  const body = (await res.json()) as { receiptCode: string; pin: string; error?: unknown };
  if (res.status !== 201) throw new Error(`submit ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Submits a petition with full identity. */
export async function submitPetition(
  slug: string,
  kind = 'denunciation',
  unitId?: string,
  text = 'Tố cáo hành vi nhận hối lộ.',
) {
  const res = await call(`/api/public/forms/${slug}/responses`, {
    method: 'POST',
    headers: { 'idempotency-key': `k-${randomId(8)}` },
    json: {
      answers: {
        loai_don: kind,
        noi_dung: text,
        ...(unitId ? { don_vi: unitId } : {}),
      },
      identity: IDENTITY,
      consentAccepted: true,
    },
  });
  const body = (await res.json()) as { receiptCode: string; pin: string };
  if (res.status !== 201) throw new Error(`petition ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** The case id behind a receipt code. */
export async function caseIdOf(code: string) {
  const row = await env.DB.prepare(
    'SELECT c.id FROM cases c JOIN responses r ON r.id = c.response_id WHERE r.receipt_code = ?',
  )
    .bind(code)
    .first<{ id: string }>();
  return row!.id;
}

/** POST a transition as `cookie`. */
export function transition(id: string, cookie: string, json: unknown) {
  return call(`/api/cases/${id}/transitions`, { method: 'POST', cookie, json });
}
