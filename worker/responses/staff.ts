/**
 * Reading responses as staff: a keyset-paged list and a streamed CSV export. Identity is never
 * read here (only the case-intake module may unseal it).
 */
import { audit } from '../audit/service';
import type { StaffSession } from '../auth/service';
import { allQuestions, type FormDefinition, type Question } from '../forms/engine/definition';
import { requireResponseReading } from '../forms/service';
import { CSV_BOM, type CsvValue, csvLine } from '../lib/csv';
import { formatDateTime, formatDay, formatYesNo } from '../lib/format';
import { fold } from '../lib/i18n';
import { vnMidnight } from '../lib/time';
import { type Names, pickedNames } from '../org/picked-names';
import * as q from './queries';
import type { ListResponsesFilter } from './schema';

const DAY_MS = 86_400_000;
const CSV_PAGE = 200;

function toQuery(formId: string, f: ListResponsesFilter, limit: number) {
  const [at, id] = f.cursor ? f.cursor.split('_') : [];
  return {
    formId,
    fromAt: f.from ? vnMidnight(f.from) : undefined,
    toAt: f.to ? vnMidnight(f.to) + DAY_MS : undefined,
    unitId: f.unitId,
    needle: f.q ? fold(f.q) : undefined,
    after: at && id ? { at: Number(at), id } : undefined,
    limit,
  };
}

const cursorOf = (r: q.ResponseRow) => `${r.submittedAt}_${r.id}`;

/**
 * A page of a form's responses, newest first: answers keyed by question id, never identity.
 * Filters: `from`/`to` (Vietnam dates, inclusive), `unitId` (its subtree), `q` (diacritic-insensitive
 * text in the answers). `nextCursor` is null on the last page.
 */
export async function listResponses(
  d1: D1Database,
  staff: StaffSession | undefined,
  formId: string,
  filter: ListResponsesFilter,
) {
  await requireResponseReading(d1, staff, formId);
  // Who saw what: answers can be political opinions (sensitive data under Law 91/2025/QH15).
  await audit(d1, {
    actorId: staff!.userId,
    action: 'responses.view',
    targetType: 'form',
    targetId: formId,
    detail: filter,
  });
  const limit = filter.limit ?? 50;
  const rows = await q.pageResponses(d1, toQuery(formId, filter, limit + 1));
  const page = rows.slice(0, limit);
  return {
    responses: page.map(({ data, ...r }) => ({ ...r, answers: JSON.parse(data) as Record<string, unknown> })),
    nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]!) : null,
  };
}

/** One CSV column: a question (or one likert row of it). */
interface Column {
  question: Question;
  item?: string;
  header: string;
}

/**
 * Columns spanning every published version, newest first: a question removed in a later version
 * still has its column, so old responses export completely. Labels come from the newest version
 * that has the question.
 */
export function csvColumns(defs: FormDefinition[]): Column[] {
  const cols: Column[] = [];
  const seen = new Set<string>();
  for (const def of defs) {
    for (const qn of allQuestions(def)) {
      if (qn.type === 'info') continue;
      if (qn.type === 'likert') {
        for (const row of qn.rows) {
          const key = `${qn.id}.${row.value}`;
          if (seen.has(key)) continue;
          seen.add(key);
          cols.push({ question: qn, item: row.value, header: `${qn.label.vi} — ${row.label.vi}` });
        }
      } else if (!seen.has(qn.id)) {
        seen.add(qn.id);
        cols.push({ question: qn, header: qn.label.vi });
      }
    }
  }
  return cols;
}

function optionLabel(qn: Question, value: string): string {
  const opts = 'options' in qn ? qn.options : 'columns' in qn ? qn.columns : [];
  return opts.find((o) => o.value === value)?.label.vi ?? value;
}

function cellOf(col: Column, a: unknown, names: Names): CsvValue {
  const qn = col.question;
  if (a === undefined || a === null) return '';
  if (col.item !== undefined) {
    const v = (a as Record<string, string>)[col.item];
    return v === undefined ? '' : optionLabel(qn, v);
  }
  if (typeof a === 'number') return a;
  if (typeof a === 'boolean') return formatYesNo(a);
  if (Array.isArray(a)) return a.map((x) => optionLabel(qn, String(x))).join('; ');
  if (typeof a !== 'string') return JSON.stringify(a);
  switch (qn.type) {
    case 'date':
      return formatDay(a) || a;
    case 'unit_picker':
      return names.units.get(a) ?? a;
    case 'person_picker':
      return names.people.get(a) ?? a;
    default:
      return optionLabel(qn, a);
  }
}

const HEAD = ['Mã biên nhận', 'Thời gian gửi', 'Phiên bản', 'Đơn vị'];

/**
 * Xuất CSV: UTF-8 with BOM (Excel opens Vietnamese text correctly), one column per question (likert:
 * one per row; multiple choice joined with '; '), Vietnamese headers, CRLF line ends. Streamed page
 * by page so a large form is never held in memory.
 */
export async function responsesCsv(
  d1: D1Database,
  staff: StaffSession | undefined,
  formId: string,
  filter: ListResponsesFilter,
): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  const form = await requireResponseReading(d1, staff, formId);
  await audit(d1, {
    actorId: staff!.userId,
    action: 'responses.export',
    targetType: 'form',
    targetId: formId,
    detail: filter,
  });
  const defs = (await q.versionDefinitions(d1, formId)).map(
    (r) => JSON.parse(r.definition) as FormDefinition,
  );
  const cols = csvColumns(defs);
  const enc = new TextEncoder();
  let after: { at: number; id: string } | undefined;
  let started = false;

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode(CSV_BOM + csvLine([...HEAD, ...cols.map((c) => c.header)])));
        return;
      }
      const rows = await q.pageResponses(d1, {
        ...toQuery(formId, { ...filter, cursor: undefined }, CSV_PAGE),
        after,
      });
      const parsed = rows.map((r) => ({ r, a: JSON.parse(r.data) as Record<string, unknown> }));
      const names = await pickedNames(
        d1,
        cols.map((c) => c.question),
        parsed.map((p) => p.a),
      );
      let out = '';
      for (const { r, a } of parsed) {
        out += csvLine([
          r.receiptCode,
          formatDateTime(r.submittedAt),
          r.version,
          r.unitName ?? r.unitId,
          ...cols.map((c) => cellOf(c, a[c.question.id], names)),
        ]);
      }
      if (out) controller.enqueue(enc.encode(out));
      if (rows.length < CSV_PAGE) controller.close();
      else {
        const last = rows[rows.length - 1]!;
        after = { at: last.submittedAt, id: last.id };
      }
    },
  });
  return { filename: `${form.slug}.csv`, stream };
}
