/**
 * Case counters (decision 210): random case lifecycles through the real intake, transition and
 * overdue paths → damage every case counter → rebuild in small slices → exactly the incremental
 * counters, which also equal an independent model kept by the test from what each step did.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOverdue } from '../../worker/cases/clock';
import { ensureReferenceData } from '../../worker/cases/config';
import { caseIntakeStatements } from '../../worker/cases/intake';
import { type Action, type Actor, allowedActions } from '../../worker/cases/lifecycle';
import { flagOverdue } from '../../worker/cases/overdue';
import { type CaseRow, selectCase, selectCaseByResponse } from '../../worker/cases/queries';
import { DEFAULT_CRITERIA_SETS } from '../../worker/cases/reference';
import { applyTransition, type TransitionInput } from '../../worker/cases/service';
import { feedbackTemplate, petitionTemplate } from '../../worker/cases/templates';
import { rebuildAll } from '../../worker/dashboards/rebuild';
import type { CaseKind, CaseStatus } from '../../worker/db/schema';
import type { Answers, FormDefinition } from '../../worker/forms/engine/definition';
import { answerRows, rollupKeys } from '../../worker/forms/engine/rows';
import { newId, newReceiptCode, randomId } from '../../worker/lib/ids';
import { vnDay } from '../../worker/lib/time';
import { insertSubmission } from '../../worker/responses/queries';
import { createTree } from '../helpers/fixtures';
import { personIn } from '../integration/cases-fixtures';
import { publishForm } from './dashboards.fixtures';

type Tree = Awaited<ReturnType<typeof createTree>>;
type Form = Awaited<ReturnType<typeof publishForm>>;
let tree: Tree;
let feedback: Form;
let petition: Form;
let people: string[];
const criteria = DEFAULT_CRITERIA_SETS[0]!.criteria.map((c) => c.value);

beforeAll(async () => {
  tree = await createTree();
  await ensureReferenceData(env.DB);
  feedback = await publishForm(tree.front.id, feedbackTemplate(DEFAULT_CRITERIA_SETS[0]!), 'feedback');
  petition = await publishForm(tree.front.id, petitionTemplate(), 'petition');
  people = [(await personIn(tree.wardA)).id, (await personIn(tree.wardB)).id];
});

/** The independent model: counters as the test expects them from what each step did. */
const model = {
  flow: new Map<string, number>(),
  outcomes: new Map<string, number>(),
  people: new Map<string, number>(),
};
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const month = (at: number) => vnDay(at).slice(0, 7);

/** Submits through the submission batch with the case intake statements in it (as the public route does). */
async function intake(form: Form, kind: 'feedback' | 'petition', answers: Answers, now: number) {
  const responseId = newId(now);
  const def = form.def as FormDefinition;
  const extra = await caseIntakeStatements(env, {
    formId: form.id,
    formKind: kind,
    ownerUnitId: tree.front.id,
    definition: def,
    answers,
    responseId,
    responseUnitId: tree.front.id,
    now,
  });
  await insertSubmission(env.DB, {
    responseId,
    formId: form.id,
    versionId: form.versionId,
    formUpdatedAt: form.updatedAt,
    unitId: tree.front.id,
    receiptCode: newReceiptCode(),
    idempotencyKey: randomId(8),
    lang: 'vi',
    data: JSON.stringify(answers),
    identitySealed: null,
    consentVersion: null,
    searchText: '',
    submittedAt: now,
    day: vnDay(now),
    answerRows: answerRows(def, answers).map((r) => [r.questionId, r.item, r.value, r.num]),
    rollups: rollupKeys(def, answers).map((k) => [k.questionId, k.item, k.option, k.num]),
    extra,
  });
  const c = (await selectCaseByResponse(env.DB, responseId))!;
  bump(model.flow, `${c.kind}|${c.status}|${c.unitId}|${month(now)}`);
  if (kind === 'feedback' && typeof answers.can_bo === 'string') {
    bump(model.people, `${answers.can_bo}|*||`);
    for (const [item, level] of Object.entries(answers.chuan_muc as Record<string, string>))
      bump(model.people, `${answers.can_bo}|chuan_muc|${item}|${level}`);
  }
  return c.id;
}

const caseArb = fc.oneof(
  fc.record({
    channel: fc.constant('feedback' as const),
    person: fc.option(fc.constantFrom(0, 1), { nil: undefined }),
    levels: fc.array(fc.constantFrom('tot', 'kha', 'trung_binh', 'kem'), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    channel: fc.constant('petition' as const),
    kind: fc.constantFrom('complaint', 'denunciation', 'petition'),
    unit: fc.option(fc.constantFrom(0, 1), { nil: undefined }),
  }),
);
const stepArb = fc.record({
  target: fc.nat(),
  /** Which of the actions the table allows from the case's status (or the daily overdue job). */
  pick: fc.nat({ max: 99 }),
  overdue: fc.nat({ max: 4 }).map((x) => x === 0),
  kind: fc.constantFrom('feedback', 'complaint', 'denunciation', 'petition'),
  unit: fc.constantFrom(0, 1, 2),
  days: fc.integer({ min: 0, max: 12 }),
});

/** One step of a case's life: the input for `action` on `c`, or null when it makes no sense. */
function inputFor(action: Action, s: Step, c: CaseRow, ids: string[]): TransitionInput | null {
  const units = [tree.wardA.id, tree.wardB.id];
  switch (action) {
    case 'classify':
      return { action, kind: s.kind as CaseKind, ...(s.unit < 2 ? { subjectUnitId: units[s.unit]! } : {}) };
    case 'forward':
      return { action, bodyUnitId: tree.wardA.id };
    case 'start':
      return { action };
    case 'answer':
      return { action, answer: 'Đã xử lý.' };
    case 'return':
      return { action, reason: 'Không thuộc thẩm quyền.' };
    case 'close':
      return { action, closure: c.status === 'answered' ? 'resolved' : 'not_competent' };
    case 'merge': {
      const into = ids.find((id) => id !== c.id);
      return into ? { action, intoId: into } : null;
    }
    case 'reopen':
      return { action, reason: 'Chưa thỏa đáng.' };
    case 'withdraw':
      return { action, reason: 'Người gửi rút lại sự đồng ý.' };
  }
}
type Step = { target: number; pick: number; overdue: boolean; kind: string; unit: number; days: number };

/** The actions the table allows from `status`, each with an actor allowed to take it. */
function choices(status: CaseStatus): [Action, Actor][] {
  const out: [Action, Actor][] = [];
  for (const actor of ['intake', 'handler', 'citizen'] as Actor[])
    for (const a of allowedActions(status, actor)) if (!out.some(([x]) => x === a)) out.push([a, actor]);
  return out;
}

async function counters() {
  const all = async (sql: string) => (await env.DB.prepare(sql).all()).results;
  return {
    flow: await all('SELECT kind, status, unit_id, month, n FROM case_flow WHERE n <> 0 ORDER BY 1, 2, 3, 4'),
    outcomes: await all(
      'SELECT kind, unit_id, month, outcome, n FROM case_outcomes WHERE n <> 0 ORDER BY 1, 2, 3, 4',
    ),
    backlog: await all('SELECT kind, status, unit_id, n FROM case_backlog WHERE n <> 0 ORDER BY 1, 2, 3'),
    people: await all(
      'SELECT person_id, question_id, item, option, n FROM case_person_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4',
    ),
  };
}

const asMap = (rows: Record<string, unknown>[], n: number) =>
  new Map(rows.map((r) => [Object.values(r).slice(0, n).join('|'), r.n as number]));
const sorted = (m: Map<string, number>) =>
  [...m].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1));

describe('case counters', () => {
  it('rebuild from raw rows == incremental == the model, whatever the lifecycle (property)', async () => {
    let start = Date.parse('2026-01-05T09:00:00+07:00');
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 1, maxLength: 6 }),
        fc.array(stepArb, { minLength: 5, maxLength: 40 }),
        fc.integer({ min: 1, max: 3 }),
        async (newCases, steps, maxBatches) => {
          let now = start;
          const ids: string[] = [];
          for (const nc of newCases) {
            now += 3 * 3600_000;
            if (nc.channel === 'feedback') {
              const answers: Answers = {
                chuan_muc: Object.fromEntries(nc.levels.map((l, i) => [criteria[i]!, l])),
                noi_dung: 'Cán bộ tiếp dân chậm.',
              };
              if (nc.person !== undefined) answers.can_bo = people[nc.person]!;
              ids.push(await intake(feedback, 'feedback', answers, now));
            } else {
              const answers: Answers = { loai_don: nc.kind, noi_dung: 'Đơn.' };
              if (nc.unit !== undefined) answers.don_vi = [tree.wardA.id, tree.wardB.id][nc.unit]!;
              ids.push(await intake(petition, 'petition', answers, now));
            }
          }
          for (const s of steps) {
            now += s.days * 86_400_000 + 3600_000;
            if (s.overdue) {
              const before = await overdueEvents();
              await flagOverdue(env, now);
              for (const e of (await overdueEvents()).slice(before.length))
                bump(model.outcomes, `${e.kind}|${e.unit_id}|${month(e.at)}|overdue`);
              continue;
            }
            const c = (await selectCase(env.DB, ids[s.target % ids.length]!))!;
            const options = choices(c.status);
            if (!options.length) continue;
            // Mostly move the case on (so answers, late and on time, occur), else any allowed action.
            const forward = options.filter(([a]) => ['classify', 'forward', 'start', 'answer'].includes(a));
            const pool = s.pick < 60 && forward.length ? forward : options;
            const [action, actor] = pool[s.pick % pool.length]!;
            const input = inputFor(action, s, c, ids);
            if (!input) continue;
            let after: CaseRow;
            try {
              after = await applyTransition(env, { actor, staffId: null }, c, input, now);
            } catch (e) {
              // Refused by the table or a rule: nothing written (checked by the equality below).
              if ((e as { status?: number }).status && (e as { status: number }).status < 500) continue;
              throw e;
            }
            if (after.status !== c.status)
              bump(model.flow, `${after.kind}|${after.status}|${after.unitId}|${month(now)}`);
            if (input.action === 'answer')
              bump(
                model.outcomes,
                `${after.kind}|${after.unitId}|${month(now)}|${isOverdue(vnDay(now), c.resolveDue) ? 'late' : 'on_time'}`,
              );
          }
          start = now + 86_400_000;
          const incremental = await counters();
          // The incremental counters are what the steps did.
          expect(sorted(asMap(incremental.flow, 4))).toEqual(sorted(model.flow));
          expect(sorted(asMap(incremental.outcomes, 4))).toEqual(sorted(model.outcomes));
          expect(sorted(asMap(incremental.people, 4))).toEqual(sorted(model.people));
          const backlog = await env.DB.prepare(
            'SELECT kind, status, unit_id, COUNT(*) AS n FROM cases GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
          ).all();
          expect(incremental.backlog).toEqual(backlog.results);
          // Damage every counter: shifted, deleted, invented in a month with no events.
          await env.DB.batch([
            env.DB.prepare(
              'UPDATE case_flow SET n = n + 2 WHERE (kind, status, unit_id, month) IN (SELECT kind, status, unit_id, month FROM case_flow LIMIT 3)',
            ),
            env.DB.prepare(
              "INSERT INTO case_flow (kind, status, unit_id, month, n) VALUES ('feedback', 'received', ?, '2025-11', 4)",
            ).bind(tree.wardB.id),
            env.DB.prepare(
              'DELETE FROM case_outcomes WHERE (kind, unit_id, month, outcome) IN (SELECT kind, unit_id, month, outcome FROM case_outcomes LIMIT 2)',
            ),
            env.DB.prepare('UPDATE case_backlog SET n = n - 1'),
            env.DB.prepare(
              'DELETE FROM case_person_counts WHERE (person_id, question_id, item, option) IN (SELECT person_id, question_id, item, option FROM case_person_counts LIMIT 2)',
            ),
          ]);
          let cursor: string | null = null;
          let calls = 0;
          do {
            ({ cursor } = await rebuildAll(env.DB, { part: 'cases', cursor, maxBatches }));
            calls += 1;
          } while (cursor && calls < 200);
          expect(cursor).toBeNull();
          expect(await counters()).toEqual(incremental);
        },
      ),
      { numRuns: 15, endOnFailure: true },
    );
  }, 30_000); // 15 random lifecycles and sliced rebuilds: a few s alone, past 5 s on a loaded machine (on main too)

  it('a wide read seeks once per key and reads the months in range (no scan, no sorter)', async () => {
    const plan = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT cf.kind, cf.status, cf.unit_id, cf.month, cf.n FROM json_each(?1) k
        CROSS JOIN case_flow cf ON cf.kind = json_extract(k.value, '$[0]') AND cf.status = json_extract(k.value, '$[1]')
         AND cf.unit_id = json_extract(k.value, '$[2]') AND cf.month >= ?2 AND cf.month <= ?3`,
    )
      .bind('[]', '2026-01', '2026-03')
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join('\n');
    expect(details).toMatch(
      /SEARCH cf USING PRIMARY KEY \(kind=\? AND status=\? AND unit_id=\? AND month>\? AND month<\?\)/,
    );
    expect(details).not.toMatch(/TEMP B-TREE/);
  });
});

async function overdueEvents() {
  const { results } = await env.DB.prepare(
    "SELECT e.kind, e.unit_id, e.at FROM case_events e WHERE e.type = 'overdue' ORDER BY e.rowid",
  ).all<{ kind: string; unit_id: string; at: number }>();
  return results;
}
