import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countEn } from '../../worker/lib/i18n';

describe('countEn', () => {
  it('singular for exactly one, plural otherwise (zero included)', () => {
    expect(countEn(1, 'campaign')).toBe('1 campaign');
    expect(countEn(0, 'campaign')).toBe('0 campaigns');
    expect(countEn(2, 'replication')).toBe('2 replications');
    expect(countEn(1, 'published confidence-vote round')).toBe('1 published confidence-vote round');
    expect(countEn(7, 'published confidence-vote round')).toBe('7 published confidence-vote rounds');
  });

  it('takes an irregular plural and writes large numbers with separators', () => {
    expect(countEn(1, 'person', 'people')).toBe('1 person');
    expect(countEn(3, 'person', 'people')).toBe('3 people');
    expect(countEn(12345, 'model')).toBe('12,345 models');
  });

  it('is plural for every count but one (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        expect(countEn(n, 'unit').endsWith(n === 1 ? ' unit' : ' units')).toBe(true);
      }),
    );
  });
});
