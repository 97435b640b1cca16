/**
 * Đợt báo cáo: the reporter's to-do list (reports to file) and, for managers and boards, the
 * campaigns in scope.
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

export default function Campaigns() {
  const { tr } = useLang();
  const unitName = useUnitName();
  const { hasRole } = useSession();
  const [todo, setTodo] = useState<Reply<'/api/campaigns/todo'>['items'] | null>(null);
  const [list, setList] = useState<Reply<'/api/campaigns'>['campaigns'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api
      .GET('/api/campaigns/todo')
      .then((r) => setTodo(r.items))
      .catch((e) => setError(asApiError(e)));
    api
      .GET('/api/campaigns')
      .then((r) => setList(r.campaigns))
      .catch((e) => setError(asApiError(e)));
  }, []);
  return (
    <section>
      <PageHeading title={tr({ vi: 'Báo cáo "Dân vận khéo"', en: '"Dân vận khéo" reports' })} />
      <ErrorBanner error={error} />
      {hasRole('ward_reporter') ? (
        <>
          <h2>{tr({ vi: 'Báo cáo cần nộp', en: 'Reports to file' })}</h2>
          {!todo ? (
            <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
          ) : todo.length ? (
            <table class="table" id="todo">
              <thead>
                <tr>
                  <th>{tr({ vi: 'Đợt báo cáo', en: 'Campaign' })}</th>
                  <th>{tr({ vi: 'Đơn vị', en: 'Unit' })}</th>
                  <th>{tr({ vi: 'Hạn nộp', en: 'Due' })}</th>
                  <th>{tr({ vi: 'Tình trạng', en: 'Status' })}</th>
                </tr>
              </thead>
              <tbody>
                {todo.map((t) => (
                  <tr key={t.campaign.id + t.unitId}>
                    <td>
                      <a href={`${BASE}/campaigns/${t.campaign.id}/reports/${t.unitId}`}>
                        {t.campaign.title}
                      </a>
                    </td>
                    <td>{unitName(t.unitId, t.unitName)}</td>
                    <td>{formatDay(t.campaign.dueDate)}</td>
                    <td data-status={t.status}>{tr(COMPLETION_STATUS[t.status])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{tr({ vi: 'Không có báo cáo nào cần nộp.', en: 'Nothing to file.' })}</p>
          )}
        </>
      ) : null}
      {list?.length ? (
        <>
          <h2>{tr({ vi: 'Các đợt báo cáo', en: 'Campaigns' })}</h2>
          <ul class="cards" id="campaigns">
            {list.map((c) => (
              <li key={c.id}>
                <a href={`${BASE}/campaigns/${c.id}`}>{c.title}</a> — {unitName(c.unitId, c.unitName)},{' '}
                {tr({ vi: 'hạn', en: 'due' })} {formatDay(c.dueDate)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
