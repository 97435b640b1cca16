/**
 * Sổ mô hình "Dân vận khéo": the registry — search without diacritics, filters by field, year and
 * status, the coverage line (units with an effective model), export to Excel/CSV, import from a
 * spreadsheet (preview then confirm) and the rubric editor.
 */
import { useEffect, useState } from 'preact/hooks';
import { labelOf } from '../../../../worker/lib/i18n';
import { formatBp } from '../../../../worker/models/rubric';
import { MODEL_FIELD, MODEL_STATUS } from '../../../../worker/text/models';
import { type ApiError, api, apiUrl, asApiError, type Query, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUnitName } from '../../lib/units';
import { useUrlState } from '../../lib/url-state';
import { ErrorBanner, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { ModelImport } from './ModelImport';
import { RubricEditor } from './RubricEditor';

export type ModelRow = Reply<'/api/models'>['models'][number];

export default function Models() {
  const { tr, lang } = useLang();
  const unitName = useUnitName();
  const { hasRole } = useSession();
  const [q, setQ] = useUrlState('q');
  const [field, setField] = useUrlState('field');
  const [year, setYear] = useUrlState('year');
  const [status, setStatus] = useUrlState('status');
  const [rows, setRows] = useState<Reply<'/api/models'> | null>(null);
  const [cover, setCover] = useState<Reply<'/api/models/coverage'> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reload, setReload] = useState(0);
  // Filters come from the address as typed: the server refuses a field or status it does not know.
  const query: Query<'/api/models'> = {
    q: q.trim() || undefined,
    field: (field || undefined) as Query<'/api/models'>['field'],
    year: year || undefined,
    status: (status || undefined) as Query<'/api/models'>['status'],
  };
  useEffect(() => {
    const t = setTimeout(() => {
      api
        .GET('/api/models', { params: { query } })
        .then(setRows)
        .catch((e) => setError(asApiError(e)));
    }, 200);
    return () => clearTimeout(t);
  }, [q, field, year, status, reload]);
  useEffect(() => {
    if (hasRole('board_viewer', 'form_designer', 'admin'))
      api
        .GET('/api/models/coverage')
        .then(setCover)
        .catch(() => undefined);
  }, []);
  return (
    <section>
      <PageHeading title={tr({ vi: 'Mô hình "Dân vận khéo"', en: '"Dân vận khéo" models' })} />
      <ErrorBanner error={error} />
      {cover ? (
        <p id="coverage">
          {tr({ vi: 'Đơn vị có mô hình hiệu quả', en: 'Units with an effective model' })}:{' '}
          <strong>
            {cover.effective.covered}/{cover.effective.total}
          </strong>
        </p>
      ) : null}
      <div class="filters">
        <TextField
          label={tr({ vi: 'Tìm kiếm (không cần dấu)', en: 'Search (accents optional)' })}
          type="search"
          value={q}
          onValue={setQ}
        />
        <SelectField
          label={tr({ vi: 'Lĩnh vực', en: 'Field' })}
          value={field}
          onValue={setField}
          options={[
            ['', tr({ vi: 'Tất cả', en: 'All' })],
            ...Object.entries(MODEL_FIELD).map(([v, label]) => [v, tr(label)] as const),
          ]}
        />
        <TextField label={tr({ vi: 'Năm', en: 'Year' })} inputMode="numeric" value={year} onValue={setYear} />
        <SelectField
          label={tr({ vi: 'Trạng thái', en: 'Status' })}
          value={status}
          onValue={setStatus}
          options={[
            ['', tr({ vi: 'Tất cả', en: 'All' })],
            ...Object.entries(MODEL_STATUS).map(([v, label]) => [v, tr(label)] as const),
          ]}
        />
      </div>
      <p>
        <a href={apiUrl('/api/models/export', { ...query, format: 'xlsx' })}>
          {tr({ vi: 'Xuất Excel', en: 'Export Excel' })}
        </a>
        {' · '}
        <a href={apiUrl('/api/models/export', { ...query, format: 'csv' })}>CSV</a>
      </p>
      {hasRole('ward_reporter', 'form_designer', 'admin') ? (
        <ModelImport onDone={() => setReload((n) => n + 1)} />
      ) : null}
      {hasRole('form_designer', 'admin') ? <RubricEditor /> : null}
      {!rows ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : (
        <>
          <Status>
            {rows.total} {tr({ vi: 'mô hình', en: 'models' })}
          </Status>
          <table class="table" id="models">
            <thead>
              <tr>
                <th>{tr({ vi: 'Tên mô hình', en: 'Model' })}</th>
                <th>{tr({ vi: 'Đơn vị', en: 'Unit' })}</th>
                <th>{tr({ vi: 'Lĩnh vực', en: 'Field' })}</th>
                <th>{tr({ vi: 'Năm', en: 'Year' })}</th>
                <th>{tr({ vi: 'Trạng thái', en: 'Status' })}</th>
                <th>{tr({ vi: 'Điểm', en: 'Score' })}</th>
              </tr>
            </thead>
            <tbody>
              {rows.models.map((m) => {
                return (
                  <tr key={m.id}>
                    <td>
                      <a href={`${BASE}/models/${m.id}`}>{m.name}</a>
                    </td>
                    <td>{unitName(m.unitId, m.unitName)}</td>
                    <td>{tr(labelOf(MODEL_FIELD, m.field))}</td>
                    <td>{m.year}</td>
                    <td data-status={m.status}>{tr(labelOf(MODEL_STATUS, m.status))}</td>
                    <td>{formatBp(m.currentScoreBp, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
