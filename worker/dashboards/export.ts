/**
 * Xuất số liệu: a report (board view or form results, both as sections) to CSV, XLSX or a
 * printable PDF whose header states the unit, the period and k. The tables are aggregates —
 * bounded by the number of buckets, not of responses — and already k-suppressed; a hidden figure
 * is written as "ẩn" (HIDDEN_TEXT), never as a number.
 */
import { countEn, formatDate } from '../lib/i18n';
import { PdfWriter, pdfResponse } from '../lib/pdf';
import { type Cell, tableResponse, tableToCsv } from '../lib/xlsx';
import type { Section } from './boards';
import type { FormResults } from './form-results';
import { figureText, HIDDEN_TEXT } from './privacy';
import type { Period } from './scope';

export interface ExportableReport {
  title: string;
  unit: { name: string };
  period: Period;
  k: number;
  sections: Section[];
}

/** The long table every format shares: section, label, column, value. */
export const EXPORT_HEADER = ['Mục', 'Nhãn', 'Chỉ tiêu', 'Giá trị'];

/** Flattens sections to rows of the long table; suppressed figures read "ẩn" (HIDDEN_TEXT). */
export function exportRows(r: ExportableReport): Cell[][] {
  const rows: Cell[][] = [];
  for (const s of r.sections) {
    for (const row of s.rows) {
      for (let i = 1; i < row.length; i++) {
        const v = row[i];
        rows.push([
          s.title.vi,
          String(row[0] ?? ''),
          s.columns[i]?.vi ?? '',
          v === null ? HIDDEN_TEXT.vi : (v as number),
        ]);
      }
    }
  }
  return rows;
}

const monthVn = (m: string) => `${m.slice(5)}/${m.slice(0, 4)}`;
/** "Kỳ: 01/2026 – 03/2026" */
export function periodLabel(p: Period): string {
  return p.from === p.to ? monthVn(p.from) : `${monthVn(p.from)} – ${monthVn(p.to)}`;
}

/** CSV (BOM) or XLSX download of a report. */
export function tableExport(format: 'csv' | 'xlsx', r: ExportableReport, name: string): Response {
  return tableResponse(format, name, EXPORT_HEADER, exportRows(r));
}

/** CSV text of a report (the monthly snapshot stores it). */
export function reportCsv(r: ExportableReport): string {
  return tableToCsv(EXPORT_HEADER, exportRows(r));
}

/** A printable PDF: header with unit, period, k and date; one table per section with its summary. */
export async function reportPdf(r: ExportableReport, name: string): Promise<Response> {
  const pdf = await PdfWriter.create({ title: r.title });
  pdf.title(r.title.toUpperCase(), `Đơn vị: ${r.unit.name} · Kỳ: ${periodLabel(r.period)}`);
  pdf.paragraph(
    `Ô ghi "${HIDDEN_TEXT.vi}": số liệu dưới ${r.k} người trả lời, và ô được ẩn kèm để không suy ra được chúng; các ô này không cộng vào tổng. Lập ngày ${formatDate(Date.now())}.`,
    { size: 8, italicGrey: true, after: 6 },
  );
  const width = pdf.contentWidth;
  for (const s of r.sections) {
    pdf.paragraph(s.title.vi, { bold: true, size: 10, after: 2 });
    const cols = s.columns.length;
    const first = cols > 2 ? width * 0.34 : width * 0.6;
    const rest = (width - first) / Math.max(1, cols - 1);
    pdf.table({
      size: 8,
      columns: s.columns.map((c, i) => ({
        header: c.vi,
        width: i === 0 ? first : rest,
        align: i === 0 ? ('left' as const) : ('right' as const),
      })),
      rows: s.rows
        .slice(0, 40)
        .map((row) =>
          row.map((v, i) =>
            i === 0
              ? String(v ?? '')
              : v === null
                ? HIDDEN_TEXT.vi
                : new Intl.NumberFormat('vi-VN').format(Number(v)),
          ),
        ),
    });
    pdf.paragraph(s.summary.vi, { size: 8, italicGrey: true, after: 8 });
  }
  return pdfResponse(await pdf.save(), `${name}.pdf`);
}

/** The form results page as sections (same shapes as a board view). */
export function formSections(res: FormResults): Section[] {
  const v = (x: { n: number; hidden: number }) => (x.n === 0 && x.hidden > 0 ? null : x.n);
  const sections: Section[] = [
    {
      id: 'by-month',
      title: { vi: 'Số phiếu theo tháng', en: 'Responses by month' },
      chart: 'line',
      columns: [
        { vi: 'Tháng', en: 'Month' },
        { vi: 'Số phiếu', en: 'Responses' },
      ],
      rows: res.responses.byMonth.map((m) => [monthVn(m.month), v(m)]),
      hidden: res.responses.hidden,
      summary: {
        vi: `Tổng ${figureText({ n: res.responses.total, hidden: res.responses.hidden }, 'vi')} phiếu${res.responses.hidden ? ' (không kể ô bị ẩn)' : ''}.`,
        en: `${res.responses.hidden ? `At least ${res.responses.total} responses (hidden cells not counted)` : countEn(res.responses.total, 'response')}.`,
      },
    },
    {
      id: 'by-unit',
      title: { vi: 'Số phiếu theo đơn vị', en: 'Responses by unit' },
      chart: 'bar',
      columns: [
        { vi: 'Đơn vị', en: 'Unit' },
        { vi: 'Số phiếu', en: 'Responses' },
      ],
      rows: res.responses.byUnit.map((u) => [u.name, v(u)]),
      hidden: res.responses.byUnit.reduce((s, u) => s + u.hidden, 0),
      summary: {
        vi: `${res.responses.byUnit.length} đơn vị.`,
        en: `${countEn(res.responses.byUnit.length, 'unit')}.`,
      },
    },
  ];
  for (const qn of res.questions) {
    if (qn.number) {
      sections.push({
        id: `q-${qn.id}`,
        title: qn.label,
        chart: 'none',
        columns: [
          { vi: 'Chỉ tiêu', en: 'Measure' },
          { vi: 'Số lượt', en: 'Count' },
          { vi: 'Trung bình', en: 'Mean' },
        ],
        rows: [['', v(qn.number), qn.number.mean === null ? null : Math.round(qn.number.mean * 100) / 100]],
        hidden: qn.number.hidden,
        summary: { vi: `Trung bình ${qn.number.mean ?? '—'}.`, en: `Mean ${qn.number.mean ?? '—'}.` },
      });
      continue;
    }
    const likert = qn.type === 'likert';
    const opts = qn.items[0]?.options ?? [];
    const rows = likert
      ? qn.items.map((it) => [it.label.vi, ...it.options.map(v)])
      : opts.map((o) => [o.label.vi, v(o)]);
    const best = opts.reduce(
      (a, o) => (o.n > (a?.n ?? -1) ? o : a),
      undefined as (typeof opts)[number] | undefined,
    );
    sections.push({
      id: `q-${qn.id}`,
      title: qn.label,
      chart: likert ? 'stacked' : 'bar',
      columns: likert
        ? [{ vi: 'Tiêu chí', en: 'Criterion' }, ...opts.map((o) => o.label)]
        : [
            { vi: 'Lựa chọn', en: 'Option' },
            { vi: 'Số lượt', en: 'Count' },
          ],
      rows,
      hidden: qn.items.reduce((s, it) => s + it.options.reduce((t, o) => t + o.hidden, 0), 0),
      summary:
        !likert && best && best.n > 0
          ? {
              vi: `Nhiều nhất: ${best.label.vi} (${best.n}).`,
              en: `Most chosen: ${best.label.en ?? best.label.vi} (${best.n}).`,
            }
          : { vi: 'Xem bảng số liệu.', en: 'See the data table.' },
    });
  }
  return sections;
}
