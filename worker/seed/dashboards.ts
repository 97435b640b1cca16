/**
 * Demo data for the board dashboards (issue 7): enough responses that every board view opens
 * populated at k = 5 — survey answers concentrated in a few wards, feedback about three cadres
 * (prescreened cases and per-person counts ≥ k), and complaints, denunciations and petitions about
 * two wards, some taken to an answer (deadline outcomes) and some left past their acceptance day
 * (flagged overdue by the daily job). Everything goes through `submitResponse` and the cases
 * service, dated inside the current Vietnam month so the default quarter shows them.
 * Idempotent: deterministic idempotency keys (`demo-dash-…`), keys already stored are skipped, and
 * only cases still untouched (version 0) are moved.
 */
import { flagOverdue } from '../cases/overdue';
import { caseOfResponse, type TransitionInput, transitionCase } from '../cases/service';
import type { Env } from '../env';
import type { Answers } from '../forms/engine/definition';
import { vnDay } from '../lib/time';
import { submitResponse } from '../responses/service';
import { FEEDBACK_TEMPLATE_SLUG, PETITION_SLUG } from './cases';
import { SURVEY_SLUG } from './forms';
import { existingResponseKeys, formBySlug } from './queries';
import { WARD_NAMES, wardCode } from './units';

interface Planned {
  slug: string;
  key: string;
  answers: Answers;
  identity?: Record<string, string>;
  /** Days back from now, kept inside the current month (see `at`). */
  daysAgo: number;
  /** After submission: take the case to an answer (on time). */
  answer?: boolean;
}

const IDENTITY = {
  name: 'Người Dân Mẫu',
  phone: '0900000000',
  id_number: '000000000000',
  address: 'Địa chỉ mẫu',
};

/** The plan: deterministic, so keys and answers are the same on every run. */
export function dashboardPlan(unitId: (code: string) => string, people: string[], dayOfMonth: number) {
  const within = (i: number) => i % Math.max(1, Math.min(dayOfMonth, 20));
  const wards = WARD_NAMES.slice(0, 4).map(wardCode);
  const out: Planned[] = [];
  const interests = ['moi_truong', 'an_ninh', 'dat_dai', 'y_te'];
  for (let i = 0; i < 40; i++) {
    out.push({
      slug: SURVEY_SLUG,
      key: `demo-dash-survey-${i}`,
      answers: {
        don_vi: unitId(wards[i % wards.length]!),
        do_tuoi: ['duoi_30', 'tu_30_50', 'tren_50'][i % 3]!,
        hoi_vien: i % 2 === 0,
        hai_long: 1 + ((i * 7) % 5),
        quan_tam: interests[(i >> 2) % interests.length]!,
        ...(i % 2 === 0 ? { to_chuc: ['phu_nu'] } : {}),
        ...(i % 5 === 0 ? { de_xuat: 'Đề nghị tăng giờ tiếp dân vào buổi tối.' } : {}),
      },
      daysAgo: within(i),
    });
  }
  for (let i = 0; i < 21; i++) {
    out.push({
      slug: FEEDBACK_TEMPLATE_SLUG,
      key: `demo-dash-feedback-${i}`,
      answers: {
        can_bo: people[i % 3]!,
        noi_dung:
          i % 2 ? 'Đồng chí gần dân, giải quyết kịp thời kiến nghị.' : 'Đề nghị đồng chí tiếp dân đúng lịch.',
      },
      identity: {},
      daysAgo: within(i),
    });
  }
  const kinds = ['complaint', 'denunciation', 'petition'];
  for (let i = 0; i < 36; i++) {
    const kind = kinds[i % 3]!;
    out.push({
      slug: PETITION_SLUG,
      key: `demo-dash-petition-${i}`,
      answers: {
        loai_don: kind,
        don_vi: unitId(wards[(i >> 1) % 2]!),
        noi_dung: 'Nội dung đơn mẫu phục vụ trình diễn bảng số liệu.',
      },
      identity: IDENTITY,
      // Complaints dated at the start of the month wait past their acceptance day (overdue);
      // petitions are answered at once (on time).
      daysAgo: kind === 'complaint' ? Math.max(0, Math.min(dayOfMonth, 20) - 1) : within(i),
      answer: kind === 'petition',
    });
  }
  return out;
}

/**
 * Seeds the dashboards' demo responses. `intakeId`/`handlerId` are the demo accounts acting on
 * cases; `bodyUnitId` the handling body. Returns how many responses were created now.
 */
export async function seedDashboards(
  env: Env,
  ctx: {
    unitId: (code: string) => string;
    people: string[];
    intakeId: string | null;
    handlerId: string | null;
    bodyUnitId: string;
  },
  now = Date.now(),
) {
  const d1 = env.DB;
  const dayOfMonth = Number(vnDay(now).slice(8, 10));
  const plan = dashboardPlan(ctx.unitId, ctx.people, dayOfMonth);
  let created = 0;
  for (const slug of [...new Set(plan.map((p) => p.slug))]) {
    const form = await formBySlug(d1, slug);
    if (!form?.currentVersionId) continue;
    const mine = plan.filter((p) => p.slug === slug);
    const stored = new Set<string>();
    for (let i = 0; i < mine.length; i += 90) {
      for (const k of await existingResponseKeys(
        d1,
        form.id,
        mine.slice(i, i + 90).map((p) => p.key),
      ))
        stored.add(k);
    }
    for (const [i, p] of mine.entries()) {
      if (stored.has(p.key)) continue;
      const res = await submitResponse(
        env,
        slug,
        {
          answers: p.answers,
          lang: 'vi',
          idempotencyKey: p.key,
          ...(p.identity && Object.keys(p.identity).length
            ? { identity: p.identity, consentAccepted: true }
            : {}),
        },
        now - p.daysAgo * 86_400_000 - (i % 50) * 60_000,
      );
      if (res.replayed) continue;
      created++;
      if (p.answer) await answerCase(env, res.responseId, ctx);
    }
  }
  await flagOverdue(env, now);
  return created;
}

/** classify → forward → answer, in the seed's name (only a case nobody touched yet). */
async function answerCase(
  env: Env,
  responseId: string,
  ctx: { intakeId: string | null; handlerId: string | null; bodyUnitId: string },
) {
  const found = await caseOfResponse(env.DB, responseId);
  if (found?.version !== 0) return;
  const steps: { actor: 'intake' | 'handler'; input: TransitionInput }[] = [
    { actor: 'intake', input: { action: 'classify', kind: found.kind as 'petition' } },
    { actor: 'intake', input: { action: 'forward', bodyUnitId: ctx.bodyUnitId } },
    { actor: 'handler', input: { action: 'answer', answer: 'Đã tiếp thu, giải quyết và trả lời công dân.' } },
  ];
  for (const s of steps) {
    await transitionCase(
      env,
      { actor: s.actor, staffId: s.actor === 'intake' ? ctx.intakeId : ctx.handlerId },
      found.id,
      s.input,
    );
  }
}
