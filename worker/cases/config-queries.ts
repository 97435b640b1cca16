/**
 * SQL of the capability's data that administrators maintain: settings, deadline rules, the
 * holiday calendar, routing rules, criteria sets, webhook subscriptions. Inserts of shipped
 * defaults are `INSERT OR IGNORE`, so loading them again never overwrites an administrator's edit.
 */
import type { CaseKind } from '../db/schema';
import type { DeadlineRule } from './clock';
import type { CriteriaSet, HolidayRow } from './reference';

export interface CaseSettings {
  kThreshold: number;
  reopenDays: number;
  pinLockAfter: number;
}

export async function selectSettings(d1: D1Database): Promise<CaseSettings> {
  const row = await d1
    .prepare(
      'SELECT k_threshold AS kThreshold, reopen_days AS reopenDays, pin_lock_after AS pinLockAfter FROM case_settings WHERE id = 1',
    )
    .first<CaseSettings>();
  return row ?? { kThreshold: 5, reopenDays: 30, pinLockAfter: 5 };
}

/** The settings row with its column defaults, unless it exists already. */
export function defaultSettingsStatement(d1: D1Database) {
  return d1.prepare('INSERT OR IGNORE INTO case_settings (id) VALUES (1)');
}

/** Upsert of the one settings row. CHECK(case_settings_k) refuses k below 5 even if a caller forgot. */
export function upsertSettingsStatement(d1: D1Database, s: CaseSettings) {
  return d1
    .prepare(
      `INSERT INTO case_settings (id, k_threshold, reopen_days, pin_lock_after) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET k_threshold = excluded.k_threshold, reopen_days = excluded.reopen_days,
         pin_lock_after = excluded.pin_lock_after`,
    )
    .bind(s.kThreshold, s.reopenDays, s.pinLockAfter);
}

export interface RuleRow extends DeadlineRule {
  kind: CaseKind;
  basis: string;
  updatedAt: number;
}

const RULE_COLS = `kind, accept_days AS acceptDays, accept_working AS acceptWorking, resolve_days AS resolveDays,
  resolve_working AS resolveWorking, max_extension_days AS maxExtensionDays, basis, updated_at AS updatedAt`;

function boolRule(r: RuleRow): RuleRow {
  return { ...r, acceptWorking: Boolean(r.acceptWorking), resolveWorking: Boolean(r.resolveWorking) };
}

export async function selectRules(d1: D1Database): Promise<RuleRow[]> {
  const { results } = await d1
    .prepare(`SELECT ${RULE_COLS} FROM case_deadline_rules ORDER BY kind`)
    .all<RuleRow>();
  return results.map(boolRule);
}

export async function selectRule(d1: D1Database, kind: string): Promise<RuleRow | null> {
  const r = await d1
    .prepare(`SELECT ${RULE_COLS} FROM case_deadline_rules WHERE kind = ?`)
    .bind(kind)
    .first<RuleRow>();
  return r ? boolRule(r) : null;
}

export function ruleStatement(d1: D1Database, r: RuleRow, orIgnore: boolean) {
  return d1
    .prepare(
      `INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO case_deadline_rules
         (kind, accept_days, accept_working, resolve_days, resolve_working, max_extension_days, basis, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ${
         orIgnore
           ? ''
           : `ON CONFLICT (kind) DO UPDATE SET accept_days = excluded.accept_days, accept_working = excluded.accept_working,
         resolve_days = excluded.resolve_days, resolve_working = excluded.resolve_working,
         max_extension_days = excluded.max_extension_days, basis = excluded.basis, updated_at = excluded.updated_at`
       }`,
    )
    .bind(
      r.kind,
      r.acceptDays,
      r.acceptWorking ? 1 : 0,
      r.resolveDays,
      r.resolveWorking ? 1 : 0,
      r.maxExtensionDays,
      r.basis,
      r.updatedAt,
    );
}

export async function selectHolidays(d1: D1Database, year?: string) {
  const stmt = year
    ? d1
        .prepare('SELECT day, kind, name, source FROM holidays WHERE day >= ? AND day < ? ORDER BY day')
        .bind(`${year}-01-01`, `${Number(year) + 1}-01-01`)
    : d1.prepare('SELECT day, kind, name, source FROM holidays ORDER BY day');
  const { results } = await stmt.all<HolidayRow>();
  return results;
}

export function holidayStatement(d1: D1Database, h: HolidayRow, orIgnore: boolean) {
  return d1
    .prepare(
      `INSERT ${orIgnore ? 'OR IGNORE' : 'OR REPLACE'} INTO holidays (day, kind, name, source) VALUES (?, ?, ?, ?)`,
    )
    .bind(h.day, h.kind, h.name, h.source);
}

export function deleteHolidayStatement(d1: D1Database, day: string) {
  return d1.prepare('DELETE FROM holidays WHERE day = ?').bind(day);
}

export interface RoutingRuleRow {
  id: string;
  kind: string;
  unitId: string;
  unitPath: string;
  unitName: string;
  bodyUnitId: string;
  bodyName: string;
  note: string | null;
}

/** All routing rules with their units' paths (a handful of rows: matching happens in the Worker). */
export async function selectRoutingRules(d1: D1Database) {
  const { results } = await d1
    .prepare(
      `SELECT r.id, r.kind, r.unit_id AS unitId, u.path AS unitPath, u.name AS unitName, r.body_unit_id AS bodyUnitId,
              b.name AS bodyName, r.note
         FROM case_routing_rules r JOIN units u ON u.id = r.unit_id JOIN units b ON b.id = r.body_unit_id
        ORDER BY u.path, r.kind`,
    )
    .all<RoutingRuleRow>();
  return results;
}

export function insertRoutingRuleStatement(
  d1: D1Database,
  r: { id: string; kind: string; unitId: string; bodyUnitId: string; note: string | null; now: number },
) {
  return d1
    .prepare(
      `INSERT INTO case_routing_rules (id, kind, unit_id, body_unit_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (unit_id, kind) DO UPDATE SET body_unit_id = excluded.body_unit_id, note = excluded.note`,
    )
    .bind(r.id, r.kind, r.unitId, r.bodyUnitId, r.note, r.now);
}

export function deleteRoutingRuleStatement(d1: D1Database, id: string) {
  return d1.prepare('DELETE FROM case_routing_rules WHERE id = ?').bind(id);
}

export async function selectCriteriaSets(d1: D1Database): Promise<CriteriaSet[]> {
  const { results } = await d1
    .prepare(
      `SELECT code, title, title_en AS titleEn, doc_number AS docNumber, doc_date AS docDate, issuer, criteria
         FROM criteria_sets ORDER BY doc_date DESC`,
    )
    .all<Omit<CriteriaSet, 'criteria'> & { criteria: string }>();
  return results.map((r) => ({ ...r, criteria: JSON.parse(r.criteria) }));
}

export function criteriaSetStatement(d1: D1Database, s: CriteriaSet) {
  return d1
    .prepare(
      `INSERT OR IGNORE INTO criteria_sets (code, title, title_en, doc_number, doc_date, issuer, criteria)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(s.code, s.title, s.titleEn, s.docNumber, s.docDate, s.issuer, JSON.stringify(s.criteria));
}

export interface WebhookRow {
  id: string;
  url: string;
  events: string;
  secretSealed: string;
  active: number;
  createdAt: number;
}

export async function selectWebhooks(d1: D1Database) {
  const { results } = await d1
    .prepare(
      'SELECT id, url, events, secret_sealed AS secretSealed, active, created_at AS createdAt FROM webhook_subscriptions ORDER BY created_at',
    )
    .all<WebhookRow>();
  return results;
}

export function insertWebhookStatement(d1: D1Database, w: Omit<WebhookRow, 'active'>) {
  return d1
    .prepare(
      'INSERT INTO webhook_subscriptions (id, url, events, secret_sealed, active, created_at) VALUES (?, ?, ?, ?, 1, ?)',
    )
    .bind(w.id, w.url, w.events, w.secretSealed, w.createdAt);
}

export function deactivateWebhookStatement(d1: D1Database, id: string) {
  return d1.prepare('UPDATE webhook_subscriptions SET active = 0 WHERE id = ? AND active = 1').bind(id);
}
