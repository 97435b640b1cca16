/**
 * Kết quả biểu mẫu: the per-form results page — response volume over time and by unit,
 * per-question distributions (Likert as stacked rows), free-text answers with search. Every
 * figure goes through k-suppression (privacy.ts) on the atomic grid unit × month.
 */
import type { StaffSession } from '../auth/service';
import { allQuestions, type FormDefinition, type Question } from '../forms/engine/definition';
import { isCaseChannel } from '../forms/service';
import { AppError } from '../lib/errors';
import { fold, type LocalText } from '../lib/i18n';
import { type AtomicCell, DEFAULT_K, type Figure, publish, textVisible } from './privacy';
import * as q from './queries';
import { type Period, resolveFormScope } from './scope';

/** Question types with per-option distributions on the results page. */
const DISTRIBUTED = new Set(['single_choice', 'multiple_choice', 'dropdown', 'yes_no', 'rating', 'likert']);
/** Question types listed as free text. */
const TEXTUAL = new Set(['short_text', 'long_text']);

export interface OptionFigure {
  value: string;
  label: LocalText;
  n: number;
  /** Atomic cells hidden by k-suppression (their counts are in no figure). */
  hidden: number;
}
export interface QuestionResult {
  id: string;
  type: string;
  label: LocalText;
  /** Likert rows; one entry with value '' for other types. */
  items: { value: string; label: LocalText; options: OptionFigure[] }[];
  /** Number questions: count and mean of the shown cells. */
  number?: { n: number; mean: number | null; hidden: number };
}
export interface FormResults {
  form: { id: string; title: string; kind: string };
  unit: { id: string; name: string };
  period: Period;
  k: number;
  responses: {
    total: number;
    hidden: number;
    byMonth: { month: string; n: number; hidden: number }[];
    byDay: { day: string; n: number }[];
    byUnit: { unitId: string; name: string; n: number; hidden: number }[];
  };
  questions: QuestionResult[];
  textQuestions: { id: string; label: LocalText; visible: boolean }[];
}

/** Latest label of each question and every option, across versions (newest wins). */
function catalogue(defs: FormDefinition[]) {
  const questions = new Map<string, Question>();
  for (const d of defs) for (const qn of allQuestions(d)) if (!questions.has(qn.id)) questions.set(qn.id, qn);
  return questions;
}

/** Options a question is counted under, in display order. */
function optionsOf(qn: Question): { value: string; label: LocalText }[] {
  switch (qn.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'dropdown':
      return qn.options;
    case 'likert':
      return qn.columns;
    case 'yes_no':
      return [
        { value: 'yes', label: { vi: 'Có', en: 'Yes' } },
        { value: 'no', label: { vi: 'Không', en: 'No' } },
      ];
    case 'rating':
      return Array.from({ length: qn.max ?? 5 }, (_, i) => ({
        value: String(i + 1),
        label: { vi: String(i + 1) },
      }));
    case 'number':
      return [{ value: '', label: { vi: '' } }];
    default:
      return [];
  }
}

/** Volume atomic cells: one group per unit-month (no complement: the margin is not published). */
export function volumeFigures(rows: { unitId: string; day: string; n: number }[], k = DEFAULT_K) {
  const cells = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.unitId}|${r.day.slice(0, 7)}`;
    cells.set(key, (cells.get(key) ?? 0) + r.n);
  }
  const atomic = [...cells].map(([key, n]) => ({ key, n }));
  const shown = new Set(
    publish(
      atomic.map((c) => ({ group: c.key, key: c.key, n: c.n })),
      k,
    )
      .filter((f) => f.hidden === 0)
      .map((f) => f.key),
  );
  const by = (pick: (unit: string, month: string) => string): Figure[] =>
    publish(
      atomic.map((c) => {
        const [unit, month] = c.key.split('|') as [string, string];
        return { group: c.key, key: pick(unit, month), n: c.n };
      }),
      k,
    );
  const byDay = new Map<string, number>();
  for (const r of rows) {
    // Month-bucket rows ('yyyy-mm', ranges of several months) carry no day series.
    if (r.day.length !== 10 || !shown.has(`${r.unitId}|${r.day.slice(0, 7)}`)) continue;
    byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.n);
  }
  return {
    byUnit: by((u) => u),
    byMonth: by((_, m) => m),
    byDay: [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, n]) => ({ day, n })),
  };
}

/** Distribution figures of one (question, item): groups = unit × month. */
function distribution(cells: q.AnswerCellRow[], options: { value: string }[], k: number) {
  const atomic: AtomicCell[] = cells.map((c) => ({
    group: `${c.unitId}|${c.month}`,
    key: c.option,
    n: c.n,
    total: c.total,
  }));
  // Options never chosen in a group still take part in its complement choice as zeros: nothing to add.
  const figs = new Map(publish(atomic, k).map((f) => [f.key, f]));
  return options.map((o) => ({
    value: o.value,
    n: figs.get(o.value)?.n ?? 0,
    hidden: figs.get(o.value)?.hidden ?? 0,
    total: figs.get(o.value)?.total ?? 0,
  }));
}

/**
 * The results of one form for a unit subtree and period, suppressed at k.
 * @throws 404 not_found (form), 403 forbidden (the form or the unit outside the caller's reach:
 *   `formReach`, decision 212)
 */
export async function formResults(
  d1: D1Database,
  staff: StaffSession | undefined,
  formId: string,
  f: { unitId?: string; from?: string; to?: string },
  k = DEFAULT_K,
): Promise<FormResults> {
  const form = await q.selectForm(d1, formId);
  if (!form) throw new AppError('not_found', { what: 'form' });
  const scope = await resolveFormScope(d1, staff, form, f);
  const versions = (await q.selectVersions(d1, formId)).map((v) => ({
    id: v.id,
    def: JSON.parse(v.definition) as FormDefinition,
  }));
  const [volume, answers] = await Promise.all([
    q.volumeByUnitDay(d1, [formId], scope.window),
    q.answersByUnitMonth(
      d1,
      versions.map((v) => v.id),
      scope.window,
    ),
  ]);
  const vol = volumeFigures(volume, k);
  const names = await q.selectUnitNames(
    d1,
    vol.byUnit.map((u) => u.key),
  );
  const cat = catalogue(versions.map((v) => v.def));
  const questions: QuestionResult[] = [];
  const textQuestions: FormResults['textQuestions'] = [];
  const total = vol.byMonth.reduce((s, m) => s + m.n, 0);
  for (const qn of cat.values()) {
    if (TEXTUAL.has(qn.type)) {
      textQuestions.push({ id: qn.id, label: qn.label, visible: textVisible(total, k) });
      continue;
    }
    if (!DISTRIBUTED.has(qn.type) && qn.type !== 'number') continue;
    const mine = answers.filter((a) => a.questionId === qn.id);
    const rows = qn.type === 'likert' ? qn.rows : [{ value: '', label: { vi: '' } }];
    const opts = optionsOf(qn);
    const items = rows.map((row) => {
      const d = distribution(
        mine.filter((a) => a.item === row.value),
        opts,
        k,
      );
      return {
        value: row.value,
        label: row.label,
        options: d.map((x, i) => ({ value: x.value, label: opts[i]!.label, n: x.n, hidden: x.hidden })),
      };
    });
    if (qn.type === 'number') {
      const d = distribution(mine, opts, k)[0]!;
      questions.push({
        id: qn.id,
        type: qn.type,
        label: qn.label,
        items: [],
        number: { n: d.n, mean: d.n ? d.total / d.n : null, hidden: d.hidden },
      });
    } else questions.push({ id: qn.id, type: qn.type, label: qn.label, items });
  }
  return {
    form: { id: form.id, title: form.title, kind: form.kind },
    unit: { id: scope.unit.id, name: scope.unit.name },
    period: scope.period,
    k,
    responses: {
      total,
      hidden: vol.byMonth.reduce((s, m) => s + m.hidden, 0),
      byMonth: vol.byMonth.map((m) => ({ month: m.key, n: m.n, hidden: m.hidden })),
      byDay: vol.byDay,
      byUnit: vol.byUnit.map((u) => ({
        unitId: u.key,
        name: names.get(u.key) ?? u.key,
        n: u.n,
        hidden: u.hidden,
      })),
    },
    questions,
    textQuestions,
  };
}

/**
 * Responses visited per free-text request at most (decision 208): each visit reads an index entry
 * and a table row, so a request stays under the 5,000-row dashboard budget whatever the period.
 */
export const TEXT_SCAN_LIMIT = 2000;

/**
 * A page of free-text answers to one question (newest first), only when the filtered set holds at
 * least k shown responses; otherwise `suppressed: true` and no text. The work is bounded: at most
 * `scan` responses are visited per request; `searched` says how many were, and `nextCursor` (when
 * not null) continues after the last answer returned or, when fewer matched, after the last
 * response visited — so a search with few matches returns early with "searched N, continue".
 */
export async function formTextAnswers(
  d1: D1Database,
  staff: StaffSession | undefined,
  formId: string,
  f: {
    unitId?: string;
    from?: string;
    to?: string;
    questionId: string;
    q?: string;
    cursor?: string;
    limit?: number;
  },
  k = DEFAULT_K,
  scan = TEXT_SCAN_LIMIT,
) {
  const form = await q.selectForm(d1, formId);
  if (!form) throw new AppError('not_found', { what: 'form' });
  if (isCaseChannel(form.kind)) throw new AppError('case_content');
  const scope = await resolveFormScope(d1, staff, form, f);
  const vol = volumeFigures(await q.volumeByUnitDay(d1, [formId], scope.window), k);
  const total = vol.byMonth.reduce((s, m) => s + m.n, 0);
  if (!textVisible(total, k)) return { suppressed: true, answers: [], nextCursor: null, searched: 0 };
  const [at, row] = f.cursor ? f.cursor.split('_') : [];
  const limit = f.limit ?? 50;
  const rows = await q.scanResponsesForText(d1, {
    formId,
    w: scope.window,
    needle: f.q ? fold(f.q) : undefined,
    after: at && row ? { at: Number(at), row: Number(row) } : undefined,
    scan,
  });
  // Walk the visited responses in order and stop after `limit` candidates: the cursor goes after
  // the last response used, so the next request resumes exactly there. The scan ran out of
  // responses (the end) when it returned fewer than `scan` rows and no candidate was left over.
  const chosen: typeof rows = [];
  let used = 0;
  for (const r of rows) {
    if (chosen.length === limit) break;
    used += 1;
    if (r.hit) chosen.push(r);
  }
  const more = used < rows.length || rows.length >= scan;
  const stop = more ? rows[used - 1] : undefined;
  const texts = new Map(
    (
      await q.selectTextAnswers(
        d1,
        f.questionId,
        chosen.map((r) => r.id),
      )
    ).map((a) => [a.responseId, a.text]),
  );
  return {
    suppressed: false,
    // The day, not the instant: a timestamp next to a text helps point at its writer.
    answers: chosen.flatMap((r) => {
      const text = texts.get(r.id);
      return text === undefined ? [] : [{ text, day: r.day }];
    }),
    nextCursor: stop ? `${stop.submittedAt}_${stop.row}` : null,
    searched: used,
  };
}
