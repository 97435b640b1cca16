/**
 * Phản hồi: the submission pipeline, shared by the JSON API and the no-JavaScript HTML post, and
 * the public receipt lookup. One D1 batch per submission; the database enforces the cap and the
 * idempotency key, so concurrent submissions and client retries need no locks.
 */
import { caseIntakeStatements, refuseAnonymousPetition } from '../cases/intake';
import { constraintViolation } from '../db/constraints';
import type { Env } from '../env';
import { type Answers, allQuestions, type FormDefinition } from '../forms/engine/definition';
import { answerRows, attributedUnit, rollupKeys, validateAnswers } from '../forms/engine/logic';
import { assertOpen, type PublishedForm, publishedFormForSubmission } from '../forms/service';
import { AppError, type FieldError, fieldError } from '../lib/errors';
import { fold } from '../lib/i18n';
import { newId, newReceiptCode, parseReceiptCode } from '../lib/ids';
import { checkClientKey, type LookupClient, lookupLimits } from '../lib/limits';
import { vnDay } from '../lib/time';
import { pickedNames } from '../org/picked-names';
import { consentRecordOf, consentStatements } from './consent';
import { checkIdentity, sealIdentity, verifyTurnstile } from './identity';
import * as q from './queries';

/** What a submission needs besides the slug; the HTML post and the JSON API both fill it. */
export interface SubmissionInput {
  answers: unknown;
  identity?: unknown;
  consentAccepted?: boolean;
  lang: 'vi' | 'en';
  /** Client-chosen, 8–100 chars [A-Za-z0-9_-]; a retry with the same key returns the same receipt. */
  idempotencyKey: string;
  /** A random token the device keeps; the rate limit is per form × device. */
  deviceKey?: string;
  ip?: string;
  /** The hidden honeypot field: non-empty means a bot. */
  honeypot?: string;
  turnstileToken?: string;
  /** Set by the pipeline once the token verified in this request (never by a caller). */
  turnstilePassed?: boolean;
}

export interface SubmissionResult {
  receiptCode: string;
  responseId: string;
  /** True when this key was already stored: nothing new was written. */
  replayed: boolean;
  /** The form's kind: case channels (feedback, petition) also have a tracking PIN. */
  formKind: string;
}

/** Answers nest at most two levels (likert: question → row → column); deeper input is refused early. */
const MAX_ANSWER_DEPTH = 4;
/** Search text kept per response (folded, text answers only). */
const SEARCH_TEXT_MAX = 4000;

function tooDeep(x: unknown, depth: number): boolean {
  if (x === null || typeof x !== 'object') return false;
  if (depth >= MAX_ANSWER_DEPTH) return true;
  return Object.values(x).some((y) => tooDeep(y, depth + 1));
}

/**
 * The two limiter calls every submission makes (also timed alone by the load benchmark's
 * `POST /api/bench/limits`, decision 135).
 * @throws AppError 429 rate_limited
 */
export async function submissionLimits(
  env: Env,
  slug: string,
  input: Pick<SubmissionInput, 'deviceKey' | 'ip'>,
) {
  // Per device: carrier NAT puts many citizens behind one IP, so the IP limit is only a generous
  // flood ceiling (wrangler.toml), never the main control. Both are asked at once.
  const [device, ip] = await Promise.all([
    input.deviceKey ? env.RL_DEVICE.limit({ key: `${slug}:${input.deviceKey}` }) : { success: true },
    input.ip ? env.RL_IP.limit({ key: `submit:${input.ip}` }) : { success: true },
  ]);
  if (!device.success || !ip.success) throw new AppError('rate_limited');
}

/**
 * Checks unit- and person-picker answers name rows that exist (and, for units, an allowed kind),
 * and that file answers are evidence uploaded for THIS form (key prefix `f/<formId>/`, object
 * present): the engine is pure and cannot know, and a rollup under a made-up unit id would be garbage.
 */
async function checkReferences(env: Env, formId: string, def: FormDefinition, answers: Answers) {
  const questions = allQuestions(def);
  const picked = await pickedNames(env.DB, questions, [answers]);
  const files: [string, string][] = [];
  const fields: FieldError[] = [];
  for (const qn of questions) {
    const a = answers[qn.id];
    if (qn.type === 'file' && Array.isArray(a)) for (const k of a) files.push([qn.id, k]);
    if (typeof a !== 'string') continue;
    const kind = picked.unitKinds.get(a);
    if (qn.type === 'unit_picker' && (!kind || (qn.kinds?.length && !qn.kinds.includes(kind))))
      fields.push(
        fieldError(`answers.${qn.id}`, 'unknown_unit', {
          vi: 'Đơn vị không hợp lệ.',
          en: 'Not a valid unit.',
        }),
      );
    if (qn.type === 'person_picker' && !picked.people.has(a))
      fields.push(
        fieldError(`answers.${qn.id}`, 'unknown_person', {
          vi: 'Người được chọn không hợp lệ.',
          en: 'Not a valid person.',
        }),
      );
  }
  if (files.length) {
    const prefix = `f/${formId}/`;
    const present = await Promise.all(
      files.map(async ([, k]) => k.startsWith(prefix) && (await env.FILES.head(k)) !== null),
    );
    files.forEach(([qid, k], i) => {
      if (!present[i]) {
        fields.push(
          fieldError(`answers.${qid}`, 'unknown_file', {
            vi: `Không tìm thấy tệp đã tải lên: ${k}.`,
            en: `No such uploaded file: ${k}.`,
          }),
        );
      }
    });
  }
  if (fields.length) throw new AppError('validation_failed', fields);
}

/** Folded free text of a response for staff search: text answers only, never identity. */
function searchTextOf(def: FormDefinition, answers: Answers): string {
  const parts: string[] = [];
  for (const qn of allQuestions(def)) {
    const a = answers[qn.id];
    if (typeof a === 'string' && (qn.type === 'short_text' || qn.type === 'long_text')) parts.push(fold(a));
  }
  return parts.join('\n').slice(0, SEARCH_TEXT_MAX);
}

/** The batch's guard failed: the cached form changed since it was read (decision 134). */
class StaleForm extends Error {}

/**
 * Checks a submission against the open form and builds its rows; `null` for a filled honeypot.
 * Throws the AppError a refused submission gets (closed, full, Turnstile, validation).
 */
async function prepareSubmission(
  env: Env,
  { form, def }: PublishedForm,
  input: SubmissionInput,
  now: number,
): Promise<q.SubmissionRows | null> {
  assertOpen(form, now);
  if (input.honeypot?.trim()) return null;
  // Once per request: a second attempt after a failed guard must not spend the single-use token again.
  if (form.turnstile && !input.turnstilePassed) {
    await verifyTurnstile(env, input.turnstileToken, input.ip);
    input.turnstilePassed = true;
  }

  // Tố cáo nặc danh: an anonymous petition gets the law's explanation and the feedback channel.
  await refuseAnonymousPetition(env.DB, form.kind, input.identity, now);
  if (tooDeep(input.answers, 1)) {
    throw new AppError('validation_failed', [
      fieldError('answers', 'too_deep', {
        vi: 'Câu trả lời không hợp lệ.',
        en: 'Answers are nested too deeply.',
      }),
    ]);
  }
  const checked = validateAnswers(def, input.answers);
  if (!checked.ok) throw new AppError('validation_failed', checked.errors);
  const answers = checked.answers;
  const { identity, consentVersion } = checkIdentity(def, input.identity, input.consentAccepted);
  await checkReferences(env, form.id, def, answers);
  // The accepted consent text, only when identity is given (decision 266).
  const consent = identity ? await consentRecordOf(def) : null;

  const responseId = newId(now);
  const unitId = attributedUnit(def, answers) ?? form.ownerUnitId;
  return {
    responseId,
    formId: form.id,
    versionId: form.currentVersionId!,
    formUpdatedAt: form.updatedAt,
    unitId,
    receiptCode: newReceiptCode(),
    idempotencyKey: input.idempotencyKey,
    lang: input.lang,
    data: JSON.stringify(answers),
    identitySealed: identity ? await sealIdentity(env, identity, responseId) : null,
    consentVersion,
    consentHash: consent?.hash ?? null,
    searchText: searchTextOf(def, answers),
    submittedAt: now,
    day: vnDay(now),
    answerRows: answerRows(def, answers).map((r) => [r.questionId, r.item, r.value, r.num]),
    rollups: rollupKeys(def, answers).map((k) => [k.questionId, k.item, k.option, k.num]),
    // Case channels (feedback, petition): the case rides in the same batch (worker/cases/intake.ts).
    extra: [
      ...consentStatements(env.DB, consent, now),
      ...(await caseIntakeStatements(env, {
        formId: form.id,
        formKind: form.kind,
        ownerUnitId: form.ownerUnitId,
        definition: def,
        answers,
        responseId,
        responseUnitId: unitId,
        now,
      })),
    ],
  };
}

/**
 * Gửi ý kiến: validates and stores one submission of the form's current version, atomically.
 *
 * A replay of an acknowledged key returns its receipt, even if the form has since closed or filled
 * up, or the retry can no longer pass a check (a spent Turnstile token). The key is looked up only
 * on those unusual paths — a refusal, a filled honeypot, or the batch failing on UNIQUE(form_id,
 * idempotency_key) — so a first submission costs one batch (decision 131), plus one form read when
 * the isolate has not seen the form in the last minute (decision 134). A filled honeypot gets a
 * plausible receipt and nothing is stored.
 * @throws AppError 400 validation_failed (paths `answers.<qid>`, `identity.<field>`, `idempotencyKey`),
 *   404 not_found, 409 form_not_open / form_closed / form_full / form_changed, 429 rate_limited, 403 turnstile_failed
 * @example await submitResponse(env, 'gop-y', { answers, lang: 'vi', idempotencyKey: key })
 */
export async function submitResponse(
  env: Env,
  slug: string,
  input: SubmissionInput,
  now = Date.now(),
): Promise<SubmissionResult> {
  checkClientKey(input.idempotencyKey, 'idempotencyKey', true);
  checkClientKey(input.deviceKey, 'deviceKey', false);
  // The limits and the form do not depend on each other: one wait instead of two.
  const [, published] = await Promise.all([
    submissionLimits(env, slug, input),
    publishedFormForSubmission(env.DB, slug, now),
  ]);
  try {
    return await submitTo(env, published, input, now);
  } catch (err) {
    // A failed guard, or any refusal based on a form from isolate memory, is decided again against
    // the form as it is now (the unusual path: a first submission to an unchanged form never is).
    if (!(err instanceof StaleForm || (published.cached && err instanceof AppError))) throw err;
  }
  const current = await publishedFormForSubmission(env.DB, slug, now, true);
  try {
    return await submitTo(env, current, input, now);
  } catch (err) {
    if (!(err instanceof StaleForm)) throw err;
    // Changed again between this read and its batch. A stored key still gets its receipt;
    // otherwise the citizen sends again (the page keeps the answers; nothing was stored).
    const stored = await q.findByIdempotencyKey(env.DB, current.form.id, input.idempotencyKey);
    if (stored)
      return {
        receiptCode: stored.receiptCode,
        responseId: stored.id,
        replayed: true,
        formKind: current.form.kind,
      };
    throw new AppError('form_changed');
  }
}

/** One attempt against one reading of the form; StaleForm when the batch's guard fails. */
async function submitTo(
  env: Env,
  published: PublishedForm,
  input: SubmissionInput,
  now: number,
): Promise<SubmissionResult> {
  const { form } = published;
  const replay = async (): Promise<SubmissionResult | null> => {
    const stored = await q.findByIdempotencyKey(env.DB, form.id, input.idempotencyKey);
    return stored
      ? { receiptCode: stored.receiptCode, responseId: stored.id, replayed: true, formKind: form.kind }
      : null;
  };
  let rows: q.SubmissionRows | null;
  try {
    rows = await prepareSubmission(env, published, input, now);
  } catch (err) {
    if (err instanceof AppError) {
      const stored = await replay();
      if (stored) return stored;
    }
    throw err;
  }
  // Bots get the same answer as people (a receipt), so they learn nothing; the receipt resolves
  // to nothing because nothing is stored.
  if (!rows)
    return (
      (await replay()) ?? {
        receiptCode: newReceiptCode(),
        responseId: newId(now),
        replayed: false,
        formKind: form.kind,
      }
    );
  for (let attempt = 0; ; attempt++) {
    try {
      await q.insertSubmission(env.DB, rows);
      return {
        receiptCode: rows.receiptCode,
        responseId: rows.responseId,
        replayed: false,
        formKind: form.kind,
      };
    } catch (err) {
      const violated = constraintViolation(err)?.name;
      // The guard: the form closed, was republished or changed its settings since it was read.
      // SQLite reports NOT NULL before UNIQUE, so a replay of a stored key also lands here.
      if (violated === 'responses.version_id') throw new StaleForm();
      if (violated === 'form_quota_cap' || violated === 'responses_idem_uq') {
        // A concurrent request with the same key may have won the race (and possibly taken the
        // last place under the cap, which fails our batch first): answer with its receipt.
        const winner = await replay();
        if (winner) return winner;
        if (violated === 'form_quota_cap') throw new AppError('form_full');
      }
      // 60 random bits make a receipt collision near impossible; one retry with a new code.
      if (violated === 'responses_receipt_uq' && attempt === 0) {
        rows.receiptCode = newReceiptCode();
        continue;
      }
      throw err;
    }
  }
}

/**
 * Tra cứu biên nhận: the status of a receipt. Counted per client first (`lookupLimits`: device key,
 * address ceiling), a wrong check character included; an invalid code is refused before any
 * database read; one address's lookups of one code have their own limit too (RL_AUTH, 10 a minute).
 * @throws AppError 400 invalid_receipt / validation_failed (device key), 429 rate_limited, 404 not_found
 */
export async function lookupReceipt(
  env: Env,
  code: string,
  opts: LookupClient & { lang?: 'vi' | 'en' } = {},
) {
  await lookupLimits(env, opts);
  const canonical = parseReceiptCode(code);
  if (!canonical) {
    throw new AppError('invalid_receipt');
  }
  // One address asking about one code over and over (a stuck page reloading): 10 a minute.
  const limited = await env.RL_AUTH.limit({ key: `receipt:${opts.ip ?? 'noip'}:${canonical}` });
  if (!limited.success) throw new AppError('rate_limited');
  const row = await q.findReceipt(env.DB, canonical, opts.lang ?? 'vi');
  if (!row) throw new AppError('not_found', { what: 'receipt' });
  return {
    receiptCode: row.receiptCode,
    status: row.status,
    submittedAt: row.submittedAt,
    formTitle: row.formTitle,
  };
}
