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
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { HIDDEN_TEXT } from '../../../../worker/dashboards/privacy';
import { formatNumber } from '../../../../worker/lib/format';
import { t } from '../../../../worker/lib/i18n';
import type { Reply } from '../../lib/api';
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

/** One chart or table of a dashboard (the same shape in a board and in a form's results). */
export type Section = Reply<'/api/dashboards/boards/{view}'>['sections'][number];

/** Default series colours (Okabe–Ito order, colour-blind safe) for series without a meaning. */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

/** A long label as lines of at most `max` characters, cut between words ("Name — Position"). */
export function wrapLabel(text: string, max = 26): string | string[] {
  if (text.length <= max) return text;
  const lines: string[] = [];
  for (const part of text.split(' — ')) {
    let line = '';
    for (const word of part.split(' ')) {
      if (line && `${line} ${word}`.length > max) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  }
  return lines;
}

/** A diagonal-stripe fill: how a hidden (k-suppressed) cell is drawn — never as an empty bar. */
function hatch(ctx: CanvasRenderingContext2D): CanvasPattern | string {
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d');
  if (!g) return '#ddd';
  g.strokeStyle = '#9a9a9a';
  g.lineWidth = 1.5;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.stroke();
  return ctx.createPattern(c, 'repeat') ?? '#ddd';
}

/**
 * Marks every category that has a hidden figure: a striped band across it and the word "ẩn" /
 * "hidden", so a suppressed cell never reads as a zero bar or a joined-up line.
 */
function hiddenMarks(word: string): Plugin {
  return {
    id: 'hiddenMarks',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const horizontal = chart.options.indexAxis === 'y';
      const cat = horizontal ? scales.y : scales.x;
      if (!cat) return;
      const n = chart.data.labels?.length ?? 0;
      const band = n ? (horizontal ? area.height : area.width) / n : 0;
      ctx.save();
      for (let i = 0; i < n; i++) {
        if (!chart.data.datasets.some((d) => d.data[i] === null)) continue;
        const mid = cat.getPixelForValue(i);
        const w = Math.min(band * 0.7, 48);
        ctx.fillStyle = hatch(ctx);
        ctx.globalAlpha = 0.6;
        if (horizontal) ctx.fillRect(area.left, mid - w / 2, area.width, w);
        else ctx.fillRect(mid - w / 2, area.top, w, area.height);
        ctx.globalAlpha = 1;
        ctx.fillStyle = '#333';
        ctx.font = '600 12px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        const x = horizontal ? area.left + area.width / 2 : mid;
        const y = horizontal ? mid : area.top + area.height / 2;
        ctx.fillStyle = '#fff';
        const tw = ctx.measureText(word).width;
        ctx.fillRect(x - tw / 2 - 4, y - 9, tw + 8, 18);
        ctx.fillStyle = '#333';
        ctx.fillText(word, x, y);
      }
      ctx.restore();
    },
  };
}

function ChartCanvas({ s, label }: { s: Section; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { lang } = useLang();
  const stacked = s.chart === 'stacked';
  const labels = s.rows.map((r) => wrapLabel(String(r[0] ?? '')));
  const lines = labels.reduce<number>((a, l) => a + (Array.isArray(l) ? l.length : 1), 0);
  // Horizontal bars get the height their (wrapped) labels need; others a fixed band.
  const height = stacked ? Math.max(140, lines * 18 + s.rows.length * 14 + 60) : 260;
  const series = s.columns.slice(1).map((c, i) => ({
    label: t(c, lang),
    color: s.colors?.[i] ?? PALETTE[i % PALETTE.length]!,
    // null stays null: a hidden figure is a gap (line) or no bar, marked by hiddenMarks.
    data: s.rows.map((r) => (typeof r[i + 1] === 'number' ? (r[i + 1] as number) : null)),
  }));
  useEffect(() => {
    if (!ref.current) return;
    const chart = new Chart(ref.current, {
      type: s.chart === 'line' ? 'line' : 'bar',
      data: {
        labels,
        datasets: series.map((x) => ({
          label: x.label,
          data: x.data,
          backgroundColor: x.color,
          borderColor: x.color,
          spanGaps: false,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: stacked ? 'y' : 'x',
        locale: lang === 'vi' ? 'vi-VN' : 'en-GB',
        plugins: { legend: { display: series.length > 1 } },
        scales: stacked
          ? { x: { stacked, beginAtZero: true, max: s.max }, y: { stacked } }
          : { x: {}, y: { beginAtZero: true, max: s.max } },
      },
      plugins: [hiddenMarks(HIDDEN_TEXT[lang])],
    });
    return () => chart.destroy();
  }, [s, lang]);
  return (
    <div class="chart-box" style={{ position: 'relative', height: `${height}px` }}>
      <canvas
        ref={ref}
        role="img"
        aria-label={label}
        // What is drawn, for tests and tools: labels, series colours and values (null = hidden).
        data-chart={JSON.stringify({ labels: s.rows.map((r) => String(r[0] ?? '')), series })}
      >
        {label}
      </canvas>
    </div>
  );
}

/** A section: heading, chart or table (toggle). The hidden-figures rule is stated once per page. */
export function SectionView({ s }: { s: Section }) {
  const { tr, lang } = useLang();
  const [table, setTable] = useState(s.chart === 'none');
  return (
    <section class="dash-section" aria-labelledby={`sec-${s.id}`}>
      <h2 id={`sec-${s.id}`}>{tr(s.title)}</h2>
      {s.chart !== 'none' ? (
        <button type="button" class="link" aria-pressed={table} onClick={() => setTable(!table)}>
          {table
            ? tr({ vi: 'Xem biểu đồ', en: 'Show chart' })
            : tr({ vi: 'Xem bảng số liệu', en: 'Show table' })}
        </button>
      ) : null}
      <p class="hint">{tr(s.summary)}</p>
      {table || s.chart === 'none' ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{tr(s.title)}</caption>
            <thead>
              <tr>
                {s.columns.map((c) => (
                  <th key={c.vi} scope="col">
                    {tr(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.rows.length === 0 ? (
                <tr>
                  <td colSpan={s.columns.length}>
                    {tr({ vi: 'Không có số liệu trong kỳ.', en: 'No figures in the period.' })}
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
                        {v === null ? HIDDEN_TEXT[lang] : formatNumber(Number(v), lang)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : s.rows.length === 0 ? (
        <p>
          {tr({
            vi: 'Không có số liệu trong kỳ và đơn vị đã chọn.',
            en: 'No figures for this unit and period.',
          })}
        </p>
      ) : (
        <ChartCanvas s={s} label={`${tr(s.title)}. ${tr(s.summary)}`} />
      )}
    </section>
  );
}
