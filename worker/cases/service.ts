/**
 * Xử lý vụ việc: transitions, notes and extensions. Every change is ONE batch: the guarded case
 * update (stale → the batch fails), the timeline event, the rollups (backlog −1/+1, flow, deadline
 * outcome), the webhook outbox rows and the audit row.
 */
import { batchWithAudit } from '../audit/service';
import { can, type StaffSession } from '../auth/service';
import { violates } from '../db/constraints';
import type { CaseKind, CaseStatus } from '../db/schema';
import type { Env } from '../env';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { vnDay } from '../lib/time';
import { isOverdue, resolutionDue } from './clock';
import { calendar, ruleFor } from './config';
import { selectSettings } from './config-queries';
import { outboxStatement } from './job-queries';
import { type Action, type Actor, INTAKE_ONLY, nextStatus } from './lifecycle';
import * as q from './queries';
import { type WebhookEvent, webhookPayload } from './webhooks';

export type { CaseRow } from './queries';

/** The roles a staff member acts in on this case: intake (Front scope) and/or handler (forwarded body). */
export function caseActors(staff: StaffSession, c: q.CaseRow, paths: Map<string, { path: string }>): Actor[] {
  const out: Actor[] = [];
  const intakePath = paths.get(c.intakeUnitId)?.path;
  if (intakePath && can(staff, ['case_intake'], intakePath)) out.push('intake');
  const bodyPath = c.bodyUnitId ? paths.get(c.bodyUnitId)?.path : undefined;
  if (bodyPath && !INTAKE_ONLY.includes(c.status) && can(staff, ['case_handler'], bodyPath))
    out.push('handler');
  return out;
}

/**
 * Loads a case the staff member may see, with the actors they act as. A case outside their reach
 * is 404 when they have no case role at all there, 403 otherwise — the matrix expects 403 for
 * a grant in the wrong subtree, and an unknown id is 404 for everyone.
 */
export async function loadCase(d1: D1Database, staff: StaffSession | undefined, id: string) {
  if (!staff) throw new AppError('unauthenticated');
  const c = await q.selectCase(d1, id);
  if (!c) throw new AppError('not_found', { what: 'case' });
  const paths = await q.unitPaths(d1, [c.intakeUnitId, ...(c.bodyUnitId ? [c.bodyUnitId] : [])]);
  const actors = caseActors(staff, c, paths);
  if (!actors.length) throw new AppError('forbidden');
  return { c, actors, paths };
}

/** Transition input, by action (validated at the edge by `TransitionBody`). */
export type TransitionInput =
  | {
      action: 'classify';
      kind: CaseKind;
      field?: string | null;
      severity?: string | null;
      subjectPersonId?: string | null;
      subjectUnitId?: string | null;
      note?: string;
    }
  | { action: 'forward'; bodyUnitId: string; note?: string }
  | { action: 'start'; note?: string }
  | { action: 'answer'; answer: string }
  | { action: 'return'; reason: string }
  | {
      action: 'close';
      closure: 'resolved' | 'not_competent' | 'duplicate' | 'insufficient_info';
      note?: string;
    }
  | { action: 'merge'; intoId: string; note?: string }
  | { action: 'reopen'; reason: string }
  /** The reporter withdrew consent on a case that needs identity (worker/rights): closed, reason public. */
  | { action: 'withdraw'; reason: string };

const EVENT_OF: Partial<Record<Action, WebhookEvent>> = {
  forward: 'case.forwarded',
  answer: 'case.answered',
};

/**
 * The case a submission opened, or null. Not authorised: for the caller that made the submission
 * and now moves its case in a role's name (the demo seed).
 */
export async function caseOfResponse(d1: D1Database, responseId: string) {
  return q.selectCaseByResponse(d1, responseId);
}

/** `applyTransition` on the case `id` as it is now (404 when there is none). */
export async function transitionCase(env: Env, who: Performer, id: string, input: TransitionInput) {
  const c = await q.selectCase(env.DB, id);
  if (!c) throw new AppError('not_found', { what: 'case' });
  return applyTransition(env, who, c, input);
}

/** Who performs a transition: a staff member in a role, or the reporter. */
export interface Performer {
  actor: Actor;
  staffId: string | null;
}

/**
 * Applies one transition, atomically. `c` is the row as read; the batch applies only if nobody
 * changed it since (else 409 case_changed).
 * @throws AppError 409 transition_not_allowed / case_changed, 422 case_invalid
 */
export async function applyTransition(
  env: Env,
  who: Performer,
  c: q.CaseRow,
  input: TransitionInput,
  now = Date.now(),
  /** Statements of the caller that belong to the same atomic change (worker/rights). */
  extra: D1PreparedStatement[] = [],
): Promise<q.CaseRow> {
  const d1 = env.DB;
  const to = nextStatus(input.action, c.status, who.actor);
  if (!to) throw new AppError('transition_not_allowed', { action: input.action, status: c.status });
  const today = vnDay(now);
  const changes: q.CaseChanges = {};
  let kind: CaseKind = c.kind;
  let unitId = c.unitId;
  let publicBody: string | null = null;
  let internalBody: string | null = null;
  let outcome: string | null = null;

  switch (input.action) {
    case 'classify': {
      kind = input.kind;
      const personId = input.subjectPersonId === undefined ? c.subjectPersonId : input.subjectPersonId;
      const subjUnit = input.subjectUnitId === undefined ? c.subjectUnitId : input.subjectUnitId;
      if (personId && !(await q.selectPerson(d1, personId))) {
        throw new AppError('case_invalid:no_person');
      }
      if (subjUnit && !(await q.unitPaths(d1, [subjUnit])).size) {
        throw new AppError('case_invalid:no_unit');
      }
      const personUnit = personId ? (await q.personUnits(d1, personId, today))[0]?.unitId : undefined;
      unitId = subjUnit ?? personUnit ?? c.unitId;
      const acceptedDay = c.acceptedDay ?? today;
      const [rule, cal] = await Promise.all([ruleFor(d1, kind), calendar(d1)]);
      Object.assign(changes, {
        kind,
        unitId,
        subjectPersonId: personId,
        subjectUnitId: subjUnit,
        field: input.field === undefined ? c.field : input.field,
        severity: input.severity === undefined ? c.severity : input.severity,
        acceptedDay,
        resolveDue: resolutionDue(acceptedDay, rule, cal, c.extensionDays),
        // Accepted: the acceptance clock stops; the resolution clock may be overdue afresh.
        overdueSince: null,
      });
      internalBody = input.note ?? null;
      break;
    }
    case 'forward': {
      const body = await q.unitPaths(d1, [input.bodyUnitId]);
      if (!body.size) throw new AppError('case_invalid:no_body');
      changes.bodyUnitId = input.bodyUnitId;
      publicBody = body.get(input.bodyUnitId)!.name;
      internalBody = input.note ?? null;
      break;
    }
    case 'start':
      internalBody = input.note ?? null;
      break;
    case 'answer':
      changes.answer = input.answer;
      changes.answeredAt = now;
      publicBody = input.answer;
      outcome = isOverdue(today, c.resolveDue) ? 'late' : 'on_time';
      break;
    case 'return':
      changes.bodyUnitId = null;
      internalBody = input.reason;
      break;
    case 'close':
      if (input.closure === 'resolved' && !c.answeredAt) {
        throw new AppError('case_invalid:resolved_unanswered');
      }
      if (input.closure === 'duplicate') {
        throw new AppError('case_invalid:duplicate');
      }
      changes.closure = input.closure;
      changes.closedAt = now;
      internalBody = input.note ?? null;
      break;
    case 'merge': {
      if (input.intoId === c.id) throw new AppError('case_invalid:merge_self');
      const target = await q.selectCase(d1, input.intoId);
      if (!target || target.mergedIntoId || target.intakeUnitId !== c.intakeUnitId) {
        throw new AppError('case_invalid:merge_target');
      }
      changes.closure = 'duplicate';
      changes.mergedIntoId = target.id;
      changes.closedAt = now;
      internalBody = input.note ?? null;
      break;
    }
    case 'reopen': {
      const settings = await selectSettings(d1);
      const since = c.closedAt ?? c.answeredAt;
      if (!c.answeredAt || !c.bodyUnitId || c.closure === 'duplicate' || c.closure === 'not_competent') {
        throw new AppError('case_invalid:not_reopenable');
      }
      if (since !== null && now - since > settings.reopenDays * 86_400_000) {
        throw new AppError('reopen_window_passed', { days: settings.reopenDays });
      }
      // A new handling period from today (the old due day has passed or is near): the rule's full
      // resolution time, extensions start again, any overdue flag goes. `accepted_day` is the start
      // of the current period; the first acceptance stays on the timeline (the classify event).
      const [rule, cal] = await Promise.all([ruleFor(d1, c.kind), calendar(d1)]);
      Object.assign(changes, {
        closure: null,
        closedAt: null,
        reopenCount: c.reopenCount + 1,
        acceptedDay: today,
        extensionDays: 0,
        resolveDue: resolutionDue(today, rule, cal, 0),
        overdueSince: null,
      });
      publicBody = input.reason;
      break;
    }
    case 'withdraw':
      changes.closure = 'insufficient_info';
      changes.closedAt = now;
      publicBody = input.reason;
      break;
  }

  const stmts: D1PreparedStatement[] = [
    q.transitionStatement(d1, c.id, c.version, to, changes, now),
    q.eventStatement(
      d1,
      {
        id: newId(now),
        caseId: c.id,
        at: now,
        actorId: who.staffId,
        actorKind: who.actor === 'citizen' ? 'citizen' : 'staff',
        type: input.action,
        fromStatus: c.status,
        toStatus: to,
        // A return to intake is the bodies' business; everything else shows on the reporter's timeline.
        visibility: input.action === 'return' ? 'internal' : 'public',
        body: publicBody,
        detail: null,
      },
      { kind, unitId, outcome },
    ),
  ];
  if (internalBody) {
    stmts.push(
      q.eventStatement(d1, {
        id: newId(now),
        caseId: c.id,
        at: now,
        actorId: who.staffId,
        actorKind: 'staff',
        type: 'note',
        fromStatus: null,
        toStatus: null,
        visibility: 'internal',
        body: internalBody,
        detail: null,
      }),
    );
  }
  if (c.status !== to || c.kind !== kind || c.unitId !== unitId) {
    stmts.push(
      q.backlogStatement(d1, c.kind, c.status, c.unitId, -1),
      q.backlogStatement(d1, kind, to, unitId, 1),
    );
  }
  if (c.status !== to) stmts.push(q.flowStatement(d1, kind, to, unitId, today));
  if (outcome) stmts.push(q.outcomeStatement(d1, kind, unitId, today, outcome));
  const event = EVENT_OF[input.action];
  const after: q.CaseRow = {
    ...c,
    ...changes,
    kind,
    unitId,
    status: to,
    version: c.version + 1,
  };
  if (event) stmts.push(outboxStatement(d1, event, c.id, webhookPayload(event, after, now), now));
  stmts.push(...extra);
  try {
    await batchWithAudit(d1, stmts, {
      actorId: who.staffId,
      action: `case.${input.action}`,
      targetType: 'case',
      targetId: c.id,
      detail: { from: c.status, to, ...(who.actor === 'citizen' ? { by: 'reporter' } : {}) },
    });
  } catch (e) {
    if (violates(e, 'cases_status')) throw new AppError('case_changed');
    throw e;
  }
  return after;
}

/**
 * Ghi chú / trả lời: an internal note (intake and the body see it), an intake-only note (the
 * Front's intake alone: what was learnt from or about the reporter), or a public reply (the
 * reporter sees it on the tracking page). No state change; the version guard is not needed.
 * @throws AppError 403 forbidden (an intake-only note by someone who is not intake for the case)
 */
export async function addNote(
  env: Env,
  staff: StaffSession,
  c: q.CaseRow,
  input: { body: string; visibility: 'internal' | 'public' | 'intake' },
  actors: readonly Actor[],
  now = Date.now(),
) {
  if (input.visibility === 'intake' && !actors.includes('intake')) throw new AppError('forbidden');
  const id = newId(now);
  await batchWithAudit(
    env.DB,
    [
      q.eventStatement(env.DB, {
        id,
        caseId: c.id,
        at: now,
        actorId: staff.userId,
        actorKind: 'staff',
        type: input.visibility === 'public' ? 'reply' : 'note',
        fromStatus: null,
        toStatus: null,
        visibility: input.visibility,
        body: input.body,
        detail: null,
      }),
    ],
    {
      actorId: staff.userId,
      action: input.visibility === 'public' ? 'case.reply' : 'case.note',
      targetType: 'case',
      targetId: c.id,
    },
  );
  return { id };
}

/**
 * Gia hạn: extends the resolution deadline by `days` (the rule's unit), with a reason, within the
 * rule's maximum. Guarded by the case version like a transition.
 * @throws AppError 409 extension_not_possible / case_changed
 */
export async function extendDeadline(
  env: Env,
  staff: StaffSession,
  c: q.CaseRow,
  input: { days: number; reason: string },
  now = Date.now(),
) {
  const d1 = env.DB;
  const rule = await ruleFor(d1, c.kind);
  const total = c.extensionDays + input.days;
  if (
    !c.acceptedDay ||
    !['classified', 'forwarded', 'in_progress'].includes(c.status) ||
    total > rule.maxExtensionDays
  ) {
    throw new AppError('extension_not_possible', { max: rule.maxExtensionDays, used: c.extensionDays });
  }
  const due = resolutionDue(c.acceptedDay, rule, await calendar(d1), total);
  const changes: q.CaseChanges = { extensionDays: total, resolveDue: due };
  if (c.overdueSince && !isOverdue(vnDay(now), due)) changes.overdueSince = null;
  try {
    await batchWithAudit(
      d1,
      [
        q.transitionStatement(d1, c.id, c.version, c.status, changes, now),
        q.eventStatement(d1, {
          id: newId(now),
          caseId: c.id,
          at: now,
          actorId: staff.userId,
          actorKind: 'staff',
          type: 'extension',
          fromStatus: null,
          toStatus: null,
          visibility: 'public',
          body: input.reason,
          detail: JSON.stringify({ days: input.days, resolveDue: due }),
        }),
      ],
      {
        actorId: staff.userId,
        action: 'case.extend',
        targetType: 'case',
        targetId: c.id,
        detail: { days: input.days },
      },
    );
  } catch (e) {
    if (violates(e, 'cases_status')) throw new AppError('case_changed');
    throw e;
  }
  return { resolveDue: due, extensionDays: total };
}

/** The status a case is in, narrowed for callers that hold a plain string. */
export function asStatus(s: string): CaseStatus {
  return s as CaseStatus;
}
