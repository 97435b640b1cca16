/**
 * Xuất số liệu: a report (board view or form results, both as sections) to CSV, XLSX or a
 * printable PDF whose header states the unit, the period and k. The tables are aggregates —
 * bounded by the number of buckets, not of responses — and already k-suppressed; a hidden figure
 * is written as "ẩn" (HIDDEN_TEXT), never as a number.
 */
import { countEn, formatDate, formatMonth, formatNumber } from '../lib/format';
import { sentenceCase } from '../lib/i18n';
import { PdfWriter, pdfResponse } from '../lib/pdf';
import {
  type Cell,
  downloadName,
  type Sheet,
  tableResponse,
  tableToCsv,
  workbookResponse,
} from '../lib/xlsx';
import type { Section } from './boards';
import type { FormResults } from './form-results';
import { HIDDEN_TEXT, totalText } from './privacy';
import { monthsSoFar, type Period } from './scope';

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

/** "Kỳ: 01/2026 – 03/2026" */
export function periodLabel(p: Period): string {
  return p.from === p.to ? formatMonth(p.from) : `${formatMonth(p.from)} – ${formatMonth(p.to)}`;
}

/**
 * The period as a file name part: "quy-4-2026" for a calendar quarter, "thang-10-2026" for one
 * month, else "thang-10-2026-den-thang-02-2027".
 */
export function periodSlug(p: Period): string {
  const [fy, fm] = [p.from.slice(0, 4), Number(p.from.slice(5))];
  const [ty, tm] = [p.to.slice(0, 4), Number(p.to.slice(5))];
  const m = (y: string, mm: number) => `thang-${String(mm).padStart(2, '0')}-${y}`;
  if (p.from === p.to) return m(fy, fm);
  if (fy === ty && fm % 3 === 1 && tm === fm + 2) return `quy-${(fm + 2) / 3}-${fy}`;
  return `${m(fy, fm)}-den-${m(ty, tm)}`;
}

/** The download name of a report: what, for which unit, which period ("ban-to-chuc-…-quy-4-2026"). */
export function reportFileName(what: string, r: { unit: { name: string }; period: Period }): string {
  return downloadName(what, r.unit.name, periodSlug(r.period));
}

/** A section's table for a spreadsheet: its own columns, suppressed figures as "ẩn". */
function sectionSheet(s: Section): Sheet {
  return {
    name: s.title.vi,
    preamble: [s.title.vi],
    header: s.columns.map((c) => c.vi),
    rows: s.rows.map((row) => row.map((v, i) => (i > 0 && v === null ? HIDDEN_TEXT.vi : v))),
  };
}

/**
 * CSV (BOM; the long table, one row per figure) or XLSX (a "Thông tin" sheet with the title, unit,
 * period and the hidden-figures rule, then one sheet per section under its own name).
 */
export function tableExport(format: 'csv' | 'xlsx', r: ExportableReport, name: string): Response {
  if (format === 'csv') return tableResponse(format, name, EXPORT_HEADER, exportRows(r));
  const info: Sheet = {
    name: 'Thông tin',
    header: ['Mục', 'Nội dung'],
    rows: [
      ['Báo cáo', r.title],
      ['Đơn vị', r.unit.name],
      ['Kỳ', periodLabel(r.period)],
      ['Ô ghi "ẩn"', hiddenRuleVi(r.k)],
      ['Lập ngày', formatDate(Date.now())],
    ],
  };
  return workbookResponse(name, [info, ...r.sections.map(sectionSheet)]);
}

/** The hidden-figures rule, stated once per report (screen, PDF, workbook). */
export function hiddenRuleVi(k: number): string {
  return `số liệu dưới ${k} người trả lời được ẩn, cùng các ô ẩn kèm để không suy ra được chúng; các ô này không cộng vào tổng.`;
}

/** CSV text of a report (the monthly snapshot stores it). */
export function reportCsv(r: ExportableReport): string {
  return tableToCsv(EXPORT_HEADER, exportRows(r));
}

/** A printable PDF: header with unit, period, k and date; one table per section with its summary. */
export async function reportPdf(r: ExportableReport, name: string): Promise<Response> {
  const pdf = await PdfWriter.create({ title: r.title });
  pdf.title(r.title.toUpperCase(), `Đơn vị: ${r.unit.name} · Kỳ: ${periodLabel(r.period)}`);
  pdf.paragraph(`Ô ghi "${HIDDEN_TEXT.vi}": ${hiddenRuleVi(r.k)} Lập ngày ${formatDate(Date.now())}.`, {
    size: 8,
    italicGrey: true,
    after: 6,
  });
  const width = pdf.contentWidth;
  for (const s of r.sections) {
    pdf.paragraph(s.title.vi, { bold: true, size: 10, after: 2 });
    // Sections whose series carry meaning (the confidence levels) are drawn as in the console.
    if (s.colors && s.rows.length) {
      pdf.stackedBars({
        legend: s.columns.slice(1).map((c) => c.vi),
        colors: s.colors,
        max:
          s.max ??
          Math.max(1, ...s.rows.map((row) => row.slice(1).reduce<number>((a, v) => a + Number(v ?? 0), 0))),
        rows: s.rows.map((row) => ({
          label: String(row[0] ?? ''),
          values: row.slice(1).map((v) => (typeof v === 'number' ? v : null)),
        })),
        format: (v) => formatNumber(v),
      });
    }
    const cols = s.columns.length;
    const first = cols > 2 ? width * 0.34 : width * 0.6;
    const rest = (width - first) / Math.max(1, cols - 1);
    // Every row, across pages when long (the header row repeats): a report never cuts a table.
    pdf.table({
      size: 8,
      columns: s.columns.map((c, i) => ({
        header: c.vi,
        width: i === 0 ? first : rest,
        align: i === 0 ? ('left' as const) : ('right' as const),
        key: i > 0 ? s.colors?.[i - 1] : undefined,
      })),
      rows: s.rows.map((row) =>
        row.map((v, i) =>
          i === 0 ? String(v ?? '') : v === null ? HIDDEN_TEXT.vi : formatNumber(Number(v)),
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
  const byMonth = new Map(res.responses.byMonth.map((m) => [m.month, m]));
  const totalOf = { n: res.responses.total, hidden: res.responses.hidden };
  const sections: Section[] = [
    {
      id: 'by-month',
      title: { vi: 'Số phiếu theo tháng', en: 'Responses by month' },
      chart: 'line',
      columns: [
        { vi: 'Tháng', en: 'Month' },
        { vi: 'Số phiếu', en: 'Responses' },
      ],
      rows: monthsSoFar(res.period).map((m) => [formatMonth(m), v(byMonth.get(m) ?? { n: 0, hidden: 0 })]),
      hidden: res.responses.hidden,
      summary: {
        vi: `${sentenceCase(totalText(totalOf, { vi: 'phiếu', en: 'responses' }, 'vi'))}.`,
        en: `${sentenceCase(totalText(totalOf, { vi: 'phiếu', en: 'responses' }, 'en'))}.`,
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
