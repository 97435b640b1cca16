/**
 * Kiểm phiếu: the count. Pure functions, integer arithmetic only (no floats anywhere a threshold
 * or a percentage is decided): rules from Quy định 96-QĐ/TW (2023) and Nghị quyết 96/2023/QH15.
 * - a person's mark is valid when exactly one level is ticked; blank or several → invalid for that
 *   person only, the rest of the ballot still counts;
 * - percentages over the configured denominator, two decimals, round half up: 187/481 → 38.88;
 * - more than half "thấp": 2·low > N; two thirds or more: 3·low ≥ 2·N;
 * - the meeting is valid when 3·present ≥ 2·summoned.
 */
import { BALLOT_LEVELS, type BallotLevel, type Denominator } from '../db/schema/ballots';

/** The three levels: tín nhiệm cao, tín nhiệm, tín nhiệm thấp. */
export const LEVELS = BALLOT_LEVELS;
export type Level = BallotLevel;
/** What one ballot says about one person. */
export type Mark = Level | 'blank' | 'multiple';

/** Marks of one cast ballot: candidate id → mark (a missing id is blank). */
export type BallotMarks = Record<string, Mark>;

/**
 * The mark from what was ticked: nothing → blank; one known level (even ticked twice) → that level;
 * two different levels → multiple; anything unknown makes the mark invalid ('multiple').
 */
export function markOf(ticked: readonly string[]): Mark {
  const distinct = [...new Set(ticked.filter((t) => t !== ''))];
  if (distinct.length === 0) return 'blank';
  if (distinct.length > 1) return 'multiple';
  const only = distinct[0]!;
  return (LEVELS as readonly string[]).includes(only) ? (only as Level) : 'multiple';
}

/** Quorum (đủ số đại biểu): at least two thirds of those summoned are present. */
export function quorumMet(present: number, summoned: number): boolean {
  return summoned > 0 && 3 * present >= 2 * summoned;
}

/**
 * `count / n` as a percentage with two decimals, ROUND HALF UP, in integers: the value in
 * hundredths of a percent is floor((2·count·10000 + n) / (2n)). Returns null when n is 0.
 * @example percent(187, 481) // '38.88'
 */
export function percent(count: number, n: number): string | null {
  if (n <= 0) return null;
  const hundredths = Math.floor((2 * count * 10000 + n) / (2 * n));
  const whole = Math.floor(hundredths / 100);
  const frac = hundredths % 100;
  return `${whole}.${String(frac).padStart(2, '0')}`;
}

/** Threshold flags of one person over denominator n (integers only). */
export function thresholds(low: number, n: number) {
  return {
    /** Hơn 1/2 tín nhiệm thấp: 2·low > N. */
    overHalfLow: n > 0 && 2 * low > n,
    /** Từ 2/3 trở lên tín nhiệm thấp: 3·low ≥ 2·N. */
    twoThirdsLow: n > 0 && 3 * low >= 2 * n,
  };
}

export interface CandidateInfo {
  id: string;
  groupId: string;
  fullName: string;
  position: string;
}

export interface LevelFigure {
  count: number;
  /** Two decimals as a string ('38.88'), null when the denominator is 0. */
  percent: string | null;
}

/** The figures of one person (kết quả đối với từng người). */
export interface CandidateResult extends CandidateInfo {
  issued: number;
  collected: number;
  valid: number;
  invalid: number;
  blank: number;
  multiple: number;
  denominator: number;
  high: LevelFigure;
  confidence: LevelFigure;
  low: LevelFigure;
  overHalfLow: boolean;
  twoThirdsLow: boolean;
}

/** Inputs of the count that are not ballots. */
export interface TallyContext {
  summoned: number;
  present: number;
  /** Ballots issued (codes printed minus voided, or tokens issued). */
  issued: number;
  denominator: Denominator;
}

/** The denominator N for one person. */
export function denominatorOf(
  rule: Denominator,
  ctx: TallyContext,
  collected: number,
  valid: number,
): number {
  switch (rule) {
    case 'collected':
      return collected;
    case 'issued':
      return ctx.issued;
    case 'summoned':
      return ctx.summoned;
    case 'valid':
      return valid;
  }
}

/**
 * Counts every person over every ballot. Every ballot collected is a ballot for every person
 * (one code admits the whole set of papers); a person absent from a ballot's marks is blank.
 */
export function tally(
  candidates: readonly CandidateInfo[],
  ballots: readonly BallotMarks[],
  ctx: TallyContext,
) {
  const collected = ballots.length;
  const results: CandidateResult[] = candidates.map((c) => {
    const counts = { high: 0, confidence: 0, low: 0, blank: 0, multiple: 0 };
    for (const b of ballots) {
      const m = b[c.id] ?? 'blank';
      counts[m in counts ? m : 'multiple']++;
    }
    const valid = counts.high + counts.confidence + counts.low;
    const n = denominatorOf(ctx.denominator, ctx, collected, valid);
    return {
      ...c,
      issued: ctx.issued,
      collected,
      valid,
      invalid: collected - valid,
      blank: counts.blank,
      multiple: counts.multiple,
      denominator: n,
      high: { count: counts.high, percent: percent(counts.high, n) },
      confidence: { count: counts.confidence, percent: percent(counts.confidence, n) },
      low: { count: counts.low, percent: percent(counts.low, n) },
      ...thresholds(counts.low, n),
    };
  });
  return {
    summoned: ctx.summoned,
    present: ctx.present,
    quorum: quorumMet(ctx.present, ctx.summoned),
    issued: ctx.issued,
    collected,
    denominator: ctx.denominator,
    candidates: results,
  };
}
export type Tally = ReturnType<typeof tally>;
