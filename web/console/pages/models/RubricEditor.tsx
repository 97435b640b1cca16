/**
 * Bộ tiêu chí đánh giá: edit the active rubric — criteria labels, weights (relative) and maximum
 * points, and the "effective" threshold. Saving creates a new rubric version that becomes active;
 * past evaluations keep the version they were scored with. Only root-level managers may save (the
 * server decides; the panel shows the refusal).
 */
import { useEffect, useState } from 'preact/hooks';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { ErrorBanner, Status, TextField } from '../../ui/fields';

type Rubric = Reply<'/api/models/rubric'>['rubric'];
interface Row {
  id: string;
  vi: string;
  en: string;
  weight: string;
  max: string;
  isNew: boolean;
}

/** "70", "72,5" or "72.5" (percent) → basis points, or NaN. */
export function percentToBp(s: string): number {
  const t = s.trim().replace(',', '.');
  return /^\d{1,3}(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : Number.NaN;
}

export function RubricEditor() {
  const { tr } = useLang();
  const [name, setName] = useState('');
  const [threshold, setThreshold] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const fill = (r: Rubric) => {
    setName(r.name);
    setThreshold(String(r.thresholdBp / 100).replace('.', ','));
    setRows(
      r.criteria.map((c) => ({
        id: c.id,
        vi: c.label.vi,
        en: c.label.en ?? '',
        weight: String(c.weight),
        max: String(c.max),
        isNew: false,
      })),
    );
  };
  useEffect(() => {
    api
      .GET('/api/models/rubric')
      .then((r) => fill(r.rubric))
      .catch((e) => setError(asApiError(e)));
  }, []);
  if (!rows) return null;
  const set = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved('');
    try {
      const r = await api.POST('/api/models/rubric', {
        body: {
          name: name.trim(),
          thresholdBp: percentToBp(threshold),
          criteria: rows!.map((c) => ({
            id: c.id.trim(),
            label: c.en.trim() ? { vi: c.vi.trim(), en: c.en.trim() } : { vi: c.vi.trim() },
            weight: Number(c.weight),
            max: Number(c.max),
          })),
        },
      });
      fill(r.rubric);
      setSaved(tr({ vi: 'Đã lưu bộ tiêu chí mới.', en: 'The new rubric is saved.' }));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <details class="panel" id="rubric-editor">
      <summary>{tr({ vi: 'Bộ tiêu chí đánh giá', en: 'Evaluation rubric' })}</summary>
      <form onSubmit={save}>
        <p class="hint">
          {tr({
            vi: 'Trọng số là tương đối (điểm = Σ trọng số × điểm/điểm tối đa ÷ Σ trọng số). Lưu sẽ tạo phiên bản mới; các đánh giá cũ giữ phiên bản của mình.',
            en: 'Weights are relative (score = Σ weight × points/max ÷ Σ weight). Saving creates a new version; past evaluations keep theirs.',
          })}
        </p>
        <TextField
          label={tr({ vi: 'Tên bộ tiêu chí', en: 'Rubric name' })}
          required
          value={name}
          onValue={setName}
        />
        <TextField
          label={tr({ vi: 'Ngưỡng "hiệu quả" (%)', en: '"Effective" threshold (%)' })}
          inputMode="decimal"
          required
          value={threshold}
          onValue={setThreshold}
        />
        <div class="table-wrap">
          <table class="table" id="rubric-criteria">
            <caption>{tr({ vi: 'Tiêu chí', en: 'Criteria' })}</caption>
            <thead>
              <tr>
                <th scope="col">{tr({ vi: 'Mã', en: 'Id' })}</th>
                <th scope="col">{tr({ vi: 'Tiêu chí (tiếng Việt)', en: 'Criterion (Vietnamese)' })}</th>
                <th scope="col">{tr({ vi: 'Tiếng Anh', en: 'English' })}</th>
                <th scope="col">{tr({ vi: 'Trọng số', en: 'Weight' })}</th>
                <th scope="col">{tr({ vi: 'Điểm tối đa', en: 'Max points' })}</th>
                <th scope="col">
                  <span class="sr-only">{tr({ vi: 'Thao tác', en: 'Actions' })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c, i) => {
                const who = c.vi || c.id || String(i + 1);
                return (
                  <tr key={i}>
                    <td>
                      {c.isNew ? (
                        <input
                          aria-label={`${tr({ vi: 'Mã tiêu chí', en: 'Criterion id' })} ${i + 1}`}
                          value={c.id}
                          pattern="[a-z][a-z0-9_]{0,39}"
                          required
                          onInput={(e) => set(i, { id: e.currentTarget.value })}
                        />
                      ) : (
                        <code>{c.id}</code>
                      )}
                    </td>
                    <td>
                      <input
                        aria-label={`${tr({ vi: 'Tên tiêu chí', en: 'Criterion' })} ${i + 1}`}
                        value={c.vi}
                        required
                        onInput={(e) => set(i, { vi: e.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`${tr({ vi: 'Tên tiếng Anh', en: 'English name' })} ${i + 1}`}
                        value={c.en}
                        onInput={(e) => set(i, { en: e.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`${tr({ vi: 'Trọng số', en: 'Weight' })}: ${who}`}
                        inputMode="numeric"
                        size={5}
                        required
                        value={c.weight}
                        onInput={(e) => set(i, { weight: e.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`${tr({ vi: 'Điểm tối đa', en: 'Max points' })}: ${who}`}
                        inputMode="numeric"
                        size={4}
                        required
                        value={c.max}
                        onInput={(e) => set(i, { max: e.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        disabled={rows.length <= 1}
                        onClick={() => setRows(rows.filter((_, k) => k !== i))}
                      >
                        {tr({ vi: 'Bỏ', en: 'Remove' })}
                        <span class="sr-only"> {who}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>
          <button
            type="button"
            disabled={rows.length >= 20}
            onClick={() =>
              setRows([...rows, { id: '', vi: '', en: '', weight: '10', max: '10', isNew: true }])
            }
          >
            {tr({ vi: 'Thêm tiêu chí', en: 'Add a criterion' })}
          </button>{' '}
          <button type="submit" class="primary" disabled={busy}>
            {tr({ vi: 'Lưu bộ tiêu chí', en: 'Save the rubric' })}
          </button>
        </p>
        <Status>{saved}</Status>
        <ErrorBanner error={error} />
      </form>
    </details>
  );
}
