/**
 * How an answer reads in the staff table: option ids become their labels, yes/no words, Likert
 * rows "criterion: level". Always plain text — the page renders it as text, never as HTML, so a
 * hostile answer shows inert.
 */
import type { Question } from '../../../../worker/forms/engine/definition';
import { type Lang, t } from '../../../../worker/lib/i18n';

function optionLabel(q: Question, value: string, lang: Lang): string {
  if ('options' in q) return t(q.options.find((o) => o.value === value)?.label, lang) || value;
  return value;
}

/** The answer to `q` as one line of text ('' when unanswered). */
export function formatAnswer(q: Question | undefined, value: unknown, lang: Lang): string {
  if (value === undefined || value === null || value === '') return '';
  if (!q) return typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'boolean')
    return value ? (lang === 'en' ? 'Yes' : 'Có') : lang === 'en' ? 'No' : 'Không';
  if (Array.isArray(value)) return value.map((x) => optionLabel(q, String(x), lang)).join('; ');
  if (typeof value === 'object') {
    const rows = q.type === 'likert' ? q.rows : [];
    const cols = q.type === 'likert' ? q.columns : [];
    return Object.entries(value as Record<string, unknown>)
      .map(([row, col]) => {
        const r = t(rows.find((x) => x.value === row)?.label, lang) || row;
        const c = t(cols.find((x) => x.value === col)?.label, lang) || String(col);
        return `${r}: ${c}`;
      })
      .join('; ');
  }
  if (typeof value === 'string') return optionLabel(q, value, lang);
  return String(value);
}
