/**
 * Atomic cells with extra dimensions (unit, month, kind …) for the board views built on other
 * modules' rollups: the same rule as `publish()` (privacy.ts, decision 201) — hide inside each
 * group, then every figure is a sum of SHOWN cells, projected on whatever dimension a table needs.
 */
import { DEFAULT_K, hiddenInGroup } from './privacy';

/** One atomic cell: `group` is its margin (unit|month …), `key` what it counts, `dims` its labels. */
export interface DimCell {
  group: string;
  key: string;
  n: number;
  dims: Record<string, string>;
}

/** A cell after suppression. */
export type MarkedCell = DimCell & { hidden: boolean };

/** Adds duplicates (a merged unit's predecessors) and marks hidden cells group by group. */
export function markCells(cells: readonly DimCell[], k = DEFAULT_K): MarkedCell[] {
  const merged = new Map<string, DimCell>();
  for (const c of cells) {
    const id = `${c.group}\u0000${c.key}`;
    const e = merged.get(id);
    if (e) e.n += c.n;
    else merged.set(id, { ...c, dims: { ...c.dims } });
  }
  const groups = new Map<string, DimCell[]>();
  for (const c of merged.values()) {
    const g = groups.get(c.group);
    if (g) g.push(c);
    else groups.set(c.group, [c]);
  }
  const out: MarkedCell[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const hidden = hiddenInGroup(
      g.map((c) => c.n),
      k,
    );
    g.forEach((c, i) => {
      out.push({ ...c, hidden: hidden[i]! });
    });
  }
  return out;
}

/** A published figure: sum of shown cells, and how many cells were hidden. */
export interface Sum {
  n: number;
  hidden: number;
}

/** Sums shown cells by a projection (e.g. month, or month|kind). Hidden cells add to `hidden` only. */
export function sumBy(cells: readonly MarkedCell[], by: (c: MarkedCell) => string): Map<string, Sum> {
  const out = new Map<string, Sum>();
  for (const c of cells) {
    const id = by(c);
    const s = out.get(id) ?? { n: 0, hidden: 0 };
    if (c.hidden) s.hidden += 1;
    else s.n += c.n;
    out.set(id, s);
  }
  return out;
}

/** A figure for a table: null when only hidden cells stand behind it. */
export function shown(s: Sum | undefined): number | null {
  if (!s) return 0;
  return s.n === 0 && s.hidden > 0 ? null : s.n;
}

/** Hidden cells in total. */
export function hiddenCount(cells: readonly MarkedCell[]): number {
  return cells.filter((c) => c.hidden).length;
}
