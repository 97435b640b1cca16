/** The shared date rule and the bilingual valibot messages (worker/lib/checks.ts, decision 211). */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DateString,
  isCalendarDate,
  issueMessage,
  issuesToFields,
  toCalendarDate,
} from '../../worker/lib/checks';

describe('isCalendarDate', () => {
  it('refuses days that do not exist and malformed strings', () => {
    for (const s of ['2026-02-30', '2025-02-29', '2026-04-31', '2100-02-29', '2026-13-01', '2026-00-10'])
      expect(isCalendarDate(s), s).toBe(false);
    for (const s of [
      '2026-01-00',
      '2026-1-01',
      '26-01-01',
      '2026-01-01 ',
      '',
      '2026/01/01',
      '２０２６-01-01',
    ])
      expect(isCalendarDate(s), s).toBe(false);
  });

  it('accepts real days, leap days included', () => {
    for (const s of ['2024-02-29', '2000-02-29', '2026-12-31', '2026-04-30', '0024-02-29', '1945-09-02'])
      expect(isCalendarDate(s), s).toBe(true);
  });

  it('agrees with the calendar for every yyyy-mm-dd of years 1000–9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const t = new Date(Date.UTC(y, m - 1, d));
          const real = m >= 1 && m <= 12 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
          expect(isCalendarDate(s)).toBe(real);
        },
      ),
      { numRuns: 2000, seed: 211 },
    );
  });

  it('toCalendarDate reads d/m/yyyy and refuses 30/2', () => {
    expect(toCalendarDate('29/2/2024')).toBe('2024-02-29');
    expect(toCalendarDate('31/12/2026')).toBe('2026-12-31');
    expect(toCalendarDate('2026-12-31')).toBe('2026-12-31');
    expect(toCalendarDate('30/02/2026')).toBeNull();
    expect(toCalendarDate('29/02/2025')).toBeNull();
    expect(toCalendarDate('12/31/2026')).toBeNull();
  });

  it('DateString reports `invalid_date` for a malformed and for a non-existent day alike', () => {
    // With and without abortPipeEarly (the form builder parses without it): one problem either way.
    for (const [s, abortPipeEarly] of ['2026-02-30', '2026-2-3', 'hôm qua'].flatMap((d) => [
      [d, true] as const,
      [d, false] as const,
    ])) {
      const r = v.safeParse(v.object({ d: DateString }), { d: s }, { abortPipeEarly });
      expect(r.success).toBe(false);
      expect(issuesToFields(r.issues ?? [])).toEqual([
        {
          path: 'd',
          code: 'invalid_date',
          message: {
            vi: 'Ngày không hợp lệ: cần dạng yyyy-mm-dd và là ngày có thật.',
            en: 'Not a valid date: use yyyy-mm-dd and a day that exists.',
          },
        },
      ]);
    }
    expect(v.is(DateString, '2024-02-29')).toBe(true);
  });
});

/** One field per issue kind; `input` breaks each in exactly one way. */
const Kinds = v.strictObject({
  missing: v.string(),
  type: v.number(),
  nullableType: v.nullable(v.string()),
  minOne: v.pipe(v.string(), v.minLength(1)),
  minThree: v.pipe(v.string(), v.minLength(3)),
  maxLen: v.pipe(v.string(), v.maxLength(200)),
  listMax: v.pipe(v.array(v.string()), v.maxLength(2)),
  listMin: v.pipe(v.array(v.string()), v.minLength(1)),
  minVal: v.pipe(v.number(), v.minValue(1.5)),
  maxVal: v.pipe(v.number(), v.maxValue(2000)),
  int: v.pipe(v.number(), v.integer()),
  pick: v.picklist(['economy', 'culture_society']),
  lit: v.literal('yes'),
  en: v.enum({ A: 'a', B: 'b' }),
  email: v.pipe(v.string(), v.email()),
  url: v.pipe(v.string(), v.url()),
  regexDefault: v.pipe(v.string(), v.regex(/^\d+$/)),
  regexCustom: v.pipe(v.string(), v.regex(/^\d{6}$/, 'six digits')),
  isoDate: v.pipe(v.string(), v.isoDate()),
  date: DateString,
  check: v.pipe(
    v.string(),
    v.check((s) => s === 'ok', 'must be ok'),
  ),
  union: v.union([v.string(), v.number()]),
  bool: v.boolean(),
  list: v.array(v.string()),
  obj: v.object({}),
});

const input = {
  type: '4',
  nullableType: 3,
  minOne: '',
  minThree: 'ab',
  maxLen: 'x'.repeat(201),
  listMax: ['a', 'b', 'c'],
  listMin: [],
  minVal: 1,
  maxVal: 2001,
  int: 1.5,
  pick: 'x',
  lit: 'no',
  en: 'c',
  email: 'not-an-email',
  url: 'not a url',
  regexDefault: 'abc',
  regexCustom: '12',
  isoDate: '2026-13-01',
  date: '2026-02-30',
  check: 'nope',
  union: true,
  bool: 'true',
  list: 'a',
  obj: 'x',
  extra: 1,
};

describe('issueMessage', () => {
  const r = v.safeParse(Kinds, input, { abortPipeEarly: true });
  const fields = Object.fromEntries(issuesToFields(r.issues ?? []).map((f) => [f.path, f]));

  it('reports every broken field once', () => {
    expect(Object.keys(fields).sort()).toEqual([...Object.keys(input), 'missing'].sort());
  });

  it('never puts valibot English in Vietnamese, and every message is a sentence in both languages', () => {
    for (const f of Object.values(fields)) {
      expect(f.message.vi, f.path).not.toMatch(/Invalid|Expected|[Rr]eceived/);
      expect(f.message.en, f.path).not.toMatch(/Invalid|Expected|[Rr]eceived/);
      expect(f.message.vi, f.path).toMatch(/^\p{Lu}.*\.$/u);
      expect(f.message.en, f.path).toMatch(/^\p{Lu}.*\.$/u);
      expect(f.message.vi, f.path).not.toBe(f.message.en);
    }
  });

  it('says what is wrong, with the bound or the choices', () => {
    const m = (path: string) => fields[path]!.message;
    expect(fields.missing).toMatchObject({
      code: 'strict_object',
      message: { vi: 'Thiếu giá trị bắt buộc.', en: 'A value is required.' },
    });
    expect(fields.extra).toMatchObject({
      code: 'strict_object',
      message: { vi: 'Không nhận trường này.', en: 'This field is not accepted.' },
    });
    expect(m('type')).toEqual({
      vi: 'Sai kiểu dữ liệu: phải là một số.',
      en: 'Wrong type: must be a number.',
    });
    expect(m('nullableType').vi).toBe('Sai kiểu dữ liệu: phải là văn bản.');
    expect(m('minOne')).toEqual({ vi: 'Không được để trống.', en: 'Must not be empty.' });
    expect(m('minThree')).toEqual({ vi: 'Cần ít nhất 3 ký tự.', en: 'At least 3 characters.' });
    expect(m('maxLen')).toEqual({ vi: 'Tối đa 200 ký tự.', en: 'At most 200 characters.' });
    expect(m('listMax')).toEqual({ vi: 'Tối đa 2 mục.', en: 'At most 2 items.' });
    expect(m('listMin')).toEqual({ vi: 'Cần ít nhất 1 mục.', en: 'At least 1 item.' });
    expect(m('minVal')).toEqual({ vi: 'Không được nhỏ hơn 1,5.', en: 'Must be at least 1.5.' });
    expect(m('maxVal')).toEqual({ vi: 'Không được lớn hơn 2000.', en: 'Must be at most 2000.' });
    expect(m('int')).toEqual({ vi: 'Phải là số nguyên.', en: 'Must be a whole number.' });
    expect(m('pick')).toEqual({
      vi: 'Phải là một trong: economy, culture_society.',
      en: 'Must be one of: economy, culture_society.',
    });
    expect(m('lit')).toEqual({ vi: 'Phải là yes.', en: 'Must be yes.' });
    expect(m('en')).toEqual({ vi: 'Phải là một trong: a, b.', en: 'Must be one of: a, b.' });
    expect(m('email')).toEqual({ vi: 'Địa chỉ email không hợp lệ.', en: 'Not a valid email address.' });
    expect(m('url').vi).toBe('Địa chỉ web không hợp lệ.');
    expect(m('regexDefault')).toEqual({
      vi: 'Không đúng định dạng yêu cầu.',
      en: 'Does not match the required format.',
    });
    expect(m('regexCustom')).toEqual({ vi: 'Không đúng định dạng yêu cầu.', en: 'Six digits.' });
    expect(fields.isoDate!.code).toBe('invalid_date');
    expect(fields.date!.code).toBe('invalid_date');
    expect(m('check')).toEqual({ vi: 'Giá trị không hợp lệ.', en: 'Must be ok.' });
    expect(m('union').en).toBe('Wrong type: must be text or a number.');
    expect(m('bool').vi).toBe('Sai kiểu dữ liệu: phải là true hoặc false.');
    expect(m('list').en).toBe('Wrong type: must be a list.');
    expect(m('obj').en).toBe('Wrong type: must be an object.');
  });

  it('keeps valibot issue types as field codes', () => {
    expect(fields.maxLen!.code).toBe('max_length');
    expect(fields.pick!.code).toBe('picklist');
    expect(fields.int!.code).toBe('integer');
    expect(fields.email!.code).toBe('email');
    expect(fields.regexCustom!.code).toBe('regex');
  });

  it('a long list of choices is not spelled out', () => {
    const many = v.picklist(Array.from({ length: 20 }, (_, i) => `c${i}`));
    const res = v.safeParse(many, 'x');
    expect(issueMessage(res.issues![0])).toEqual({
      vi: 'Không phải một lựa chọn hợp lệ.',
      en: 'Not one of the allowed choices.',
    });
  });
});
