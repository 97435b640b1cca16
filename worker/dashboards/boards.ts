/**
 * Bảng số liệu của các ban: board views. Each view turns rollups into REPORT SECTIONS — a titled
 * table (first column a label, then numbers) with a chart kind — so the console, the CSV/XLSX/PDF
 * exports and the monthly snapshot all render the same, already k-suppressed, tables.
 *
 * A view whose source is not available is listed with `available: false` and a reason (`missing`).
 */
import type { StaffSession } from '../auth/service';
import { AppError } from '../lib/errors';
import { countEn, formatMonth } from '../lib/format';
import { type LocalText, labelOf, sentenceCase } from '../lib/i18n';
import { FORM_KIND } from '../text/forms';
import { selectViewConfig } from './config-queries';
import { volumeFigures } from './form-results';
import { DEFAULT_K, figureText, publish, totalText } from './privacy';
import * as q from './queries';
import { monthsSoFar, type Period, resolveScope, type Scope } from './scope';
import { inspectionSections, peoplesCommitteeSections } from './views-cases';
import { massMobilisationSections, organisationSections } from './views-other';

export const BOARD_VIEWS = [
  'front',
  'inspection',
  'organisation',
  'mass_mobilisation',
  'peoples_committee',
] as const;
export type BoardView = (typeof BOARD_VIEWS)[number];

/** One table of a report; `rows[i][0]` is the label, the rest numbers (null = suppressed). */
export interface Section {
  id: string;
  title: LocalText;
  chart: 'bar' | 'line' | 'stacked' | 'none';
  columns: LocalText[];
  rows: (string | number | null)[][];
  /** Atomic cells hidden by k-suppression in this section. */
  hidden: number;
  /** A one-sentence text alternative of the chart (screen readers, the PDF). */
  summary: LocalText;
  /** Colours of the data columns (chart series), when they carry meaning (confidence levels). */
  colors?: string[];
  /** Upper end of the value axis when it is fixed (percentages: 100). */
  max?: number;
}

export interface BoardReport {
  view: BoardView;
  title: LocalText;
  unit: { id: string; name: string };
  period: Period;
  k: number;
  sections: Section[];
}

interface ViewDef {
  title: LocalText;
  /** null when the view can be built; otherwise why not (yet). */
  missing: LocalText | null;
  build?: (d1: D1Database, scope: Scope, k: number) => Promise<Section[]>;
}

const NOUN = { vi: 'ý kiến', en: 'submissions' };

/**
 * Mặt trận: all intake through the public forms — volume by channel (form kind), by unit and by
 * month. Channel cells form one group per unit-month (their margin, the unit's volume, is shown).
 */
async function frontSections(d1: D1Database, scope: Scope, k: number): Promise<Section[]> {
  const forms = await q.selectFormsForIntake(d1);
  const kindOf = new Map(forms.map((f) => [f.id, f.kind]));
  const rows = await q.volumeByUnitDay(
    d1,
    forms.map((f) => f.id),
    scope.window,
  );
  const vol = volumeFigures(rows, k);
  const kindCells = new Map<string, { group: string; key: string; n: number }>();
  for (const r of rows) {
    const group = `${r.unitId}|${r.day.slice(0, 7)}`;
    const key = kindOf.get(r.formId) ?? 'other';
    const c = kindCells.get(`${group}|${key}`) ?? { group, key, n: 0 };
    c.n += r.n;
    kindCells.set(`${group}|${key}`, c);
  }
  const byKind = publish([...kindCells.values()], k);
  const names = await q.selectUnitNames(
    d1,
    vol.byUnit.map((u) => u.key),
  );
  const total = vol.byMonth.reduce((s, m) => s + m.n, 0);
  const monthsHidden = vol.byMonth.reduce((s, m) => s + m.hidden, 0);
  const n = (x: { n: number; hidden: number }) => (x.n === 0 && x.hidden > 0 ? null : x.n);
  const byMonth = new Map(vol.byMonth.map((m) => [m.key, m]));
  return [
    {
      id: 'by-month',
      title: { vi: 'Số ý kiến tiếp nhận theo tháng', en: 'Intake by month' },
      chart: 'line',
      columns: [
        { vi: 'Tháng', en: 'Month' },
        { vi: 'Số ý kiến', en: 'Submissions' },
      ],
      rows: monthsSoFar(scope.period).map((m) => [formatMonth(m), n(byMonth.get(m) ?? { n: 0, hidden: 0 })]),
      hidden: monthsHidden,
      summary: {
        vi: `${sentenceCase(totalText({ n: total, hidden: monthsHidden }, NOUN, 'vi'))} trong kỳ.`,
        en: `${sentenceCase(totalText({ n: total, hidden: monthsHidden }, NOUN, 'en'))} in the period.`,
      },
    },
    {
      id: 'by-channel',
      title: { vi: 'Theo kênh tiếp nhận', en: 'By channel' },
      chart: 'bar',
      columns: [
        { vi: 'Kênh', en: 'Channel' },
        { vi: 'Số ý kiến', en: 'Submissions' },
      ],
      rows: byKind.map((f) => [labelOf(FORM_KIND, f.key).vi, n(f)]),
      hidden: byKind.reduce((s, f) => s + f.hidden, 0),
      summary: {
        vi:
          byKind.map((f) => `${labelOf(FORM_KIND, f.key).vi}: ${figureText(f, 'vi')}`).join('; ') ||
          'Không có số liệu.',
        en:
          byKind.map((f) => `${labelOf(FORM_KIND, f.key).en}: ${figureText(f, 'en')}`).join('; ') ||
          'No data.',
      },
    },
    {
      id: 'by-unit',
      title: { vi: 'Theo đơn vị', en: 'By unit' },
      chart: 'bar',
      columns: [
        { vi: 'Đơn vị', en: 'Unit' },
        { vi: 'Số ý kiến', en: 'Submissions' },
      ],
      rows: vol.byUnit
        .map((u) => [names.get(u.key) ?? u.key, n(u)] as (string | number | null)[])
        .sort((a, b) => Number(b[1] ?? -1) - Number(a[1] ?? -1)),
      hidden: vol.byUnit.reduce((s, u) => s + u.hidden, 0),
      summary: {
        vi: `${vol.byUnit.length} đơn vị có ý kiến trong kỳ.`,
        en: `${countEn(vol.byUnit.length, 'unit')} with submissions in the period.`,
      },
    },
  ];
}

/** The registry. Views without `build` say which module they wait for. */
export const VIEWS: Record<BoardView, ViewDef> = {
  front: {
    title: { vi: 'Mặt trận Tổ quốc — tiếp nhận', en: 'Fatherland Front — intake' },
    missing: null,
    build: frontSections,
  },
  inspection: {
    title: {
      vi: 'Ủy ban Kiểm tra — góp ý về đảng viên',
      en: 'Inspection Commission — feedback on party members',
    },
    missing: null,
    build: inspectionSections,
  },
  organisation: {
    title: { vi: 'Ban Tổ chức — kết quả lấy phiếu tín nhiệm', en: 'Organisation Board — confidence votes' },
    missing: null,
    build: (d1, scope) => organisationSections(d1, scope),
  },
  mass_mobilisation: {
    title: { vi: 'Ban Dân vận — mô hình dân vận khéo', en: 'Mass Mobilisation Board — skilful mobilisation' },
    missing: null,
    build: massMobilisationSections,
  },
  peoples_committee: {
    title: {
      vi: 'UBND — kiến nghị và thời hạn giải quyết',
      en: "People's Committee — petitions and deadlines",
    },
    missing: null,
    build: peoplesCommitteeSections,
  },
};

/**
 * The views a caller may open on a unit (default: their first dashboard scope): the views an
 * administrator configured on that unit or its nearest configured ancestor (all when none is set).
 */
export async function viewsFor(d1: D1Database, staff: StaffSession, unitId?: string) {
  const scope = await resolveScope(d1, staff, { unitId });
  const ids = scope.unit.path.split('/').filter(Boolean);
  const configs = await selectViewConfig(d1, ids);
  const nearest = [...ids]
    .reverse()
    .map((id) => configs.get(id))
    .find(Boolean);
  const enabled = new Set<string>(nearest ?? BOARD_VIEWS);
  return BOARD_VIEWS.filter((v) => enabled.has(v)).map((v) => ({
    view: v,
    title: VIEWS[v].title,
    available: VIEWS[v].missing === null,
    missing: VIEWS[v].missing,
  }));
}

/** Builds one board view for a unit subtree and period (sections already suppressed at k). */
export async function boardReport(
  d1: D1Database,
  staff: StaffSession | undefined,
  view: BoardView,
  f: { unitId?: string; from?: string; to?: string },
  k = DEFAULT_K,
): Promise<BoardReport> {
  return reportFor(d1, view, await resolveScope(d1, staff, f), k);
}

/** Builds a view for an already authorised scope (the route, the monthly snapshot). */
export async function reportFor(
  d1: D1Database,
  view: BoardView,
  scope: Scope,
  k = DEFAULT_K,
): Promise<BoardReport> {
  const def = VIEWS[view];
  if (!def.build) {
    throw new AppError('view_unavailable', {
      missing: { vi: def.missing?.vi ?? '', en: def.missing?.en ?? '' },
    });
  }
  return {
    view,
    title: def.title,
    unit: { id: scope.unit.id, name: scope.unit.name },
    period: scope.period,
    k,
    sections: await def.build(d1, scope, k),
  };
}
