/**
 * How an answer reads anywhere staff read one — the console (responses table and detail, case
 * page) and the case file export (worker/cases/export.ts): option ids become their labels, yes/no
 * words, Likert rows "criterion: level", dates dd/mm/yyyy, numbers with Vietnamese grouping, a rating "4/5", a picked unit or person by name. Never an id where a label
 * exists. Always plain text — pages render it as text, never as HTML, so a hostile answer shows
 * inert. Pure module: the console bundles it, the Worker imports it.
 */

import { formatDay, formatNumber, formatYesNo } from '../../lib/format';
import { type Lang, t } from '../../lib/i18n';
import type { Question } from '../engine/definition';

function optionLabel(q: Question, value: string, lang: Lang): string {
  if ('options' in q) return t(q.options.find((o) => o.value === value)?.label, lang) || value;
  return value;
}

/** Names the console knows for ids an answer may hold (units, people). */
export interface AnswerNames {
  unit?: (id: string) => string | undefined;
  person?: (id: string) => string | undefined;
}

/** The answer to `q` as one line of text ('' when unanswered). */
export function formatAnswer(
  q: Question | undefined,
  value: unknown,
  lang: Lang,
  names: AnswerNames = {},
): string {
  if (value === undefined || value === null || value === '') return '';
  if (!q) return typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'boolean') return formatYesNo(value, lang);
  if (q.type === 'file' && Array.isArray(value))
    return t({ vi: `${value.length} tệp`, en: `${value.length} file(s)` }, lang);
  if (Array.isArray(value)) return value.map((x) => optionLabel(q, String(x), lang)).join('; ');
  if (typeof value === 'object') return answerLines(q, value, lang).join('; ');
  if (q.type === 'rating' && typeof value === 'number') return `${value}/${q.max ?? 5}`;
  if (q.type === 'number' && typeof value === 'number')
    return `${formatNumber(value, lang)}${q.unit ? ` ${t(q.unit, lang)}` : ''}`;
  if (q.type === 'date' && typeof value === 'string' && formatDay(value)) return formatDay(value);
  if (q.type === 'unit_picker' && typeof value === 'string') return names.unit?.(value) ?? value;
  if (q.type === 'person_picker' && typeof value === 'string') return names.person?.(value) ?? value;
  if (typeof value === 'string') return optionLabel(q, value, lang);
  return String(value);
}

/**
 * A Likert (or any object) answer as one line per criterion, "criterion: level", in the order of
 * the question's rows: for pages that list them rather than join them.
 */
export function answerLines(q: Question, value: object, lang: Lang): string[] {
  const rows = q.type === 'likert' ? q.rows : [];
  const cols = q.type === 'likert' ? q.columns : [];
  const order = (k: string) => {
    const i = rows.findIndex((x) => x.value === k);
    return i < 0 ? rows.length : i;
  };
  return Object.entries(value as Record<string, unknown>)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([row, col]) => {
      const r = t(rows.find((x) => x.value === row)?.label, lang) || row;
      const c = t(cols.find((x) => x.value === col)?.label, lang) || String(col);
      return `${r}: ${c}`;
    });
}
