/**
 * Lấy phiếu tín nhiệm in words: the confidence levels, a round's phases and modes, what the
 * percentages are over, the tally's figures and the ½ / ⅔ low-confidence notes — once, for the
 * ballot pages, the minutes, the dashboards and the console (decision 293). Pure module.
 */
import type { BallotLevel, BallotMode, BallotPhase, Denominator } from '../db/schema/ballots';
import type { LocalText } from '../lib/i18n';

/** The three levels (tín nhiệm cao, tín nhiệm, tín nhiệm thấp); their colours are in ballots/levels.ts. */
export const LEVEL: Record<BallotLevel, LocalText> = {
  high: { vi: 'Tín nhiệm cao', en: 'High confidence' },
  confidence: { vi: 'Tín nhiệm', en: 'Confidence' },
  low: { vi: 'Tín nhiệm thấp', en: 'Low confidence' },
};

/** A round's phases, in their order. */
export const BALLOT_PHASE: Record<BallotPhase, LocalText> = {
  setup: { vi: 'Chuẩn bị', en: 'Setup' },
  issuing: { vi: 'Phát phiếu', en: 'Issuing' },
  casting: { vi: 'Bỏ phiếu', en: 'Casting' },
  counting: { vi: 'Kiểm phiếu', en: 'Counting' },
  published: { vi: 'Công bố', en: 'Published' },
};

/** How ballots reach the members. */
export const BALLOT_MODE: Record<BallotMode, LocalText> = {
  codes: { vi: 'Mã in sẵn', en: 'Printed codes' },
  remote: { vi: 'Trực tuyến (ký mù)', en: 'Remote (blind signatures)' },
};

/** What the percentages are over, as it reads inside a sentence ("tính trên số phiếu thu vào"). */
export const DENOMINATOR: Record<Denominator, LocalText> = {
  collected: { vi: 'số phiếu thu vào', en: 'ballots collected' },
  issued: { vi: 'số phiếu phát ra', en: 'ballots issued' },
  summoned: { vi: 'số người được triệu tập', en: 'members summoned' },
  valid: { vi: 'số phiếu hợp lệ', en: 'valid marks' },
};

/** The tally's figures as a line of the results names them ("Phát ra: 30 · Thu vào: 29"). */
export const TALLY_FIGURE = {
  summoned: { vi: 'Triệu tập', en: 'Summoned' },
  present: { vi: 'Có mặt', en: 'Present' },
  issued: { vi: 'Phát ra', en: 'Issued' },
  collected: { vi: 'Thu vào', en: 'Collected' },
  valid: { vi: 'Hợp lệ', en: 'Valid' },
  invalid: { vi: 'Không hợp lệ', en: 'Invalid' },
} as const satisfies Record<string, LocalText>;

/** The notes on a person with many low-confidence marks (tally.ts computes them). */
export const LOW_CONFIDENCE_NOTE = {
  overHalfLow: { vi: 'Trên 1/2 tín nhiệm thấp', en: '> 1/2 low' },
  twoThirdsLow: { vi: 'Từ 2/3 tín nhiệm thấp', en: '≥ 2/3 low' },
} as const satisfies Record<string, LocalText>;
