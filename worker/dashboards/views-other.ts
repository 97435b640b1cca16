/**
 * Board views over the ballots and dân vận khéo modules:
 * - Ban Tổ chức: results of PUBLISHED confidence-vote rounds only (`publicResults`, which refuses
 *   anything before publication). Published results are public by law and already name each
 *   person with counts, so no k-suppression applies (decision 205).
 * - Ban Dân vận: model coverage (the "34/34" figure, `coverageOf` over the `dvk_model_counts`
 *   rollup), campaign completion (`campaignCompletion`), and feedback volume (cases rollup, k rule).
 */
import { LEVEL_COLOURS, LEVEL_ORDER } from '../ballots/levels';
import { publicResults } from '../ballots/minutes';
import { publishedRoundsIn } from '../ballots/rounds';
import { campaignCompletion, campaignsIn, countsOf } from '../campaigns/service';
import { countEn, formatDay, formatNumber, formatPercent } from '../lib/format';
import { coverageOf } from '../models/coverage';
import { DENOMINATOR, LEVEL, TALLY_FIGURE } from '../text/ballots';
import { COMPLETION_STATUS, MODEL_FIELD } from '../text/models';
import type { Section } from './boards';
import type { Scope } from './scope';
import { inspectionFeedback } from './views-cases';

const pct = (p: string | null) => (p == null ? null : Number(p));
/** The completion statuses, in the dictionary's order: the campaigns table's columns. */
const COMPLETION = Object.keys(COMPLETION_STATUS) as (keyof typeof COMPLETION_STATUS)[];

/** Ban Tổ chức: published rounds of bodies in the subtree whose meeting falls in the period. */
export async function organisationSections(d1: D1Database, scope: Scope): Promise<Section[]> {
  const rounds = (
    await publishedRoundsIn(d1, scope.unit.path, scope.window.fromDay, scope.window.toDay)
  ).slice(0, 12);
  const results = [];
  for (const r of rounds) results.push(await publicResults(d1, r.id));
  const candidates = results.flatMap((x) => x.result.candidates);
  const flagged = candidates.filter((c) => c.overHalfLow).length;
  const roundsTable: Section = {
    id: 'rounds',
    title: { vi: 'Các đợt lấy phiếu đã công bố', en: 'Published rounds' },
    chart: 'none',
    columns: [
      { vi: 'Đợt', en: 'Round' },
      TALLY_FIGURE.summoned,
      TALLY_FIGURE.present,
      { vi: 'Phiếu thu vào', en: 'Collected' },
    ],
    rows: results.map((x) => [
      `${x.round.name} (${formatDay(x.round.meetingDate)}) — ${x.round.unitName}`,
      x.result.summoned,
      x.result.present,
      x.result.collected,
    ]),
    hidden: 0,
    summary: {
      vi: `${results.length} đợt lấy phiếu tín nhiệm đã công bố trong kỳ; ${candidates.length} lượt người được lấy phiếu, ${flagged} người có trên 1/2 phiếu tín nhiệm thấp.`,
      en: `${countEn(results.length, 'published confidence-vote round')} in the period; ${countEn(candidates.length, 'person', 'people')} rated, ${flagged} with more than half low confidence.`,
    },
  };
  // One chart per round (the round is the group, its heading): each bar is a person, labelled by
  // name and position, in the levels' own colours (decision 220).
  const perRound: Section[] = results.map((x, i) => {
    const cs = x.result.candidates;
    const high = cs.reduce(
      (a, c) => (Number(c.high.percent ?? -1) > Number(a?.high.percent ?? -1) ? c : a),
      cs[0],
    );
    const over = cs.filter((c) => c.overHalfLow).length;
    return {
      id: `candidates-${i + 1}`,
      title: {
        vi: `${x.round.name} (${formatDay(x.round.meetingDate)}): tỷ lệ % từng mức`,
        en: `${x.round.name} (${formatDay(x.round.meetingDate)}): % at each level`,
      },
      chart: 'stacked',
      columns: [
        { vi: 'Người được lấy phiếu', en: 'Person' },
        ...LEVEL_ORDER.map((lv) => ({ vi: `${LEVEL[lv].vi} (%)`, en: `${LEVEL[lv].en} (%)` })),
      ],
      rows: cs.map((c) => [
        `${c.fullName} — ${c.position}`,
        pct(c.high.percent),
        pct(c.confidence.percent),
        pct(c.low.percent),
      ]),
      colors: LEVEL_ORDER.map((lv) => LEVEL_COLOURS[lv]),
      max: 100,
      hidden: 0,
      summary: {
        vi: `${cs.length} người; tỷ lệ tín nhiệm cao nhất: ${high ? `${high.fullName} ${formatPercent(high.high.percent)}` : '—'}; ${over} người có trên 1/2 phiếu tín nhiệm thấp. Tỷ lệ tính trên ${DENOMINATOR[x.round.denominator].vi}.`,
        en: `${countEn(cs.length, 'person', 'people')}; highest share of high confidence: ${high ? `${high.fullName} ${formatPercent(high.high.percent)}` : '—'}; ${over} with more than half low confidence.`,
      },
    };
  });
  return [roundsTable, ...perRound];
}

/** Ban Dân vận: coverage, models by field, campaign completion, feedback received. */
export async function massMobilisationSections(d1: D1Database, scope: Scope, k: number): Promise<Section[]> {
  const fromYear = Number(scope.period.from.slice(0, 4));
  const toYear = Number(scope.period.to.slice(0, 4));
  const year = fromYear === toYear ? fromYear : undefined;
  const cov = await coverageOf(d1, scope.unit, year);
  const campaigns = (await campaignsIn(d1, [rootOf(scope.unit.path)]))
    // A campaign belongs to a period when it reports on it or falls due in it (a half-year report
    // due in November is the Q4 board's business).
    .filter(
      (c) =>
        (c.periodEnd >= scope.window.fromDay && c.periodStart < scope.window.toDay) ||
        (c.dueDate >= scope.window.fromDay && c.dueDate < scope.window.toDay),
    )
    .slice(0, 20);
  const [lo, hi] = [scope.window.lo, scope.window.hi];
  const completion: (string | number | null)[][] = [];
  for (const c of campaigns) {
    const rows = (await campaignCompletion(d1, c)).filter((r) => r.unitPath >= lo && r.unitPath < hi);
    if (!rows.length) continue;
    const n = countsOf(rows);
    completion.push([c.title, n.assigned, ...COMPLETION.map((s) => n[s])]);
  }
  const feedback = await inspectionFeedback(d1, scope, k);
  const yearText = year ? `năm ${year}` : `${fromYear}–${toYear}`;
  return [
    {
      id: 'coverage',
      title: {
        vi: `Phường, xã có mô hình "Dân vận khéo" hiệu quả (${yearText})`,
        en: `Wards and communes with an effective model (${year ?? `${fromYear}–${toYear}`})`,
      },
      chart: 'bar',
      columns: [
        { vi: 'Chỉ tiêu', en: 'Measure' },
        { vi: 'Có mô hình hiệu quả', en: 'Covered' },
        { vi: 'Tổng số phường, xã', en: 'Total' },
      ],
      rows: [['Phường, xã', cov.effective.covered, cov.effective.total]],
      hidden: 0,
      summary: {
        vi: `${cov.effective.covered}/${cov.effective.total} phường, xã có mô hình hiệu quả; ${formatNumber(cov.totals.models)} mô hình, ${formatNumber(cov.totals.people)} lượt người tham gia.`,
        en: `${cov.effective.covered}/${cov.effective.total} wards and communes covered; ${countEn(cov.totals.models, 'model')}.`,
      },
    },
    {
      id: 'models-by-field',
      title: { vi: 'Mô hình theo lĩnh vực', en: 'Models by field' },
      chart: 'bar',
      columns: [
        { vi: 'Lĩnh vực', en: 'Field' },
        { vi: 'Số mô hình', en: 'Models' },
      ],
      rows: Object.entries(MODEL_FIELD).map(([f, label]) => [label.vi, cov.byField[f] ?? 0]),
      hidden: 0,
      summary: {
        vi: `Tổng ${formatNumber(cov.totals.models)} mô hình; ${formatNumber(cov.totals.replications)} lượt nhân rộng.`,
        en: `${countEn(cov.totals.models, 'model')}; ${countEn(cov.totals.replications, 'replication')}.`,
      },
    },
    {
      id: 'campaigns',
      title: { vi: 'Tình hình nộp báo cáo theo đợt', en: 'Campaign reporting' },
      chart: 'stacked',
      columns: [
        { vi: 'Đợt báo cáo', en: 'Campaign' },
        { vi: 'Phải nộp', en: 'Assigned' },
        ...COMPLETION.map((s) => COMPLETION_STATUS[s]),
      ],
      rows: completion,
      hidden: 0,
      summary: {
        vi: `${completion.length} đợt báo cáo trong kỳ.`,
        en: `${countEn(completion.length, 'campaign')} in the period.`,
      },
    },
    ...feedback,
  ];
}

/** The root of a unit path ("/a/b/" → "/a/"): campaigns are opened above the wards that report. */
function rootOf(path: string): string {
  const first = path.split('/').filter(Boolean)[0];
  return first ? `/${first}/` : path;
}
