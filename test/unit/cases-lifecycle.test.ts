/**
 * The case state machine: every (action × state × actor) is either in the table or refused —
 * checked against an independent spelling of the rules, then through the service on real D1
 * (allowed transitions land; refused ones write nothing).
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolutionDue } from '../../worker/cases/clock';
import { calendar, ensureReferenceData, ruleFor } from '../../worker/cases/config';
import { ACTIONS, type Action, type Actor, allowedActions, nextStatus } from '../../worker/cases/lifecycle';
import { type CaseRow, insertCaseStatement, selectCase } from '../../worker/cases/queries';
import { applyTransition, type TransitionInput } from '../../worker/cases/service';
import { CASE_STATUSES, type CaseStatus } from '../../worker/db/schema';
import { newId } from '../../worker/lib/ids';
import { vnDay } from '../../worker/lib/time';
import { createTree } from '../helpers/fixtures';

const ACTORS: Actor[] = ['intake', 'handler', 'citizen', 'system'];

/** The rules as the issue states them, written independently of the table. */
const EXPECTED: Record<string, CaseStatus> = {
  'classify/received/intake': 'classified',
  'classify/prescreening/intake': 'classified',
  'classify/classified/intake': 'classified',
  'forward/classified/intake': 'forwarded',
  'start/forwarded/handler': 'in_progress',
  'answer/forwarded/handler': 'answered',
  'answer/in_progress/handler': 'answered',
  'return/forwarded/handler': 'classified',
  'return/in_progress/handler': 'classified',
  'close/received/intake': 'closed',
  'close/prescreening/intake': 'closed',
  'close/classified/intake': 'closed',
  'close/answered/intake': 'closed',
  'close/answered/handler': 'closed',
  'merge/received/intake': 'closed',
  'merge/prescreening/intake': 'closed',
  'merge/classified/intake': 'closed',
  'reopen/answered/citizen': 'in_progress',
  'reopen/closed/citizen': 'in_progress',
  // The reporter withdraws consent on a case that needs identity: any open case closes (issue 14).
  'withdraw/received/citizen': 'closed',
  'withdraw/prescreening/citizen': 'closed',
  'withdraw/classified/citizen': 'closed',
  'withdraw/forwarded/citizen': 'closed',
  'withdraw/in_progress/citizen': 'closed',
  'withdraw/answered/citizen': 'closed',
};

describe('the transition table', () => {
  for (const action of ACTIONS) {
    for (const from of CASE_STATUSES) {
      for (const actor of ACTORS) {
        const key = `${action}/${from}/${actor}`;
        it(`${key} → ${EXPECTED[key] ?? 'refused'}`, () => {
          expect(nextStatus(action, from, actor)).toBe(EXPECTED[key] ?? null);
        });
      }
    }
  }

  it('nothing leaves closed except the reporter’s reopen; the system never transitions', () => {
    for (const actor of ACTORS) {
      expect(allowedActions('closed', actor)).toEqual(actor === 'citizen' ? ['reopen'] : []);
      expect(allowedActions('received', 'system')).toEqual([]);
    }
  });
});

let units: Awaited<ReturnType<typeof createTree>>;
beforeAll(async () => {
  units = await createTree();
  await ensureReferenceData(env.DB);
});

/** A case row in `status` written directly (the state machine is what is under test). */
async function caseIn(status: CaseStatus, extra: Partial<CaseRow> = {}) {
  const now = Date.now();
  const row = {
    id: newId(),
    responseId: newId(),
    formId: 'f',
    channel: 'feedback',
    kind: 'feedback' as const,
    status,
    closure: null,
    intakeUnitId: units.front.id,
    unitId: units.wardA.id,
    subjectPersonId: null,
    subjectUnitId: null,
    field: null,
    severity: null,
    bodyUnitId: ['forwarded', 'in_progress', 'answered', 'closed'].includes(status) ? units.board.id : null,
    mergedIntoId: null,
    receivedAt: now,
    receivedDay: '2026-03-02',
    acceptedDay: status === 'received' || status === 'prescreening' ? null : '2026-03-03',
    acceptDue: '2026-03-09',
    resolveDue: null,
    extensionDays: 0,
    overdueSince: null,
    answeredAt: status === 'answered' || status === 'closed' ? now : null,
    closedAt: status === 'closed' ? now : null,
    answer: status === 'answered' || status === 'closed' ? 'Trả lời' : null,
    rating: null,
    reopenCount: 0,
    pinNonce: 'n',
    updatedAt: now,
    ...extra,
  };
  await insertCaseStatement(env.DB, row).run();
  return (await selectCase(env.DB, row.id))!;
}

function inputFor(action: Action, target: string): TransitionInput {
  switch (action) {
    case 'classify':
      return { action, kind: 'feedback' };
    case 'forward':
      return { action, bodyUnitId: units.board.id };
    case 'answer':
      return { action, answer: 'Đã xử lý' };
    case 'return':
    case 'reopen':
    case 'withdraw':
      return { action, reason: 'Lý do' };
    case 'close':
      return { action, closure: 'insufficient_info' };
    case 'merge':
      return { action, intoId: target };
    default:
      return { action } as TransitionInput;
  }
}

describe('transitions on real D1', () => {
  it('random (action, state, actor): allowed ones land in the table’s state, refused ones change nothing', async () => {
    const target = await caseIn('classified');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...CASE_STATUSES),
        fc.constantFrom(...ACTORS),
        async (action, from, actor) => {
          const c = await caseIn(from);
          const expected = nextStatus(action, from, actor);
          const run = applyTransition(env, { actor, staffId: null }, c, inputFor(action, target.id));
          if (expected) {
            await run;
            const after = (await selectCase(env.DB, c.id))!;
            expect(after.status).toBe(expected);
            expect(after.version).toBe(c.version + 1);
          } else {
            await expect(run).rejects.toMatchObject({ code: 'transition_not_allowed' });
            expect((await selectCase(env.DB, c.id))!.version).toBe(c.version);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reopen is refused once the window has passed', async () => {
    const long = Date.now() - 40 * 86_400_000;
    const c = await caseIn('closed', { closedAt: long, answeredAt: long, closure: 'resolved' });
    await expect(
      applyTransition(env, { actor: 'citizen', staffId: null }, c, { action: 'reopen', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'reopen_window_passed' });
  });

  it('reopen starts a new resolution period from the reopen day, extensions and overdue reset', async () => {
    const answered = Date.now() - 2 * 86_400_000;
    const c = await caseIn('answered', {
      answeredAt: answered,
      resolveDue: '2026-01-05',
      acceptedDay: '2025-12-01',
      extensionDays: 10,
      overdueSince: '2026-01-06',
    });
    const after = await applyTransition(env, { actor: 'citizen', staffId: null }, c, {
      action: 'reopen',
      reason: 'Chưa thỏa đáng',
    });
    const today = vnDay();
    const [rule, cal] = await Promise.all([ruleFor(env.DB, c.kind), calendar(env.DB)]);
    expect(after).toMatchObject({
      status: 'in_progress',
      acceptedDay: today,
      extensionDays: 0,
      overdueSince: null,
      resolveDue: resolutionDue(today, rule, cal, 0),
    });
    expect(after.resolveDue! > today).toBe(true);
  });

  it('an answer after the due day counts as late in the outcome rollup', async () => {
    const c = await caseIn('in_progress', { resolveDue: '2020-01-01' });
    await applyTransition(env, { actor: 'handler', staffId: null }, c, { action: 'answer', answer: 'Muộn' });
    const late = await env.DB.prepare("SELECT sum(n) AS n FROM case_outcomes WHERE outcome = 'late'").first<{
      n: number;
    }>();
    expect(late!.n).toBeGreaterThanOrEqual(1);
  });
});
