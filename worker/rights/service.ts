/**
 * Quyền của người gửi (issue 14 item 2, decision 265): with the receipt code + PIN (the tracking
 * credentials, `authenticateTracking`: same limits, same uniform 404) the reporter, who has no
 * account, can
 * - see every piece of personal data held about them in the case (`accessView`: identity unsealed
 *   for them, their answers, evidence file names, the consent record, their requests);
 * - correct their contact details (`correctContact`: re-sealed at once);
 * - withdraw consent (`withdrawConsent`: identity removed at once; a feedback case goes on
 *   anonymously, a complaint, denunciation or petition — which the law does not process without
 *   identity — is closed with that reason on its timeline);
 * - ask for deletion (`requestDeletion`: intake decides; an open case that needs identity is a legal
 *   hold).
 * Correction, withdrawal and deletion are requests in intake's queue (`requestQueue`) with a
 * statutory response day from `data_request_rules` (data, like the case clocks); intake answers
 * them (`answerRequest`). Every step is one batch with its audit row. Nothing here writes identity
 * values to the audit log, the case timeline or a request row: the handling body reads the timeline.
 */
import { audit, batchWithAudit } from '../audit/service';
import { authorize, authorizeRoot, type StaffSession } from '../auth/service';
import { periodEnd, timeLeft } from '../cases/clock';
import { calendar } from '../cases/config';
import { applyTransition, type CaseRow, loadCase } from '../cases/service';
import { violates } from '../db/constraints';
import type { DataRequestKind, DataRequestStatus } from '../db/schema';
import { subtreeBounds } from '../db/subtree';
import type { Env } from '../env';
import { allQuestions, type FormDefinition } from '../forms/engine/definition';
import { formatAnswer } from '../forms/view/answers';
import { AppError } from '../lib/errors';
import { type Lang, t } from '../lib/i18n';
import { newId } from '../lib/ids';
import { keyringOf, open } from '../lib/keyring';
import { vnDay } from '../lib/time';
import { pickedNames } from '../org/picked-names';
import { getUnit } from '../org/service';
import { checkIdentity, sealIdentity } from '../responses/identity';
import * as q from './queries';

/**
 * Shipped response periods (decision 265). Assumed: 72 hours for each request, the period Nghị định
 * 13/2023/NĐ-CP set for providing, correcting and deleting data, kept until the decree detailing
 * Luật 91/2025/QH15 is checked; administrators may change them (the table is data).
 */
const BASIS =
  'Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (26/06/2025), quyền của chủ thể dữ liệu; thời hạn 72 giờ theo Nghị định 13/2023/NĐ-CP (17/04/2023), Điều 14–16 (giả định, cần đối chiếu nghị định hướng dẫn Luật 91/2025)';
export const DEFAULT_REQUEST_RULES: Record<Exclude<DataRequestKind, 'access'>, q.RuleRow> = {
  correct: { kind: 'correct', days: 3, working: false, basis: BASIS },
  withdraw: { kind: 'withdraw', days: 3, working: false, basis: BASIS },
  delete: { kind: 'delete', days: 3, working: false, basis: BASIS },
};

/** Contact details the reporter may correct themselves (name and ID number are not contact). */
export const CONTACT_FIELDS = ['phone', 'email', 'address'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** The public reason on the timeline of a case closed by a withdrawal (no identity in it). */
export const WITHDRAW_REASON =
  'Người gửi đã rút lại sự đồng ý xử lý dữ liệu cá nhân. Khiếu nại, tố cáo, kiến nghị không được xử lý khi không có thông tin người gửi (Luật Tố cáo 25/2018/QH14, Điều 25), nên vụ việc kết thúc.';

async function rules(d1: D1Database) {
  let rows = await q.selectRules(d1);
  if (rows.length < Object.keys(DEFAULT_REQUEST_RULES).length) {
    const now = Date.now();
    await d1.batch(Object.values(DEFAULT_REQUEST_RULES).map((r) => q.defaultRuleStatement(d1, r, now)));
    rows = await q.selectRules(d1);
  }
  return new Map(rows.map((r) => [r.kind, r]));
}

/** The response day of a request made `now` (Vietnam date, the rule's days, working or not). */
async function dueOf(d1: D1Database, kind: Exclude<DataRequestKind, 'access'>, now: number) {
  const [map, cal] = await Promise.all([rules(d1), calendar(d1)]);
  const rule = map.get(kind) ?? DEFAULT_REQUEST_RULES[kind];
  return periodEnd(vnDay(now), rule.days, rule.working, cal);
}

async function ownResponse(env: Env, c: CaseRow) {
  const r = await q.selectOwnResponse(env.DB, c.responseId);
  if (!r) throw new AppError('not_found', { what: 'case' });
  const identity = r.sealed
    ? (JSON.parse(await open(keyringOf(env), 'identity', r.sealed, c.responseId)) as Record<string, string>)
    : null;
  return { r, def: JSON.parse(r.definition) as FormDefinition, identity };
}

/**
 * The reporter's answers as staff read them (`formatAnswer`, the console's and the case file's
 * formatter): options, Likert rows and levels by their labels, a picked unit or person by name,
 * dates dd/mm/yyyy — never an id where a label exists. Files are listed apart (`files`).
 */
async function answersOf(d1: D1Database, def: FormDefinition, data: Record<string, unknown>, lang: Lang) {
  const questions = allQuestions(def).filter(
    (qn) => qn.type !== 'info' && qn.type !== 'consent' && qn.type !== 'file',
  );
  const names = await pickedNames(d1, questions, [data]);
  const byName = { unit: (id: string) => names.units.get(id), person: (id: string) => names.people.get(id) };
  return questions
    .map((qn) => ({
      id: qn.id,
      label: t(qn.label, lang),
      answer: formatAnswer(qn, data[qn.id], lang, byName),
    }))
    .filter((a) => a.answer !== '');
}

function fileKeys(def: FormDefinition, data: Record<string, unknown>) {
  return allQuestions(def)
    .filter((qn) => qn.type === 'file' && Array.isArray(data[qn.id]))
    .flatMap((qn) => (data[qn.id] as unknown[]).filter((k): k is string => typeof k === 'string'));
}

/** What the reporter sees of their requests (the reply, never who answered). */
const publicRequest = (r: q.RequestRow) => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  requestedAt: r.requestedAt,
  dueDay: r.dueDay,
  reply: r.reply,
  answeredAt: r.answeredAt,
});

/**
 * Quyền truy cập: every piece of personal data held about the reporter in this case. Answered on
 * the spot (no request row); every view is audited (`rights.access`, no values).
 */
export async function accessView(env: Env, c: CaseRow, lang: 'vi' | 'en' = 'vi') {
  const { r, def, identity } = await ownResponse(env, c);
  const data = JSON.parse(r.data) as Record<string, unknown>;
  const requests = await q.selectCaseRequests(env.DB, c.id);
  await audit(env.DB, {
    actorId: null,
    action: 'rights.access',
    targetType: 'case',
    targetId: c.id,
    detail: { by: 'reporter', identified: identity !== null },
  });
  const withdrawn = requests.find((x) => x.kind === 'withdraw');
  const canCorrect = identity !== null;
  return {
    caseKind: c.kind,
    identity,
    /** Which of the identity fields the reporter may correct here. */
    contactFields: canCorrect
      ? CONTACT_FIELDS.filter((f) => (def.identity?.fields ?? ['name', 'phone']).includes(f))
      : [],
    answers: await answersOf(env.DB, def, data, lang),
    files: fileKeys(def, data).map((k) => k.split('/').pop()!),
    consent: r.consentVersion
      ? {
          version: r.consentVersion,
          hash: r.consentHash,
          text: r.textVi ? { vi: r.textVi, en: r.textEn } : (def.identity?.consent?.text ?? null),
          acceptedAt: r.submittedAt,
          withdrawnAt: withdrawn?.requestedAt ?? null,
        }
      : null,
    requests: requests.map(publicRequest),
    canWithdraw: identity !== null,
    canDelete: !requests.some((x) => x.kind === 'delete' && x.status === 'open'),
  };
}

/**
 * Sửa thông tin liên hệ: phone, email or address, checked like at submission (the form's identity
 * rules), re-sealed at once; a request row tells intake (due per the rules). Blank keeps a value.
 * @throws 409 no_identity (nothing held to correct), 400 validation_failed
 */
export async function correctContact(
  env: Env,
  c: CaseRow,
  input: Partial<Record<ContactField, string>>,
  now = Date.now(),
) {
  const { r, def, identity } = await ownResponse(env, c);
  if (!identity || !r.sealed) {
    throw new AppError('no_identity');
  }
  const changed: ContactField[] = [];
  const next = { ...identity };
  for (const f of CONTACT_FIELDS) {
    const val = input[f]?.trim();
    if (val && val !== identity[f]) {
      next[f] = val;
      changed.push(f);
    }
  }
  if (!changed.length) return { changed };
  // The form's own identity rules (patterns, lengths, fields it asks).
  const checked = checkIdentity(def, next, true).identity!;
  const sealed = await sealIdentity(env, checked, c.responseId);
  const d1 = env.DB;
  const id = newId(now);
  const res = await batchWithAudit(
    d1,
    [
      q.resealIdentityStatement(d1, c.responseId, r.sealed, sealed),
      q.insertRequestStatement(d1, {
        id,
        caseId: c.id,
        intakeUnitId: c.intakeUnitId,
        kind: 'correct',
        status: 'open',
        requestedAt: now,
        dueDay: await dueOf(d1, 'correct', now),
        reply: null,
        answeredAt: null,
        answeredBy: null,
      }),
    ],
    {
      actorId: null,
      action: 'rights.correct',
      targetType: 'case',
      targetId: c.id,
      detail: { fields: changed },
    },
  );
  if (!(res[0]?.meta.changes ?? 0)) throw new AppError('case_changed');
  return { changed, requestId: id };
}

/**
 * Rút lại sự đồng ý: the identity is removed at once. A feedback case goes on anonymously (nothing
 * on its timeline: the handling body must not learn there ever was a name). A complaint,
 * denunciation or petition still open is closed (`withdraw`), its reason public on the timeline.
 * @throws 409 no_identity
 */
export async function withdrawConsent(env: Env, c: CaseRow, now = Date.now()) {
  const d1 = env.DB;
  const { identity } = await ownResponse(env, c);
  if (!identity) {
    throw new AppError('no_identity');
  }
  const closes = c.kind !== 'feedback' && c.status !== 'closed';
  const stmts = [
    q.dropIdentityStatement(d1, c.responseId),
    q.insertRequestStatement(d1, {
      id: newId(now),
      caseId: c.id,
      intakeUnitId: c.intakeUnitId,
      kind: 'withdraw',
      status: 'open',
      requestedAt: now,
      dueDay: await dueOf(d1, 'withdraw', now),
      reply: null,
      answeredAt: null,
      answeredBy: null,
    }),
  ];
  if (closes) {
    await applyTransition(
      env,
      { actor: 'citizen', staffId: null },
      c,
      { action: 'withdraw', reason: WITHDRAW_REASON },
      now,
      stmts,
    );
  } else {
    await batchWithAudit(d1, stmts, {
      actorId: null,
      action: 'rights.withdraw',
      targetType: 'case',
      targetId: c.id,
      detail: { by: 'reporter', continues: 'anonymous' },
    });
  }
  return { closed: closes, anonymous: !closes };
}

/** Yêu cầu xóa dữ liệu: a request intake decides (one open at a time; asking again returns it). */
export async function requestDeletion(env: Env, c: CaseRow, now = Date.now()) {
  const d1 = env.DB;
  const open = await q.selectOpenRequest(d1, c.id, 'delete');
  if (open) return publicRequest(open);
  const row: q.RequestRow = {
    id: newId(now),
    caseId: c.id,
    intakeUnitId: c.intakeUnitId,
    kind: 'delete',
    status: 'open',
    requestedAt: now,
    dueDay: await dueOf(d1, 'delete', now),
    reply: null,
    answeredAt: null,
    answeredBy: null,
  };
  await batchWithAudit(d1, [q.insertRequestStatement(d1, row)], {
    actorId: null,
    action: 'rights.delete_request',
    targetType: 'case',
    targetId: c.id,
    detail: { by: 'reporter', requestId: row.id },
  });
  return publicRequest(row);
}

/** Hàng đợi yêu cầu: intake's requests of a Front unit subtree, with the response day and time left. */
export async function requestQueue(
  env: Env,
  staff: StaffSession | undefined,
  f: { unitId: string; status?: DataRequestStatus },
  now = Date.now(),
) {
  const d1 = env.DB;
  const unit = await getUnit(d1, f.unitId);
  if (!unit) throw new AppError('not_found', { what: 'unit' });
  authorize(staff, ['case_intake'], unit.path);
  const [lo, hi] = subtreeBounds(unit.path);
  const [rows, map, cal] = await Promise.all([
    q.selectQueue(d1, { lo, hi, status: f.status ?? null, limit: 200 }),
    rules(d1),
    calendar(d1),
  ]);
  const today = vnDay(now);
  return {
    requests: rows.map((r) => {
      const rule = map.get(r.kind);
      const open = r.status === 'open';
      return {
        ...r,
        working: !!rule?.working,
        basis: rule?.basis ?? null,
        daysLeft: open ? timeLeft(today, r.dueDay, !!rule?.working, cal) : null,
        overdue: open && today > r.dueDay,
      };
    }),
  };
}

/**
 * Trả lời yêu cầu: intake of the case's Front unit answers (`done` or `refused`, with a reply the
 * reporter reads). A deletion done removes the identity and the evidence files; an open case that
 * needs identity (complaint, denunciation, petition) is a legal hold: refuse it, or the reporter
 * withdraws consent to close it.
 * @throws 403, 404, 409 request_answered / legal_hold, 400 reply_required
 */
export async function answerRequest(
  env: Env,
  staff: StaffSession | undefined,
  id: string,
  input: { decision: 'done' | 'refused'; reply?: string },
  now = Date.now(),
) {
  const d1 = env.DB;
  const req = await q.selectRequest(d1, id);
  if (!req) throw new AppError('not_found', { what: 'request' });
  const { c, actors } = await loadCase(d1, staff, req.caseId);
  if (!actors.includes('intake')) throw new AppError('forbidden');
  if (req.status !== 'open') throw new AppError('request_answered');
  const reply = input.reply?.trim().slice(0, 4000) ?? '';
  if (input.decision === 'refused' && !reply) {
    throw new AppError('reply_required');
  }
  const deletes = req.kind === 'delete' && input.decision === 'done';
  if (deletes && c.kind !== 'feedback' && c.status !== 'closed') {
    throw new AppError('legal_hold');
  }
  const text =
    reply ||
    (deletes
      ? 'Đã xóa thông tin cá nhân và tệp đính kèm của bạn.'
      : req.kind === 'correct'
        ? 'Đã ghi nhận thông tin liên hệ mới.'
        : 'Đã ghi nhận.');
  const stmts = [q.answerRequestStatement(d1, id, input.decision, text, staff!.userId, now)];
  let files: string[] = [];
  if (deletes) {
    const r = await q.selectOwnResponse(d1, c.responseId);
    files = r ? fileKeys(JSON.parse(r.definition), JSON.parse(r.data)) : [];
    stmts.push(q.dropIdentityStatement(d1, c.responseId));
  }
  await batchWithAudit(d1, stmts, {
    actorId: staff!.userId,
    action: 'rights.answer',
    targetType: 'case',
    targetId: c.id,
    detail: { requestId: id, kind: req.kind, decision: input.decision, files: files.length },
  }).catch((e) => {
    if (violates(e, 'data_requests_status')) throw new AppError('request_answered');
    throw e;
  });
  // Objects go once the decision is stored (a failed delete leaves an unreachable object for the
  // retention job, never a request marked open with its files gone).
  if (files.length) await env.FILES.delete(files);
  return { id, status: input.decision, reply: text };
}

/** The response periods (administrators on a root unit). */
export async function listRequestRules(env: Env, staff: StaffSession | undefined) {
  authorizeRoot(staff, ['admin']);
  const map = await rules(env.DB);
  return { rules: [...map.values()] };
}

/** Changes a response period (administrators on a root unit), audited with the new values. */
export async function putRequestRule(
  env: Env,
  staff: StaffSession | undefined,
  kind: Exclude<DataRequestKind, 'access'>,
  input: { days: number; working: boolean; basis: string },
) {
  const s = authorizeRoot(staff, ['admin']);
  const rule: q.RuleRow = { kind, days: input.days, working: input.working, basis: input.basis };
  await batchWithAudit(env.DB, [q.putRuleStatement(env.DB, rule, Date.now())], {
    actorId: s.userId,
    action: 'rights.rule.update',
    targetType: 'data_request_rule',
    targetId: kind,
    detail: input,
  });
  return rule;
}
