/**
 * Tiêu chí đánh giá: the rubric and its arithmetic. Pure module (no D1): the console shows the
 * same score the server stores.
 *
 * Score = Σ wᵢ·(sᵢ/mᵢ) / Σ wᵢ, expressed in basis points (0..10000 = 0..100 %), computed exactly with
 * BigInt over the common denominator and rounded half up once, at the end. No float ever touches
 * the score, so 2/3 of a criterion never becomes 0.6666…7 and two equal evaluations always tie.
 */
import { formatPercent } from '../lib/format';
import type { Lang } from '../lib/i18n';

/** One criterion: `weight` ≥ 1 (relative), points 0..`max`. */
export interface Criterion {
  id: string;
  label: { vi: string; en?: string };
  weight: number;
  max: number;
}

/** Threshold for "effective" when a rubric does not say: 70.00 %. */
export const DEFAULT_THRESHOLD_BP = 7000;

/**
 * The usual six criteria of a "Dân vận khéo" evaluation, each scored 0..10. Weights sum to 100
 * so each weight reads as a percentage; "real effect" weighs most.
 */
export const DEFAULT_CRITERIA: Criterion[] = [
  {
    id: 'concrete',
    label: { vi: 'Cụ thể, dễ làm, dễ nhân rộng', en: 'Concrete and addressable' },
    weight: 15,
    max: 10,
  },
  { id: 'effect', label: { vi: 'Hiệu quả thiết thực', en: 'Real effect' }, weight: 25, max: 10 },
  {
    id: 'forces',
    label: { vi: 'Huy động được nhiều lực lượng tham gia', en: 'Mobilises many forces' },
    weight: 15,
    max: 10,
  },
  {
    id: 'support',
    label: { vi: 'Được nhân dân đồng tình, ủng hộ', en: 'Public support' },
    weight: 15,
    max: 10,
  },
  {
    id: 'pressing',
    label: { vi: 'Giải quyết nhiệm vụ cấp bách ở địa phương', en: 'Solves a pressing local task' },
    weight: 15,
    max: 10,
  },
  {
    id: 'sustainable',
    label: { vi: 'Bền vững, có sức lan tỏa', en: 'Sustainable and spreading' },
    weight: 15,
    max: 10,
  },
];

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The weighted score in basis points, rounded half up.
 * Scores must be integers in 0..max for every criterion (checked by `checkScores`).
 * @example scoreBp([{id:'a',weight:1,max:3,label:{vi:'a'}}], {a: 2}) // 6667 (66.67 %)
 */
export function scoreBp(criteria: readonly Criterion[], scores: Readonly<Record<string, number>>): number {
  let lcm = 1n;
  for (const c of criteria) {
    const m = BigInt(c.max);
    lcm = (lcm * m) / gcd(lcm, m);
  }
  let num = 0n;
  let weights = 0n;
  for (const c of criteria) {
    num += BigInt(c.weight) * BigInt(scores[c.id] ?? 0) * (lcm / BigInt(c.max));
    weights += BigInt(c.weight);
  }
  const den = lcm * weights;
  if (den === 0n) return 0;
  // round(10000·num/den) half up = floor((20000·num + den) / (2·den))
  return Number((20000n * num + den) / (2n * den));
}

/** The verdict of a score: effective when score ≥ threshold. */
export function verdictOf(bp: number, thresholdBp: number): 'effective' | 'not_effective' {
  return bp >= thresholdBp ? 'effective' : 'not_effective';
}

/** Problems with a set of scores: unknown criteria, missing ones, non-integers, out of range. */
export function checkScores(
  criteria: readonly Criterion[],
  scores: Readonly<Record<string, unknown>>,
): { path: string; code: string }[] {
  const out: { path: string; code: string }[] = [];
  const ids = new Set(criteria.map((c) => c.id));
  for (const k of Object.keys(scores))
    if (!ids.has(k)) out.push({ path: `scores.${k}`, code: 'unknown_criterion' });
  for (const c of criteria) {
    const s = scores[c.id];
    if (s === undefined) out.push({ path: `scores.${c.id}`, code: 'required' });
    else if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > c.max)
      out.push({ path: `scores.${c.id}`, code: 'out_of_range' });
  }
  return out;
}

/** "66,67 %" / "66.67 %": basis points (a score or threshold) as a percentage; none → ''. */
export function formatBp(bp: number | null, lang: Lang = 'vi'): string {
  return bp === null ? '' : formatPercent(bp / 100, lang);
}
