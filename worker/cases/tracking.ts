/**
 * Theo dõi: the reporter follows a case with its receipt code and a 6-digit PIN.
 *
 * The PIN is stored sealed by the keyring (worker/cases/pin.ts, decision 252; older cases keep the
 * nonce it is derived from, decision 142): a database leak alone cannot test PINs offline, a retry
 * of the same submission (idempotency key) shows the same PIN again, and key rotation keeps it.
 * Lookups: counted per client as receipt lookups are (`lookupLimits`: the device key, the generous
 * RL_IP ceiling per address — one carrier IP serves many citizens: ENGINEERING.md — a wrong check
 * character included); wrong PINs: RL_AUTH per code (10 a minute) and a per-case counter that locks
 * tracking for an hour after `pin_lock_after` misses. Unknown code, wrong PIN and locked all answer
 * the same 404.
 */

import { batchWithAudit } from '../audit/service';
import type { StaffSession } from '../auth/service';
import { violates } from '../db/constraints';
import type { CaseStatus } from '../db/schema';
import type { Env } from '../env';
import { isCaseChannel } from '../forms/service';
import { safeEqual } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { type Lang, type LocalText, t } from '../lib/i18n';
import { parseReceiptCode } from '../lib/ids';
import { type LookupClient, lookupLimits } from '../lib/limits';
import { vnDay } from '../lib/time';
import { timeLeft } from './clock';
import { calendar, ruleFor } from './config';
import { selectSettings } from './config-queries';
import { newPin, pinOf } from './pin';
import * as q from './queries';
import type { PinCheck } from './schema';
import { applyTransition, loadCase } from './service';
import { unsealIdentity } from './views';

/** Lock length after too many wrong PINs. */
export const PIN_LOCK_MS = 3600_000;

/** The PIN of a case from its stored `pin_nonce` (see worker/cases/pin.ts). */
export const pinFor = pinOf;

/**
 * The PIN of the case created from a response, or null when the response is not a case. Forms
 * that are not case channels answer without a database read (the submission hot path).
 */
export async function casePinForResponse(
  env: Env,
  submission: { responseId: string; formKind: string },
): Promise<string | null> {
  if (!isCaseChannel(submission.formKind)) return null;
  const c = await q.selectCaseByResponse(env.DB, submission.responseId);
  return c ? pinFor(env, c.id, c.pinNonce) : null;
}

/**
 * Checks code + PIN and returns the case. Every failure is the same 404 (no enumeration).
 * @throws AppError 400 invalid_receipt (bad check character) / validation_failed (device key),
 *   404 case_not_found, 429 rate_limited
 */
export async function authenticateTracking(
  env: Env,
  code: string,
  pin: string,
  client: LookupClient,
  now = Date.now(),
) {
  await lookupLimits(env, client);
  const canonical = parseReceiptCode(code);
  if (!canonical) {
    throw new AppError('invalid_receipt');
  }
  const byCode = await env.RL_AUTH.limit({ key: `track:code:${canonical}` });
  if (!byCode.success) throw new AppError('rate_limited');
  const c = await q.selectCaseByReceipt(env.DB, canonical);
  if (!c) throw new AppError('case_not_found');
  if (c.pinLockedUntil && c.pinLockedUntil > now) throw new AppError('case_not_found');
  const expected = await pinFor(env, c.id, c.pinNonce);
  if (!/^\d{6}$/.test(pin) || !safeEqual(expected, pin)) {
    const settings = await selectSettings(env.DB);
    await q.pinFailureStatement(env.DB, c.id, settings.pinLockAfter, PIN_LOCK_MS, now).run();
    throw new AppError('case_not_found');
  }
  if (c.pinFailures > 0) await q.pinSuccessStatement(env.DB, c.id).run();
  return c;
}

/**
 * The tracked case as it stands now: read again after the reporter acted on it (rated, reopened,
 * corrected contact details …), keeping what the lookup by receipt added.
 */
export async function reloadTracked<T extends { id: string }>(env: Env, c: T): Promise<T & q.CaseRow> {
  return { ...c, ...(await q.selectCase(env.DB, c.id))! };
}

/** The reporter detail each check compares with (none for the receipt code shown in person). */
const PIN_CHECK_NEEDS: Record<PinCheck, 'phone' | 'name' | null> = {
  receipt_shown: null,
  call_back: 'phone',
  id_document: 'name',
};

/**
 * Cấp lại mã PIN: the reporter lost the PIN and asks the Front's intake. Intake only. How the
 * person was checked is a closed choice, not free text: a note could carry the reporter's name or
 * number onto the case, which the handling body reads. `call_back` needs the number the reporter
 * left and `id_document` their name (unsealed here, intake only, the reset audited), so an
 * anonymous case admits only `receipt_shown`.
 * A new nonce is a new PIN: the old one stops working and any lock is lifted. The PIN is returned
 * once (never stored, never logged); the audit log gets `case.pin_reset` with the check. Nothing
 * goes on the case timeline, which the handling body sees.
 * @throws AppError 403 forbidden (not intake), 404 not_found, 409 pin_check_needs_contact
 */
export async function resetPin(
  env: Env,
  staff: StaffSession | undefined,
  id: string,
  checkedBy: PinCheck,
): Promise<{ pin: string }> {
  const { c, actors } = await loadCase(env.DB, staff, id);
  if (!actors.includes('intake')) throw new AppError('forbidden');
  // A check against the reporter's details needs those details: a number to call back, a name to
  // compare an ID with. Without them only the receipt code shown in person is left.
  const needs = PIN_CHECK_NEEDS[checkedBy];
  if (needs && !(await unsealIdentity(env, c.responseId))?.[needs]?.trim()) {
    throw new AppError(`pin_check_needs_contact:${needs}`);
  }
  const next = await newPin(env, c.id);
  await batchWithAudit(env.DB, [q.pinResetStatement(env.DB, c.id, next.stored)], {
    actorId: staff!.userId,
    action: 'case.pin_reset',
    targetType: 'case',
    targetId: c.id,
    detail: { checkedBy },
  });
  return { pin: next.pin };
}

/** Status names the reporter sees (a screened case simply reads "received"). */
const PUBLIC_STATUS: Record<CaseStatus, CaseStatus> = {
  received: 'received',
  prescreening: 'received',
  classified: 'classified',
  forwarded: 'forwarded',
  in_progress: 'in_progress',
  answered: 'answered',
  closed: 'closed',
};

/**
 * What the reporter sees: status, deadline, public timeline, the answer, and what they may do;
 * the form's title in the reader's language.
 */
export async function publicView(
  env: Env,
  c: q.CaseRow & { receiptCode: string; formTitle: LocalText },
  lang: Lang,
  now = Date.now(),
) {
  const d1 = env.DB;
  const [events, settings, rule, cal] = await Promise.all([
    q.selectEvents(d1, c.id, true),
    selectSettings(d1),
    ruleFor(d1, c.kind),
    calendar(d1),
  ]);
  const due = c.resolveDue ?? c.acceptDue;
  const since = c.closedAt ?? c.answeredAt;
  const canReopen =
    (c.status === 'answered' || c.status === 'closed') &&
    !!c.answeredAt &&
    !!c.bodyUnitId &&
    c.closure !== 'duplicate' &&
    c.closure !== 'not_competent' &&
    since !== null &&
    now - since <= settings.reopenDays * 86_400_000;
  const running = !['answered', 'closed'].includes(c.status);
  return {
    receiptCode: c.receiptCode,
    formTitle: t(c.formTitle, lang),
    kind: c.kind,
    status: PUBLIC_STATUS[c.status],
    closure: c.closure,
    receivedAt: c.receivedAt,
    due: running ? due : null,
    daysLeft:
      running && due
        ? timeLeft(vnDay(now), due, c.resolveDue ? rule.resolveWorking : rule.acceptWorking, cal)
        : null,
    /** `daysLeft` counts working days (the rule says so): the page writes "ngày làm việc". */
    workingDays: c.resolveDue ? rule.resolveWorking : rule.acceptWorking,
    answer: c.answer,
    answeredAt: c.answeredAt,
    rating: c.rating,
    canRate: (c.status === 'answered' || c.status === 'closed') && !!c.answer,
    canReopen,
    reopenUntil: canReopen && since !== null ? since + settings.reopenDays * 86_400_000 : null,
    timeline: events.map((e) => ({
      at: e.at,
      type: e.type,
      toStatus: e.toStatus ? (PUBLIC_STATUS[e.toStatus as CaseStatus] ?? e.toStatus) : null,
      body: e.body,
    })),
  };
}

/**
 * Đánh giá: the reporter rates the answer 1–5 (again replaces the rating).
 * @throws AppError 400 invalid_rating (not an integer 1–5), 409 nothing_to_rate
 */
export async function rateAnswer(
  env: Env,
  c: q.CaseRow,
  rating: number,
  comment: string | undefined,
  now = Date.now(),
) {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
    throw new AppError('invalid_rating');
  }
  if (!c.answer || !(c.status === 'answered' || c.status === 'closed')) {
    throw new AppError('nothing_to_rate');
  }
  const d1 = env.DB;
  await batchWithAudit(
    d1,
    [
      q.transitionStatement(d1, c.id, c.version, c.status, { rating }, now),
      q.eventStatement(d1, {
        id: crypto.randomUUID(),
        caseId: c.id,
        at: now,
        actorId: null,
        actorKind: 'citizen',
        type: 'rating',
        fromStatus: null,
        toStatus: null,
        visibility: 'public',
        body: comment?.trim() ? comment.trim() : null,
        detail: JSON.stringify({ rating }),
      }),
    ],
    { actorId: null, action: 'case.rate', targetType: 'case', targetId: c.id, detail: { rating } },
  ).catch((e) => {
    if (violates(e, 'cases_status')) throw new AppError('case_changed');
    throw e;
  });
}

/**
 * Mở lại: the reporter reopens within the window (the lifecycle decides if it may), with a reason.
 * @throws AppError 400 reason_required, and the transition's errors
 */
export async function reopenByReporter(env: Env, c: q.CaseRow, reason: string, now = Date.now()) {
  const why = reason.trim().slice(0, 4000);
  if (!why) throw new AppError('reason_required');
  return applyTransition(env, { actor: 'citizen', staffId: null }, c, { action: 'reopen', reason: why }, now);
}
