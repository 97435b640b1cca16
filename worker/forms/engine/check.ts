/**
 * Per-type coercion and checks of one answer: the rules `validateAnswers` applies to each visible
 * question. Pure (no Workers, DOM or Node APIs): the browser runs the very same code.
 */
import { toCalendarDate } from '../../lib/checks';
import type { FieldError } from '../../lib/errors';
import type { AnswerValue, FormDefinition, Question } from './definition';
import { type EngineErrorCode, engineMessage } from './messages';

/** Default length caps when a text question sets none (code points, after NFC and trimming). */
export const DEFAULT_MAX_LENGTH = { short_text: 1000, long_text: 10000 } as const;
/** Default rating scale top and file count. */
export const DEFAULT_RATING_MAX = 5;
export const DEFAULT_MAX_FILES = 1;

/** All questions in page order. (Not `allQuestions` from definition.ts: importing a value from
 *  there would pull the valibot schemas into the browser bundle.) */
export function questionsOf(def: FormDefinition): Question[] {
  return def.pages.flatMap((p) => p.questions);
}

/** Unit, person and upload references: opaque ids, never free text. */
const REF = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
/** C0/C1 controls and lone surrogates; long text may keep \n and \t. */
const CONTROL = /\p{Cc}|\p{Cs}/u;
const CONTROL_MULTILINE = /(?![\n\t])\p{Cc}|\p{Cs}/u;
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;
/** Vietnamese numbers: mobile 0 + [35789] + 8 digits, landline 0 + 2 + 9 digits; 0 or +84. */
const PHONE = /^(?:\+?84|0)([35789]\d{8}|2\d{9})$/;

/** Collects the errors of one question's answer. */
export type Report = (
  code: EngineErrorCode,
  params?: Record<string, string | number>,
  sub?: string,
) => undefined;

/** Creates a reporter that appends to `errors` at `path` (or `path.<sub>`). */
export function reporter(errors: FieldError[], path: string, q?: Question): Report {
  return (code, params, sub) => {
    let message = engineMessage(code, params);
    // A designer's own wording for a pattern beats the generic one.
    if (code === 'pattern' && q && 'patternMessage' in q && q.patternMessage) {
      message = { vi: q.patternMessage.vi, en: q.patternMessage.en || q.patternMessage.vi };
    }
    errors.push({ path: sub ? `${path}.${sub.slice(0, 60)}` : path, code, message });
  };
}

/** True when a raw value means "not answered": absent, null, blank text, empty list or object. */
export function isBlank(raw: unknown): boolean {
  if (typeof raw === 'object' && raw !== null) return Object.values(raw).every(isBlankScalar);
  return isBlankScalar(raw);
}

function isBlankScalar(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * Reads a number: finite numbers, or text in JavaScript number syntax where a single comma may
 * stand for the decimal point (Vietnamese `1,5`). Anything else is `undefined`.
 */
export function toNumber(raw: unknown): number | undefined {
  let n: number | undefined;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const s = raw.trim().replace(/^([^,]*),([^,]*)$/, '$1.$2');
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) n = Number(s);
  }
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n; // no -0
}

function toBool(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  return s === 'true' || s === 'yes' ? true : s === 'false' || s === 'no' ? false : undefined;
}

/** Text as stored: NFC, CRLF → LF, trimmed. Numbers are accepted as their decimal text. */
function toText(raw: unknown, report: Report, multiline = false): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return report('invalid_type');
  const s = String(raw).replace(/\r\n?/g, '\n').normalize('NFC').trim();
  if ((multiline ? CONTROL_MULTILINE : CONTROL).test(s)) return report('control_chars');
  return s;
}

function length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A yyyy-mm-dd string (also read from dd/mm/yyyy) that names a real calendar day. */
function toDate(s: string): string | undefined {
  return toCalendarDate(s) ?? undefined;
}

/** Compiles a designer's pattern as the HTML `pattern` attribute does: the whole value must match. */
function matches(pattern: string, s: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(s);
  } catch {
    return true; // definitions are validated at publish; a broken pattern must not block citizens
  }
}

/**
 * Coerces and checks one non-blank raw answer for question `q`. Returns the value to keep, or
 * `undefined` when the answer is effectively blank or when it reported an error.
 */
export function checkAnswer(q: Question, raw: unknown, report: Report): AnswerValue | undefined {
  switch (q.type) {
    case 'short_text':
    case 'long_text': {
      const s = toText(raw, report, q.type === 'long_text');
      if (!s) return undefined;
      const len = length(s);
      const max = q.maxLength ?? DEFAULT_MAX_LENGTH[q.type];
      if (q.minLength !== undefined && len < q.minLength) return report('too_short', { min: q.minLength });
      if (len > max) return report('too_long', { max });
      if (q.pattern && !matches(q.pattern, s)) return report('pattern');
      return s;
    }
    case 'number': {
      const n = toNumber(raw);
      if (n === undefined) return report('not_a_number');
      if (q.integer && !Number.isInteger(n)) return report('not_integer');
      if (q.min !== undefined && n < q.min) return report('too_small', { min: q.min });
      if (q.max !== undefined && n > q.max) return report('too_large', { max: q.max });
      return n;
    }
    case 'rating': {
      const n = toNumber(raw);
      const max = q.max ?? DEFAULT_RATING_MAX;
      if (n === undefined) return report('not_a_number');
      if (!Number.isInteger(n)) return report('not_integer');
      if (n < 1) return report('too_small', { min: 1 });
      if (n > max) return report('too_large', { max });
      return n;
    }
    case 'date': {
      const s = toText(raw, report);
      if (s === undefined) return undefined;
      const d = toDate(s);
      if (!d) return report('invalid_date');
      if (q.min && d < q.min) return report('too_early', { min: q.min });
      if (q.max && d > q.max) return report('too_late', { max: q.max });
      return d;
    }
    case 'single_choice':
    case 'dropdown': {
      const s = toText(raw, report);
      if (s === undefined) return undefined;
      return q.options.some((o) => o.value === s) ? s : report('invalid_option');
    }
    case 'multiple_choice': {
      const list = Array.isArray(raw) ? raw : [raw];
      const chosen = new Set<string>();
      for (const item of list) {
        if (isBlankScalar(item)) continue;
        if (typeof item !== 'string') return report('invalid_type');
        if (!q.options.some((o) => o.value === item.trim())) return report('invalid_option');
        chosen.add(item.trim());
      }
      // Canonical: each option once, in the definition's order.
      const out = q.options.map((o) => o.value).filter((v) => chosen.has(v));
      if (q.minChoices !== undefined && out.length < q.minChoices)
        return report('too_few_choices', { min: q.minChoices });
      if (q.maxChoices !== undefined && out.length > q.maxChoices)
        return report('too_many_choices', { max: q.maxChoices });
      return out;
    }
    case 'yes_no':
      return toBool(raw) ?? report('invalid_type');
    case 'consent': {
      const b = toBool(raw);
      if (b === undefined) return report('invalid_type');
      return b || undefined; // declining is the same as not ticking the box
    }
    case 'likert': {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return report('invalid_type');
      const given = raw as Record<string, unknown>;
      let bad = false;
      for (const key of Object.keys(given)) {
        const cell = given[key];
        if (!q.rows.some((r) => r.value === key)) report('unknown_row', {}, key);
        else if (isBlankScalar(cell)) continue;
        else if (typeof cell !== 'string') report('invalid_type', {}, key);
        else if (!q.columns.some((c) => c.value === cell.trim())) report('invalid_option', {}, key);
        else continue;
        bad = true;
      }
      if (bad) return undefined;
      const out: Record<string, string> = {};
      for (const r of q.rows) {
        const cell = given[r.value];
        if (Object.hasOwn(given, r.value) && typeof cell === 'string' && cell.trim())
          out[r.value] = cell.trim();
      }
      return out;
    }
    case 'email': {
      const s = toText(raw, report);
      if (s === undefined) return undefined;
      const at = s.lastIndexOf('@');
      if (length(s) > 254 || !EMAIL.test(s)) return report('invalid_email');
      return s.slice(0, at) + s.slice(at).toLowerCase();
    }
    case 'phone': {
      const s = toText(raw, report);
      if (s === undefined) return undefined;
      const m = PHONE.exec(s.replace(/[\s.()-]/g, ''));
      return m ? `0${m[1]}` : report('invalid_phone');
    }
    case 'unit_picker':
    case 'person_picker': {
      const s = toText(raw, report);
      if (s === undefined) return undefined;
      return REF.test(s) ? s : report('invalid_option');
    }
    case 'file': {
      const list = Array.isArray(raw) ? raw : [raw];
      const keys: string[] = [];
      for (const item of list) {
        if (isBlankScalar(item)) continue;
        if (typeof item !== 'string' || !REF.test(item.trim())) return report('invalid_file');
        if (!keys.includes(item.trim())) keys.push(item.trim());
      }
      const max = q.maxFiles ?? DEFAULT_MAX_FILES;
      return keys.length > max ? report('too_many_files', { max }) : keys;
    }
    case 'info':
      return report('no_answer_expected');
  }
}
