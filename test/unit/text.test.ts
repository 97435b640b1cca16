/**
 * The dictionaries of worker/text/ (decision 293): every entry says something in both languages,
 * and every value of every enum the schema declares has its name — adding a status, a role or a
 * kind without naming it fails here.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../worker/cases/lifecycle';
import * as schema from '../../worker/db/schema';
import { IDENTITY_FIELDS } from '../../worker/forms/engine/definition';
import { type LocalText, labelOf, t } from '../../worker/lib/i18n';
import { POLICIES } from '../../worker/retention/policy';
import { Period } from '../../worker/retention/schema';
import * as ballots from '../../worker/text/ballots';
import * as cases from '../../worker/text/cases';
import * as forms from '../../worker/text/forms';
import * as models from '../../worker/text/models';
import * as org from '../../worker/text/org';
import * as receipts from '../../worker/text/receipts';
import * as retention from '../../worker/text/retention';
import * as rights from '../../worker/text/rights';

type Dictionary = Record<string, LocalText>;
const MODULES = {
  ballots,
  cases,
  forms,
  models,
  org,
  receipts,
  rights,
  retention: { RETENTION_ACTION: retention.RETENTION_ACTION },
} as Record<string, Record<string, Dictionary>>;

/**
 * Each enum the schema exports, with the dictionaries that name its values; `null` for the one
 * never shown as such (a report's stored status reads as its completion status).
 */
const NAMED_BY: Record<string, Dictionary[] | null> = {
  BALLOT_LEVELS: [ballots.LEVEL],
  BALLOT_MODES: [ballots.BALLOT_MODE],
  BALLOT_PHASES: [ballots.BALLOT_PHASE],
  CASE_ACTOR_KINDS: [cases.CASE_ACTOR],
  CASE_CLOSURES: [cases.CASE_CLOSURE],
  CASE_KINDS: [cases.CASE_KIND],
  CASE_STATUSES: [cases.CASE_STATUS, cases.CASE_STATUS_FOR_REPORTER],
  CASE_VISIBILITIES: [cases.CASE_VISIBILITY],
  DATA_REQUEST_KINDS: [rights.DATA_REQUEST_KIND],
  DATA_REQUEST_STATUSES: [rights.DATA_REQUEST_STATUS],
  DENOMINATORS: [ballots.DENOMINATOR],
  FORM_KINDS: [forms.FORM_KIND],
  FORM_STATUSES: [forms.FORM_STATUS],
  HOLIDAY_KINDS: [cases.HOLIDAY_KIND],
  HOLIDAY_SOURCES: [cases.HOLIDAY_SOURCE],
  MODEL_FIELDS: [models.MODEL_FIELD],
  MODEL_STATUSES: [models.MODEL_STATUS],
  RECOGNITION_LEVELS: [models.RECOGNITION_LEVEL],
  REPORT_STATUSES: null,
  ROLES: [org.ROLE],
  UNIT_KINDS: [org.UNIT_KIND],
};

const schemaEnums = (Object.entries(schema) as [string, unknown][]).filter(
  (e): e is [string, readonly string[]] => Array.isArray(e[1]) && e[1].every((x) => typeof x === 'string'),
);

describe('dictionaries (worker/text/)', () => {
  it('every entry of every dictionary has a Vietnamese and an English text', () => {
    let entries = 0;
    for (const [mod, dicts] of Object.entries(MODULES)) {
      for (const [name, dict] of Object.entries(dicts)) {
        for (const [key, text] of Object.entries(dict)) {
          const where = `${mod}.${name}.${key}`;
          expect(text.vi.trim(), where).not.toBe('');
          expect(text.en?.trim() ?? '', where).not.toBe('');
          entries++;
        }
      }
    }
    expect(entries).toBeGreaterThan(100);
  });

  it('knows every enum the schema exports (a new enum must be named or said to be unshown)', () => {
    expect(schemaEnums.map(([name]) => name).sort()).toEqual(Object.keys(NAMED_BY).sort());
  });

  it.each(schemaEnums)('names every value of %s, and nothing else', (name, values) => {
    for (const dict of NAMED_BY[name] ?? []) expect(Object.keys(dict).sort()).toEqual([...values].sort());
  });

  it('names every action a retention period may take at its end (and every policy’s is one)', () => {
    const actions = [...Period.entries.action.options].sort();
    expect(Object.keys(retention.RETENTION_ACTION).sort()).toEqual(actions);
    for (const p of POLICIES) expect(actions).toContain(p.action);
  });

  it('names the enums that live outside the schema: identity fields, case actions', () => {
    expect(Object.keys(forms.IDENTITY_FIELD).sort()).toEqual([...IDENTITY_FIELDS].sort());
    for (const a of ACTIONS) expect(Object.keys(cases.CASE_EVENT)).toContain(a);
    // The reporter reads only public events, each also named for staff.
    for (const e of Object.keys(cases.CASE_EVENT_FOR_REPORTER))
      expect(Object.keys(cases.CASE_EVENT)).toContain(e);
  });

  it('labelOf reads a key that arrives as data; an unknown one reads as itself', () => {
    expect(t(labelOf(cases.CASE_STATUS, 'answered'), 'en')).toBe('Answered');
    expect(t(labelOf(cases.CASE_STATUS, 'answered'), 'vi')).toBe('Đã trả lời');
    expect(t(labelOf(cases.CASE_STATUS, 'lost'), 'en')).toBe('lost');
  });

  it('the reporter never reads an intake-only step', () => {
    expect(cases.CASE_STATUS_FOR_REPORTER.prescreening).toEqual(cases.CASE_STATUS_FOR_REPORTER.received);
  });
});
