/**
 * Sổ mô hình "Dân vận khéo": the registry — search without diacritics, filters by field, year and
 * status, the coverage line (units with an effective model), export to Excel/CSV, import from a
 * spreadsheet (preview then confirm) and the rubric editor.
 */
import { useEffect, useState } from 'preact/hooks';
import { type ApiError, api, apiUrl, asApiError } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUrlState } from '../../lib/url-state';
import { ErrorBanner, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { FIELDS } from '../campaigns/Report';
import { ModelImport } from './ModelImport';
import { RubricEditor } from './RubricEditor';

export interface ModelRow {
  id: string;
  name: string;
  unitName: string;
  field: string;
  year: number;
  status: string;
  currentScoreBp: number | null;
}

export const STATUS: Record<string, [string, string]> = {
  registered: ['Đã đăng ký', 'Registered'],
  effective: ['Hiệu quả', 'Effective'],
  not_effective: ['Chưa hiệu quả', 'Not effective'],
  replicated: ['Đã nhân rộng', 'Replicated'],
};

export const pct = (bp: number | null) =>
  bp === null ? '' : `${Math.floor(bp / 100)},${String(bp % 100).padStart(2, '0')} %`;

export default function Models() {
  const { tr } = useLang();
  const { hasRole } = useSession();
  const [q, setQ] = useUrlState('q');
  const [field, setField] = useUrlState('field');
  const [year, setYear] = useUrlState('year');
  const [status, setStatus] = useUrlState('status');
  const [rows, setRows] = useState<{ models: ModelRow[]; total: number } | null>(null);
  const [cover, setCover] = useState<{ effective: { covered: number; total: number } } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reload, setReload] = useState(0);
  const query = {
    q: q.trim() || undefined,
    field: field || undefined,
    year: year || undefined,
    status: status || undefined,
  };
  useEffect(() => {
    const t = setTimeout(() => {
      api<{ models: ModelRow[]; total: number }>('/api/models', { query })
        .then(setRows)
        .catch((e) => setError(asApiError(e)));
    }, 200);
    return () => clearTimeout(t);
  }, [q, field, year, status, reload]);
  useEffect(() => {
    if (hasRole('board_viewer', 'form_designer', 'admin'))
      api<{ effective: { covered: number; total: number } }>('/api/models/coverage')
        .then(setCover)
        .catch(() => undefined);
  }, []);
  return (
    <section>
      <PageHeading title={tr('Mô hình "Dân vận khéo"', '"Dân vận khéo" models')} />
      <ErrorBanner error={error} />
      {cover ? (
        <p id="coverage">
          {tr('Đơn vị có mô hình hiệu quả', 'Units with an effective model')}:{' '}
          <strong>
            {cover.effective.covered}/{cover.effective.total}
          </strong>
        </p>
      ) : null}
      <div class="filters">
        <TextField
          label={tr('Tìm kiếm (không cần dấu)', 'Search (accents optional)')}
          type="search"
          value={q}
          onValue={setQ}
        />
        <SelectField
          label={tr('Lĩnh vực', 'Field')}
          value={field}
          onValue={setField}
          options={[['', tr('Tất cả', 'All')], ...FIELDS.map(([v, vi, en]) => [v, tr(vi, en)] as const)]}
        />
        <TextField label={tr('Năm', 'Year')} inputMode="numeric" value={year} onValue={setYear} />
        <SelectField
          label={tr('Trạng thái', 'Status')}
          value={status}
          onValue={setStatus}
          options={[
            ['', tr('Tất cả', 'All')],
            ...Object.entries(STATUS).map(([v, [vi, en]]) => [v, tr(vi, en)] as const),
          ]}
        />
      </div>
      <p>
        <a href={apiUrl('/api/models/export', { ...query, format: 'xlsx' })}>
          {tr('Xuất Excel', 'Export Excel')}
        </a>
        {' · '}
        <a href={apiUrl('/api/models/export', { ...query, format: 'csv' })}>CSV</a>
      </p>
      {hasRole('ward_reporter', 'form_designer', 'admin') ? (
        <ModelImport onDone={() => setReload((n) => n + 1)} />
      ) : null}
      {hasRole('form_designer', 'admin') ? <RubricEditor /> : null}
      {!rows ? (
        <Status>{tr('Đang tải…', 'Loading…')}</Status>
      ) : (
        <>
          <Status>
            {rows.total} {tr('mô hình', 'models')}
          </Status>
          <table class="table" id="models">
            <thead>
              <tr>
                <th>{tr('Tên mô hình', 'Model')}</th>
                <th>{tr('Đơn vị', 'Unit')}</th>
                <th>{tr('Lĩnh vực', 'Field')}</th>
                <th>{tr('Năm', 'Year')}</th>
                <th>{tr('Trạng thái', 'Status')}</th>
                <th>{tr('Điểm', 'Score')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.models.map((m) => {
                const f = FIELDS.find((x) => x[0] === m.field);
                return (
                  <tr key={m.id}>
                    <td>
                      <a href={`${BASE}/models/${m.id}`}>{m.name}</a>
                    </td>
                    <td>{m.unitName}</td>
                    <td>{f ? tr(f[1], f[2]) : m.field}</td>
                    <td>{m.year}</td>
                    <td data-status={m.status}>{tr(...(STATUS[m.status] ?? [m.status, m.status]))}</td>
                    <td>{pct(m.currentScoreBp)}</td>
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
