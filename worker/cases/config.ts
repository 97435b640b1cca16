/**
 * Loading the capability's configuration: deadline rules and the holiday calendar, with the
 * shipped defaults written on first use (ON CONFLICT DO NOTHING: an administrator's edit is never
 * overwritten, and a fresh deployment works without a manual step).
 */
import type { CaseKind } from '../db/schema';
import { type Calendar, calendarOf } from './clock';
import * as cq from './config-queries';
import { DEFAULT_CRITERIA_SETS, DEFAULT_HOLIDAYS, DEFAULT_RULES } from './reference';

/** Writes the shipped defaults that are missing (rules, holidays, criteria sets, settings). */
export async function ensureReferenceData(d1: D1Database, now = Date.now()): Promise<void> {
  const stmts = [
    ...(Object.keys(DEFAULT_RULES) as CaseKind[]).map((kind) =>
      cq.ruleStatement(d1, { kind, ...DEFAULT_RULES[kind], updatedAt: now }, true),
    ),
    ...DEFAULT_HOLIDAYS.map((h) => cq.holidayStatement(d1, h, true)),
    ...DEFAULT_CRITERIA_SETS.map((s) => cq.criteriaSetStatement(d1, s)),
    cq.defaultSettingsStatement(d1),
  ];
  await d1.batch(stmts);
}

/** The deadline rule of a kind (defaults written on first use). */
export async function ruleFor(d1: D1Database, kind: CaseKind): Promise<cq.RuleRow> {
  const rule = await cq.selectRule(d1, kind);
  if (rule) return rule;
  await ensureReferenceData(d1);
  return (await cq.selectRule(d1, kind)) ?? { kind, ...DEFAULT_RULES[kind], updatedAt: 0 };
}

/** The capability's settings as administrators set them (k threshold, reopening window, …). */
export async function caseSettings(d1: D1Database) {
  return cq.selectSettings(d1);
}

/** The holiday calendar as administrators maintain it. */
export async function calendar(d1: D1Database): Promise<Calendar> {
  return calendarOf(await cq.selectHolidays(d1));
}
