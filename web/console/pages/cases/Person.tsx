/**
 * Tổng hợp góp ý về một người: per-criterion counts, shown only when at least k distinct
 * responses stand behind them (the server suppresses smaller figures; this page says why).
 */
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { type ApiError, api, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { ErrorBanner, Status } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';

export default function Person() {
  const { params } = useRoute();
  const { tr } = useLang();
  const [data, setData] = useState<Reply<'/api/cases/people/{id}/summary'> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api
      .GET('/api/cases/people/{id}/summary', { params: { path: { id: params.id! } } })
      .then(setData)
      .catch((e: ApiError) => setError(e));
  }, [params.id]);
  if (error) return <ErrorBanner error={error} />;
  if (!data) return <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>;
  const levels = [...new Set(data.criteria.flatMap((c) => Object.keys(c.counts)))];
  return (
    <section>
      <PageHeading
        title={`${tr({ vi: 'Tổng hợp góp ý', en: 'Feedback summary' })}: ${data.person.fullName}`}
      />
      {data.suppressed ? (
        <p>
          {tr({
            vi: `Chưa đủ ${data.k} ý kiến khác nhau: số liệu được ẩn để bảo vệ người góp ý.`,
            en: `Fewer than ${data.k} distinct responses: figures are hidden to protect the people who wrote them.`,
          })}
        </p>
      ) : (
        <>
          <p>
            {tr({ vi: 'Số ý kiến', en: 'Responses' })}: <strong>{data.responses}</strong> (k = {data.k})
          </p>
          <div class="table-wrap">
            <table>
              <caption class="sr-only">{tr({ vi: 'Theo tiêu chí', en: 'By criterion' })}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr({ vi: 'Tiêu chí', en: 'Criterion' })}</th>
                  {levels.map((l) => (
                    <th scope="col" key={l}>
                      {l}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.criteria.map((c) => (
                  <tr key={c.questionId + c.item}>
                    <th scope="row">{c.item}</th>
                    {levels.map((l) => (
                      <td key={l}>{c.counts[l] ?? 0}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
