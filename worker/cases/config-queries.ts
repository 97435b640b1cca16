/**
 * SQL of the capability's data that administrators maintain: settings, deadline rules, the
 * holiday calendar, routing rules, criteria sets, webhook subscriptions. Inserts of shipped
 * defaults do nothing on conflict, so loading them again never overwrites an administrator's edit.
 * The defaults' statements (some sixty, on every load of the reference data) and what a case
 * channel's submission reads are built once (`preparedStatement` / `preparedQuery`, decision 284).
 */
import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db, excluded, type Placeholders, preparedQuery, preparedStatement, statement } from '../db/client';
import {
  type CaseKind,
  caseDeadlineRules,
  caseSettings,
  criteriaSets,
  holidays,
  routingRules,
  units,
  webhookSubscriptions,
} from '../db/schema';
import type { CriteriaSet, HolidayRow } from './reference';

/** The one settings row (k threshold, reopen window, PIN lock). */
export type CaseSettings = Omit<typeof caseSettings.$inferSelect, 'id'>;

const settingsRow = preparedQuery((q) =>
  q
    .select({
      kThreshold: caseSettings.kThreshold,
      reopenDays: caseSettings.reopenDays,
      pinLockAfter: caseSettings.pinLockAfter,
    })
    .from(caseSettings)
    .where(eq(caseSettings.id, 1))
    .prepare(),
);

/** The settings (read by the tracking lookup: built once, decision 284), defaults until stored. */
export async function selectSettings(d1: D1Database): Promise<CaseSettings> {
  return (await settingsRow.get(d1, {})) ?? { kThreshold: 5, reopenDays: 30, pinLockAfter: 5 };
}

const defaultSettings = preparedStatement((q) =>
  q.insert(caseSettings).values({ id: 1 }).onConflictDoNothing(),
);

/** The settings row with its column defaults, unless it exists already. */
export function defaultSettingsStatement(d1: D1Database) {
  return defaultSettings(d1, {});
}

/** Upsert of the one settings row. CHECK(case_settings_k) refuses k below 5 even if a caller forgot. */
export function upsertSettingsStatement(d1: D1Database, s: CaseSettings) {
  return statement(
    d1,
    db(d1)
      .insert(caseSettings)
      .values({ id: 1, ...s })
      .onConflictDoUpdate({ target: caseSettings.id, set: s }),
  );
}

/** A deadline rule of a case kind, as stored (the working-day flags read as booleans). */
export type RuleRow = typeof caseDeadlineRules.$inferSelect;

export async function selectRules(d1: D1Database): Promise<RuleRow[]> {
  return db(d1).select().from(caseDeadlineRules).orderBy(asc(caseDeadlineRules.kind)).all();
}

const ruleOfKind = preparedQuery((q, v: Placeholders<{ kind: CaseKind }>) =>
  q.select().from(caseDeadlineRules).where(eq(caseDeadlineRules.kind, v.kind)).prepare(),
);

/** The rule of a kind (a case channel's submission reads it: built once, decision 284). */
export async function selectRule(d1: D1Database, kind: CaseKind): Promise<RuleRow | null> {
  return (await ruleOfKind.get(d1, { kind })) ?? null;
}

/** A rule: a shipped default only where the kind has none (`orIgnore`), else set as given. */
const putRule = (orIgnore: boolean) =>
  preparedStatement<RuleRow>((q, v) => {
    const r = caseDeadlineRules;
    const insert = q.insert(r).values({
      kind: v.kind,
      acceptDays: v.acceptDays,
      acceptWorking: v.acceptWorking,
      resolveDays: v.resolveDays,
      resolveWorking: v.resolveWorking,
      maxExtensionDays: v.maxExtensionDays,
      basis: v.basis,
      updatedAt: v.updatedAt,
    } satisfies Record<keyof RuleRow, unknown>);
    if (orIgnore) return insert.onConflictDoNothing();
    return insert.onConflictDoUpdate({
      target: r.kind,
      set: {
        acceptDays: excluded(r.acceptDays),
        acceptWorking: excluded(r.acceptWorking),
        resolveDays: excluded(r.resolveDays),
        resolveWorking: excluded(r.resolveWorking),
        maxExtensionDays: excluded(r.maxExtensionDays),
        basis: excluded(r.basis),
        updatedAt: excluded(r.updatedAt),
      },
    });
  });
const [defaultRule, editedRule] = [putRule(true), putRule(false)];

export function ruleStatement(d1: D1Database, r: RuleRow, orIgnore: boolean) {
  return (orIgnore ? defaultRule : editedRule)(d1, r);
}

const allHolidays = preparedQuery((q) => q.select().from(holidays).orderBy(asc(holidays.day)).prepare());

/** The calendar, or one year of it (the whole of it is read by a case channel's submission: built once). */
export async function selectHolidays(d1: D1Database, year?: string): Promise<HolidayRow[]> {
  if (!year) return allHolidays.all(d1, {});
  return db(d1)
    .select()
    .from(holidays)
    .where(and(gte(holidays.day, `${year}-01-01`), lt(holidays.day, `${Number(year) + 1}-01-01`)))
    .orderBy(asc(holidays.day))
    .all();
}

/** A holiday: a shipped default only where the day is not set (`orIgnore`), else set as given. */
const putHoliday = (orIgnore: boolean) =>
  preparedStatement<HolidayRow>((q, v) => {
    const h = holidays;
    const insert = q
      .insert(h)
      .values({ day: v.day, kind: v.kind, name: v.name, source: v.source } satisfies Record<
        keyof HolidayRow,
        unknown
      >);
    if (orIgnore) return insert.onConflictDoNothing();
    return insert.onConflictDoUpdate({
      target: h.day,
      set: { kind: excluded(h.kind), name: excluded(h.name), source: excluded(h.source) },
    });
  });
const [defaultHoliday, editedHoliday] = [putHoliday(true), putHoliday(false)];

export function holidayStatement(d1: D1Database, h: HolidayRow, orIgnore: boolean) {
  return (orIgnore ? defaultHoliday : editedHoliday)(d1, h);
}

export function deleteHolidayStatement(d1: D1Database, day: string) {
  return statement(d1, db(d1).delete(holidays).where(eq(holidays.day, day)));
}

/** All routing rules with their units' paths (a handful of rows: matching happens in the Worker). */
export async function selectRoutingRules(d1: D1Database) {
  const u = alias(units, 'u');
  const b = alias(units, 'b');
  return db(d1)
    .select({
      id: routingRules.id,
      kind: routingRules.kind,
      unitId: routingRules.unitId,
      unitPath: u.path,
      unitName: u.name,
      bodyUnitId: routingRules.bodyUnitId,
      bodyName: b.name,
      note: routingRules.note,
    })
    .from(routingRules)
    .innerJoin(u, eq(u.id, routingRules.unitId))
    .innerJoin(b, eq(b.id, routingRules.bodyUnitId))
    .orderBy(asc(u.path), asc(routingRules.kind))
    .all();
}
export type RoutingRuleRow = Awaited<ReturnType<typeof selectRoutingRules>>[number];

export function insertRoutingRuleStatement(
  d1: D1Database,
  r: { id: string; kind: string; unitId: string; bodyUnitId: string; note: string | null; now: number },
) {
  return statement(
    d1,
    db(d1)
      .insert(routingRules)
      .values({
        id: r.id,
        kind: r.kind,
        unitId: r.unitId,
        bodyUnitId: r.bodyUnitId,
        note: r.note,
        createdAt: r.now,
      })
      .onConflictDoUpdate({
        target: [routingRules.unitId, routingRules.kind],
        set: { bodyUnitId: r.bodyUnitId, note: r.note },
      }),
  );
}

export function deleteRoutingRuleStatement(d1: D1Database, id: string) {
  return statement(d1, db(d1).delete(routingRules).where(eq(routingRules.id, id)));
}

export async function selectCriteriaSets(d1: D1Database): Promise<CriteriaSet[]> {
  const rows = await db(d1).select().from(criteriaSets).orderBy(desc(criteriaSets.docDate)).all();
  return rows.map((r) => ({ ...r, criteria: JSON.parse(r.criteria) }));
}

const defaultCriteriaSet = preparedStatement<typeof criteriaSets.$inferSelect>((q, v) =>
  q
    .insert(criteriaSets)
    .values({
      code: v.code,
      title: v.title,
      titleEn: v.titleEn,
      docNumber: v.docNumber,
      docDate: v.docDate,
      issuer: v.issuer,
      criteria: v.criteria,
    } satisfies Record<keyof typeof criteriaSets.$inferSelect, unknown>)
    .onConflictDoNothing(),
);

/** A shipped criteria set, unless its code is stored already. */
export function criteriaSetStatement(d1: D1Database, s: CriteriaSet) {
  return defaultCriteriaSet(d1, { ...s, criteria: JSON.stringify(s.criteria) });
}

/** A webhook subscription as stored (`active` read as a boolean, the column mode). */
export type WebhookRow = typeof webhookSubscriptions.$inferSelect;

export async function selectWebhooks(d1: D1Database): Promise<WebhookRow[]> {
  return db(d1).select().from(webhookSubscriptions).orderBy(asc(webhookSubscriptions.createdAt)).all();
}

export function insertWebhookStatement(d1: D1Database, w: Omit<WebhookRow, 'active'>) {
  return statement(
    d1,
    db(d1)
      .insert(webhookSubscriptions)
      .values({ ...w, active: true }),
  );
}

export function deactivateWebhookStatement(d1: D1Database, id: string) {
  return statement(
    d1,
    db(d1)
      .update(webhookSubscriptions)
      .set({ active: false })
      .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.active, true))),
  );
}
