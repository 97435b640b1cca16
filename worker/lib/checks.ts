/**
 * Validation rules shared by every module, on the server and in the browser (the form engine and
 * the form builder import this file, so it depends on valibot only): the one calendar-date schema,
 * and the turning of valibot issues into bilingual field errors (decision 211).
 */
import * as v from 'valibot';
import type { FieldError } from './errors';

/** Days in each month of a common year; February gains one in leap years. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * True when `s` is `yyyy-mm-dd` and names a day that exists in the (proleptic Gregorian) calendar:
 * 2024-02-29 yes, 2025-02-29, 2026-02-30 and 2026-04-31 no. Plain arithmetic, no `Date`, so years
 * below 100 are not silently moved to the 1900s.
 */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!);
}

/**
 * A date as people type it in spreadsheets and forms — `yyyy-mm-dd` or `d/m/yyyy` — to
 * `yyyy-mm-dd`, or null when it is not a day that exists.
 * @example toCalendarDate('29/2/2024') // '2024-02-29'; toCalendarDate('29/02/2025') // null
 */
export function toCalendarDate(s: string): string | null {
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : s;
  return isCalendarDate(iso) ? iso : null;
}

/**
 * THE calendar-date schema (`yyyy-mm-dd`, a day that exists). Every date field of every API uses
 * it; `isoDate` documents the shape (`format: date` in OpenAPI), the check refuses 2026-02-30.
 * A failure is reported with the field code `invalid_date`. Marked pure so that the public form's
 * bundle, which only needs {@link toCalendarDate}, leaves it out.
 */
export const DateString = /* @__PURE__ */ v.pipe(
  /* @__PURE__ */ v.string(),
  /* @__PURE__ */ v.isoDate('expected yyyy-mm-dd'),
  /* @__PURE__ */ v.check(isCalendarDate, 'not a day that exists'),
);

/** The field code of every refused date (the form engine says the same for date answers). */
export const DATE_CODE = 'invalid_date';

/**
 * A JSON object keyed by ids the client names (a form's answers, a ballot's marks), passed through
 * with every own key. valibot's `record` silently drops `__proto__`, `constructor` and
 * `prototype`, so a request naming one would pass as if it had not (a ballot code spent on marks
 * nobody saw): here every key reaches the rule that knows the ids — the form engine,
 * `normaliseMarks` — which refuses a stranger like any unknown id.
 */
export const IdKeyedObject = /* @__PURE__ */ v.custom<Record<string, unknown>>(
  (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
  'Expected an object',
);

/**
 * `obj[key] = value` as an own, enumerable property — also for `__proto__`, which plain assignment
 * would turn into a prototype change (and so drop silently). For objects keyed by names a client
 * sent (form fields, ballot marks).
 * @example setOwn(answers, '__proto__', 'x') // Object.keys(answers) → ['__proto__']: validation names it
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Vietnamese and English names of the types valibot reports in `expected`. */
const TYPE_NAMES: Record<string, { vi: string; en: string }> = {
  string: { vi: 'văn bản', en: 'text' },
  number: { vi: 'một số', en: 'a number' },
  boolean: { vi: 'true hoặc false', en: 'true or false' },
  Object: { vi: 'một đối tượng', en: 'an object' },
  Array: { vi: 'một danh sách', en: 'a list' },
  null: { vi: 'null', en: 'null' },
  bigint: { vi: 'một số nguyên', en: 'an integer' },
  Date: { vi: 'một thời điểm', en: 'a date-time' },
  Blob: { vi: 'một tệp', en: 'a file' },
  File: { vi: 'một tệp', en: 'a file' },
};

/** Choices listed in a message; longer lists only say the value is not one of them. */
const MAX_LISTED_CHOICES = 12;

/** `("a" | "b")` or `"a"` → ['a', 'b'] / ['a']; null when the expectation is not a list of literals. */
function choices(expected: string | null): string[] | null {
  if (!expected) return null;
  const inner = expected.startsWith('(') && expected.endsWith(')') ? expected.slice(1, -1) : expected;
  const parts = inner.split(' | ');
  const out: string[] = [];
  for (const p of parts) {
    if (/^".*"$/.test(p)) {
      try {
        out.push(String(JSON.parse(p)));
      } catch {
        out.push(p.slice(1, -1));
      }
    } else if (/^-?\d+(\.\d+)?$|^(true|false|null)$/.test(p)) out.push(p);
    else return null;
  }
  return out;
}

/** Numbers with a decimal comma in Vietnamese. */
function num(n: unknown, lang: 'vi' | 'en'): string {
  const s = String(n);
  return lang === 'vi' ? s.replace('.', ',') : s;
}

/** An author's own message (not valibot's default `Invalid …: …`), shown in English only. */
function custom(issue: v.BaseIssue<unknown>): string | null {
  const m = issue.message;
  if (!m || m.startsWith('Invalid ')) return null;
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

type Pair = { vi: string; en: string };

function schemaMessage(issue: v.BaseIssue<unknown>): Pair {
  if (issue.received === 'undefined') return { vi: 'Thiếu giá trị bắt buộc.', en: 'A value is required.' };
  if (issue.type === 'strict_object' || issue.type === 'strict_tuple' || issue.expected === 'never')
    return { vi: 'Không nhận trường này.', en: 'This field is not accepted.' };
  const listed = choices(issue.expected);
  if (listed) {
    if (listed.length > MAX_LISTED_CHOICES)
      return { vi: 'Không phải một lựa chọn hợp lệ.', en: 'Not one of the allowed choices.' };
    const shown = listed.join(', ');
    return listed.length === 1
      ? { vi: `Phải là ${shown}.`, en: `Must be ${shown}.` }
      : { vi: `Phải là một trong: ${shown}.`, en: `Must be one of: ${shown}.` };
  }
  const inner = issue.expected?.replace(/^\((.*)\)$/, '$1') ?? '';
  const names = inner.split(' | ').map((t) => TYPE_NAMES[t]);
  if (inner && names.every(Boolean)) {
    return {
      vi: `Sai kiểu dữ liệu: phải là ${names.map((n) => n!.vi).join(' hoặc ')}.`,
      en: `Wrong type: must be ${names.map((n) => n!.en).join(' or ')}.`,
    };
  }
  if (issue.type === 'union' || issue.type === 'variant')
    return { vi: 'Giá trị không đúng dạng được chấp nhận.', en: 'Not in any accepted form.' };
  return { vi: 'Sai kiểu dữ liệu.', en: 'Wrong type of value.' };
}

/** The units a length is counted in: list items for arrays, characters for text. */
function units(issue: v.BaseIssue<unknown>, n: unknown): Pair {
  const one = n === 1;
  return Array.isArray(issue.input)
    ? { vi: 'mục', en: one ? 'item' : 'items' }
    : { vi: 'ký tự', en: one ? 'character' : 'characters' };
}

function validationMessage(issue: v.BaseIssue<unknown>): Pair {
  const n = (issue as { requirement?: unknown }).requirement;
  const u = units(issue, n);
  switch (issue.type) {
    case 'min_length':
    case 'min_graphemes':
    case 'min_entries':
      if (n === 1 && !Array.isArray(issue.input))
        return { vi: 'Không được để trống.', en: 'Must not be empty.' };
      return { vi: `Cần ít nhất ${n} ${u.vi}.`, en: `At least ${n} ${u.en}.` };
    case 'max_length':
    case 'max_graphemes':
    case 'max_entries':
      return { vi: `Tối đa ${n} ${u.vi}.`, en: `At most ${n} ${u.en}.` };
    case 'length':
      return { vi: `Cần đúng ${n} ${u.vi}.`, en: `Exactly ${n} ${u.en}.` };
    case 'non_empty':
      return { vi: 'Không được để trống.', en: 'Must not be empty.' };
    case 'min_bytes':
      return { vi: `Cần ít nhất ${n} byte.`, en: `At least ${n} bytes.` };
    case 'max_bytes':
      return { vi: `Tối đa ${n} byte.`, en: `At most ${n} bytes.` };
    case 'min_words':
      return { vi: `Cần ít nhất ${n} từ.`, en: `At least ${n} words.` };
    case 'max_words':
      return { vi: `Tối đa ${n} từ.`, en: `At most ${n} words.` };
    case 'min_value':
    case 'gt_value':
      return { vi: `Không được nhỏ hơn ${num(n, 'vi')}.`, en: `Must be at least ${num(n, 'en')}.` };
    case 'max_value':
    case 'lt_value':
      return { vi: `Không được lớn hơn ${num(n, 'vi')}.`, en: `Must be at most ${num(n, 'en')}.` };
    case 'value':
      return { vi: `Phải bằng ${num(n, 'vi')}.`, en: `Must equal ${num(n, 'en')}.` };
    case 'multiple_of':
      return { vi: `Phải là bội số của ${num(n, 'vi')}.`, en: `Must be a multiple of ${num(n, 'en')}.` };
    case 'integer':
    case 'safe_integer':
      return { vi: 'Phải là số nguyên.', en: 'Must be a whole number.' };
    case 'finite':
      return { vi: 'Phải là một số hữu hạn.', en: 'Must be a finite number.' };
    case 'email':
      return { vi: 'Địa chỉ email không hợp lệ.', en: 'Not a valid email address.' };
    case 'url':
      return { vi: 'Địa chỉ web không hợp lệ.', en: 'Not a valid web address.' };
    case 'uuid':
    case 'ulid':
    case 'cuid2':
    case 'nanoid':
      return { vi: 'Mã định danh không hợp lệ.', en: 'Not a valid identifier.' };
    case 'iso_date':
      return dateMessage();
    case 'iso_timestamp':
    case 'iso_date_time':
    case 'iso_time':
      return { vi: 'Thời điểm không hợp lệ.', en: 'Not a valid time.' };
    case 'min_size':
      return { vi: `Tệp quá nhỏ (ít nhất ${n} byte).`, en: `The file is too small (at least ${n} bytes).` };
    case 'max_size':
      return { vi: `Tệp quá lớn (tối đa ${n} byte).`, en: `The file is too large (at most ${n} bytes).` };
    case 'mime_type':
      return { vi: 'Loại tệp không được chấp nhận.', en: 'This file type is not accepted.' };
    case 'regex':
    case 'digits':
    case 'hexadecimal':
    case 'starts_with':
    case 'ends_with':
    case 'includes':
    case 'excludes':
      return {
        vi: 'Không đúng định dạng yêu cầu.',
        en: custom(issue) ?? 'Does not match the required format.',
      };
    default:
      return { vi: 'Giá trị không hợp lệ.', en: custom(issue) ?? 'Not a valid value.' };
  }
}

function dateMessage(): Pair {
  return {
    vi: 'Ngày không hợp lệ: cần dạng yyyy-mm-dd và là ngày có thật.',
    en: 'Not a valid date: use yyyy-mm-dd and a day that exists.',
  };
}

/** Whether an issue comes from {@link DateString} (or any bare `isoDate`). */
function isDateIssue(issue: v.BaseIssue<unknown>): boolean {
  return (
    issue.type === 'iso_date' ||
    (issue.type === 'check' && (issue as { requirement?: unknown }).requirement === isCalendarDate)
  );
}

/**
 * The bilingual message of one valibot issue: Vietnamese written for people, never the library's
 * English; bounds and choices included (`Tối đa 200 ký tự.` / `At most 200 characters.`). An
 * author's own English message on a `check`/`regex` is kept for the English side only.
 */
export function issueMessage(issue: v.BaseIssue<unknown>): Pair {
  if (isDateIssue(issue)) return dateMessage();
  if (issue.kind === 'schema') return schemaMessage(issue);
  return validationMessage(issue);
}

/**
 * Turns valibot issues into field errors with dotted paths (`answers.q3`,
 * `pages.0.questions.2.id`). The code is valibot's issue type (`min_length`, `picklist`, …),
 * except dates, which all say `invalid_date`.
 */
export function issuesToFields(issues: readonly v.BaseIssue<unknown>[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path =
      [prefix, ...(issue.path ?? []).map((p) => String(p.key))].filter(Boolean).join('.') || '(root)';
    const code = isDateIssue(issue) ? DATE_CODE : issue.type;
    // One problem per field and code: without `abortPipeEarly` a malformed date fails both the
    // shape and the calendar check, which would list the same message twice.
    if (seen.has(`${path}\u0000${code}`)) continue;
    seen.add(`${path}\u0000${code}`);
    out.push({ path, code, message: issueMessage(issue) });
  }
  return out;
}
