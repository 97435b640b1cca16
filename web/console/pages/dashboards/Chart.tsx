/**
 * One report section: a chart (chart.js, only in this lazy route chunk) with a table view toggle.
 * The chart has a text alternative (the section summary) and the table is always the full data,
 * so nothing is only in the picture. Numbers and months in Vietnamese format.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { HIDDEN_TEXT } from '../../../../worker/dashboards/privacy';
import { useLang } from '../../lib/lang';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

export interface Text {
  vi: string;
  en?: string;
}
export interface Section {
  id: string;
  title: Text;
  chart: 'bar' | 'line' | 'stacked' | 'none';
  columns: Text[];
  rows: (string | number | null)[][];
  hidden: number;
  summary: Text;
}

const PALETTE = ['#1d4ed8', '#b91c1c', '#047857', '#b45309', '#6d28d9', '#0e7490', '#be185d', '#4d7c0f'];

function ChartCanvas({ s, label }: { s: Section; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { lang } = useLang();
  useEffect(() => {
    if (!ref.current) return;
    const labels = s.rows.map((r) => String(r[0] ?? ''));
    const datasets = s.columns.slice(1).map((c, i) => ({
      label: (lang === 'en' ? c.en : undefined) ?? c.vi,
      data: s.rows.map((r) => (typeof r[i + 1] === 'number' ? (r[i + 1] as number) : 0)),
      backgroundColor: PALETTE[i % PALETTE.length],
      borderColor: PALETTE[i % PALETTE.length],
    }));
    const stacked = s.chart === 'stacked';
    const chart = new Chart(ref.current, {
      type: s.chart === 'line' ? 'line' : 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        indexAxis: stacked ? 'y' : 'x',
        locale: lang === 'vi' ? 'vi-VN' : 'en-GB',
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { x: { stacked }, y: { stacked, beginAtZero: true } },
      },
    });
    return () => chart.destroy();
  }, [s, lang]);
  return (
    <canvas ref={ref} role="img" aria-label={label} height={110}>
      {label}
    </canvas>
  );
}

/** A section: heading, chart or table (toggle), the hidden-cells note. */
export function SectionView({ s }: { s: Section }) {
  const { tr, lang } = useLang();
  const [table, setTable] = useState(s.chart === 'none');
  const txt = (x: Text) => (lang === 'en' ? x.en : undefined) ?? x.vi;
  const nf = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB');
  return (
    <section class="dash-section" aria-labelledby={`sec-${s.id}`}>
      <h2 id={`sec-${s.id}`}>{txt(s.title)}</h2>
      {s.chart !== 'none' ? (
        <button type="button" class="link" aria-pressed={table} onClick={() => setTable(!table)}>
          {table ? tr('Xem biểu đồ', 'Show chart') : tr('Xem bảng số liệu', 'Show table')}
        </button>
      ) : null}
      <p class="hint">{txt(s.summary)}</p>
      {table || s.chart === 'none' ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{txt(s.title)}</caption>
            <thead>
              <tr>
                {s.columns.map((c) => (
                  <th key={c.vi} scope="col">
                    {txt(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.rows.length === 0 ? (
                <tr>
                  <td colSpan={s.columns.length}>
                    {tr('Không có số liệu trong kỳ.', 'No figures in the period.')}
                  </td>
                </tr>
              ) : null}
              {s.rows.map((r) => (
                <tr key={String(r[0])}>
                  {r.map((v, i) =>
                    i === 0 ? (
                      <th key="label" scope="row">
                        {String(v ?? '')}
                      </th>
                    ) : (
                      <td key={s.columns[i]?.vi ?? i} class="num">
                        {v === null ? HIDDEN_TEXT[lang] : nf.format(Number(v))}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : s.rows.length === 0 ? (
        <p>{tr('Không có số liệu trong kỳ và đơn vị đã chọn.', 'No figures for this unit and period.')}</p>
      ) : (
        <ChartCanvas s={s} label={`${txt(s.title)}. ${txt(s.summary)}`} />
      )}
      {s.hidden ? (
        <p class="hint">
          {tr(
            `${nf.format(s.hidden)} ô số liệu được ẩn để bảo vệ người trả lời — ô nhỏ, và ô ẩn kèm để không suy ra được ô nhỏ (không cộng vào tổng).`,
            `${nf.format(s.hidden)} cells hidden to protect respondents — small ones, and others hidden with them so they cannot be worked out (not added to totals).`,
          )}
        </p>
      ) : null}
    </section>
  );
}
