/**
 * Quản trị: what administrators of the whole tree maintain for cases — settings (k, reopen
 * window, PIN lock), deadline rules, the holiday calendar, routing rules, webhook subscriptions.
 * Every change is one batch with its audit row.
 */
import { batchWithAudit } from '../audit/service';
import { authorizeRoot, type StaffSession } from '../auth/service';
import type { CaseKind } from '../db/schema';
import type { Env } from '../env';
import { toBase64 } from '../lib/crypto';
import { AppError, fieldError } from '../lib/errors';
import { newId } from '../lib/ids';
import { keyringOf, seal } from '../lib/keyring';
import { ensureReferenceData } from './config';
import * as cq from './config-queries';
import { selectOutbox } from './job-queries';
import { unitPaths } from './queries';
import type { HolidayRow } from './reference';
import { type WEBHOOK_EVENTS, webhookUrlProblem } from './webhooks';

const ADMIN = ['admin'] as const;

export async function getSettings(env: Env, staff: StaffSession | undefined) {
  authorizeRoot(staff, ADMIN);
  return cq.selectSettings(env.DB);
}

/**
 * Changes settings. k may only be raised above 5, never lowered below (the CHECK constraint
 * holds the same rule for any other writer).
 * @throws AppError 422 k_below_minimum
 */
export async function updateSettings(
  env: Env,
  staff: StaffSession | undefined,
  input: Partial<cq.CaseSettings>,
) {
  const s = authorizeRoot(staff, ADMIN);
  const next = { ...(await cq.selectSettings(env.DB)), ...input };
  if (next.kThreshold < 5) {
    throw new AppError('k_below_minimum');
  }
  await batchWithAudit(env.DB, [cq.upsertSettingsStatement(env.DB, next)], {
    actorId: s.userId,
    action: 'case.settings.update',
    detail: next,
  });
  return next;
}

export async function listRules(env: Env, staff: StaffSession | undefined) {
  authorizeRoot(staff, ADMIN);
  await ensureReferenceData(env.DB);
  return { rules: await cq.selectRules(env.DB) };
}

export async function updateRule(
  env: Env,
  staff: StaffSession | undefined,
  kind: CaseKind,
  input: Omit<cq.RuleRow, 'kind' | 'updatedAt'>,
) {
  const s = authorizeRoot(staff, ADMIN);
  const rule = { kind, ...input, updatedAt: Date.now() };
  await batchWithAudit(env.DB, [cq.ruleStatement(env.DB, rule, false)], {
    actorId: s.userId,
    action: 'case.rule.update',
    targetType: 'case_rule',
    targetId: kind,
    detail: input,
  });
  return rule;
}

export async function listHolidays(env: Env, staff: StaffSession | undefined, year?: string) {
  authorizeRoot(staff, ADMIN);
  await ensureReferenceData(env.DB);
  return { holidays: await cq.selectHolidays(env.DB, year) };
}

export async function putHoliday(env: Env, staff: StaffSession | undefined, h: HolidayRow) {
  const s = authorizeRoot(staff, ADMIN);
  await batchWithAudit(env.DB, [cq.holidayStatement(env.DB, h, false)], {
    actorId: s.userId,
    action: 'case.holiday.put',
    targetType: 'holiday',
    targetId: h.day,
    detail: h,
  });
  return h;
}

export async function deleteHoliday(env: Env, staff: StaffSession | undefined, day: string) {
  const s = authorizeRoot(staff, ADMIN);
  await batchWithAudit(env.DB, [cq.deleteHolidayStatement(env.DB, day)], {
    actorId: s.userId,
    action: 'case.holiday.delete',
    targetType: 'holiday',
    targetId: day,
  });
}

export async function listRoutingRules(env: Env, staff: StaffSession | undefined) {
  authorizeRoot(staff, ADMIN);
  return { rules: await cq.selectRoutingRules(env.DB) };
}

export async function putRoutingRule(
  env: Env,
  staff: StaffSession | undefined,
  input: { kind: string; unitId: string; bodyUnitId: string; note?: string },
) {
  const s = authorizeRoot(staff, ADMIN);
  const id = newId();
  const found = await unitPaths(env.DB, [input.unitId, input.bodyUnitId]);
  if (!found.has(input.unitId) || !found.has(input.bodyUnitId))
    throw new AppError('not_found', { what: 'unit' });
  await batchWithAudit(
    env.DB,
    [
      cq.insertRoutingRuleStatement(env.DB, {
        id,
        kind: input.kind,
        unitId: input.unitId,
        bodyUnitId: input.bodyUnitId,
        note: input.note ?? null,
        now: Date.now(),
      }),
    ],
    {
      actorId: s.userId,
      action: 'case.routing.put',
      targetType: 'routing_rule',
      targetId: id,
      detail: input,
    },
  );
  const rule = (await cq.selectRoutingRules(env.DB)).find(
    (r) => r.unitId === input.unitId && r.kind === input.kind,
  );
  if (!rule) throw new AppError('not_found', { what: 'unit' });
  return rule;
}

export async function deleteRoutingRule(env: Env, staff: StaffSession | undefined, id: string) {
  const s = authorizeRoot(staff, ADMIN);
  await batchWithAudit(env.DB, [cq.deleteRoutingRuleStatement(env.DB, id)], {
    actorId: s.userId,
    action: 'case.routing.delete',
    targetType: 'routing_rule',
    targetId: id,
  });
}

/** Subscriptions without their secrets, and the latest deliveries. */
export async function listWebhooks(env: Env, staff: StaffSession | undefined) {
  authorizeRoot(staff, ADMIN);
  const subs = await cq.selectWebhooks(env.DB);
  return {
    webhooks: subs.map(({ secretSealed: _s, ...w }) => ({
      ...w,
      active: Boolean(w.active),
      events: w.events.split(' '),
    })),
    deliveries: await selectOutbox(env.DB, 50),
  };
}

/**
 * Adds a subscription. The signing secret is generated here and shown ONCE in the reply; it is
 * stored sealed (the keyring's webhook key, bound to the subscription id). Standard Webhooks form:
 * `whsec_<base64 of 32 random bytes>`.
 */
export async function createWebhook(
  env: Env,
  staff: StaffSession | undefined,
  input: { url: string; events: (typeof WEBHOOK_EVENTS)[number][] },
) {
  const s = authorizeRoot(staff, ADMIN);
  const refused = webhookUrlProblem(env, input.url);
  if (refused)
    throw new AppError('validation_failed', [
      fieldError('url', 'https_required', {
        vi: 'Địa chỉ phải bắt đầu bằng https://.',
        en: `URL: ${refused}.`,
      }),
    ]);
  const id = newId();
  const raw = new Uint8Array(32);
  crypto.getRandomValues(raw);
  const secret = `whsec_${toBase64(raw)}`;
  const events = [...new Set(input.events)].join(' ');
  await batchWithAudit(
    env.DB,
    [
      cq.insertWebhookStatement(env.DB, {
        id,
        url: input.url,
        events,
        secretSealed: await seal(keyringOf(env), 'webhook', secret, `webhook:${id}`),
        createdAt: Date.now(),
      }),
    ],
    {
      actorId: s.userId,
      action: 'case.webhook.create',
      targetType: 'webhook',
      targetId: id,
      detail: { url: input.url, events },
    },
  );
  return { id, url: input.url, events: events.split(' '), secret };
}

export async function deleteWebhook(env: Env, staff: StaffSession | undefined, id: string) {
  const s = authorizeRoot(staff, ADMIN);
  await batchWithAudit(env.DB, [cq.deactivateWebhookStatement(env.DB, id)], {
    actorId: s.userId,
    action: 'case.webhook.delete',
    targetType: 'webhook',
    targetId: id,
  });
}
