/**
 * Answers ⇄ HTML form fields, for the page that works with JavaScript off. Field names:
 * `q.<id>` (repeated for multiple choice and files), `q.<id>.<rowId>` for a likert row.
 */

import { setOwn } from '../../lib/checks';
import { questionsOf, toNumber } from './check';
import type { Answers, AnswerValue, FormDefinition } from './definition';

const LIST_TYPES = new Set(['multiple_choice', 'file']);

/**
 * Parses an HTML form post (no JavaScript) into Answers: field `q.<id>` (repeated for multiple
 * choice), `q.<id>.<rowId>` for likert rows; 'true'/'false' for yes_no/consent; numbers from strings
 * (leave unparsable text as the string so validation reports it); empty strings mean unanswered.
 * Fields not starting with `q.` (CSRF token, identity…) are ignored. A `q.` field that names no
 * question is kept under its name, so `validateAnswers` reports it as 'unknown_question'; a
 * single-answer question posted twice becomes a list, which validation refuses.
 * @example answersFromFormFields(def, new URLSearchParams('q.age=42&q.topics=a&q.topics=b'))
 */
export function answersFromFormFields(def: FormDefinition, fields: Iterable<[string, string]>): Answers {
  const types = new Map(questionsOf(def).map((q) => [q.id, q.type]));
  const out: Answers = {};
  for (const [name, value] of fields) {
    if (!name.startsWith('q.') || typeof value !== 'string' || value === '') continue;
    const key = name.slice(2);
    const dot = key.indexOf('.');
    const id = dot < 0 ? key : key.slice(0, dot);
    const type = types.get(id);
    if (dot >= 0 && type === 'likert') {
      const prev = Object.hasOwn(out, id) ? out[id] : undefined;
      const rows = prev && typeof prev === 'object' && !Array.isArray(prev) ? prev : {};
      setOwn(rows as Record<string, string>, key.slice(dot + 1), value);
      out[id] = rows;
      continue;
    }
    if (dot >= 0 || !type) {
      setOwn<AnswerValue>(out, key, value); // not a field this form has (even `__proto__`): validation names it
      continue;
    }
    const v = scalar(type, value);
    const prev = Object.hasOwn(out, id) ? out[id] : undefined;
    if (LIST_TYPES.has(type)) out[id] = [...((prev as string[] | undefined) ?? []), value];
    else if (prev === undefined) out[id] = v;
    else out[id] = [...(Array.isArray(prev) ? prev : [String(prev)]), value];
  }
  return out;
}

function scalar(type: string, value: string): AnswerValue {
  if (type === 'yes_no' || type === 'consent')
    return value === 'true' ? true : value === 'false' ? false : value;
  if (type === 'number' || type === 'rating') return toNumber(value) ?? value;
  return value;
}

/**
 * The inverse of `answersFromFormFields` for validated answers: the fields a no-JavaScript page
 * posts (and what it pre-fills when it re-renders with errors).
 */
export function answersToFormFields(def: FormDefinition, answers: Answers): [string, string][] {
  const fields: [string, string][] = [];
  for (const q of questionsOf(def)) {
    if (!Object.hasOwn(answers, q.id)) continue;
    const a = answers[q.id]!;
    if (Array.isArray(a)) for (const v of a) fields.push([`q.${q.id}`, v]);
    else if (typeof a === 'object')
      for (const [row, col] of Object.entries(a)) fields.push([`q.${q.id}.${row}`, col]);
    else fields.push([`q.${q.id}`, String(a)]);
  }
  return fields;
}
