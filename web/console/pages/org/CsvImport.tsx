/**
 * Nhập từ CSV: pick or paste a CSV (as saved from Excel), check it on the server with
 * `?dryRun=1`, look at a preview table with every row/column problem marked, then import. Nothing
 * is written until the check is clean and the user confirms.
 */
import { useState } from 'preact/hooks';
import { countEn } from '../../../../worker/lib/format';
import { t } from '../../../../worker/lib/i18n';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { ErrorBanner, Status, TextArea } from '../../ui/fields';

/** The two CSV imports of the registry; they answer alike. */
type Endpoint = '/api/org/units/import' | '/api/org/people/import';
type ImportResult = Reply<Endpoint, 'post'>;
const CSV = { 'content-type': 'text/csv; charset=utf-8' };

export function CsvImport(props: { endpoint: Endpoint; columns: string; title: string; onDone: () => void }) {
  const { tr, lang } = useLang();
  const [text, setText] = useState('');
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [table, setTable] = useState<string[][]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  async function readFile(file: File | undefined) {
    if (!file) return;
    setText(await file.text());
    setCheck(null);
  }

  async function dryRun() {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const [res, Papa] = await Promise.all([
        api.POST(props.endpoint, { body: text, headers: CSV, params: { query: { dryRun: '1' } } }),
        import('papaparse'),
      ]);
      const parsed = Papa.default.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
      setTable(parsed.data);
      setCheck(res);
    } catch (e) {
      setError(asApiError(e));
      setCheck(null);
    } finally {
      setBusy(false);
    }
  }

  async function runImport() {
    setBusy(true);
    setError(null);
    try {
      const res = await api.POST(props.endpoint, { body: text, headers: CSV });
      setStatus(
        tr({
          vi: `Đã nhập: ${res.created} mới, ${res.updated} cập nhật.`,
          en: `Imported: ${res.created} created, ${res.updated} updated.`,
        }),
      );
      setCheck(null);
      setText('');
      props.onDone();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const problemAt = (line: number, col: string) =>
    check?.errors.filter((e) => e.row === line && e.column === col) ?? [];
  const rowProblems = (line: number) => check?.errors.filter((e) => e.row === line) ?? [];
  return (
    <details class="panel csv-import">
      <summary>{props.title}</summary>
      <p class="hint">
        {tr({ vi: 'Các cột (dòng đầu là tiêu đề): ', en: 'Columns (the first line is the header): ' })}
        <code>{props.columns}</code>
      </p>
      <label for={`${props.endpoint}-file`}>
        {tr({ vi: 'Chọn tệp CSV (UTF-8)', en: 'Choose a CSV file (UTF-8)' })}
      </label>
      <input
        id={`${props.endpoint}-file`}
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => readFile(e.currentTarget.files?.[0])}
      />
      <TextArea
        label={tr({ vi: '… hoặc dán nội dung CSV', en: '… or paste the CSV' })}
        rows={5}
        value={text}
        onValue={(s) => {
          setText(s);
          setCheck(null);
        }}
      />
      <button type="button" onClick={dryRun} disabled={busy || !text.trim()}>
        {tr({ vi: 'Kiểm tra trước', en: 'Check first' })}
      </button>
      <Status>{status}</Status>
      <ErrorBanner error={error} />
      {check ? (
        <>
          <p role="status">
            {check.errors.length
              ? tr({
                  vi: `${check.rows} dòng, ${check.errors.length} lỗi. Sửa tệp rồi kiểm tra lại.`,
                  en: `${countEn(check.rows, 'row')}, ${countEn(check.errors.length, 'problem')}. Fix the file and check again.`,
                })
              : tr({
                  vi: `${check.rows} dòng hợp lệ: sẽ tạo ${check.created}, cập nhật ${check.updated}.`,
                  en: `${check.rows} valid rows: ${check.created} to create, ${check.updated} to update.`,
                })}
          </p>
          {check.errors.some((e) => !e.column || !header.includes(e.column)) ? (
            <ul class="error">
              {check.errors
                .filter((e) => !e.column || !header.includes(e.column))
                .map((e, k) => (
                  <li key={k}>
                    {tr({ vi: 'Dòng', en: 'Line' })} {e.row}
                    {e.column ? ` (${e.column})` : ''}: {t(e.message, lang)}
                  </li>
                ))}
            </ul>
          ) : null}
          <div class="table-wrap">
            <table class="csv-preview">
              <caption>
                {tr({ vi: 'Xem trước (dòng 1 là tiêu đề)', en: 'Preview (line 1 is the header)' })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr({ vi: 'Dòng', en: 'Line' })}</th>
                  {header.map((h) => (
                    <th scope="col" key={h}>
                      {h}
                    </th>
                  ))}
                  <th scope="col">{tr({ vi: 'Lỗi', en: 'Problems' })}</th>
                </tr>
              </thead>
              <tbody>
                {table.slice(1, 201).map((cells, i) => {
                  const line = i + 2;
                  const probs = rowProblems(line);
                  return (
                    <tr key={line} class={probs.length ? 'row-error' : ''}>
                      <th scope="row">{line}</th>
                      {header.map((h, c) => {
                        const p = problemAt(line, h);
                        return (
                          <td
                            key={h}
                            class={p.length ? 'cell-error' : ''}
                            title={p.map((x) => t(x.message, lang)).join(' ')}
                          >
                            {cells[c] ?? ''}
                          </td>
                        );
                      })}
                      <td>
                        {probs
                          .map((x) => `${x.column ? `${x.column}: ` : ''}${t(x.message, lang)}`)
                          .join(' · ')}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {!check.errors.length ? (
            <button type="button" class="primary" onClick={runImport} disabled={busy}>
              {tr({ vi: `Nhập ${check.rows} dòng`, en: `Import ${check.rows} rows` })}
            </button>
          ) : null}
        </>
      ) : null}
    </details>
  );
}
