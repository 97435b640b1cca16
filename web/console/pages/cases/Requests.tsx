/**
 * Yêu cầu của người gửi: intake's queue of reporters' requests about their personal data
 * (correction, withdrawal of consent, deletion — decision 265), with the response day, and a reply
 * for each open one. Never shows identity: a request row carries none.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDay } from '../../../../worker/lib/format';
import type { LocalText } from '../../../../worker/lib/i18n';
import { DATA_REQUEST_KIND, DATA_REQUEST_STATUS } from '../../../../worker/text/rights';
import { type ApiError, api, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUnitName } from '../../lib/units';
import { useUrlState } from '../../lib/url-state';
import { DaysLeft } from '../../ui/DaysLeft';
import { ErrorBanner, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';

type Row = Reply<'/api/rights/requests'>['requests'][number];

/** What a correction or a withdrawal already did when the reporter made it (it needs no answer). */
const APPLIED: Partial<Record<Row['kind'], LocalText>> = {
  correct: { vi: 'đã áp dụng', en: 'applied' },
  withdraw: { vi: 'đã xóa danh tính', en: 'identity removed' },
};

export default function Requests() {
  const { tr } = useLang();
  const unitName = useUnitName();
  const { me } = useSession();
  const mine = (me?.grants ?? []).filter((g) => g.role === 'case_intake');
  const [unitId, setUnitId] = useUrlState('unitId', '');
  const [status, setStatus] = useUrlState('status', 'open');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [replies, setReplies] = useState<Record<string, string>>({});
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!mine.some((g) => g.unitId === unitId)) setUnitId(mine[0]?.unitId ?? '');
  }, []);
  useEffect(() => {
    if (!unitId) return;
    setRows(null);
    // The status comes from the address as typed: the server refuses one it does not know.
    const query = { unitId, status: (status || undefined) as Row['status'] | undefined };
    api
      .GET('/api/rights/requests', { params: { query } })
      .then((r) => setRows(r.requests))
      .catch((e: ApiError) => setError(e));
  }, [unitId, status, tick]);

  const answer = (r: Row, decision: 'done' | 'refused') => {
    setError(null);
    api
      .POST('/api/rights/requests/{id}/answer', {
        params: { path: { id: r.id } },
        body: { decision, reply: replies[r.id] ?? '' },
      })
      .then(() => setTick((t) => t + 1))
      .catch((e: ApiError) => setError(e));
  };

  return (
    <section>
      <PageHeading title={tr({ vi: 'Yêu cầu về dữ liệu cá nhân', en: 'Personal-data requests' })} />
      <fieldset class="filters">
        <legend class="sr-only">{tr({ vi: 'Lọc', en: 'Filter' })}</legend>
        <SelectField
          label={tr({ vi: 'Đơn vị', en: 'Unit' })}
          value={unitId}
          onValue={setUnitId}
          options={mine.map((g) => [g.unitId, unitName(g.unitId, g.unitName)] as const)}
        />
        <SelectField
          label={tr({ vi: 'Trạng thái', en: 'Status' })}
          value={status}
          onValue={setStatus}
          options={[
            ['', tr({ vi: 'Tất cả', en: 'All' })],
            ...Object.entries(DATA_REQUEST_STATUS).map(([k, v]) => [k, tr(v)] as const),
          ]}
        />
      </fieldset>
      {!mine.length ? (
        <p>{tr({ vi: 'Bạn chưa được giao vai trò tiếp nhận.', en: 'You hold no intake role.' })}</p>
      ) : null}
      <ErrorBanner error={error} />
      {rows === null && !error && unitId ? <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status> : null}
      {rows ? (
        rows.length ? (
          <div class="table-wrap">
            <table class="cases">
              <caption class="sr-only">
                {tr({ vi: 'Yêu cầu của người gửi', en: 'Reporters’ requests' })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr({ vi: 'Mã', en: 'Code' })}</th>
                  <th scope="col">{tr({ vi: 'Yêu cầu', en: 'Request' })}</th>
                  <th scope="col">{tr({ vi: 'Trạng thái', en: 'Status' })}</th>
                  <th scope="col">{tr({ vi: 'Hạn trả lời', en: 'Due' })}</th>
                  <th scope="col">{tr({ vi: 'Trả lời', en: 'Reply' })}</th>
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
                    <td>
                      {tr(DATA_REQUEST_KIND[r.kind])}
                      {APPLIED[r.kind] ? ` (${tr(APPLIED[r.kind]!)})` : ''}
                    </td>
                    <td>{tr(DATA_REQUEST_STATUS[r.status])}</td>
                    <td>
                      {formatDay(r.dueDay)} <DaysLeft {...r} brackets />
                    </td>
                    <td>
                      {r.status === 'open' ? (
                        <>
                          <TextField
                            label={tr({ vi: 'Trả lời người gửi', en: 'Reply to the reporter' })}
                            value={replies[r.id] ?? ''}
                            onValue={(v) => setReplies({ ...replies, [r.id]: v })}
                          />
                          <button type="button" onClick={() => answer(r, 'done')}>
                            {r.kind === 'delete'
                              ? tr({ vi: 'Xóa dữ liệu', en: 'Delete the data' })
                              : tr({ vi: 'Đã xử lý', en: 'Done' })}
                          </button>{' '}
                          <button type="button" class="secondary" onClick={() => answer(r, 'refused')}>
                            {tr({ vi: 'Từ chối (nêu lý do)', en: 'Refuse (give the reason)' })}
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
          <p>{tr({ vi: 'Không có yêu cầu nào.', en: 'No requests.' })}</p>
        )
      ) : null}
    </section>
  );
}
