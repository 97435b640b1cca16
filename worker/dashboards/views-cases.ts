/**
 * Board views over the cases module's rollups (docs/cases.md "Rollups"): Ủy ban Kiểm tra (feedback
 * and denunciations about party members, per-person summaries) and UBND (petitions and statutory
 * deadline performance). Reads: `case_flow`, `case_outcomes`, `case_backlog`, `case_person_counts`
 * through `worker/cases/rollups.ts`, by enumerated keys (O(buckets)). Every count goes through the
 * atomic-cell rule (cells.ts): unit × month × key, hidden below k, totals from shown cells.
 */
import {
  selectBacklogByUnits,
  selectFlowByUnits,
  selectOutcomesByUnits,
  selectPersonCountsInUnits,
} from '../cases/rollups';
import { countEn, formatMonth, formatNumber } from '../lib/format';
import { type LocalText, labelOf, sentenceCase } from '../lib/i18n';
import { vnDay } from '../lib/time';
import { CASE_KIND, CASE_STATUS, DEADLINE_OUTCOME } from '../text/cases';
import type { Section } from './boards';
import { type DimCell, hiddenCount, markCells, shown, sumBy } from './cells';
import { HIDDEN_TEXT, totalText } from './privacy';
import * as q from './queries';
import { monthsSoFar, type Scope } from './scope';

const CASES = { vi: 'vụ việc', en: 'cases' };
/** A figure in a list of figures: the number, or "ẩn" when every cell behind it is hidden. */
const plain = (f: { n: number; hidden: number }, lang: 'vi' | 'en') =>
  f.n === 0 && f.hidden > 0 ? HIDDEN_TEXT[lang] : formatNumber(f.n, lang);

const OUTCOMES = ['on_time', 'late', 'overdue'] as const;

/** Effective units of the scope: id → the current unit it counts for. */
async function unitsOf(d1: D1Database, scope: Scope) {
  const rows = await q.selectEffectiveUnits(d1, scope.window.lo, scope.window.hi);
  return new Map(rows.map((r) => [r.id, r.eff]));
}

/**
 * Case volume entering `statuses` by unit-month-kind as atomic cells (group unit|month, key kind),
 * then a by-month table (one column per kind) and a by-unit table.
 */
async function flowSections(
  d1: D1Database,
  scope: Scope,
  k: number,
  o: { kinds: string[]; statuses: string[]; idPrefix: string; what: LocalText },
): Promise<Section[]> {
  const eff = await unitsOf(d1, scope);
  const rows = await selectFlowByUnits(d1, {
    unitIds: [...eff.keys()],
    kinds: o.kinds,
    statuses: o.statuses,
    fromMonth: scope.period.from,
    toMonth: scope.period.to,
  });
  // Raw month cells (no GROUP BY, decision 209); markCells sums what merges map together.
  const cells: DimCell[] = rows.map((r) => {
    const unit = eff.get(r.unitId) ?? r.unitId;
    const month = r.month;
    return { group: `${unit}|${month}`, key: r.kind, n: r.n, dims: { unit, month, kind: r.kind } };
  });
  const marked = markCells(cells, k);
  const byMonthKind = sumBy(marked, (c) => `${c.dims.month}|${c.dims.kind}`);
  const byUnit = sumBy(marked, (c) => c.dims.unit!);
  const names = await q.selectUnitNames(d1, [...byUnit.keys()]);
  const total = [...byUnit.values()].reduce((s, x) => s + x.n, 0);
  const hidden = hiddenCount(marked);
  return [
    {
      id: `${o.idPrefix}-by-month`,
      title: { vi: `${o.what.vi} theo tháng`, en: `${o.what.en} by month` },
      chart: 'stacked',
      columns: [{ vi: 'Tháng', en: 'Month' }, ...o.kinds.map((kd) => labelOf(CASE_KIND, kd))],
      rows: monthsSoFar(scope.period).map((m) => [
        formatMonth(m),
        ...o.kinds.map((kd) => shown(byMonthKind.get(`${m}|${kd}`))),
      ]),
      hidden,
      summary: {
        vi: `${sentenceCase(totalText({ n: total, hidden }, CASES, 'vi'))} trong kỳ.`,
        en: `${sentenceCase(totalText({ n: total, hidden }, CASES, 'en'))} in the period.`,
      },
    },
    {
      id: `${o.idPrefix}-by-unit`,
      title: { vi: `${o.what.vi} theo đơn vị`, en: `${o.what.en} by unit` },
      chart: 'bar',
      columns: [
        { vi: 'Đơn vị', en: 'Unit' },
        { vi: 'Số vụ việc', en: 'Cases' },
      ],
      rows: [...byUnit.entries()]
        .map(([u, s]) => [names.get(u) ?? u, shown(s)] as (string | number | null)[])
        .sort((a, b) => Number(b[1] ?? -1) - Number(a[1] ?? -1)),
      hidden,
      summary: {
        vi: `${byUnit.size} đơn vị có vụ việc trong kỳ.`,
        en: `${countEn(byUnit.size, 'unit')} with cases in the period.`,
      },
    },
  ];
}

/**
 * Ủy ban Kiểm tra: feedback and denunciations naming a person (they enter `prescreening` at
 * intake), and per-person summaries — a person is listed only when at least k responses stand
 * behind the figure; below k the name itself is withheld (its presence would say someone wrote).
 */
export async function inspectionSections(d1: D1Database, scope: Scope, k: number): Promise<Section[]> {
  const flow = await flowSections(d1, scope, k, {
    kinds: ['feedback', 'denunciation'],
    statuses: ['prescreening'],
    idPrefix: 'about-members',
    what: { vi: 'Góp ý, tố cáo về đảng viên', en: 'Feedback and denunciations about members' },
  });
  const eff = await unitsOf(d1, scope);
  const rows = await selectPersonCountsInUnits(d1, [...eff.keys()], vnDay());
  const people = new Map<string, { name: string; total: number; items: Set<string> }>();
  for (const r of rows) {
    const p = people.get(r.personId) ?? { name: r.fullName, total: 0, items: new Set<string>() };
    if (r.questionId === '*') p.total = r.n;
    else p.items.add(`${r.questionId}|${r.item}`);
    people.set(r.personId, p);
  }
  const shownPeople = [...people.values()].filter((p) => p.total >= k);
  const withheld = people.size - shownPeople.length;
  return [
    ...flow,
    {
      id: 'people',
      title: {
        vi: `Tổng hợp theo người (lũy kế, chỉ nêu tên khi có từ ${k} ý kiến trở lên)`,
        en: `Per-person summaries (cumulative, named only with ${k} or more responses)`,
      },
      chart: 'bar',
      columns: [
        { vi: 'Họ và tên', en: 'Name' },
        { vi: 'Số ý kiến', en: 'Responses' },
        { vi: 'Số tiêu chí được đánh giá', en: 'Criteria rated' },
      ],
      rows: shownPeople
        .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'vi'))
        .map((p) => [p.name, p.total, p.items.size]),
      hidden: withheld,
      summary: {
        vi: `${shownPeople.length} người có từ ${k} ý kiến trở lên; ${withheld} người có ít hơn ${k} ý kiến không được nêu tên.`,
        en: `${countEn(shownPeople.length, 'person', 'people')} with at least ${k} responses; ${withheld} with fewer ${withheld === 1 ? 'is' : 'are'} not named.`,
      },
    },
  ];
}

/** Ban Dân vận: feedback received from the people (feedback cases entering intake), by month and unit. */
export async function inspectionFeedback(d1: D1Database, scope: Scope, k: number): Promise<Section[]> {
  return flowSections(d1, scope, k, {
    kinds: ['feedback'],
    statuses: ['received', 'prescreening'],
    idPrefix: 'feedback',
    what: { vi: 'Góp ý, phản ánh của nhân dân', en: 'Feedback from the people' },
  });
}

/**
 * UBND: complaints, denunciations and petitions received (entering received or prescreening),
 * deadline performance (on time / late / overdue), and the open backlog now.
 */
export async function peoplesCommitteeSections(d1: D1Database, scope: Scope, k: number): Promise<Section[]> {
  const kinds = ['complaint', 'denunciation', 'petition'];
  const flow = await flowSections(d1, scope, k, {
    kinds,
    statuses: ['received', 'prescreening'],
    idPrefix: 'petitions',
    what: { vi: 'Đơn khiếu nại, tố cáo, kiến nghị', en: 'Complaints, denunciations and petitions' },
  });
  const eff = await unitsOf(d1, scope);
  const unitIds = [...eff.keys()];
  // The People's Committee's remit is the letters (complaints, denunciations, petitions); feedback
  // on cadres is the Front's and the Party's (the inspection view).
  const [outcomes, backlog] = await Promise.all([
    selectOutcomesByUnits(d1, {
      unitIds,
      kinds,
      fromMonth: scope.period.from,
      toMonth: scope.period.to,
    }),
    selectBacklogByUnits(d1, unitIds, kinds),
  ]);
  // Outcomes: group unit|month|kind (its margin, cases due, is not published), key outcome.
  const oc = markCells(
    outcomes.map((r) => {
      const unit = eff.get(r.unitId) ?? r.unitId;
      return { group: `${unit}|${r.month}|${r.kind}`, key: r.outcome, n: r.n, dims: { kind: r.kind } };
    }),
    k,
  );
  const byKindOutcome = sumBy(oc, (c) => `${c.dims.kind}|${c.key}`);
  const byOutcome = sumBy(oc, (c) => c.key);
  // Backlog: group unit|kind, key status (a snapshot of now, no month).
  const bl = markCells(
    backlog
      // Prescreening is intake's alone (PRODUCT.md: not visible outside intake), counts included.
      .filter((r) => r.n > 0 && r.status !== 'closed' && r.status !== 'prescreening')
      .map((r) => {
        const unit = eff.get(r.unitId) ?? r.unitId;
        return { group: `${unit}|${r.kind}`, key: r.status, n: r.n, dims: {} };
      }),
    k,
  );
  const byStatus = sumBy(bl, (c) => c.key);
  const none = { n: 0, hidden: 0 };
  const on = byOutcome.get('on_time') ?? none;
  const late = byOutcome.get('late') ?? none;
  const overdue = byOutcome.get('overdue') ?? none;
  const anyHidden = on.hidden + late.hidden + overdue.hidden > 0;
  const open = [...byStatus.values()].reduce((s, x) => ({ n: s.n + x.n, hidden: s.hidden + x.hidden }), none);
  return [
    ...flow,
    {
      id: 'deadlines',
      title: { vi: 'Thời hạn giải quyết theo loại vụ việc', en: 'Statutory deadlines by kind' },
      chart: 'stacked',
      columns: [{ vi: 'Loại', en: 'Kind' }, ...OUTCOMES.map((o) => DEADLINE_OUTCOME[o])],
      rows: kinds.map((kd) => [
        labelOf(CASE_KIND, kd).vi,
        ...OUTCOMES.map((o) => shown(byKindOutcome.get(`${kd}|${o}`))),
      ]),
      hidden: hiddenCount(oc),
      summary: {
        vi: `Trong kỳ: trả lời đúng hạn ${plain(on, 'vi')}, trễ hạn ${plain(late, 'vi')}, quá hạn ${plain(overdue, 'vi')} lần${anyHidden ? ' (chưa kể các ô bị ẩn)' : ''}.`,
        en: `In the period: answered on time ${plain(on, 'en')}, late ${plain(late, 'en')}, overdue ${plain(overdue, 'en')}${anyHidden ? ' (not counting hidden cells)' : ''}.`,
      },
    },
    {
      id: 'backlog',
      title: { vi: 'Vụ việc đang mở (hiện tại)', en: 'Open cases (now)' },
      chart: 'bar',
      columns: [
        { vi: 'Trạng thái', en: 'Status' },
        { vi: 'Số vụ việc', en: 'Cases' },
      ],
      rows: Object.entries(CASE_STATUS)
        .filter(([s]) => byStatus.has(s))
        .map(([s, label]) => [label.vi, shown(byStatus.get(s))]),
      hidden: hiddenCount(bl),
      summary: {
        // Prescreening is left out (intake's alone), and the summary says so.
        vi: `${sentenceCase(totalText({ n: open.n, hidden: 0 }, { vi: 'vụ việc đang mở', en: '' }, 'vi'))} (không kể vụ việc đang sàng lọc${open.hidden ? ' và các ô bị ẩn' : ''}).`,
        en: `${countEn(open.n, 'open case')} (not counting pre-screening${open.hidden ? ' or hidden cells' : ''}).`,
      },
    },
  ];
}
