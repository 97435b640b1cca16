/**
 * Bảo vệ số liệu nhỏ: k-suppression for every figure a dashboard or export publishes.
 * Pure module (no D1, no DOM): the Worker, the exports and the property tests share it.
 *
 * The rule (docs/decisions/201-k-suppression-atomic-cells.md):
 * 1. Figures are built from ATOMIC cells on one fixed grid: effective unit × calendar month × key
 *    (question/item/option, category, person …). Filters only select whole atomic cells (unit
 *    subtrees, whole months), so every published number is a sum of atomic cells.
 * 2. Primary suppression: an atomic cell with 0 < n < k is hidden.
 * 3. Complementary suppression: inside one GROUP of atomic cells that share a margin someone could
 *    know (the options of one question in one unit-month, whose response count is published), a
 *    single hidden cell would be revealed by margin − shown cells; so when exactly one cell of a
 *    group is primarily hidden, the smallest other non-zero cell is hidden too.
 * 4. Every published total is the sum of SHOWN atomic cells only. Hence any two filters (subtree
 *    vs. its children, a quarter vs. a month) publish sums of the same shown cells: their
 *    difference is again a sum of shown cells and can never isolate a hidden one.
 */

import { formatNumber } from '../lib/format';
import { t } from '../lib/i18n';

/** The default anonymity threshold (PRODUCT.md: k = 5). */
export const DEFAULT_K = 5;

/** One atomic cell: `group` names the margin it belongs to, `key` what it counts. */
export interface AtomicCell {
  group: string;
  key: string;
  n: number;
  /** Sum of numeric answers behind the cell (means of number/rating questions). */
  total?: number;
}

/** A published figure: the sum of the shown atomic cells with this key. */
export interface Figure {
  key: string;
  n: number;
  total: number;
  /** How many atomic cells with this key were hidden (their values are never added anywhere). */
  hidden: number;
}

/** What a suppressed figure reads as, everywhere (screen, CSV, XLSX, PDF): not "<k" — a cell hidden
 * by rule 3 can be large, so "<5" would be false. */
export const HIDDEN_TEXT = { vi: 'ẩn', en: 'hidden' } as const;

/**
 * A published figure in a sentence (summaries, text alternatives): "ẩn" when every cell behind it
 * is hidden, "ít nhất N" when some are (N is the shown part: rule 4), else N. Never 0 for a hidden
 * figure.
 * @example figureText({ n: 33, hidden: 1 }, 'vi') // 'ít nhất 33'
 */
export function figureText(f: { n: number; hidden: number }, lang: 'vi' | 'en'): string {
  const num = formatNumber(f.n, lang);
  if (f.hidden === 0) return num;
  if (f.n === 0) return HIDDEN_TEXT[lang];
  return t({ vi: `ít nhất ${num}`, en: `at least ${num}` }, lang);
}

/**
 * A total in a sentence: "131 ý kiến trong kỳ (chưa kể các ô bị ẩn)" — the shown sum, with the
 * plain remark that hidden cells are left out, never "Tổng ít nhất 131". When every cell is hidden
 * there is no total to give, and the sentence says so.
 * @example totalText({ n: 131, hidden: 2 }, { vi: 'ý kiến', en: 'submissions' }, 'vi') // '131 ý kiến (chưa kể các ô bị ẩn)'
 */
export function totalText(
  f: { n: number; hidden: number },
  noun: { vi: string; en: string },
  lang: 'vi' | 'en',
): string {
  const num = formatNumber(f.n, lang);
  if (f.hidden > 0 && f.n === 0)
    return t(
      { vi: `số ${noun.vi}: ẩn (mọi ô đều dưới ngưỡng)`, en: `${noun.en}: hidden (every cell is small)` },
      lang,
    );
  const tail = f.hidden ? t({ vi: ' (chưa kể các ô bị ẩn)', en: ' (not counting hidden cells)' }, lang) : '';
  return `${num} ${noun[lang]}${tail}`;
}

/** True when a cell is small enough to identify someone: 0 < n < k. Zero is not a person. */
export function isSmall(n: number, k = DEFAULT_K): boolean {
  return n > 0 && n < k;
}

/**
 * Which cells of one group to hide: primary (0 < n < k), then complementary when exactly one is
 * hidden. The complement is chosen among shown non-zero cells by (n, index) only, so the decision
 * never depends on the VALUE of a hidden cell — changing a hidden cell within 1..k-1 changes
 * nothing that is published (the property tests check exactly this).
 * @example hiddenInGroup([6, 1, 0, 9]) // [true, true, false, false]
 */
export function hiddenInGroup(ns: readonly number[], k = DEFAULT_K): boolean[] {
  const hidden = ns.map((n) => isSmall(n, k));
  if (hidden.filter(Boolean).length === 1) {
    let pick = -1;
    ns.forEach((n, i) => {
      if (!hidden[i] && n > 0 && (pick < 0 || n < ns[pick]!)) pick = i;
    });
    if (pick >= 0) hidden[pick] = true;
  }
  return hidden;
}

/**
 * Applies the rule to atomic cells and sums the shown ones by key.
 * @example publish([{group:'u1|2026-01|q', key:'yes', n:6}, {group:'u1|2026-01|q', key:'no', n:1}])
 *          // yes and no both hidden: [{key:'yes', n:0, hidden:1}, {key:'no', n:0, hidden:1}]
 */
export function publish(cells: readonly AtomicCell[], k = DEFAULT_K): Figure[] {
  const groups = new Map<string, AtomicCell[]>();
  for (const c of cells) {
    const g = groups.get(c.group);
    if (g) g.push(c);
    else groups.set(c.group, [c]);
  }
  const out = new Map<string, Figure>();
  for (const g of groups.values()) {
    // Merge duplicates of a key inside a group first (a merged unit's predecessors add up).
    const byKey = new Map<string, { n: number; total: number }>();
    for (const c of g) {
      const e = byKey.get(c.key) ?? { n: 0, total: 0 };
      e.n += c.n;
      e.total += c.total ?? 0;
      byKey.set(c.key, e);
    }
    const keys = [...byKey.keys()].sort();
    const hidden = hiddenInGroup(
      keys.map((key) => byKey.get(key)!.n),
      k,
    );
    keys.forEach((key, i) => {
      const f = out.get(key) ?? { key, n: 0, total: 0, hidden: 0 };
      const e = byKey.get(key)!;
      if (hidden[i]) f.hidden += 1;
      else {
        f.n += e.n;
        f.total += e.total;
      }
      out.set(key, f);
    });
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Figures about a named person (Ủy ban Kiểm tra): shown only when at least k distinct responses
 * stand behind them; otherwise the row keeps the name's id but no numbers.
 */
export function suppressPersonRows<T extends { distinct: number }>(
  rows: readonly T[],
  k = DEFAULT_K,
): (T | { personId: unknown; suppressed: true })[] {
  return rows.map((r) =>
    r.distinct >= k ? r : { personId: (r as { personId?: unknown }).personId, suppressed: true as const },
  );
}

/**
 * Free-text answers are raw rows: a board viewer may read them only when the filtered set holds at
 * least k responses (fewer would point at the people who wrote them).
 */
export function textVisible(responses: number, k = DEFAULT_K): boolean {
  return responses >= k;
}
