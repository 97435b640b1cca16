/**
 * Dashboard test data: a published form in a tree of wards, and submissions written through the
 * very batch the public route uses (`insertSubmission`), with a chosen day and unit.
 */
import { env } from 'cloudflare:workers';
import type { StaffSession } from '../../worker/auth/service';
import type { Answers, FormDefinition } from '../../worker/forms/engine/definition';
import { answerRows, rollupKeys } from '../../worker/forms/engine/rows';
import { fold } from '../../worker/lib/i18n';
import { newId, newReceiptCode, randomId } from '../../worker/lib/ids';
import { insertSubmission } from '../../worker/responses/queries';
import { sampleDefinition } from './forms.fixtures';

/** Publishes `def` owned by `ownerUnitId`; returns ids. */
export async function publishForm(
  ownerUnitId: string,
  def: FormDefinition = sampleDefinition(),
  kind = 'survey',
) {
  const id = newId();
  const versionId = newId();
  const now = Date.now();
  const json = JSON.stringify(def);
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO forms (id, slug, kind, owner_unit_id, title, status, draft, current_version_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'published', ?, ?, ?, ?)`,
    ).bind(id, `dash-${randomId(5)}`, kind, ownerUnitId, def.title.vi, json, versionId, now, now),
    env.DB.prepare(
      'INSERT INTO form_versions (id, form_id, version, definition, published_at) VALUES (?, ?, 1, ?, ?)',
    ).bind(versionId, id, json, now),
    env.DB.prepare('INSERT INTO form_quota (form_id, used, cap) VALUES (?, 0, NULL)').bind(id),
  ]);
  return { id, versionId, def, updatedAt: now };
}

/** Stores one submission as the public route would (same batch), attributed to `unitId` on `day`. */
export async function submit(
  form: { id: string; versionId: string; def: FormDefinition; updatedAt: number },
  unitId: string,
  day: string,
  answers: Answers,
) {
  const at = Date.parse(`${day}T10:00:00+07:00`);
  const responseId = newId(at);
  await insertSubmission(env.DB, {
    responseId,
    formId: form.id,
    versionId: form.versionId,
    formUpdatedAt: form.updatedAt,
    unitId,
    receiptCode: newReceiptCode(),
    idempotencyKey: randomId(8),
    lang: 'vi',
    data: JSON.stringify(answers),
    identitySealed: null,
    consentVersion: null,
    searchText: fold(
      Object.values(answers)
        .filter((x) => typeof x === 'string')
        .join(' '),
    ),
    submittedAt: at,
    day,
    answerRows: answerRows(form.def, answers).map((r) => [r.questionId, r.item, r.value, r.num]),
    rollups: rollupKeys(form.def, answers).map((k) => [k.questionId, k.item, k.option, k.num]),
  });
  return responseId;
}

/** A staff session object (for calling services directly). */
export function session(
  role: StaffSession['grants'][number]['role'],
  unit: { id: string; path: string; name: string },
): StaffSession {
  return {
    userId: newId(),
    email: 'dash@test.vn',
    name: 'dash',
    sessionId: 'dash',
    grants: [{ role, unitId: unit.id, unitPath: unit.path, unitName: unit.name }],
  };
}

/** Rollup rows of a form, sorted, for equality checks. */
export async function rollupsOf(formId: string) {
  const rc = await env.DB.prepare(
    'SELECT unit_id, day, n FROM response_counts WHERE form_id = ? ORDER BY unit_id, day',
  )
    .bind(formId)
    .all();
  const ac = await env.DB.prepare(
    `SELECT question_id, item, option, unit_id, day, n, total FROM answer_counts
      WHERE version_id IN (SELECT id FROM form_versions WHERE form_id = ?)
      ORDER BY question_id, item, option, unit_id, day`,
  )
    .bind(formId)
    .all();
  const rm = await env.DB.prepare(
    'SELECT unit_id, month, n FROM response_month_counts WHERE form_id = ? ORDER BY unit_id, month',
  )
    .bind(formId)
    .all();
  const am = await env.DB.prepare(
    `SELECT question_id, item, option, unit_id, month, n, total FROM answer_month_counts
      WHERE version_id IN (SELECT id FROM form_versions WHERE form_id = ?)
      ORDER BY question_id, item, option, unit_id, month`,
  )
    .bind(formId)
    .all();
  return { rc: rc.results, ac: ac.results, rm: rm.results, am: am.results };
}
