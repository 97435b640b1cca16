/**
 * Yêu cầu của người gửi: intake's queue of reporters' requests about their personal data
 * (correction, withdrawal of consent, deletion — decision 265), with the response day, and a reply
 * for each open one. Never shows identity: a request row carries none.
 */
import { useEffect, useState } from 'preact/hooks';
import { type ApiError, api } from '../../lib/api';
import { isoToDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUrlState } from '../../lib/url-state';
import { ErrorBanner, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';

interface Row {
  id: string;
  caseId: string;
  receiptCode: string;
  kind: 'correct' | 'withdraw' | 'delete';
  status: 'open' | 'done' | 'refused';
  requestedAt: number;
  dueDay: string;
  daysLeft: number | null;
  working: boolean;
  overdue: boolean;
  reply: string | null;
}

const KIND = {
  correct: ['Sửa thông tin liên hệ (đã áp dụng)', 'Contact details corrected (applied)'],
  withdraw: ['Rút lại sự đồng ý (đã xóa danh tính)', 'Consent withdrawn (identity removed)'],
  delete: ['Đề nghị xóa dữ liệu', 'Deletion request'],
} as const;
const STATUS = {
  open: ['Chờ trả lời', 'Open'],
  done: ['Đã thực hiện', 'Done'],
  refused: ['Từ chối', 'Refused'],
} as const;

export default function Requests() {
  const { tr, lang } = useLang();
  const { me } = useSession();
  const mine = (me?.grants ?? []).filter((g) => g.role === 'case_intake');
  const [unitId, setUnitId] = useUrlState('unitId', '');
  const [status, setStatus] = useUrlState('status', 'open');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [replies, setReplies] = useState<Record<string, string>>({});
  const [tick, setTick] = useState(0);
  const l = (pair: readonly [string, string]) => (lang === 'en' ? pair[1] : pair[0]);

  useEffect(() => {
    if (!mine.some((g) => g.unitId === unitId)) setUnitId(mine[0]?.unitId ?? '');
  }, []);
  useEffect(() => {
    if (!unitId) return;
    setRows(null);
    api<{ requests: Row[] }>('/api/rights/requests', { query: { unitId, status } })
      .then((r) => setRows(r.requests))
      .catch((e: ApiError) => setError(e));
  }, [unitId, status, tick]);

  const answer = (r: Row, decision: 'done' | 'refused') => {
    setError(null);
    api(`/api/rights/requests/${r.id}/answer`, { json: { decision, reply: replies[r.id] ?? '' } })
      .then(() => setTick((t) => t + 1))
      .catch((e: ApiError) => setError(e));
  };

  return (
    <section>
      <PageHeading title={tr('Yêu cầu về dữ liệu cá nhân', 'Personal-data requests')} />
      <fieldset class="filters">
        <legend class="sr-only">{tr('Lọc', 'Filter')}</legend>
        <SelectField
          label={tr('Đơn vị', 'Unit')}
          value={unitId}
          onValue={setUnitId}
          options={mine.map((g) => [g.unitId, g.unitName] as const)}
        />
        <SelectField
          label={tr('Trạng thái', 'Status')}
          value={status}
          onValue={setStatus}
          options={[['', tr('Tất cả', 'All')], ...Object.entries(STATUS).map(([k, v]) => [k, l(v)] as const)]}
        />
      </fieldset>
      {!mine.length ? <p>{tr('Bạn chưa được giao vai trò tiếp nhận.', 'You hold no intake role.')}</p> : null}
      <ErrorBanner error={error} />
      {rows === null && !error && unitId ? <Status>{tr('Đang tải…', 'Loading…')}</Status> : null}
      {rows ? (
        rows.length ? (
          <div class="table-wrap">
            <table class="cases">
              <caption class="sr-only">{tr('Yêu cầu của người gửi', 'Reporters’ requests')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('Mã', 'Code')}</th>
                  <th scope="col">{tr('Yêu cầu', 'Request')}</th>
                  <th scope="col">{tr('Trạng thái', 'Status')}</th>
                  <th scope="col">{tr('Hạn trả lời', 'Due')}</th>
                  <th scope="col">{tr('Trả lời', 'Reply')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} class={r.overdue ? 'overdue' : undefined}>
                    <td>
                      <a href={`${BASE}/cases/${r.caseId}`}>
                        <code>{r.receiptCode}</code>
                      </a>
                    </td>
                    <td>{l(KIND[r.kind])}</td>
                    <td>{l(STATUS[r.status])}</td>
                    <td>
                      {isoToDmy(r.dueDay)}
                      {r.overdue ? (
                        <strong class="flag-overdue"> {tr('Quá hạn', 'Overdue')}</strong>
                      ) : r.daysLeft !== null ? (
                        ` (${r.daysLeft} ${r.working ? tr('ngày làm việc', 'working days') : tr('ngày', 'days')})`
                      ) : null}
                    </td>
                    <td>
                      {r.status === 'open' ? (
                        <>
                          <TextField
                            label={tr('Trả lời người gửi', 'Reply to the reporter')}
                            value={replies[r.id] ?? ''}
                            onValue={(v) => setReplies({ ...replies, [r.id]: v })}
                          />
                          <button type="button" onClick={() => answer(r, 'done')}>
                            {r.kind === 'delete'
                              ? tr('Xóa dữ liệu', 'Delete the data')
                              : tr('Đã xử lý', 'Done')}
                          </button>{' '}
                          <button type="button" class="secondary" onClick={() => answer(r, 'refused')}>
                            {tr('Từ chối (nêu lý do)', 'Refuse (give the reason)')}
                          </button>
                        </>
                      ) : (
                        (r.reply ?? '—')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{tr('Không có yêu cầu nào.', 'No requests.')}</p>
        )
      ) : null}
    </section>
  );
}
