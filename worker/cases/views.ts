/**
 * What staff read: the queues (intake, handling) with time left and overdue flags, the case page
 * (answers without identity, files, timeline, allowed actions), the reporter's identity (intake
 * only, audited), evidence files (through the Worker, to the case's roles only), and the
 * per-person summary with the k threshold.
 */
import { audit } from '../audit/service';
import { authorize, type StaffSession } from '../auth/service';
import type { CaseStatus } from '../db/schema';
import { subtreeBounds } from '../db/subtree';
import type { Env } from '../env';
import { allQuestions, type FormDefinition } from '../forms/engine/definition';
import { AppError } from '../lib/errors';
import { keyringOf, open } from '../lib/keyring';
import { vnDay } from '../lib/time';
import { pickedNames } from '../org/picked-names';
import { type Calendar, timeLeft } from './clock';
import { calendar } from './config';
import { type RuleRow, selectRoutingRules, selectRules, selectSettings } from './config-queries';
import { allowedActions, INTAKE_ONLY } from './lifecycle';
import * as q from './queries';
import { suggestBody } from './routing';
import { loadCase } from './service';

/** Time left on the running clock of a case (null when none runs), and whether it is overdue. */
export function clockOf(
  c: { status: string; acceptDue: string | null; resolveDue: string | null; kind: string },
  rules: Map<string, RuleRow>,
  cal: Calendar,
  today: string,
) {
  const rule = rules.get(c.kind);
  const status = c.status as CaseStatus;
  const due = ['received', 'prescreening'].includes(status)
    ? c.acceptDue
    : ['classified', 'forwarded', 'in_progress'].includes(status)
      ? c.resolveDue
      : null;
  if (!due || !rule) return { due: null, daysLeft: null, overdue: false, working: false };
  const working = c.resolveDue === due ? rule.resolveWorking : rule.acceptWorking;
  const daysLeft = timeLeft(today, due, working, cal);
  return { due, daysLeft, overdue: today > due, working };
}

async function unitPath(d1: D1Database, unitId: string) {
  const u = (await q.unitPaths(d1, [unitId])).get(unitId);
  if (!u) throw new AppError('not_found', { what: 'unit' });
  return u;
}

/**
 * Hàng đợi: the intake queue (cases whose Front unit is in the subtree; every state) or the
 * handling queue (cases forwarded to a body in the subtree; never the intake-only states).
 */
export async function queue(
  env: Env,
  staff: StaffSession | undefined,
  which: 'intake' | 'handling',
  f: { unitId: string; status?: string; overdue?: boolean; limit?: number },
  now = Date.now(),
) {
  const d1 = env.DB;
  const unit = await unitPath(d1, f.unitId);
  authorize(staff, which === 'intake' ? ['case_intake'] : ['case_handler'], unit.path);
  const [lo, hi] = subtreeBounds(unit.path);
  const allowed =
    which === 'intake' ? undefined : (['forwarded', 'in_progress', 'answered', 'closed'] as CaseStatus[]);
  const statuses = f.status
    ? allowed && !allowed.includes(f.status as CaseStatus)
      ? []
      : [f.status]
    : allowed;
  const [rows, rules, cal] = await Promise.all([
    statuses && !statuses.length
      ? Promise.resolve([])
      : q.selectQueue(d1, {
          by: which === 'intake' ? 'intake' : 'body',
          lo,
          hi,
          statuses,
          limit: f.limit ?? 200,
        }),
    selectRules(d1),
    calendar(d1),
  ]);
  const ruleMap = new Map(rules.map((r) => [r.kind, r]));
  const today = vnDay(now);
  const cases = rows.map((r) => ({ ...r, ...clockOf(r, ruleMap, cal, today) }));
  return { cases: f.overdue ? cases.filter((c) => c.overdue) : cases };
}

/** Evidence keys in a response's answers (file questions). */
function fileKeys(def: FormDefinition, data: Record<string, unknown>) {
  const out: { questionId: string; key: string }[] = [];
  for (const qn of allQuestions(def)) {
    const a = data[qn.id];
    if (qn.type === 'file' && Array.isArray(a))
      for (const k of a) if (typeof k === 'string') out.push({ questionId: qn.id, key: k });
  }
  return out;
}

/** The case page for the staff member's roles on it. Identity is never part of it. */
export async function casePage(env: Env, staff: StaffSession | undefined, id: string, now = Date.now()) {
  return casePageOf(env, await loadCase(env.DB, staff, id), now);
}

/** The case page of a case already loaded for a staff member (`loadCase`: authorised, roles known). */
export async function casePageOf(
  env: Env,
  { c, actors, paths }: Awaited<ReturnType<typeof loadCase>>,
  now = Date.now(),
) {
  const d1 = env.DB;
  const [resp, events, rules, cal, settings] = await Promise.all([
    q.selectCaseResponse(d1, c.responseId),
    q.selectEvents(d1, c.id, false),
    selectRules(d1),
    calendar(d1),
    selectSettings(d1),
  ]);
  const def = JSON.parse(resp!.definition) as FormDefinition;
  const data = JSON.parse(resp!.data) as Record<string, unknown>;
  const names = await q.staffNames(
    d1,
    events.map((e) => e.actorId).filter((x): x is string => !!x),
  );
  const units = await q.unitPaths(d1, [
    c.unitId,
    ...(c.bodyUnitId ? [c.bodyUnitId] : []),
    ...(c.subjectUnitId ? [c.subjectUnitId] : []),
  ]);
  // The unit or person the reporter picked, by the id in the answer: never the case's current
  // subject, which intake may have changed when classifying (that is `subjectName`).
  const picked = await pickedNames(d1, allQuestions(def), [data]);
  const person = c.subjectPersonId ? await q.selectPerson(d1, c.subjectPersonId) : null;
  const isIntake = actors.includes('intake');
  let suggestion: { bodyUnitId: string; bodyName: string } | null = null;
  if (isIntake) {
    const rule = suggestBody(
      await selectRoutingRules(d1),
      c.kind,
      units.get(c.unitId)?.path ?? paths.get(c.intakeUnitId)!.path,
    );
    if (rule) suggestion = { bodyUnitId: rule.bodyUnitId, bodyName: rule.bodyName };
  }
  const ruleMap = new Map(rules.map((r) => [r.kind, r]));
  const actions = [...new Set(actors.flatMap((a) => allowedActions(c.status, a)))];
  return {
    case: {
      id: c.id,
      receiptCode: resp!.receiptCode,
      channel: c.channel,
      kind: c.kind,
      status: c.status,
      closure: c.closure,
      field: c.field,
      severity: c.severity,
      unitId: c.unitId,
      unitName: units.get(c.unitId)?.name ?? null,
      subjectPersonId: c.subjectPersonId,
      subjectName: person?.fullName ?? null,
      subjectUnitId: c.subjectUnitId,
      bodyUnitId: c.bodyUnitId,
      bodyName: c.bodyUnitId ? (units.get(c.bodyUnitId)?.name ?? null) : null,
      mergedIntoId: c.mergedIntoId,
      receivedAt: c.receivedAt,
      acceptDue: c.acceptDue,
      resolveDue: c.resolveDue,
      extensionDays: c.extensionDays,
      overdueSince: c.overdueSince,
      answer: c.answer,
      answeredAt: c.answeredAt,
      rating: c.rating,
      reopenCount: c.reopenCount,
      version: c.version,
      ...clockOf(c, ruleMap, cal, vnDay(now)),
    },
    form: { title: def.title, consentVersion: isIntake ? resp!.consentVersion : null },
    /** The consent record (decision 266), intake only: which text was accepted, and when. */
    consent:
      isIntake && resp!.consentVersion
        ? {
            version: resp!.consentVersion,
            hash: resp!.consentHash,
            // Responses from before consent_texts: the answered version's text (versions are immutable).
            text: resp!.consentVi
              ? { vi: resp!.consentVi, en: resp!.consentEn }
              : def.identity?.consent
                ? { vi: def.identity.consent.text.vi, en: def.identity.consent.text.en ?? null }
                : null,
            acceptedAt: resp!.submittedAt,
          }
        : null,
    questions: allQuestions(def)
      .filter((qn) => qn.type !== 'info' && qn.type !== 'consent')
      // The whole question of the answered version (options, Likert rows and levels), so the page
      // shows labels, never ids; a picked unit or person comes with its name (`answerName`).
      .map((qn) => ({
        ...qn,
        answer: data[qn.id] ?? null,
        ...((qn.type === 'unit_picker' || qn.type === 'person_picker') && typeof data[qn.id] === 'string'
          ? {
              answerName:
                (qn.type === 'unit_picker' ? picked.units : picked.people).get(data[qn.id] as string) ?? null,
            }
          : {}),
      })),
    files: fileKeys(def, data),
    /** Only intake learns whether the reporter left identity (and may open it, audited). */
    identified: isIntake ? Boolean(resp!.identified) : null,
    // Intake-only notes are the Front's: the handling body never reads them.
    timeline: events
      .filter((e) => isIntake || e.visibility !== 'intake')
      .map((e) => ({
        id: e.id,
        at: e.at,
        type: e.type,
        actorKind: e.actorKind,
        actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        visibility: e.visibility,
        body: e.body,
      })),
    actors,
    actions,
    routingSuggestion: suggestion,
    reopenDays: settings.reopenDays,
  };
}

/**
 * Thông tin người phản ánh: the reporter's identity, for intake only, and every read is written
 * to the audit log (who opened whose identity, when). The handling body never reaches this.
 * @throws 403 for anyone but intake on the case's Front unit; 404 when the reporter stayed anonymous
 */
export async function readIdentity(env: Env, staff: StaffSession | undefined, id: string) {
  const identity = await auditedIdentity(env, staff!, await loadCase(env.DB, staff, id), 'case_page');
  if (!identity) throw new AppError('not_found', { what: 'identity' });
  return { identity };
}

/**
 * The one audited way staff read a reporter's identity (the case page's button, the case file
 * export): intake on the case only, and every read leaves `case.identity.read` — who, which case,
 * from where, whether there was one — never the values. Null when the reporter stayed anonymous.
 * @throws 403 for anyone but intake on the case's Front unit
 */
export async function auditedIdentity(
  env: Env,
  staff: StaffSession,
  { c, actors }: Pick<Awaited<ReturnType<typeof loadCase>>, 'c' | 'actors'>,
  via: 'case_page' | 'export',
) {
  if (!actors.includes('intake')) throw new AppError('forbidden');
  const identity = await unsealIdentity(env, c.responseId);
  await audit(env.DB, {
    actorId: staff.userId,
    action: 'case.identity.read',
    targetType: 'case',
    targetId: c.id,
    detail: { found: identity !== null, via },
  });
  return identity;
}

/**
 * The reporter's identity, unsealed; null when they stayed anonymous. The one reader of
 * `selectSealedIdentity`. Its callers (readIdentity, the PIN reset) are intake-only and audited.
 */
export async function unsealIdentity(env: Env, responseId: string): Promise<Record<string, string> | null> {
  const sealed = await q.selectSealedIdentity(env.DB, responseId);
  if (!sealed) return null;
  return JSON.parse(await open(keyringOf(env), 'identity', sealed, responseId)) as Record<string, string>;
}

/** An evidence file of the case, streamed from R2 to the case's roles only. */
export async function caseFile(env: Env, staff: StaffSession | undefined, id: string, key: string) {
  const { c } = await loadCase(env.DB, staff, id);
  const resp = await q.selectCaseResponse(env.DB, c.responseId);
  const keys = fileKeys(JSON.parse(resp!.definition), JSON.parse(resp!.data));
  if (!keys.some((k) => k.key === key)) throw new AppError('not_found', { what: 'file' });
  const obj = await env.FILES.get(key);
  if (!obj) throw new AppError('not_found', { what: 'file' });
  return obj;
}

/**
 * Tổng hợp theo người: feedback about one person, per criterion and level, shown only where at
 * least k distinct responses stand behind a figure (k from settings, never below 5). Below k the
 * figure is suppressed, not rounded: small counts identify the people who wrote them.
 */
export async function personSummary(
  env: Env,
  staff: StaffSession | undefined,
  personId: string,
  today = vnDay(),
) {
  const d1 = env.DB;
  const person = await q.selectPerson(d1, personId);
  if (!person) throw new AppError('not_found', { what: 'person' });
  const units = await q.personUnits(d1, personId, today);
  if (!staff) throw new AppError('unauthenticated');
  // The summary belongs to the remit of whoever covers one of the person's current units.
  const roles = ['case_intake', 'board_viewer', 'admin'] as const;
  if (
    !units.some((u) =>
      staff.grants.some(
        (g) => (roles as readonly string[]).includes(g.role) && u.path.startsWith(g.unitPath),
      ),
    )
  ) {
    throw new AppError('forbidden');
  }
  const k = Math.max(5, (await selectSettings(d1)).kThreshold);
  const rows = await q.selectPersonCounts(d1, personId);
  const total = rows.find((r) => r.questionId === '*')?.n ?? 0;
  const byItem = new Map<
    string,
    { questionId: string; item: string; counts: Record<string, number>; n: number }
  >();
  for (const r of rows) {
    if (r.questionId === '*') continue;
    const key = `${r.questionId}\u0000${r.item}`;
    const e = byItem.get(key) ?? { questionId: r.questionId, item: r.item, counts: {}, n: 0 };
    e.counts[r.option] = r.n;
    e.n += r.n;
    byItem.set(key, e);
  }
  const shown = total >= k;
  return {
    person: { id: person.id, fullName: person.fullName },
    k,
    responses: shown ? total : null,
    suppressed: !shown,
    criteria: shown ? [...byItem.values()].filter((e) => e.n >= k) : [],
  };
}

export { INTAKE_ONLY };
