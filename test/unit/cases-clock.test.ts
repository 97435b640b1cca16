/** Statutory clocks: worked examples (weekends, holidays, Tết, compensatory days, extensions) and properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptanceDue,
  addWorkingDays,
  type Calendar,
  calendarOf,
  EMPTY_CALENDAR,
  isWorkingDay,
  periodEnd,
  resolutionDue,
  timeLeft,
  workingDaysBetween,
} from '../../worker/cases/clock';
import { DEFAULT_HOLIDAYS, DEFAULT_RULES, LUNAR_DATES } from '../../worker/cases/reference';
import { addDays } from '../../worker/lib/time';

const VN = calendarOf(DEFAULT_HOLIDAYS);

describe('worked examples', () => {
  it('skips the weekend: 1 working day after Friday is Monday', () => {
    expect(addWorkingDays('2026-03-06', 1, VN)).toBe('2026-03-09');
  });

  it('Tết Bính Ngọ 2026 (14–22/02): a denunciation received on Friday 13/02 must be accepted by 04/03', () => {
    // 7 working days from 13/02: 23, 24, 25, 26, 27/02, 02, 03/03 → 03/03.
    expect(addWorkingDays('2026-02-13', 7, VN)).toBe('2026-03-03');
    expect(acceptanceDue('2026-02-13', DEFAULT_RULES.denunciation, VN)).toBe('2026-03-03');
    expect(isWorkingDay(LUNAR_DATES.tet[2026], VN)).toBe(false);
  });

  it('a calendar-day period ending in Tết moves to the next working day (Civil Code art. 148)', () => {
    // 30 days from 20/01/2026 → 19/02/2026 (Tết) → 23/02/2026.
    expect(periodEnd('2026-01-20', 30, false, VN)).toBe('2026-02-23');
    expect(periodEnd('2026-01-20', 30, false, EMPTY_CALENDAR)).toBe('2026-02-19');
  });

  it('counts a compensatory working Saturday (26/04/2025) and skips the swapped 02/05/2025', () => {
    expect(isWorkingDay('2025-04-26', VN)).toBe(true);
    expect(isWorkingDay('2025-05-02', VN)).toBe(false);
    // From Friday 25/04/2025: Sat 26 (worked), Mon 28, Tue 29, then 30/04–04/05 off, Mon 05/05.
    expect(addWorkingDays('2025-04-25', 4, VN)).toBe('2025-05-05');
  });

  it('Hùng Kings day on Sunday 26/04/2026 is compensated on Monday 27/04', () => {
    expect(isWorkingDay('2026-04-27', VN)).toBe(false);
    expect(addWorkingDays('2026-04-24', 1, VN)).toBe('2026-04-28');
  });

  it('extensions add days in the rule’s unit, capped at the rule’s maximum', () => {
    const rule = DEFAULT_RULES.complaint; // 30 calendar days, max 15 more
    expect(resolutionDue('2026-06-01', rule, EMPTY_CALENDAR)).toBe('2026-07-01');
    expect(resolutionDue('2026-06-01', rule, EMPTY_CALENDAR, 15)).toBe('2026-07-16');
    expect(resolutionDue('2026-06-01', rule, EMPTY_CALENDAR, 99)).toBe('2026-07-16');
  });

  it('time left is positive before the due day, 0 on it, negative after', () => {
    expect(timeLeft('2026-03-02', '2026-03-04', true, VN)).toBe(2);
    expect(timeLeft('2026-03-04', '2026-03-04', true, VN)).toBe(0);
    expect(timeLeft('2026-03-06', '2026-03-04', false, VN)).toBe(-2);
  });
});

const day = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString().slice(0, 10));
const calendarArb: fc.Arbitrary<Calendar> = fc
  .array(fc.tuple(day, fc.constantFrom('off', 'work')), { maxLength: 40 })
  .map((xs) => calendarOf(xs.map(([d, kind]) => ({ day: d, kind }))));

describe('properties', () => {
  it('n working days later is a working day, after the start, with exactly n working days between', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), calendarArb, (d, n, cal) => {
        const end = addWorkingDays(d, n, cal);
        expect(end > d).toBe(true);
        expect(isWorkingDay(end, cal)).toBe(true);
        expect(workingDaysBetween(d, end, cal)).toBe(n);
      }),
    );
  });

  it('is monotone and additive: (d + a) + b = d + (a + b)', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        calendarArb,
        (d, a, b, cal) => {
          expect(addWorkingDays(addWorkingDays(d, a, cal), b, cal)).toBe(addWorkingDays(d, a + b, cal));
          expect(addWorkingDays(d, a + 1, cal) > addWorkingDays(d, a, cal)).toBe(true);
        },
      ),
    );
  });

  it('with no holidays, 5 working days are exactly one week later from a weekday', () => {
    fc.assert(
      fc.property(day, (d) => {
        fc.pre(isWorkingDay(d, EMPTY_CALENDAR));
        expect(addWorkingDays(d, 5, EMPTY_CALENDAR)).toBe(addDays(d, 7));
      }),
    );
  });

  it('a calendar period never ends on a day off and never before d + n', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 90 }), calendarArb, (d, n, cal) => {
        const end = periodEnd(d, n, false, cal);
        expect(isWorkingDay(end, cal)).toBe(true);
        expect(end >= addDays(d, n)).toBe(true);
      }),
    );
  });

  it('more extension never brings the deadline earlier; adding a holiday never either', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), day, (d, ext, h) => {
        const rule = DEFAULT_RULES.denunciation;
        expect(resolutionDue(d, rule, VN, ext + 1) >= resolutionDue(d, rule, VN, ext)).toBe(true);
        const more = calendarOf([...DEFAULT_HOLIDAYS, { day: h, kind: 'off' }]);
        expect(addWorkingDays(d, 7, more) >= addWorkingDays(d, 7, VN)).toBe(true);
      }),
    );
  });
});
