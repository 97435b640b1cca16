/**
 * Tiếp nhận: the hook the submission pipeline calls for forms of kind `feedback` and `petition`.
 * It returns the statements that create the case, which the pipeline runs IN THE SAME BATCH as
 * the response: no acknowledged submission without its case, no case without its response.
 */
import type { CaseKind, CaseStatus } from '../db/schema';
import type { Env } from '../env';
import { type Answers, allQuestions, type FormDefinition } from '../forms/engine/definition';
import { isCaseChannel } from '../forms/service';
import { ANONYMOUS_PETITION } from '../lib/error-codes';
import { AppError, errorMessages } from '../lib/errors';
import { newId } from '../lib/ids';
import { vnDay } from '../lib/time';
import { acceptanceDue } from './clock';
import { calendar, ruleFor } from './config';
import { outboxStatement } from './job-queries';
import { newPin } from './pin';
import * as q from './queries';
import { webhookPayload } from './webhooks';

/** Question id a petition form may use to let the citizen say what the letter is. */
export const PETITION_KIND_QUESTION = 'loai_don';
const PETITION_KINDS: readonly CaseKind[] = ['complaint', 'denunciation', 'petition'];

/**
 * The refusal of an anonymous petition (400 `anonymous_petition`, field `identity`). The message
 * ends with the feedback channel's path as text, and the JSON error also carries it as
 * `feedbackPath`, so a page can make it a real link (`notice()`).
 */
export class AnonymousPetitionError extends AppError {
  constructor(readonly feedbackPath: string) {
    const message = errorMessages('anonymous_petition', { feedbackPath });
    super('anonymous_petition', { feedbackPath }, [
      { path: 'identity', code: 'anonymous_petition', message },
    ]);
  }

  override toBody(lang: 'vi' | 'en' = 'vi') {
    const body = super.toBody(lang);
    return { error: { ...body.error, feedbackPath: this.feedbackPath, notice: this.notice(lang) } };
  }

  /**
   * The refusal in parts for a page (the server's and the island's `FormNotice`): reason, the
   * lead-in sentence, the link's text and its target in the page's language.
   */
  notice(lang: 'vi' | 'en') {
    return {
      ...ANONYMOUS_PETITION[lang],
      href: lang === 'en' ? `${this.feedbackPath}?lang=en` : this.feedbackPath,
    };
  }
}

/**
 * Tố cáo nặc danh: the Law on Denunciations (2018, art. 25) does not process anonymous
 * denunciations. A petition without identity is refused with a plain explanation and the way to
 * the feedback channel (which accepts anonymous feedback), on the page and in the API error.
 * @throws AnonymousPetitionError 400 anonymous_petition (field `identity`)
 */
export async function refuseAnonymousPetition(
  d1: D1Database,
  formKind: string,
  identity: unknown,
  now = Date.now(),
): Promise<void> {
  if (formKind !== 'petition') return;
  const given =
    identity !== null &&
    typeof identity === 'object' &&
    Object.values(identity as Record<string, unknown>).some((x) => typeof x === 'string' && x.trim() !== '');
  if (given) return;
  const slug = await q.selectFeedbackSlug(d1, now);
  throw new AnonymousPetitionError(slug ? `/f/${slug}` : '/');
}

/** What the pipeline knows about the submission the case is created for. */
export interface IntakeInput {
  formId: string;
  formKind: string;
  ownerUnitId: string;
  definition: FormDefinition;
  answers: Answers;
  responseId: string;
  /** The unit the response counts for (a unit-picker answer, else the form's owner). */
  responseUnitId: string;
  now: number;
}

/** The subject (person / unit) named by the answers: the first person picker and unit picker. */
export function subjectOf(def: FormDefinition, answers: Answers) {
  let personId: string | null = null;
  let unitId: string | null = null;
  for (const qn of allQuestions(def)) {
    const a = answers[qn.id];
    if (typeof a !== 'string') continue;
    if (qn.type === 'person_picker' && !personId) personId = a;
    if (qn.type === 'unit_picker' && !unitId) unitId = a;
  }
  return { personId, unitId };
}

/** The case kind at intake: the petition form's `loai_don` answer when it names one, else the channel's. */
export function initialKind(formKind: string, answers: Answers): CaseKind {
  if (formKind === 'feedback') return 'feedback';
  const said = answers[PETITION_KIND_QUESTION];
  return typeof said === 'string' && (PETITION_KINDS as string[]).includes(said)
    ? (said as CaseKind)
    : 'petition';
}

/** Likert answers as per-person counter tuples, plus the response total ('*'). */
function personCounterRows(def: FormDefinition, answers: Answers): [string, string, string][] {
  const rows: [string, string, string][] = [['*', '', '']];
  for (const qn of allQuestions(def)) {
    const a = answers[qn.id];
    if (qn.type !== 'likert' || !a || typeof a !== 'object') continue;
    for (const [item, option] of Object.entries(a as Record<string, unknown>)) {
      if (typeof option === 'string') rows.push([qn.id, item, option]);
    }
  }
  return rows;
}

/**
 * The statements that create the case of a submission: the case row, its first timeline event,
 * the rollups (backlog, flow, per-person counts) and the `case.created` outbox rows.
 * Returns [] for forms that are not a case channel.
 */
export async function caseIntakeStatements(env: Env, input: IntakeInput): Promise<D1PreparedStatement[]> {
  if (!isCaseChannel(input.formKind)) return [];
  const d1 = env.DB;
  const kind = initialKind(input.formKind, input.answers);
  const subject = subjectOf(input.definition, input.answers);
  const day = vnDay(input.now);
  const [rule, cal, personUnit] = await Promise.all([
    ruleFor(d1, kind),
    calendar(d1),
    subject.personId ? q.personUnits(d1, subject.personId, day) : Promise.resolve([]),
  ]);
  // Anything naming a person is screened by intake before anyone else may see it.
  const status: CaseStatus = subject.personId ? 'prescreening' : 'received';
  const unitId = subject.unitId ?? personUnit[0]?.unitId ?? input.responseUnitId;
  const caseId = newId(input.now);
  const row = {
    id: caseId,
    responseId: input.responseId,
    formId: input.formId,
    channel: input.formKind,
    kind,
    status,
    closure: null,
    intakeUnitId: input.ownerUnitId,
    unitId,
    subjectPersonId: subject.personId,
    subjectUnitId: subject.unitId,
    field: null,
    severity: null,
    bodyUnitId: null,
    mergedIntoId: null,
    receivedAt: input.now,
    receivedDay: day,
    acceptedDay: null,
    acceptDue: acceptanceDue(day, rule, cal),
    resolveDue: null,
    extensionDays: 0,
    overdueSince: null,
    answeredAt: null,
    closedAt: null,
    answer: null,
    rating: null,
    reopenCount: 0,
    pinNonce: (await newPin(env, caseId)).stored,
    updatedAt: input.now,
  };
  const stmts = [
    q.insertCaseStatement(d1, row),
    q.eventStatement(
      d1,
      {
        id: newId(input.now),
        caseId,
        at: input.now,
        actorId: null,
        actorKind: 'citizen',
        type: 'created',
        fromStatus: null,
        toStatus: status,
        visibility: 'public',
        body: null,
        detail: null,
      },
      { kind, unitId },
    ),
    q.backlogStatement(d1, kind, status, unitId, 1),
    q.flowStatement(d1, kind, status, unitId, day),
    outboxStatement(d1, 'case.created', caseId, webhookPayload('case.created', row, input.now), input.now),
  ];
  if (subject.personId && kind === 'feedback') {
    stmts.push(
      q.personCountsStatement(d1, subject.personId, personCounterRows(input.definition, input.answers)),
    );
  }
  return stmts;
}
