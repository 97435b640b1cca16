/**
 * Hàng đợi vụ việc: the intake queue (prescreening, classification, forwarding) and the handling
 * queue of a body, with the due day, days left and overdue flags.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatDay } from '../../../../worker/lib/format';
import { labelOf } from '../../../../worker/lib/i18n';
import { CASE_KIND, CASE_STATUS } from '../../../../worker/text/cases';
import { type ApiError, api, type Query, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUnitName } from '../../lib/units';
import { useUrlState, writeUrlParams } from '../../lib/url-state';
import { DaysLeft } from '../../ui/DaysLeft';
import { CheckField, ErrorBanner, SelectField, Status } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';

type CaseStatus = NonNullable<Query<'/api/cases/intake'>['status']>;

type Row = Reply<'/api/cases/intake'>['cases'][number];

export default function Queue() {
  const { tr } = useLang();
  const unitName = useUnitName();
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
    // The status comes from the address as typed: the server refuses one it does not know.
    const query = {
      unitId,
      status: (status || undefined) as CaseStatus | undefined,
      overdue: overdue ? ('1' as const) : undefined,
    };
    api
      .GET(which === 'intake' ? '/api/cases/intake' : '/api/cases/handling', { params: { query } })
      .then((r) => setRows(r.cases))
      .catch((e: ApiError) => setError(e));
  }, [which, unitId, status, overdue]);

  return (
    <section>
      <PageHeading title={tr({ vi: 'Vụ việc', en: 'Cases' })} />
      <fieldset class="filters">
        <legend class="sr-only">{tr({ vi: 'Chọn hàng đợi', en: 'Choose a queue' })}</legend>
        {grants.some((g) => g.role === 'case_intake') && grants.some((g) => g.role === 'case_handler') ? (
          <SelectField
            label={tr({ vi: 'Hàng đợi', en: 'Queue' })}
            value={which}
            onValue={(v) => setWhich(v as 'intake' | 'handling')}
            options={[
              ['intake', tr({ vi: 'Tiếp nhận (MTTQ)', en: 'Intake (Front)' })],
              ['handling', tr({ vi: 'Xử lý (cơ quan)', en: 'Handling (body)' })],
            ]}
          />
        ) : null}
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
            ...Object.entries(CASE_STATUS).map(([k, v]) => [k, tr(v)] as const),
          ]}
        />
        <CheckField
          label={tr({ vi: 'Chỉ vụ việc quá hạn', en: 'Overdue only' })}
          checked={overdue}
          onValue={setOverdue}
        />
      </fieldset>
      {!grants.length ? (
        <p>{tr({ vi: 'Bạn chưa được giao vai trò tiếp nhận hay xử lý.', en: 'You hold no case role.' })}</p>
      ) : null}
      <ErrorBanner error={error} />
      {rows === null && !error && unitId ? <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status> : null}
      {rows ? (
        rows.length ? (
          <div class="table-wrap">
            <table class="cases">
              <caption class="sr-only">{tr({ vi: 'Danh sách vụ việc', en: 'Cases' })}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr({ vi: 'Mã', en: 'Code' })}</th>
                  <th scope="col">{tr({ vi: 'Loại', en: 'Kind' })}</th>
                  <th scope="col">{tr({ vi: 'Trạng thái', en: 'Status' })}</th>
                  <th scope="col">{tr({ vi: 'Về', en: 'About' })}</th>
                  <th scope="col">{tr({ vi: 'Cơ quan xử lý', en: 'Body' })}</th>
                  <th scope="col">{tr({ vi: 'Hạn', en: 'Due' })}</th>
                  <th scope="col">{tr({ vi: 'Còn lại', en: 'Left' })}</th>
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
                    <td>{tr(labelOf(CASE_KIND, r.kind))}</td>
                    <td>{tr(labelOf(CASE_STATUS, r.status))}</td>
                    <td>{r.subjectName ?? unitName(r.unitId, r.unitName) ?? '—'}</td>
                    <td>{unitName(r.bodyUnitId, r.bodyName) ?? '—'}</td>
                    <td>{formatDay(r.due) || '—'}</td>
                    <td>
                      <DaysLeft {...r} none="—" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{tr({ vi: 'Không có vụ việc nào.', en: 'No cases.' })}</p>
        )
      ) : null}
    </section>
  );
}
