/**
 * The tally against an independent count (fast-check), and worked vectors at the exact boundaries
 * of the thresholds and the quorum. The independent count below uses exact rational comparison
 * with BigInt and string-built percentages, sharing no code with worker/ballots/tally.ts.
 */
import fc from 'fast-check';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { ResultsTable } from '../../worker/ballots/results-table';
import {
  type BallotMarks,
  type Mark,
  markOf,
  percent,
  quorumMet,
  tally,
  thresholds,
} from '../../worker/ballots/tally';

const cands = [
  { id: 'a', groupId: 'g1', fullName: 'Nguyễn Văn A', position: 'Bí thư' },
  { id: 'b', groupId: 'g1', fullName: 'Trần Thị B', position: 'Phó Bí thư' },
  { id: 'c', groupId: 'g2', fullName: 'Lê Văn C', position: 'Chủ tịch' },
];

/**
 * Independent percentage: count·100/n truncated to thousandths with BigInt; the third decimal
 * decides (≥ 5 → up), which is exactly "round half up" to hundredths.
 */
function refPercent(count: number, n: number): string | null {
  if (n === 0) return null;
  const thousandths = (BigInt(count) * 100000n) / BigInt(n);
  const hundredths = thousandths / 10n + (thousandths % 10n >= 5n ? 1n : 0n);
  const s = hundredths.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

const markArb: fc.Arbitrary<Mark | undefined> = fc.constantFrom(
  'high',
  'confidence',
  'low',
  'blank',
  'multiple',
  undefined,
);
const ballotArb = fc.record({ a: markArb, b: markArb, c: markArb }).map((r) => {
  const out: BallotMarks = {};
  for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
  return out;
});

describe('tally', () => {
  it('equals an independent count for random ballot sets (blank and invalid marks included)', () => {
    fc.assert(
      fc.property(
        fc.array(ballotArb, { maxLength: 120 }),
        fc.constantFrom('collected', 'issued', 'summoned', 'valid' as const),
        fc.nat(40),
        (ballots, denominator, extra) => {
          const issued = ballots.length + (extra % 5);
          const summoned = issued + extra;
          const t = tally(cands, ballots, { summoned, present: issued, issued, denominator });
          expect(t.collected).toBe(ballots.length);
          for (const c of cands) {
            const r = t.candidates.find((x) => x.id === c.id)!;
            let high = 0;
            let conf = 0;
            let low = 0;
            let blank = 0;
            let multi = 0;
            for (const b of ballots) {
              const m = b[c.id];
              if (m === 'high') high++;
              else if (m === 'confidence') conf++;
              else if (m === 'low') low++;
              else if (m === 'multiple') multi++;
              else blank++;
            }
            const valid = high + conf + low;
            const N = { collected: ballots.length, issued, summoned, valid }[denominator];
            expect(r).toMatchObject({
              collected: ballots.length,
              valid,
              invalid: blank + multi,
              blank,
              multiple: multi,
              denominator: N,
              high: { count: high, percent: refPercent(high, N) },
              confidence: { count: conf, percent: refPercent(conf, N) },
              low: { count: low, percent: refPercent(low, N) },
            });
            // Thresholds by exact rationals: low/N > 1/2 and low/N ≥ 2/3.
            expect(r.overHalfLow).toBe(N > 0 && BigInt(low) * 2n > BigInt(N));
            expect(r.twoThirdsLow).toBe(N > 0 && BigInt(low) * 3n >= BigInt(N) * 2n);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('percent: 187/481 → 38.88, and round half up', () => {
    expect(percent(187, 481)).toBe('38.88');
    expect(percent(1, 8)).toBe('12.50');
    expect(percent(1, 3)).toBe('33.33');
    expect(percent(2, 3)).toBe('66.67');
    expect(percent(1, 16)).toBe('6.25');
    expect(percent(1, 1600)).toBe('0.06'); // 0.0625 → 0.06
    expect(percent(1, 800)).toBe('0.13'); // 0.125 → 0.13 (half up)
    expect(percent(0, 5)).toBe('0.00');
    expect(percent(5, 5)).toBe('100.00');
    expect(percent(3, 0)).toBeNull();
    fc.assert(
      fc.property(
        fc.nat(5000),
        fc.integer({ min: 1, max: 5000 }),
        (c, n) => percent(c, n) === refPercent(c, n),
      ),
    );
  });

  it.each([
    // [N, low, over half, two thirds or more]
    [3, 1, false, false],
    [3, 2, true, true], // 2/3 exactly: both
    [3, 3, true, true],
    [6, 3, false, false], // exactly half: not more than half
    [6, 4, true, true], // exactly 2/3
    [6, 5, true, true],
    [481, 240, false, false], // just below half
    [481, 241, true, false], // just above half
    [481, 320, true, false], // just below 2/3 (320.67 needed)
    [481, 321, true, true], // 3·321 = 963 ≥ 962
    [480, 240, false, false],
    [480, 241, true, false],
    [480, 319, true, false],
    [480, 320, true, true], // exactly 2/3
  ])('N = %i, low = %i → over half %s, two thirds %s', (n, low, half, twoThirds) => {
    expect(thresholds(low, n)).toEqual({ overHalfLow: half, twoThirdsLow: twoThirds });
  });

  it.each([
    [3, 2, true],
    [3, 1, false],
    [6, 4, true],
    [6, 3, false],
    [481, 321, true], // 963 ≥ 962
    [481, 320, false],
    [9, 6, true],
    [9, 5, false],
  ])('quorum: summoned %i, present %i → %s', (summoned, present, ok) => {
    expect(quorumMet(present, summoned)).toBe(ok);
  });

  it('a mark is valid only when exactly one level is ticked', () => {
    expect(markOf([])).toBe('blank');
    expect(markOf([''])).toBe('blank');
    expect(markOf(['low'])).toBe('low');
    expect(markOf(['low', 'low'])).toBe('low');
    expect(markOf(['low', 'high'])).toBe('multiple');
    expect(markOf(['nonsense'])).toBe('multiple');
  });

  it('figures for the worked example 187 of 481 collected', () => {
    const ballots: BallotMarks[] = [
      ...Array.from({ length: 187 }, () => ({ a: 'low' as const })),
      ...Array.from({ length: 290 }, () => ({ a: 'high' as const })),
      ...Array.from({ length: 4 }, () => ({})),
    ];
    const t = tally(cands.slice(0, 1), ballots, {
      summoned: 500,
      present: 490,
      issued: 490,
      denominator: 'collected',
    });
    expect(t.candidates[0]).toMatchObject({
      issued: 490,
      collected: 481,
      valid: 477,
      invalid: 4,
      low: { count: 187, percent: '38.88' },
      high: { count: 290, percent: '60.29' },
      overHalfLow: false,
    });
  });
});

describe('ResultsTable (the console and the published results page draw the same table)', () => {
  const rowsOf = (html: string) =>
    [...html.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) =>
      [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) =>
        c[1]!
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );

  it('shows each person with Vietnamese decimals and the ½ / ⅔ low-confidence notes', () => {
    // b is marked twice on the last ballot and c not at all: both are invalid there.
    const ballots: BallotMarks[] = [
      { a: 'low', b: 'low', c: 'high' },
      { a: 'low', b: 'high', c: 'high' },
      { a: 'low', b: 'low', c: 'confidence' },
      { a: 'high', b: 'multiple' },
    ];
    const t = tally(cands, ballots, { summoned: 4, present: 4, issued: 4, denominator: 'collected' });
    const html = renderToString(h(ResultsTable, { lang: 'vi', caption: 'Phiếu 1', rows: t.candidates }));
    expect(html).toContain('<caption>Phiếu 1</caption>');
    // Per person (issue 12, 360 px): name, position, valid / invalid marks and the threshold note in
    // one cell, then each level's count over its percentage.
    expect(rowsOf(html)).toEqual([
      [
        'Nguyễn Văn A Bí thư Hợp lệ: 4 · Không hợp lệ: 0 Từ 2/3 tín nhiệm thấp',
        '1 25,00 %',
        '0 0,00 %',
        '3 75,00 %',
      ],
      ['Trần Thị B Phó Bí thư Hợp lệ: 3 · Không hợp lệ: 1', '1 25,00 %', '0 0,00 %', '2 50,00 %'],
      ['Lê Văn C Chủ tịch Hợp lệ: 3 · Không hợp lệ: 1', '2 50,00 %', '1 25,00 %', '0 0,00 %'],
    ]);
    // A percentage never breaks from its sign.
    expect(html).toContain('25,00\u00a0%');
    const three = tally(cands.slice(0, 1), ballots.slice(0, 3).concat([{ a: 'high' }, { a: 'high' }]), {
      summoned: 5,
      present: 5,
      issued: 5,
      denominator: 'collected',
    });
    const en = renderToString(h(ResultsTable, { lang: 'en', caption: 'P', rows: three.candidates }));
    expect(rowsOf(en)[0]).toEqual([
      expect.stringMatching(/^Nguyễn Văn A Bí thư .*5.*0.*> 1\/2 low$/),
      // In English, English notation (issue 12's English walk; decision 294 amended).
      '2 40.00 %',
      '0 0.00 %',
      '3 60.00 %',
    ]);
    expect(en).toMatch(/<th scope="col"[^>]*>Low confidence<\/th>/);
  });

  it('shows a dash, not "NaN %", when the denominator is 0', () => {
    const t = tally(cands.slice(0, 1), [], { summoned: 0, present: 0, issued: 0, denominator: 'collected' });
    expect(
      rowsOf(renderToString(h(ResultsTable, { lang: 'vi', caption: 'P', rows: t.candidates })))[0],
    ).toEqual(['Nguyễn Văn A Bí thư Hợp lệ: 0 · Không hợp lệ: 0', '0 —', '0 —', '0 —']);
  });
});
