/**
 * The retention policy table (decision 260): every default inside its bounds, petitions never below
 * five years for what their case file holds, every category with its register facts, and the
 * documented defaults table in step with the code.
 */
import { describe, expect, it } from 'vitest';
import { FORM_KINDS } from '../../worker/db/schema';
import {
  boundsOf,
  defaultOf,
  isPeriodKey,
  PER_KIND_CATEGORIES,
  POLICIES,
  periodKeys,
  REGISTER_ONLY,
  RETENTION_CATEGORIES,
} from '../../worker/retention/policy';

describe('retention policy', () => {
  it('has one period per form kind for per-kind categories and one (*) for the others', () => {
    expect(periodKeys()).toHaveLength(PER_KIND_CATEGORIES.length * FORM_KINDS.length + 5);
    for (const c of RETENTION_CATEGORIES) {
      const perKind = PER_KIND_CATEGORIES.includes(c);
      for (const k of FORM_KINDS) expect(isPeriodKey(k, c)).toBe(perKind);
      expect(isPeriodKey('*', c)).toBe(!perKind);
    }
  });

  it('puts every default inside its bounds', () => {
    for (const { formKind, category } of periodKeys()) {
      const { min, max } = boundsOf(formKind, category);
      const d = defaultOf(formKind, category);
      expect(d, `${formKind}/${category}`).toBeGreaterThanOrEqual(min);
      expect(d, `${formKind}/${category}`).toBeLessThanOrEqual(max);
    }
  });

  it('keeps a petition’s identity, text and evidence at least five years; the audit log at least five', () => {
    for (const c of PER_KIND_CATEGORIES) expect(boundsOf('petition', c).min).toBeGreaterThanOrEqual(1825);
    expect(boundsOf('*', 'audit').min).toBeGreaterThanOrEqual(1825);
  });

  it('gives every category the facts the processing register needs, in both languages', () => {
    for (const p of POLICIES)
      for (const f of ['name', 'what', 'purpose', 'basis', 'access', 'from'] as const) {
        expect(p[f].vi, `${p.category}.${f}`).not.toBe('');
        expect(p[f].en, `${p.category}.${f}`).not.toBe('');
      }
    for (const r of REGISTER_ONLY)
      for (const f of ['name', 'what', 'purpose', 'basis', 'access', 'kept'] as const) {
        expect(r[f].vi, `${r.category}.${f}`).not.toBe('');
        expect(r[f].en, `${r.category}.${f}`).not.toBe('');
      }
    const names = [...POLICIES.map((p) => p.category), ...REGISTER_ONLY.map((r) => r.category)];
    expect(new Set(names).size).toBe(names.length);
  });
});
