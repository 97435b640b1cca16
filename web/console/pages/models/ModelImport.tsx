/**
 * Nhập sổ mô hình từ Excel/CSV: choose a file, preview (the server validates every row and writes
 * nothing), read the problems by spreadsheet line and column, fix the file and preview again, then
 * confirm with the preview's token (the server re-validates and refuses a file changed since).
 * Not the org CsvImport: this endpoint takes XLSX as well as CSV and confirms by token, not dryRun.
 */
import { useState } from 'preact/hooks';
import { countEn } from '../../../../worker/lib/format';
import { labelOf, t } from '../../../../worker/lib/i18n';
import { MODEL_FIELD } from '../../../../worker/text/models';
import { type ApiError, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { ErrorBanner, Status } from '../../ui/fields';
import { postBytes } from './upload';

type ImportReply = Reply<'/api/models/import', 'post'>;

const COLUMNS =
  'Mã đơn vị, Tên mô hình, Lĩnh vực, Năm, Ngày bắt đầu, Mô tả, Số người tham gia, Số hộ tham gia, Kinh phí huy động (đồng), Ngày công, Vật tư, hiện vật, Kết quả, Cấp công nhận';

/** The spreadsheet's content type (browsers leave `type` empty for some CSV files). */
function typeOf(f: File): string {
  if (f.type) return f.type;
  return f.name.toLowerCase().endsWith('.xlsx')
    ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    : 'text/csv';
}

export function ModelImport({ onDone }: { onDone: () => void }) {
  const { tr, lang } = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<ImportReply | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  async function send(token?: string) {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone('');
    try {
      const r = await postBytes('/api/models/import', { query: { token } }, file, typeOf(file));
      if (r.confirmed) {
        setDone(tr({ vi: `Đã nhập ${r.created} mô hình.`, en: `Imported ${countEn(r.created, 'model')}.` }));
        setCheck(null);
        onDone();
      } else setCheck(r);
    } catch (e) {
      setError(asApiError(e));
      setCheck(null);
    } finally {
      setBusy(false);
    }
  }

  const fieldName = (f: string) => tr(labelOf(MODEL_FIELD, f));
  return (
    <details class="panel" id="model-import">
      <summary>{tr({ vi: 'Nhập từ tệp Excel/CSV', en: 'Import from an Excel/CSV file' })}</summary>
      <p class="hint">
        {tr({ vi: 'Dòng đầu là tiêu đề. Các cột: ', en: 'The first line is the header. Columns: ' })}
        <code>{COLUMNS}</code>.{' '}
        {tr({
          vi: 'Tệp xuất từ sổ mô hình có thể nhập lại. Xem trước không ghi gì.',
          en: 'An export of the registry re-imports. The preview writes nothing.',
        })}
      </p>
      <label for="model-import-file">
        {tr({ vi: 'Chọn tệp (.xlsx hoặc .csv)', en: 'Choose a file (.xlsx or .csv)' })}
      </label>
      <input
        id="model-import-file"
        type="file"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(e) => {
          setFile(e.currentTarget.files?.[0] ?? null);
          setCheck(null);
          setDone('');
        }}
      />
      <p>
        <button type="button" onClick={() => send()} disabled={busy || !file}>
          {tr({ vi: 'Xem trước', en: 'Preview' })}
        </button>
      </p>
      <Status>{done}</Status>
      <ErrorBanner error={error} />
      {check ? (
        <>
          <p role="status" id="import-summary">
            {check.errors.length
              ? tr({
                  vi: `${check.rows} dòng, ${check.errors.length} lỗi — chưa ghi gì. Sửa tệp rồi xem trước lại.`,
                  en: `${countEn(check.rows, 'row')}, ${countEn(check.errors.length, 'problem')} — nothing written. Fix the file and preview again.`,
                })
              : tr({
                  vi: `${check.valid} dòng hợp lệ, sẵn sàng nhập.`,
                  en: `${check.valid} valid rows, ready to import.`,
                })}
          </p>
          {check.errors.length ? (
            <div class="table-wrap">
              <table class="table" id="import-errors">
                <caption>{tr({ vi: 'Lỗi theo dòng và cột', en: 'Problems by row and column' })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr({ vi: 'Dòng', en: 'Row' })}</th>
                    <th scope="col">{tr({ vi: 'Cột', en: 'Column' })}</th>
                    <th scope="col">{tr({ vi: 'Lỗi', en: 'Problem' })}</th>
                  </tr>
                </thead>
                <tbody>
                  {check.errors.map((p, k) => (
                    <tr key={k} class="row-error" data-row={p.row} data-column={p.column}>
                      <th scope="row">{p.row}</th>
                      <td>{p.column}</td>
                      <td>{t(p.message, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <>
              <div class="table-wrap">
                <table class="table" id="import-preview">
                  <caption>
                    {tr({ vi: 'Xem trước (tối đa 20 dòng đầu)', en: 'Preview (up to the first 20 rows)' })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr({ vi: 'Dòng', en: 'Row' })}</th>
                      <th scope="col">{tr({ vi: 'Tên mô hình', en: 'Model' })}</th>
                      <th scope="col">{tr({ vi: 'Lĩnh vực', en: 'Field' })}</th>
                      <th scope="col">{tr({ vi: 'Năm', en: 'Year' })}</th>
                      <th scope="col">{tr({ vi: 'Số người tham gia', en: 'People' })}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {check.preview.map((r) => (
                      <tr key={r.row}>
                        <th scope="row">{r.row}</th>
                        <td>{r.name}</td>
                        <td>{fieldName(r.field)}</td>
                        <td>{r.year ?? ''}</td>
                        <td>{r.peopleMobilised ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button
                type="button"
                class="primary"
                onClick={() => send(check.token ?? undefined)}
                disabled={busy || !check.token}
              >
                {tr({
                  vi: `Xác nhận nhập ${check.valid} mô hình`,
                  en: `Confirm: import ${check.valid} models`,
                })}
              </button>
            </>
          )}
        </>
      ) : null}
    </details>
  );
}
