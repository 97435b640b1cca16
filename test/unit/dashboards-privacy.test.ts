/**
 * k-suppression (worker/dashboards/privacy.ts): primary, complementary, and the difference attack.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AtomicCell,
  figureText,
  hiddenInGroup,
  isSmall,
  publish,
} from '../../worker/dashboards/privacy';

const K = 5;
const UNITS = ['u1', 'u2', 'u3', 'u4'];
const MONTHS = ['2026-01', '2026-02', '2026-03'];
const OPTIONS = ['a', 'b', 'c'];

/** Random atomic data: unit × month × option counts for one question. */
const atomicData = fc.array(fc.nat({ max: 12 }), {
  minLength: UNITS.length * MONTHS.length * OPTIONS.length,
  maxLength: UNITS.length * MONTHS.length * OPTIONS.length,
});

function cells(ns: number[]): (AtomicCell & { unit: string; month: string })[] {
  const out: (AtomicCell & { unit: string; month: string })[] = [];
  let i = 0;
  for (const unit of UNITS)
    for (const month of MONTHS)
      for (const key of OPTIONS) out.push({ unit, month, group: `${unit}|${month}`, key, n: ns[i++]! });
  return out;
}

/** Every filter the API allows over this grid: a set of units × a contiguous month range. */
const filters = (() => {
  const unitSets = [['u1'], ['u2'], ['u1', 'u2'], ['u3', 'u4'], UNITS];
  const out: { units: string[]; months: string[] }[] = [];
  for (const units of unitSets)
    for (let a = 0; a < MONTHS.length; a++)
      for (let b = a; b < MONTHS.length; b++) out.push({ units, months: MONTHS.slice(a, b + 1) });
  return out;
})();

function publishAll(all: ReturnType<typeof cells>) {
  return filters.map((f) =>
    publish(all.filter((c) => f.units.includes(c.unit) && f.months.includes(c.month))),
  );
}

describe('hiddenInGroup', () => {
  it('hides small non-zero cells, never zeros', () => {
    expect(hiddenInGroup([0, 0, 7])).toEqual([false, false, false]);
    expect(hiddenInGroup([3, 4, 9, 12])).toEqual([true, true, false, false]);
  });
  it('adds the smallest shown non-zero cell when exactly one is hidden', () => {
    expect(hiddenInGroup([6, 1, 0, 9])).toEqual([true, true, false, false]);
    expect(hiddenInGroup([2, 0])).toEqual([true, false]); // nothing left to add
  });
  it('never leaves exactly one hidden non-zero cell when another non-zero cell exists', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 8 }), (ns) => {
        const h = hiddenInGroup(ns, K);
        const hiddenNonZero = ns.filter((n, i) => h[i] && n > 0).length;
        const nonZero = ns.filter((n) => n > 0).length;
        if (nonZero >= 2) expect(hiddenNonZero === 1).toBe(false);
        ns.forEach((n, i) => {
          if (isSmall(n, K)) expect(h[i]).toBe(true);
        });
      }),
    );
  });
});

describe('publish', () => {
  it('no published figure is about fewer than k people, for any filter', () => {
    fc.assert(
      fc.property(atomicData, (ns) => {
        const all = cells(ns);
        for (const figs of publishAll(all)) for (const f of figs) expect(isSmall(f.n, K)).toBe(false);
      }),
    );
  });

  it('totals are sums of shown atomic cells: every filter adds up the same shown cells', () => {
    fc.assert(
      fc.property(atomicData, (ns) => {
        const all = cells(ns);
        // Shown-ness of an atomic cell is the same whatever the filter.
        const whole = publish(all);
        const byUnit = UNITS.map((u) => publish(all.filter((c) => c.unit === u)));
        for (const key of OPTIONS) {
          const sum = byUnit.reduce((s, figs) => s + (figs.find((f) => f.key === key)?.n ?? 0), 0);
          expect(whole.find((f) => f.key === key)?.n ?? 0).toBe(sum);
        }
      }),
    );
  });

  it('the difference attack: changing any hidden cell within 1..k-1 changes nothing published', () => {
    fc.assert(
      fc.property(atomicData, fc.nat(), fc.integer({ min: 1, max: K - 1 }), (ns, pick, newValue) => {
        const all = cells(ns);
        // Which atomic cells are hidden (primary or complementary) in their group.
        const hiddenIdx: number[] = [];
        for (let g = 0; g < all.length; g += OPTIONS.length) {
          const h = hiddenInGroup(ns.slice(g, g + OPTIONS.length), K);
          h.forEach((x, j) => {
            if (x && isSmall(ns[g + j]!, K)) hiddenIdx.push(g + j);
          });
        }
        if (hiddenIdx.length === 0) return;
        const idx = hiddenIdx[pick % hiddenIdx.length]!;
        const changed = [...ns];
        changed[idx] = newValue;
        // Same published output for EVERY filter: no pair of filters can difference it out.
        expect(publishAll(cells(changed))).toEqual(publishAll(all));
      }),
    );
  });

  it('sums numeric totals of shown cells only', () => {
    const figs = publish([
      { group: 'g1', key: '', n: 6, total: 30 },
      { group: 'g2', key: '', n: 2, total: 10 },
    ]);
    expect(figs).toEqual([{ key: '', n: 6, total: 30, hidden: 1 }]);
  });
});

describe('figureText (a published figure in a sentence)', () => {
  it('never reads a hidden figure as 0, and marks a partly hidden one as a lower bound', () => {
    // The case the acceptance walk found: 33 feedback hidden only to protect a neighbouring 2.
    const [feedback, petition] = publish(
      [
        { group: 'front|2026-11', key: 'feedback', n: 33 },
        { group: 'front|2026-11', key: 'petition', n: 2 },
        { group: 'ward|2026-11', key: 'feedback', n: 7 },
        { group: 'ward|2026-11', key: 'petition', n: 0 },
      ],
      5,
    );
    expect(feedback).toMatchObject({ key: 'feedback', n: 7, hidden: 1 });
    expect(petition).toMatchObject({ key: 'petition', n: 0, hidden: 1 });
    expect(figureText(feedback!, 'vi')).toBe('ít nhất 7');
    expect(figureText(feedback!, 'en')).toBe('at least 7');
    expect(figureText(petition!, 'vi')).toBe('ẩn');
    expect(figureText(petition!, 'en')).toBe('hidden');
    expect(figureText({ n: 1234, hidden: 0 }, 'vi')).toBe('1.234');
    expect(figureText({ n: 0, hidden: 0 }, 'vi')).toBe('0');
  });
});
