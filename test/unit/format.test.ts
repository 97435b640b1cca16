/** One formatting module and the Vietnam calendar: day boundaries, dates, numbers, percent, money (decision 294). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countEn,
  formatDate,
  formatDateTime,
  formatDay,
  formatDayLong,
  formatMonth,
  formatNumber,
  formatPercent,
  formatVnd,
  formatYesNo,
} from '../../worker/lib/format';
import { t } from '../../worker/lib/i18n';
import { addDays, addMonths, daysBetween, vnDay, vnDayEnd, vnMidnight } from '../../worker/lib/time';

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

const at = (iso: string) => Date.parse(iso);

describe('Vietnam days (worker/lib/time.ts)', () => {
  it('a Vietnam day starts at 17:00 UTC the day before and ends at 16:59:59.999 UTC', () => {
    expect(vnDay(at('2026-01-31T16:59:59.999Z'))).toBe('2026-01-31');
    expect(vnDay(at('2026-01-31T17:00:00.000Z'))).toBe('2026-02-01');
    expect(vnMidnight('2026-02-01')).toBe(at('2026-01-31T17:00:00.000Z'));
    expect(vnDayEnd('2026-02-01')).toBe(at('2026-02-01T16:59:59.999Z'));
    // New Year in Vietnam comes seven hours before it does in UTC.
    expect(vnDay(at('2025-12-31T17:00:00.000Z'))).toBe('2026-01-01');
  });

  it('every instant lies within its Vietnam day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const day = vnDay(ms);
        expect(vnMidnight(day) <= ms && ms <= vnDayEnd(day)).toBe(true);
        expect(vnDay(vnMidnight(day))).toBe(day);
        expect(vnDay(vnDayEnd(day) + 1)).toBe(addDays(day, 1));
      }),
    );
  });

  it('counts days and months across month ends, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -14)).toBe('2025-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: -3000, max: 3000 }), (d0, n) => {
        const day = addDays('1990-01-01', d0);
        expect(daysBetween(day, addDays(day, n))).toBe(n);
      }),
    );
  });
});

describe('formatting (worker/lib/format.ts)', () => {
  it('writes days dd/mm/yyyy, an instant as its Vietnam day, and nothing for no date', () => {
    expect(formatDay('2026-02-01')).toBe('01/02/2026');
    expect(formatDay('01/02/2026')).toBe('');
    expect(formatDay(null)).toBe('');
    expect(formatDate(at('2026-01-31T16:59:59.999Z'))).toBe('31/01/2026');
    expect(formatDate(at('2026-01-31T17:00:00.000Z'))).toBe('01/02/2026');
    expect(formatDate('2026-01-31T17:00:00.000Z')).toBe('01/02/2026');
    expect(formatDate(undefined)).toBe('');
    expect(formatDateTime(at('2026-01-31T17:05:00.000Z'))).toBe('01/02/2026 00:05');
    expect(formatDateTime(at('2026-06-30T09:30:00.000Z'))).toBe('30/06/2026 16:30');
    expect(formatDateTime(null)).toBe('');
    expect(formatMonth('2026-03')).toBe('03/2026');
    expect(formatDayLong('2026-11-05')).toBe('ngày 05 tháng 11 năm 2026');
  });

  it('agrees with Intl in Asia/Ho_Chi_Minh for any instant (property)', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(formatDateTime(ms)).toBe(intl.format(ms).replace(',', ''));
      }),
    );
  });

  it('groups numbers as each language reads them; money in đồng', () => {
    expect(formatNumber(1234567.5)).toBe('1.234.567,5');
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatVnd(50_000_000)).toBe('50.000.000 đ');
    expect(formatVnd(50_000_000, 'en')).toBe('50,000,000 VND');
  });

  it('writes percentages with two decimals and a sign that never wraps away', () => {
    expect(formatPercent('38.88')).toBe('38,88\u00a0%');
    expect(formatPercent('38.88', 'en')).toBe('38.88\u00a0%');
    expect(formatPercent(66.67)).toBe('66,67\u00a0%');
    expect(formatPercent(100 / 3)).toBe('33,33\u00a0%');
    expect(formatPercent(0)).toBe('0,00\u00a0%');
    expect(formatPercent(null)).toBe('—');
  });

  it('says yes and no in words', () => {
    expect(formatYesNo(true)).toBe('Có');
    expect(formatYesNo(false)).toBe('Không');
    expect(formatYesNo(true, 'en')).toBe('Yes');
  });
});

describe('t (worker/lib/i18n.ts)', () => {
  it('picks the language and falls back to Vietnamese when English is missing or empty', () => {
    expect(t({ vi: 'Lưu', en: 'Save' }, 'en')).toBe('Save');
    expect(t({ vi: 'Lưu', en: 'Save' }, 'vi')).toBe('Lưu');
    expect(t({ vi: 'Lưu' }, 'en')).toBe('Lưu');
    expect(t({ vi: 'Lưu', en: '' }, 'en')).toBe('Lưu');
    expect(t(undefined, 'en')).toBe('');
  });
});
