/**
 * Demo cases: the shipped reference data (rules, holidays, criteria sets), routing rules to the
 * demo handler's board, the petition form, two petitions, and the demo feedback cases moved into
 * various states — classified, forwarded, in progress, answered, closed, and one left overdue.
 * Idempotent: forms by slug, petitions by idempotency key, and only cases still untouched
 * (version 0) are moved, so a second run changes nothing.
 */
import type { StaffSession } from '../auth/service';
import { listRoutingRules, putRoutingRule } from '../cases/admin';
import { ensureReferenceData } from '../cases/config';
import { flagOverdue } from '../cases/overdue';
import { DEFAULT_CRITERIA_SETS } from '../cases/reference';
import { type Performer, type TransitionInput, transitionCase } from '../cases/service';
import { feedbackTemplate, petitionTemplate } from '../cases/templates';
import type { Env } from '../env';
import { createForm, publishForm } from '../forms/service';
import { submitResponse } from '../responses/service';
import { demoPetition, FEEDBACK_SLUG, incidentFeedback } from './forms';
import { casesOfForm, formBySlug } from './queries';

export const PETITION_SLUG = 'don-thu-kien-nghi';
/** The feedback channel as shipped (criteria set 144-QĐ/TW, evidence photos): the template itself. */
export const FEEDBACK_TEMPLATE_SLUG = 'phan-anh-can-bo';

/** The two case channels as their templates ship: petition, and feedback with evidence photos. */
export const CASE_FORMS = [
  { slug: PETITION_SLUG, kind: 'petition', definition: demoPetition() },
  // The incident channel (what happened, photos): distinct from the assessment form (issue 12, finding 9).
  { slug: FEEDBACK_TEMPLATE_SLUG, kind: 'feedback', definition: incidentFeedback() },
] as const;

/** The steps the demo feedback cases (oldest first, cycling) are taken through. */
function plan(body: string) {
  const classify: TransitionInput = {
    action: 'classify',
    kind: 'feedback',
    field: 'dao_duc_loi_song',
    severity: 'medium',
  };
  const forward = (bodyUnitId: string): TransitionInput => ({ action: 'forward', bodyUnitId });
  const intake = (input: TransitionInput) => ({ actor: 'intake' as const, input });
  const handler = (input: TransitionInput) => ({ actor: 'handler' as const, input });
  const answer: TransitionInput = {
    action: 'answer',
    answer: 'Ủy ban Kiểm tra đã xác minh, nhắc nhở cán bộ và yêu cầu khắc phục trong tháng.',
  };
  return [
    [intake(classify)],
    [intake(classify), intake(forward(body))],
    [intake(classify), intake(forward(body)), handler({ action: 'start' })],
    [intake(classify), intake(forward(body)), handler({ action: 'start' }), handler(answer)],
    [
      intake(classify),
      intake(forward(body)),
      handler({ action: 'start' }),
      handler(answer),
      intake({ action: 'close', closure: 'resolved' }),
    ],
    [
      intake({
        action: 'close',
        closure: 'insufficient_info',
        note: 'Nội dung chưa đủ thông tin để xác minh.',
      }),
    ],
  ];
}

/**
 * Seeds the cases demo. `accounts` maps a role to the demo account's user id.
 * @returns counts of what was created now
 */
export async function seedCases(
  env: Env,
  ctx: {
    admin: StaffSession;
    designer: StaffSession;
    unitId: (code: string) => string;
    accounts: Map<string, string>;
    frontCode: string;
    rootCode: string;
  },
) {
  const d1 = env.DB;
  await ensureReferenceData(d1);
  const out = { forms: 0, petitions: 0, moved: 0, overdue: 0 };
  const body = ctx.unitId('tp.ubkt');

  // Routing: everything about the city to the Inspection Commission (the demo handler's board);
  // complaints to the People's Committee.
  const { rules } = await listRoutingRules(env, ctx.admin);
  const root = ctx.unitId(ctx.rootCode);
  if (!rules.some((r) => r.unitId === root && r.kind === '*')) {
    await putRoutingRule(env, ctx.admin, {
      kind: '*',
      unitId: root,
      bodyUnitId: body,
      note: 'Mặc định (demo)',
    });
  }
  if (!rules.some((r) => r.unitId === root && r.kind === 'complaint')) {
    await putRoutingRule(env, ctx.admin, {
      kind: 'complaint',
      unitId: root,
      bodyUnitId: ctx.unitId('tp.ubnd'),
    });
  }

  for (const t of CASE_FORMS) {
    const existing = await formBySlug(d1, t.slug);
    if (existing?.currentVersionId) continue;
    const id =
      existing?.id ??
      (
        await createForm(d1, ctx.designer, {
          ownerUnitId: ctx.unitId(ctx.frontCode),
          kind: t.kind,
          slug: t.slug,
          definition: t.definition,
        })
      ).id;
    await publishForm(d1, ctx.designer, id);
    out.forms++;
  }
  const petitions = [
    {
      key: 'demo-petition-1',
      kind: 'denunciation',
      text: 'Tố cáo cán bộ địa chính phường thu tiền trái quy định.',
    },
    { key: 'demo-petition-2', kind: 'petition', text: 'Kiến nghị sửa chữa đèn chiếu sáng đường Lê Lợi.' },
  ];
  for (const p of petitions) {
    const res = await submitResponse(env, PETITION_SLUG, {
      answers: { loai_don: p.kind, noi_dung: p.text },
      // Obviously fictitious identity for the demo.
      identity: {
        name: 'Người Dân Mẫu',
        phone: '0900000000',
        id_number: '000000000000',
        address: 'Địa chỉ mẫu',
      },
      consentAccepted: true,
      lang: 'vi',
      idempotencyKey: p.key,
    });
    if (!res.replayed) out.petitions++;
  }

  // Move the untouched demo feedback cases, oldest first, along the plan.
  const intakeId = ctx.accounts.get('case_intake') ?? null;
  const handlerId = ctx.accounts.get('case_handler') ?? null;
  const form = await formBySlug(d1, FEEDBACK_SLUG);
  if (form) {
    const results = await casesOfForm(d1, form.id);
    const steps = plan(body);
    // The plan is by position among all demo cases, so a re-run finds the moved ones moved. The
    // oldest is left as it is: past its acceptance day, the daily job flags it overdue.
    for (const [i, row] of results.slice(1).entries()) {
      const path = steps[i % (steps.length + 2)];
      if (!path || row.version !== 0) continue;
      for (const step of path) {
        const who: Performer = { actor: step.actor, staffId: step.actor === 'intake' ? intakeId : handlerId };
        await transitionCase(env, who, row.id, step.input);
      }
      out.moved++;
    }
  }
  out.overdue = await flagOverdue(env);
  return out;
}
