/**
 * Phản hồi: a form's responses in a table — filters (date range dd/mm/yyyy, unit, text search
 * without diacritics), cursor paging, one response's detail, and the CSV download with the same
 * filters. Identity is never here (the API does not send it).
 */

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { Question } from '../../../../worker/forms/engine/definition';
import { type AnswerNames, formatAnswer } from '../../../../worker/forms/view/answers';
import { formatDateTime, formatDay } from '../../../../worker/lib/format';
import { t } from '../../../../worker/lib/i18n';
import { type ApiError, api, apiUrl, asApiError, type Reply } from '../../lib/api';
import { NOT_A_DATE, parseDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { nameIn, useUnitName } from '../../lib/units';
import { urlParam, writeUrlParams } from '../../lib/url-state';
import { DateField, ErrorBanner, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { FormTabs } from '../forms/FormTabs';
import { type FormDetail, loadForm } from '../forms/types';
import type { Unit } from '../org/UnitEditor';

type ResponseRow = Reply<'/api/forms/{id}/responses'>['responses'][number];

const PAGE = 25;
const FILTER_KEYS = ['from', 'to', 'unitId', 'q'] as const;
/** Columns shown in the table; the detail and the CSV have every question. */
const TABLE_QUESTIONS = 4;

function Detail({
  row,
  questions,
  names,
  onClose,
}: {
  row: ResponseRow;
  questions: Question[];
  names: AnswerNames;
  onClose: () => void;
}) {
  const { tr, lang } = useLang();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const unitName = useUnitName();
  const known = new Set(questions.map((q) => q.id));
  const extra = Object.keys(row.answers).filter((k) => !known.has(k));
  return (
    <dialog ref={ref} class="detail" aria-labelledby="detail-h" onClose={onClose}>
      <h2 id="detail-h">
        {tr({ vi: 'Phản hồi', en: 'Response' })} <code>{row.receiptCode}</code>
      </h2>
      <p>
        {formatDateTime(row.submittedAt)} · {unitName(row.unitId, row.unitName) ?? row.unitId} ·{' '}
        {tr({ vi: 'phiên bản', en: 'version' })} {row.version}
      </p>
      <dl>
        {questions
          .filter((q) => q.type !== 'info')
          .map((q) => (
            <div key={q.id}>
              <dt>{t(q.label, lang)}</dt>
              <dd>{formatAnswer(q, row.answers[q.id], lang, names) || '—'}</dd>
            </div>
          ))}
        {extra.map((k) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{formatAnswer(undefined, row.answers[k], lang)}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" class="primary">
          {tr({ vi: 'Đóng', en: 'Close' })}
        </button>
      </form>
    </dialog>
  );
}

export default function Responses() {
  const { params } = useRoute();
  const id = params.id!;
  const { tr, lang } = useLang();
  const unitName = useUnitName();
  const [detail, setDetail] = useState<FormDetail | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  // The applied filter lives in the address (?from=yyyy-mm-dd&to=…&unitId=…&q=…): a reload or a
  // shared link shows the same rows.
  const [filter, setFilter] = useState<Record<string, string>>(() =>
    Object.fromEntries(FILTER_KEYS.map((k) => [k, urlParam(k)] as const).filter(([, v]) => v)),
  );
  const [from, setFrom] = useState(() => formatDay(filter.from ?? ''));
  const [to, setTo] = useState(() => formatDay(filter.to ?? ''));
  const [unitId, setUnitId] = useState(filter.unitId ?? '');
  const [q, setQ] = useState(filter.q ?? '');
  const [cursors, setCursors] = useState<string[]>(['']);
  const [rows, setRows] = useState<ResponseRow[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<ResponseRow | null>(null);
  const [dateErr, setDateErr] = useState<{ from?: string; to?: string }>({});
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    loadForm(id)
      .then(setDetail)
      .catch((e) => setError(asApiError(e)));
    api
      .GET('/api/org/units', { params: { query: { includeMerged: '1' } } })
      .then((r) => setUnits(r.units))
      .catch(() => setUnits([]));
  }, [id]);

  const cursor = cursors[cursors.length - 1]!;
  // Feedback and petitions are read as cases (who may read them is the case's rule), never here.
  const isCaseForm = detail?.form.kind === 'feedback' || detail?.form.kind === 'petition';
  useEffect(() => {
    if (!detail || isCaseForm) return;
    setRows(null);
    api
      .GET('/api/forms/{id}/responses', {
        params: { path: { id }, query: { ...filter, cursor, limit: String(PAGE) } },
      })
      .then((r) => {
        setRows(r.responses);
        setNext(r.nextCursor);
      })
      .catch((e) => setError(asApiError(e)));
  }, [id, filter, cursor, detail, isCaseForm]);

  const questions = useMemo(
    () => (detail ? detail.draft.pages.flatMap((p) => p.questions).filter((x) => x.type !== 'info') : []),
    [detail],
  );
  const shown = questions.slice(0, TABLE_QUESTIONS);
  const names = useMemo<AnswerNames>(() => {
    const byId = new Map(units.map((u) => [u.id, u.name]));
    return { unit: (uid) => byId.get(uid) };
  }, [units]);

  function apply(e: Event) {
    e.preventDefault();
    const f = from.trim() ? parseDmy(from) : '';
    const tt = to.trim() ? parseDmy(to) : '';
    const bad = tr(NOT_A_DATE);
    const errs = { from: f === null ? bad : undefined, to: tt === null ? bad : undefined };
    setDateErr(errs);
    if (errs.from || errs.to) return;
    setError(null);
    const next = Object.fromEntries(
      Object.entries({ from: f, to: tt, unitId, q: q.trim() }).filter(([, v]) => v),
    ) as Record<string, string>;
    setFilter(next);
    writeUrlParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, next[k]])));
    setCursors(['']);
  }

  const csvHref = apiUrl(`/api/forms/${encodeURIComponent(id)}/responses.csv`, filter);
  const unitOptions: [string, string][] = [
    ['', tr({ vi: 'Tất cả đơn vị', en: 'All units' })],
    ...units.map(
      (u) =>
        [
          u.id,
          u.mergedIntoId
            ? `${nameIn(u, lang)} (${tr({ vi: 'đã sáp nhập', en: 'merged' })})`
            : nameIn(u, lang),
        ] as [string, string],
    ),
  ];
  return (
    <section>
      <PageHeading title={`${tr({ vi: 'Phản hồi', en: 'Responses' })}: ${detail?.form.title ?? ''}`} />
      <FormTabs id={id} />
      {isCaseForm ? (
        <p class="banner" id="responses-are-cases">
          {tr({
            vi: 'Góp ý, phản ánh và đơn thư của biểu mẫu này được tiếp nhận thành vụ việc: xem trong hàng đợi vụ việc (cán bộ tiếp nhận; cơ quan xử lý khi đã được chuyển). Số liệu tổng hợp ở Bảng số liệu.',
            en: 'Feedback and petitions of this form become cases: read them in the case queue (intake staff; the handling body once forwarded). Aggregates are on the dashboards.',
          })}{' '}
          <a href={`${BASE}/cases`}>{tr({ vi: 'Hàng đợi vụ việc', en: 'Case queue' })}</a>
        </p>
      ) : null}
      <ErrorBanner error={error} />
      {isCaseForm ? null : (
        <>
          <form
            class="filters"
            onSubmit={apply}
            aria-label={tr({ vi: 'Lọc phản hồi', en: 'Filter responses' })}
          >
            <DateField
              label={tr({ vi: 'Từ ngày', en: 'From' })}
              value={from}
              onValue={setFrom}
              errors={dateErr.from ? [dateErr.from] : []}
            />
            <DateField
              label={tr({ vi: 'Đến ngày', en: 'To' })}
              value={to}
              onValue={setTo}
              errors={dateErr.to ? [dateErr.to] : []}
            />
            <SelectField
              label={tr({ vi: 'Đơn vị', en: 'Unit' })}
              value={unitId}
              onValue={setUnitId}
              options={unitOptions}
            />
            <TextField
              label={tr({ vi: 'Tìm trong câu trả lời', en: 'Search the answers' })}
              hint={tr({ vi: 'Không cần gõ dấu', en: 'Diacritics optional' })}
              type="search"
              value={q}
              onValue={setQ}
            />
            <button type="submit" class="primary">
              {tr({ vi: 'Lọc', en: 'Filter' })}
            </button>
            <a class="button" href={csvHref} download>
              {tr({ vi: 'Tải CSV', en: 'Download CSV' })}
            </a>
          </form>
          {rows === null ? (
            <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
          ) : rows.length === 0 ? (
            <Status>{tr({ vi: 'Không có phản hồi nào khớp.', en: 'No responses match.' })}</Status>
          ) : (
            <>
              <Status>
                {tr({
                  vi: `Trang ${cursors.length}: ${rows.length} phản hồi`,
                  en: `Page ${cursors.length}: ${rows.length} responses`,
                })}
              </Status>
              <div class="table-wrap">
                <table class="responses">
                  <caption class="sr-only">{tr({ vi: 'Các phản hồi', en: 'Responses' })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr({ vi: 'Thời gian', en: 'Received' })}</th>
                      <th scope="col">{tr({ vi: 'Mã biên nhận', en: 'Receipt' })}</th>
                      <th scope="col">{tr({ vi: 'Đơn vị', en: 'Unit' })}</th>
                      {shown.map((qq) => (
                        <th scope="col" key={qq.id}>
                          {t(qq.label, lang)}
                        </th>
                      ))}
                      <th scope="col">
                        <span class="sr-only">{tr({ vi: 'Chi tiết', en: 'Detail' })}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.id}>
                        <td>{formatDateTime(r.submittedAt)}</td>
                        <td>
                          <code>{r.receiptCode}</code>
                        </td>
                        <td>{unitName(r.unitId, r.unitName) ?? ''}</td>
                        {shown.map((qq) => (
                          <td key={qq.id}>{formatAnswer(qq, r.answers[qq.id], lang, names)}</td>
                        ))}
                        <td>
                          <button
                            type="button"
                            onClick={(e) => {
                              returnFocus.current = e.currentTarget;
                              setOpen(r);
                            }}
                          >
                            {tr({ vi: 'Xem', en: 'View' })}
                            <span class="sr-only"> {r.receiptCode}</span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <nav class="pager" aria-label={tr({ vi: 'Phân trang', en: 'Pages' })}>
            <button
              type="button"
              disabled={cursors.length <= 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              ← {tr({ vi: 'Trang trước', en: 'Previous page' })}
            </button>
            <button type="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
              {tr({ vi: 'Trang sau', en: 'Next page' })} →
            </button>
          </nav>
        </>
      )}
      {open ? (
        <Detail
          row={open}
          questions={questions}
          names={names}
          onClose={() => {
            setOpen(null);
            returnFocus.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
