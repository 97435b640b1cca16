/**
 * Hàng đợi vụ việc: the intake queue (prescreening, classification, forwarding) and the handling
 * queue of a body, with the due day, days left and overdue flags.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type ApiError, api } from '../../lib/api';
import { isoToDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUrlState, writeUrlParams } from '../../lib/url-state';
import { CheckField, ErrorBanner, SelectField, Status } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { KIND, pick, STATUS } from './labels';

interface Row {
  id: string;
  receiptCode: string;
  kind: string;
  status: string;
  receivedAt: number;
  subjectName: string | null;
  unitName: string | null;
  bodyName: string | null;
  due: string | null;
  daysLeft: number | null;
  /** The clock counts working days. */
  working: boolean;
  overdue: boolean;
}

export default function Queue() {
  const { tr, lang } = useLang();
  const { me } = useSession();
  const { query } = useLocation();
  const grants = (me?.grants ?? []).filter((g) => g.role === 'case_intake' || g.role === 'case_handler');
  const [which, setWhichState] = useState<'intake' | 'handling'>(
    query.queue === 'handling' || !grants.some((g) => g.role === 'case_intake') ? 'handling' : 'intake',
  );
  const mine = grants.filter((g) => g.role === (which === 'intake' ? 'case_intake' : 'case_handler'));
  const [unitId, setUnitId] = useUrlState('unitId', '');
  const [status, setStatus] = useUrlState('status');
  const [overdueParam, setOverdueParam] = useUrlState('overdue');
  const overdue = overdueParam === '1';
  const setOverdue = (on: boolean) => setOverdueParam(on ? '1' : '');
  const setWhich = (w: 'intake' | 'handling') => {
    setWhichState(w);
    writeUrlParams({ queue: w === 'handling' ? 'handling' : '' });
  };
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!mine.some((g) => g.unitId === unitId)) setUnitId(mine[0]?.unitId ?? '');
  }, [which]);

  useEffect(() => {
    if (!unitId) return;
    setRows(null);
    setError(null);
    api<{ cases: Row[] }>(`/api/cases/${which}`, { query: { unitId, status, overdue: overdue ? '1' : '' } })
      .then((r) => setRows(r.cases))
      .catch((e: ApiError) => setError(e));
  }, [which, unitId, status, overdue]);

  return (
    <section>
      <PageHeading title={tr('Vụ việc', 'Cases')} />
      <fieldset class="filters">
        <legend class="sr-only">{tr('Chọn hàng đợi', 'Choose a queue')}</legend>
        {grants.some((g) => g.role === 'case_intake') && grants.some((g) => g.role === 'case_handler') ? (
          <SelectField
            label={tr('Hàng đợi', 'Queue')}
            value={which}
            onValue={(v) => setWhich(v as 'intake' | 'handling')}
            options={[
              ['intake', tr('Tiếp nhận (MTTQ)', 'Intake (Front)')],
              ['handling', tr('Xử lý (cơ quan)', 'Handling (body)')],
            ]}
          />
        ) : null}
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
          options={[
            ['', tr('Tất cả', 'All')],
            ...Object.entries(STATUS).map(([k, v]) => [k, pick(v, lang)] as const),
          ]}
        />
        <CheckField
          label={tr('Chỉ vụ việc quá hạn', 'Overdue only')}
          checked={overdue}
          onValue={setOverdue}
        />
      </fieldset>
      {!grants.length ? (
        <p>{tr('Bạn chưa được giao vai trò tiếp nhận hay xử lý.', 'You hold no case role.')}</p>
      ) : null}
      <ErrorBanner error={error} />
      {rows === null && !error && unitId ? <Status>{tr('Đang tải…', 'Loading…')}</Status> : null}
      {rows ? (
        rows.length ? (
          <div class="table-wrap">
            <table class="cases">
              <caption class="sr-only">{tr('Danh sách vụ việc', 'Cases')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('Mã', 'Code')}</th>
                  <th scope="col">{tr('Loại', 'Kind')}</th>
                  <th scope="col">{tr('Trạng thái', 'Status')}</th>
                  <th scope="col">{tr('Về', 'About')}</th>
                  <th scope="col">{tr('Cơ quan xử lý', 'Body')}</th>
                  <th scope="col">{tr('Hạn', 'Due')}</th>
                  <th scope="col">{tr('Còn lại', 'Left')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} class={r.overdue ? 'overdue' : undefined}>
                    <td>
                      <a href={`${BASE}/cases/${r.id}`}>
                        <code>{r.receiptCode}</code>
                      </a>
                    </td>
                    <td>{pick(KIND[r.kind], lang, r.kind)}</td>
                    <td>{pick(STATUS[r.status], lang, r.status)}</td>
                    <td>{r.subjectName ?? r.unitName ?? '—'}</td>
                    <td>{r.bodyName ?? '—'}</td>
                    <td>{isoToDmy(r.due) || '—'}</td>
                    <td>
                      {r.overdue ? (
                        <strong class="flag-overdue">{tr('Quá hạn', 'Overdue')}</strong>
                      ) : r.daysLeft !== null ? (
                        `${r.daysLeft} ${r.working ? tr('ngày làm việc', 'working days') : tr('ngày', 'days')}`
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{tr('Không có vụ việc nào.', 'No cases.')}</p>
        )
      ) : null}
    </section>
  );
}
