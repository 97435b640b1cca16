/**
 * Tình hình nộp báo cáo: completion by unit (submitted, late, returned, missing), the owing list
 * as CSV/XLSX, a printable view (the browser's print, with the console's print stylesheet), and
 * "return for correction" with a comment.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDay } from '../../../../worker/lib/format';
import { COMPLETION_STATUS } from '../../../../worker/text/models';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUnitName } from '../../lib/units';
import { ErrorBanner, Status } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';

export default function Campaign({ params }: { params: { id: string } }) {
  const { tr } = useLang();
  const unitName = useUnitName();
  const { hasRole } = useSession();
  const [data, setData] = useState<Reply<'/api/campaigns/{id}'> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = () =>
    api
      .GET('/api/campaigns/{id}', { params: { path: { id: params.id } } })
      .then(setData)
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    void load();
  }, [params.id]);
  async function giveBack(unitId: string) {
    const comment = window.prompt(
      tr({ vi: 'Ý kiến trả lại (bắt buộc):', en: 'Comment for the unit (required):' }),
    );
    if (!comment?.trim()) return;
    try {
      await api.POST('/api/campaigns/{id}/reports/{unitId}/return', {
        params: { path: { id: params.id, unitId } },
        body: { comment },
      });
      await load();
    } catch (e) {
      setError(asApiError(e));
    }
  }
  if (!data)
    return <Status>{error ? <ErrorBanner error={error} /> : tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>;
  const { campaign: c, counts } = data;
  const manage = hasRole('form_designer', 'admin');
  return (
    <section>
      <PageHeading title={c.title} />
      <ErrorBanner error={error} />
      <p>
        {unitName(c.unitId, c.unitName)} · {tr({ vi: 'Kỳ báo cáo', en: 'Period' })} {formatDay(c.periodStart)}
        –{formatDay(c.periodEnd)} · {tr({ vi: 'Hạn nộp', en: 'Due' })} {formatDay(c.dueDate)}
      </p>
      <p id="counts">
        {tr(COMPLETION_STATUS.submitted)}: <strong>{counts.submitted}</strong> · {tr(COMPLETION_STATUS.late)}:{' '}
        <strong>{counts.late}</strong> · {tr(COMPLETION_STATUS.returned)}: <strong>{counts.returned}</strong>{' '}
        · {tr({ vi: 'Chưa nộp (kể cả quá hạn)', en: 'Not submitted (overdue included)' })}:{' '}
        <strong>{(counts.missing ?? 0) + (counts.pending ?? 0)}</strong> / {counts.assigned}
      </p>
      <p class="no-print">
        <a href={`/api/campaigns/${c.id}/owing?format=xlsx`}>
          {tr({ vi: 'Đơn vị chưa nộp (Excel)', en: 'Units owing (Excel)' })}
        </a>
        {' · '}
        <a href={`/api/campaigns/${c.id}/owing?format=csv`}>CSV</a>
        {' · '}
        <a href={`/api/campaigns/${c.id}/export?format=xlsx`}>
          {tr({ vi: 'Tất cả báo cáo (Excel)', en: 'All reports (Excel)' })}
        </a>
        {' · '}
        <a href={`/api/campaigns/${c.id}/export?format=csv`}>
          {tr({ vi: 'Tất cả báo cáo (CSV)', en: 'All reports (CSV)' })}
        </a>
        {' · '}
        <button type="button" onClick={() => window.print()}>
          {tr({ vi: 'In danh sách', en: 'Print' })}
        </button>
      </p>
      <table class="table" id="completion">
        <thead>
          <tr>
            <th>{tr({ vi: 'Đơn vị', en: 'Unit' })}</th>
            <th>{tr({ vi: 'Tình trạng', en: 'Status' })}</th>
            <th>{tr({ vi: 'Ghi chú', en: 'Notes' })}</th>
            <th class="no-print">{tr({ vi: 'Thao tác', en: 'Actions' })}</th>
          </tr>
        </thead>
        <tbody>
          {data.completion.map((r) => (
            <tr key={r.unitId} data-unit={r.unitName}>
              <td>
                <a href={`${BASE}/campaigns/${c.id}/reports/${r.unitId}`}>{unitName(r.unitId, r.unitName)}</a>
                {r.inheritedFrom.length
                  ? ` (${tr({ vi: 'tiếp nhận từ', en: 'took over from' })} ${r.inheritedFrom.join(', ')})`
                  : ''}
              </td>
              <td class="status-cell" data-status={r.status}>
                {tr(COMPLETION_STATUS[r.status])}
              </td>
              <td>{r.returnComment ?? (r.hasDraft ? tr({ vi: 'Có bản nháp', en: 'Draft saved' }) : '')}</td>
              <td class="no-print">
                {manage && (r.status === 'submitted' || r.status === 'late') ? (
                  <button type="button" onClick={() => giveBack(r.unitId)}>
                    {tr({ vi: 'Trả lại bổ sung', en: 'Return for correction' })}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
