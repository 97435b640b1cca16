/**
 * Bảng số liệu: a board viewer's dashboard — pick a view (the board's remit) or a form's results,
 * filter by unit (within the viewer's subtrees) and period (a quarter or a month range), read
 * charts or tables, download CSV / XLSX / a printable PDF with the same filters.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { formatNumber } from '../../../../worker/lib/format';
import { vnDay } from '../../../../worker/lib/time';
import { type ApiError, api, apiUrl, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { ErrorBanner, SelectField, Status } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import type { Unit } from '../org/UnitEditor';
import { SectionView } from './Chart';
import { TextAnswers } from './TextAnswers';

type ViewInfo = Reply<'/api/dashboards/views'>['views'][number];
type FormResults = Reply<'/api/dashboards/forms/{id}/results'>;
type Report = Reply<'/api/dashboards/boards/{view}'> | FormResults;

const DASH_ROLES = ['board_viewer', 'form_designer', 'admin'];

/** The last eight quarters, newest first, as [from-to, label]. */
function quarters(now = Date.now()): [string, string][] {
  const out: [string, string][] = [];
  const today = vnDay(now);
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  for (let i = 0; i < 8; i++) {
    const from = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}`;
    const to = `${y}-${String(q * 3).padStart(2, '0')}`;
    out.push([`${from}_${to}`, `Quý ${q}/${y}`]);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

/**
 * The hidden-figures rule, once per page (not under every chart): what "ẩn" and the striped marks
 * mean, and how many cells this page hides.
 */
function HiddenRule({ k, hidden }: { k: number; hidden: number }) {
  const { tr, lang } = useLang();
  return (
    <p class="hint" data-testid="hidden-rule">
      {tr({
        vi: `Bảo vệ người trả lời: số liệu dưới ${k} người được ẩn — ghi "ẩn" trong bảng, vạch sọc trên biểu đồ — cùng các ô ẩn kèm để không suy ra được chúng; tổng không cộng các ô ẩn.`,
        en: `Protecting respondents: figures under ${k} people are hidden — "hidden" in tables, striped on charts — with the cells hidden alongside so they cannot be worked out; totals leave hidden cells out.`,
      })}
      {hidden
        ? tr({
            vi: ` Trang này có ${formatNumber(hidden, lang)} ô bị ẩn.`,
            en: ` This page hides ${formatNumber(hidden, lang)} cells.`,
          })
        : ''}
    </p>
  );
}

export default function Dashboards() {
  const { tr } = useLang();
  const { me } = useSession();
  const { params } = useRoute();
  const { query, route } = useLocation();
  const formId = params.id;
  const [views, setViews] = useState<ViewInfo[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const qs = quarters();
  // The view comes from the address as typed: the server refuses one it does not know.
  const view = (query.view ?? 'front') as ViewInfo['view'];
  const period = query.period ?? qs[0]![0];
  const unitId = query.unitId ?? '';
  const [from, to] = period.split('_') as [string, string];

  const scopes = useMemo(
    () => (me?.grants ?? []).filter((g) => DASH_ROLES.includes(g.role)).map((g) => g.unitPath),
    [me],
  );
  useEffect(() => {
    api
      .GET('/api/dashboards/views')
      .then((r) => setViews(r.views))
      .catch((e) => setError(asApiError(e)));
    api
      .GET('/api/org/units')
      .then((r) => setUnits(r.units.filter((u) => scopes.some((p) => u.path.startsWith(p)))))
      .catch(() => setUnits([]));
  }, [scopes]);

  const filters = { unitId: unitId || undefined, from, to };
  const base = formId ? `/api/dashboards/forms/${formId}/results` : `/api/dashboards/boards/${view}`;
  useEffect(() => {
    setLoading(true);
    setError(null);
    (formId
      ? api.GET('/api/dashboards/forms/{id}/results', { params: { path: { id: formId }, query: filters } })
      : api.GET('/api/dashboards/boards/{view}', { params: { path: { view }, query: filters } })
    )
      .then(setReport)
      .catch((e) => {
        setReport(null);
        setError(asApiError(e));
      })
      .finally(() => setLoading(false));
  }, [base, unitId, from, to]);

  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams({ ...query, ...patch });
    for (const [k, v] of [...next]) if (!v) next.delete(k);
    route(`${formId ? `${BASE}/dashboards/forms/${formId}` : `${BASE}/dashboards`}?${next}`);
  };
  const exportUrl = (format: string) => apiUrl(`${base}/export`, { ...filters, format });

  return (
    <section>
      <PageHeading title={report ? tr(report.title) : tr({ vi: 'Bảng số liệu', en: 'Dashboards' })} />
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {!formId ? (
          <SelectField
            label={tr({ vi: 'Bảng', en: 'View' })}
            value={view}
            onValue={(v) => set({ view: v })}
            options={views.map(
              (v) =>
                [
                  v.view,
                  tr(v.title) + (v.available ? '' : tr({ vi: ' (chưa có số liệu)', en: ' (no data yet)' })),
                ] as const,
            )}
          />
        ) : null}
        <SelectField
          label={tr({ vi: 'Đơn vị', en: 'Unit' })}
          value={unitId}
          onValue={(v) => set({ unitId: v })}
          options={[
            ['', tr({ vi: 'Toàn bộ phạm vi của tôi', en: 'My whole remit' })] as const,
            ...units.map((u) => [u.id, u.name] as const),
          ]}
        />
        <SelectField
          label={tr({ vi: 'Kỳ', en: 'Period' })}
          value={period}
          onValue={(v) => set({ period: v })}
          options={qs}
        />
      </form>
      {report ? (
        <p class="hint">
          {tr({ vi: 'Đơn vị', en: 'Unit' })}: {report.unit.name} · {tr({ vi: 'Kỳ', en: 'Period' })}:{' '}
          {report.period.from.slice(5)}/{report.period.from.slice(0, 4)} – {report.period.to.slice(5)}/
          {report.period.to.slice(0, 4)}
        </p>
      ) : null}
      {report ? <HiddenRule k={report.k} hidden={report.sections.reduce((a, s) => a + s.hidden, 0)} /> : null}
      <p class="downloads">
        {tr({ vi: 'Tải xuống', en: 'Download' })}:{' '}
        <a href={exportUrl('csv')} download>
          CSV
        </a>{' '}
        ·{' '}
        <a href={exportUrl('xlsx')} download>
          Excel (XLSX)
        </a>{' '}
        ·{' '}
        <a href={exportUrl('pdf')} download>
          {tr({ vi: 'Báo cáo PDF', en: 'PDF report' })}
        </a>
      </p>
      <ErrorBanner error={error} />
      {loading ? <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status> : null}
      {report?.sections.map((s) => (
        <SectionView key={s.id} s={s} />
      ))}
      {formId && report && 'textQuestions' in report ? (
        <TextAnswers formId={formId} questions={report.textQuestions} filters={filters} />
      ) : null}
    </section>
  );
}
