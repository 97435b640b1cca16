/**
 * Lưu trữ dữ liệu cá nhân (administrators of a root unit; issue 14 items 1 and 6): the retention
 * periods per form kind × data category with their defaults, legal bounds and basis, edited within
 * the bounds (shortening asks first: the job deletes sooner); the legal holds an administrator
 * places and releases by receipt code; the job's last runs with their counts and "run now"; the
 * processing register and the audit trail of a date range as CSV for an inspection. Every rule is
 * the server's (worker/retention/, decisions 260–264): this page shows what it answers.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { formatDateTime, formatDay, formatNumber } from '../../../../worker/lib/format';
import { type LocalText, labelOf } from '../../../../worker/lib/i18n';
import { parseReceiptCode } from '../../../../worker/lib/ids';
import { daysBetween, vnDay } from '../../../../worker/lib/time';
import { CASE_STATUS } from '../../../../worker/text/cases';
import { FORM_KIND } from '../../../../worker/text/forms';
import { ANY_FORM_KIND, RETENTION_ACTION } from '../../../../worker/text/retention';
import { type ApiError, api, apiClient, apiUrl, asApiError, type Reply } from '../../lib/api';
import { NOT_A_DATE, parseDmy } from '../../lib/dates';
import { download } from '../../lib/download';
import { useLang } from '../../lib/lang';
import { DateField, ErrorBanner, problemsAt, Status, TextArea, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { AdminTabs } from './AdminTabs';

type Period = Reply<'/api/admin/retention'>['periods'][number];
type Hold = Reply<'/api/admin/retention/holds'>['holds'][number];
type AuditEntry = Reply<'/api/admin/audit'>['entries'][number];
/** A `retention.run` audit entry's detail: the run's report, the clock it used, its error if it failed. */
type RunDetail = Reply<'/api/admin/retention/run', 'post'> & { clock?: number; error?: string };
type Counts = RunDetail['counts'];

/** Most runs the page lists (newest first). */
const RUNS_SHOWN = 10;
/** The longest audit export the server gives (AUDIT_EXPORT_MAX_DAYS). */
const AUDIT_MAX_DAYS = 366;

const kindName = (formKind: string): LocalText =>
  formKind === '*' ? ANY_FORM_KIND : labelOf(FORM_KIND, formKind);

/** "≈ 5 năm" for a period of a year or more, else "". */
function yearsText(days: number, lang: 'vi' | 'en'): string {
  if (!(days >= 365)) return '';
  const years = formatNumber(Math.round((days / 365) * 10) / 10, lang);
  return lang === 'vi' ? `≈ ${years} năm` : `≈ ${years} years`;
}

/** "1.825 ngày (≈ 5 năm)": a period in days, with years when it is a year or more. */
function daysText(days: number, lang: 'vi' | 'en'): string {
  const n = formatNumber(days, lang);
  const text = lang === 'vi' ? `${n} ngày` : `${n} ${days === 1 ? 'day' : 'days'}`;
  const years = yearsText(days, lang);
  return years ? `${text} (${years})` : text;
}

export default function Retention() {
  const { tr } = useLang();
  const [periods, setPeriods] = useState<Period[] | null>(null);
  const [holds, setHolds] = useState<Hold[] | null>(null);
  const [runs, setRuns] = useState<AuditEntry[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<ApiError | null>(null);

  const loadPeriods = () =>
    api
      .GET('/api/admin/retention')
      .then((r) => setPeriods(r.periods))
      .catch((e) => setError(asApiError(e)));
  const loadHolds = () =>
    api
      .GET('/api/admin/retention/holds')
      .then((r) => setHolds(r.holds))
      .catch((e) => setError(asApiError(e)));
  const loadRuns = () =>
    api
      .GET('/api/admin/audit', { params: { query: { action: 'retention.run', limit: String(RUNS_SHOWN) } } })
      .then((r) => setRuns(r.entries))
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    void loadPeriods();
    void loadHolds();
    void loadRuns();
    // Names of who changed a period or ran the job (ids in the replies).
    api
      .GET('/api/admin/users')
      .then((r) => setNames(new Map(r.users.map((u) => [u.id, u.name]))))
      .catch(() => setNames(new Map()));
  }, []);

  return (
    <section class="retention">
      <PageHeading title={tr({ vi: 'Lưu trữ dữ liệu cá nhân', en: 'Personal data retention' })} />
      <AdminTabs />
      <p class="lead">
        {tr({
          vi: 'Mỗi ngày lúc 01:00 hệ thống ẩn danh hoá hoặc xoá dữ liệu cá nhân đã hết thời hạn lưu trữ, trừ hồ sơ đang được giữ lại; số liệu tổng hợp trên bảng số liệu không thay đổi. Thời hạn chỉ được đặt trong giới hạn pháp lý. Căn cứ pháp lý dưới đây là cách hiểu của nhóm phát triển: cần luật sư xác nhận trước khi vận hành chính thức.',
          en: 'Every day at 01:00 the system anonymises or deletes personal data whose retention period has passed, except cases on hold; the figures on the dashboards do not change. Periods can only be set within their legal bounds. The legal basis below is the developers’ reading: a lawyer must confirm it before production use.',
        })}
      </p>
      <ErrorBanner error={error} />
      <Periods periods={periods} names={names} onSaved={loadPeriods} />
      <Holds holds={holds} onChanged={loadHolds} />
      <Runs runs={runs} periods={periods} names={names} onRun={loadRuns} />
      <Exports />
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Periods

function Periods(props: { periods: Period[] | null; names: Map<string, string>; onSaved: () => void }) {
  const { tr } = useLang();
  const { periods } = props;
  const groups: Period[][] = [];
  for (const p of periods ?? []) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.category === p.category) last.push(p);
    else groups.push([p]);
  }
  return (
    <>
      <h2 id="periods-h">{tr({ vi: 'Thời hạn lưu trữ', en: 'Retention periods' })}</h2>
      {periods === null ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : (
        <div class="table-wrap">
          <table class="periods" aria-labelledby="periods-h">
            <thead>
              <tr>
                <th scope="col">{tr({ vi: 'Loại biểu mẫu', en: 'Form kind' })}</th>
                <th scope="col">{tr({ vi: 'Thời hạn (ngày)', en: 'Period (days)' })}</th>
                <th scope="col">{tr({ vi: 'Mặc định', en: 'Default' })}</th>
                <th scope="col">{tr({ vi: 'Giới hạn pháp lý', en: 'Legal bounds' })}</th>
                <th scope="col">{tr({ vi: 'Thay đổi lần cuối', en: 'Last changed' })}</th>
              </tr>
            </thead>
            {groups.map((g) => (
              <PeriodGroup key={g[0]!.category} periods={g} names={props.names} onSaved={props.onSaved} />
            ))}
          </table>
        </div>
      )}
    </>
  );
}

function PeriodGroup(props: { periods: Period[]; names: Map<string, string>; onSaved: () => void }) {
  const { tr } = useLang();
  const first = props.periods[0]!;
  return (
    <tbody>
      <tr class="group">
        <th scope="rowgroup" colSpan={5}>
          <span class="group-name">{tr(first.name)}</span>
          <span class="muted">
            {' '}
            — {tr({ vi: 'khi hết hạn', en: 'when it ends' })}: {tr(RETENTION_ACTION[first.action])}
          </span>
          <p class="hint">
            <strong>{tr({ vi: 'Tính từ', en: 'Counted from' })}:</strong> {tr(first.from)}
          </p>
          <p class="hint">
            <strong>{tr({ vi: 'Căn cứ pháp lý', en: 'Legal basis' })}:</strong> {tr(first.basis)}
          </p>
        </th>
      </tr>
      {props.periods.map((p) => (
        <PeriodRow key={p.formKind} period={p} names={props.names} onSaved={props.onSaved} />
      ))}
    </tbody>
  );
}

function PeriodRow(props: { period: Period; names: Map<string, string>; onSaved: () => void }) {
  const { tr, lang } = useLang();
  const p = props.period;
  const id = useId();
  const [value, setValue] = useState(String(p.days));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<LocalText | null>(null);
  useEffect(() => setValue(String(p.days)), [p.days]);
  const changed = value.trim() !== String(p.days);
  const kind = tr(kindName(p.formKind));
  const name = tr(p.name);

  async function save() {
    setError(null);
    setSaved(null);
    // An empty box is no number: the server says so, in the field's words.
    const days = value.trim() === '' ? Number.NaN : Number(value);
    const shorter = Number.isInteger(days) && days >= p.min && days <= p.max && days < p.days;
    if (
      shorter &&
      !confirm(
        tr({
          vi: `Rút ngắn thời hạn "${name}" (${kind}) từ ${p.days} xuống ${days} ngày? Dữ liệu sẽ bị ẩn danh hoá hoặc xoá sớm hơn, ngay từ lần chạy tiếp theo, và không khôi phục được.`,
          en: `Shorten "${name}" (${kind}) from ${p.days} to ${days} days? Data will be anonymised or deleted sooner, from the next run on, and cannot be recovered.`,
        }),
      )
    )
      return;
    try {
      await api.PUT('/api/admin/retention/{formKind}/{category}', {
        params: { path: { formKind: p.formKind, category: p.category } },
        body: { days },
      });
      setSaved({ vi: 'Đã lưu.', en: 'Saved.' });
      props.onSaved();
    } catch (e) {
      setError(asApiError(e));
    }
  }

  const fieldErrors = problemsAt(error?.fields, 'days', lang);
  // A refusal not about the value (no such period, signed out …) shows its own message in the cell.
  const errors = error ? (fieldErrors.length ? fieldErrors : [error.text(lang)]) : [];
  const by = p.updatedBy ? (props.names.get(p.updatedBy) ?? '') : '';
  return (
    <tr class={changed ? 'dirty-row' : undefined}>
      <th scope="row">{kind}</th>
      <td class="period-cell">
        <label class="sr-only" for={id}>
          {tr({ vi: `Thời hạn (ngày): ${name} — ${kind}`, en: `Period (days): ${name} — ${kind}` })}
        </label>
        <input
          id={id}
          class="days"
          type="number"
          inputMode="numeric"
          step={1}
          value={value}
          aria-invalid={errors.length ? true : undefined}
          aria-describedby={errors.length ? `${id}-err` : undefined}
          onInput={(e) => {
            setValue(e.currentTarget.value);
            setSaved(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void save();
            }
          }}
        />{' '}
        <button type="button" class={changed ? 'primary' : undefined} disabled={!changed} onClick={save}>
          {tr({ vi: 'Lưu', en: 'Save' })}
          <span class="sr-only">
            {' '}
            {name} — {kind}
          </span>
        </button>
        {errors.length ? (
          <p class="error" id={`${id}-err`}>
            {errors.join(' ')}
          </p>
        ) : null}
        {saved ? (
          <p class="status" role="status">
            {tr(saved)}
          </p>
        ) : null}
        {!errors.length && !saved && yearsText(Number(value), lang) ? (
          <p class="hint">{yearsText(Number(value), lang)}</p>
        ) : null}
      </td>
      <td class="nowrap">{daysText(p.defaultDays, lang)}</td>
      <td class="nowrap">
        {formatNumber(p.min, lang)} – {daysText(p.max, lang)}
      </td>
      <td>
        {p.updatedAt ? (
          <>
            {formatDateTime(p.updatedAt)}
            {by ? <div class="muted">{by}</div> : null}
          </>
        ) : (
          <span class="muted">{tr({ vi: 'Chưa đổi (mặc định)', en: 'Never (default)' })}</span>
        )}
      </td>
    </tr>
  );
}

// ---------------------------------------------------------------------------------------------
// Legal holds

function Holds(props: { holds: Hold[] | null; onChanged: () => void }) {
  const { tr, lang } = useLang();
  const [ref, setRef] = useState('');
  const [reason, setReason] = useState('');
  const [refError, setRefError] = useState<LocalText | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState<LocalText | null>(null);

  async function place(e: Event) {
    e.preventDefault();
    setError(null);
    setStatus(null);
    const code = parseReceiptCode(ref);
    if (!code) {
      setRefError({
        vi: 'Mã biên nhận không hợp lệ: kiểm tra lại từng ký tự (ví dụ K7QM-3XD9-B2HT-Z).',
        en: 'Not a valid receipt code: check each character (e.g. K7QM-3XD9-B2HT-Z).',
      });
      return;
    }
    setRefError(null);
    try {
      await api.PUT('/api/admin/retention/holds/{caseId}', {
        params: { path: { caseId: code } },
        body: { reason },
      });
      setRef('');
      setReason('');
      setStatus({ vi: `Đã giữ lại hồ sơ ${code}.`, en: `Case ${code} is on hold.` });
      props.onChanged();
    } catch (err) {
      const a = asApiError(err);
      // No such case: said beside the code, not as a page-wide failure.
      if (a.status === 404) setRefError(a.messages);
      else setError(a);
    }
  }
  async function release(h: Hold) {
    if (
      !confirm(
        tr({
          vi: `Bỏ giữ lại hồ sơ ${h.receiptCode}? Lần chạy tiếp theo sẽ xử lý hồ sơ theo thời hạn lưu trữ.`,
          en: `Release case ${h.receiptCode}? The next run treats it by its retention periods.`,
        }),
      )
    )
      return;
    setError(null);
    setStatus(null);
    try {
      await api.DELETE('/api/admin/retention/holds/{caseId}', { params: { path: { caseId: h.caseId } } });
      setStatus({ vi: `Đã bỏ giữ lại hồ sơ ${h.receiptCode}.`, en: `Released case ${h.receiptCode}.` });
      props.onChanged();
    } catch (err) {
      setError(asApiError(err));
    }
  }

  const fields = error?.fields ?? [];
  return (
    <>
      <h2 id="holds-h">{tr({ vi: 'Hồ sơ được giữ lại', en: 'Legal holds' })}</h2>
      <p class="hint">
        {tr({
          vi: 'Không cần thao tác, hệ thống luôn giữ lại: vụ việc chưa đóng, đang xem xét lại hoặc còn trong thời hạn đề nghị xem xét lại, vụ việc có yêu cầu về dữ liệu cá nhân đang chờ trả lời. Giữ lại thêm ở đây khi có thanh tra, vụ kiện hoặc điều tra; với khảo sát (không có hồ sơ), hãy tăng thời hạn lưu trữ.',
          en: 'Always held, without any action: cases not closed, under review or inside their reopen window, cases with an open personal-data request. Hold more here for an inspection, a lawsuit or an investigation; for a survey (no case), raise its retention periods.',
        })}
      </p>
      <ErrorBanner error={error} unclaimed={fields.filter((f) => f.path !== 'reason')} />
      <Status>{status ? tr(status) : null}</Status>
      {props.holds === null ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : props.holds.length === 0 ? (
        <p>{tr({ vi: 'Chưa có hồ sơ nào được giữ lại.', en: 'No case is on hold.' })}</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby="holds-h">
            <thead>
              <tr>
                <th scope="col">{tr({ vi: 'Mã biên nhận', en: 'Receipt code' })}</th>
                <th scope="col">{tr({ vi: 'Trạng thái vụ việc', en: 'Case status' })}</th>
                <th scope="col">{tr({ vi: 'Lý do giữ lại', en: 'Reason' })}</th>
                <th scope="col">{tr({ vi: 'Người giữ, thời điểm', en: 'Held by, when' })}</th>
                <th scope="col">{tr({ vi: 'Thao tác', en: 'Action' })}</th>
              </tr>
            </thead>
            <tbody>
              {props.holds.map((h) => (
                <tr key={h.caseId}>
                  <th scope="row">
                    <code>{h.receiptCode}</code>
                  </th>
                  <td>{tr(labelOf(CASE_STATUS, h.caseStatus))}</td>
                  <td class="reason">{h.reason}</td>
                  <td>
                    {h.setByName ?? '—'}
                    <div class="muted">{formatDateTime(h.setAt)}</div>
                  </td>
                  <td class="actions">
                    <button type="button" class="danger" onClick={() => release(h)}>
                      {tr({ vi: 'Bỏ giữ lại', en: 'Release' })}
                      <span class="sr-only"> {h.receiptCode}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="panel hold-form" onSubmit={place} noValidate aria-labelledby="hold-new-h">
        <h3 id="hold-new-h">{tr({ vi: 'Giữ lại một hồ sơ', en: 'Hold a case' })}</h3>
        <TextField
          label={tr({ vi: 'Mã biên nhận', en: 'Receipt code' })}
          hint={tr({
            vi: 'Như trên giấy biên nhận hoặc văn bản của cơ quan thanh tra; không cần gạch nối.',
            en: 'As on the receipt or the inspector’s letter; dashes optional.',
          })}
          required
          class="code-field"
          autoComplete="off"
          value={ref}
          onValue={setRef}
          errors={refError ? [tr(refError)] : []}
        />
        <TextArea
          label={tr({ vi: 'Lý do giữ lại', en: 'Reason' })}
          hint={tr({
            vi: 'Ví dụ: số và ngày văn bản của cơ quan thanh tra, toà án.',
            en: 'E.g. the number and date of the inspector’s or court’s letter.',
          })}
          required
          rows={2}
          maxLength={500}
          value={reason}
          onValue={setReason}
          errors={problemsAt(fields, 'reason', lang)}
        />
        <button type="submit" class="primary">
          {tr({ vi: 'Giữ lại hồ sơ', en: 'Hold the case' })}
        </button>
      </form>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// The job's runs

const RUN_COLUMNS: (keyof Counts)[] = [
  'identity',
  'free_text',
  'files',
  'unsubmitted_files',
  'sessions',
  'ballot_codes',
  'outbox',
  'audit',
];

function Runs(props: {
  runs: AuditEntry[] | null;
  periods: Period[] | null;
  names: Map<string, string>;
  onRun: () => void;
}) {
  const { tr, lang } = useLang();
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState<LocalText | null>(null);
  const [running, setRunning] = useState(false);
  const nameOf = (c: keyof Counts) => {
    const p = props.periods?.find((x) => x.category === c);
    return p ? tr(p.name) : c;
  };

  async function runNow() {
    if (
      !confirm(
        tr({
          vi: 'Chạy việc xoá dữ liệu hết hạn ngay bây giờ? Dữ liệu đã hết thời hạn sẽ bị ẩn danh hoá hoặc xoá và không khôi phục được.',
          en: 'Run the deletion of expired data now? Data past its period is anonymised or deleted and cannot be recovered.',
        }),
      )
    )
      return;
    setError(null);
    setStatus(null);
    setRunning(true);
    try {
      const r = await api.POST('/api/admin/retention/run');
      const total = RUN_COLUMNS.reduce((s, c) => s + r.counts[c], 0);
      setStatus(
        r.complete
          ? {
              vi: `Đã chạy xong: ${formatNumber(total, 'vi')} mục được xử lý.`,
              en: `Run complete: ${formatNumber(total, 'en')} items processed.`,
            }
          : {
              vi: `Đã chạy: ${formatNumber(total, 'vi')} mục được xử lý; phần còn lại sẽ được xử lý ở lần chạy sau.`,
              en: `Run: ${formatNumber(total, 'en')} items processed; the rest waits for the next run.`,
            },
      );
      props.onRun();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setRunning(false);
    }
  }

  return (
    <>
      <h2 id="runs-h">{tr({ vi: 'Các lần chạy gần đây', en: 'Recent runs' })}</h2>
      <p class="hint">
        {tr({
          vi: 'Mỗi lần chạy ghi một dòng nhật ký với số bản ghi được ẩn danh hoá hoặc xoá theo từng loại dữ liệu. Chạy ngay khi cần, ví dụ sau khi khôi phục từ bản sao lưu.',
          en: 'Each run writes one audit entry with the records anonymised or deleted per category. Run it now when needed, e.g. after a restore from backup.',
        })}
      </p>
      <ErrorBanner error={error} />
      <p>
        <button type="button" class="primary" disabled={running} onClick={runNow}>
          {running ? tr({ vi: 'Đang chạy…', en: 'Running…' }) : tr({ vi: 'Chạy ngay', en: 'Run now' })}
        </button>
      </p>
      <Status>{status ? tr(status) : null}</Status>
      {props.runs === null ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : props.runs.length === 0 ? (
        <p>{tr({ vi: 'Chưa có lần chạy nào.', en: 'No run yet.' })}</p>
      ) : (
        <div class="table-wrap">
          <table class="runs" aria-labelledby="runs-h">
            <thead>
              <tr>
                <th scope="col">{tr({ vi: 'Thời điểm', en: 'When' })}</th>
                <th scope="col">{tr({ vi: 'Người chạy', en: 'Run by' })}</th>
                {RUN_COLUMNS.map((c) => (
                  <th scope="col" key={c} class="num">
                    {nameOf(c)}
                  </th>
                ))}
                <th scope="col">{tr({ vi: 'Kết quả', en: 'Outcome' })}</th>
              </tr>
            </thead>
            <tbody>
              {props.runs.map((run) => {
                const d = run.detail as RunDetail | null;
                return (
                  <tr key={run.seq}>
                    <th scope="row">{formatDateTime(run.at)}</th>
                    <td>
                      {run.actorId
                        ? (props.names.get(run.actorId) ?? tr({ vi: 'Quản trị viên', en: 'Administrator' }))
                        : tr({ vi: 'Tự động hằng ngày', en: 'Daily, automatic' })}
                    </td>
                    {RUN_COLUMNS.map((c) => (
                      <td key={c} class="num">
                        {d?.counts ? formatNumber(d.counts[c], lang) : '—'}
                        {c === 'files' && d?.counts?.file_objects ? (
                          <div class="muted">
                            {tr({
                              vi: `${formatNumber(d.counts.file_objects, 'vi')} tệp`,
                              en: `${formatNumber(d.counts.file_objects, 'en')} objects`,
                            })}
                          </div>
                        ) : null}
                      </td>
                    ))}
                    <td>
                      {d?.error ? (
                        <span class="badge badge-error">
                          {tr({ vi: 'Lỗi', en: 'Failed' })}: {d.error}
                        </span>
                      ) : d?.complete ? (
                        tr({ vi: 'Hoàn tất', en: 'Complete' })
                      ) : (
                        tr({ vi: 'Chưa xong, tiếp tục lần sau', en: 'Partial, continues next run' })
                      )}
                      {d?.auditHeldAt ? (
                        <div class="muted">
                          {tr({
                            vi: `Nhật ký được giữ từ mục ${d.auditHeldAt.seq}: có hồ sơ đang được giữ lại.`,
                            en: `Audit kept from entry ${d.auditHeldAt.seq}: a case is on hold.`,
                          })}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Exports for an inspection

function Exports() {
  const { tr, lang } = useLang();
  const today = vnDay();
  const [from, setFrom] = useState(formatDay(`${today.slice(0, 8)}01`));
  const [to, setTo] = useState(formatDay(today));
  const [dateErr, setDateErr] = useState<{ from?: string; to?: string }>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState<LocalText | null>(null);

  async function auditCsv(e: Event) {
    e.preventDefault();
    setError(null);
    setStatus(null);
    const f = parseDmy(from);
    const t = parseDmy(to);
    const bad = tr(NOT_A_DATE);
    const errs: { from?: string; to?: string } = { from: f ? undefined : bad, to: t ? undefined : bad };
    if (f && t && (t < f || daysBetween(f, t) + 1 > AUDIT_MAX_DAYS))
      errs.to = tr({
        vi: `Đến ngày phải không trước Từ ngày, và cả khoảng không quá ${AUDIT_MAX_DAYS} ngày.`,
        en: `The end must not be before the start, and the range at most ${AUDIT_MAX_DAYS} days.`,
      });
    setDateErr(errs);
    if (errs.from || errs.to || !f || !t) return;
    try {
      const { response } = await apiClient.GET('/api/admin/retention/audit.csv', {
        params: { query: { from: f, to: t } },
        parseAs: 'stream',
      });
      await download(response, `nhat-ky-${f}-${t}.csv`);
      setStatus({ vi: 'Đã tải nhật ký.', en: 'Audit trail downloaded.' });
    } catch (err) {
      const a = asApiError(err);
      const toErr = problemsAt(a.fields, 'to', lang);
      if (toErr.length) setDateErr({ to: toErr.join(' ') });
      else setError(a);
    }
  }

  return (
    <>
      <h2>{tr({ vi: 'Xuất cho thanh tra', en: 'Exports for an inspection' })}</h2>
      <div class="two-col">
        <div class="panel">
          <h3>{tr({ vi: 'Sổ đăng ký hoạt động xử lý dữ liệu', en: 'Processing register' })}</h3>
          <p class="hint">
            {tr({
              vi: 'Dữ liệu gì, để làm gì, căn cứ pháp lý, ai được xem, lưu bao lâu — theo đúng thời hạn đang áp dụng. Mở được bằng Excel. Mỗi lần tải được ghi nhật ký.',
              en: 'What, why, legal basis, who sees it, how long it is kept — with the periods in force. Opens in Excel. Each download is audited.',
            })}
          </p>
          <a class="button" href={apiUrl('/api/admin/retention/register', { format: 'csv' })} download>
            {tr({ vi: 'Tải sổ đăng ký (CSV)', en: 'Download the register (CSV)' })}
          </a>
        </div>
        <form class="panel" onSubmit={auditCsv} noValidate aria-labelledby="audit-export-h">
          <h3 id="audit-export-h">{tr({ vi: 'Nhật ký thao tác của cán bộ', en: 'Staff audit trail' })}</h3>
          <p class="hint">
            {tr({
              vi: `Ai làm gì, khi nào, trong khoảng ngày đã chọn (tối đa ${AUDIT_MAX_DAYS} ngày), kèm mã băm từng dòng để đối chiếu. Mỗi lần tải được ghi nhật ký.`,
              en: `Who did what and when, in the chosen dates (at most ${AUDIT_MAX_DAYS} days), with each row's hash for checking. Each download is audited.`,
            })}
          </p>
          <ErrorBanner error={error} />
          <div class="filters">
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
            <button type="submit" class="primary">
              {tr({ vi: 'Tải nhật ký (CSV)', en: 'Download the audit trail (CSV)' })}
            </button>
          </div>
          <Status>{status ? tr(status) : null}</Status>
        </form>
      </div>
    </>
  );
}
