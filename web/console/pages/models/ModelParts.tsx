/**
 * The working parts of a model's page: photos (gallery and upload), progress entries (tiến độ) and
 * replication links (nhân rộng). Each posts to its `/api/models/{id}/…` endpoint and asks the page
 * to reload; the server checks the caller's rights and the rules (only an effective model spreads).
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDate } from '../../../../worker/lib/format';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { ErrorBanner, SelectField, Status, TextArea, TextField } from '../../ui/fields';
import type { ModelRow } from './Models';
import { postBytes } from './upload';

type Detail = Reply<'/api/models/{id}'>;

/** Hình ảnh: the model's photos, and an upload (JPEG/PNG/WebP; JPEG metadata is stripped server-side). */
export function ModelPhotos(props: {
  modelId: string;
  modelName: string;
  photos: Detail['photos'];
  canEdit: boolean;
  onChange: () => void;
}) {
  const { tr } = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  async function upload(e: Event) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setNote('');
    try {
      await postBytes('/api/models/{id}/photos', { path: { id: props.modelId } }, file, file.type);
      setNote(tr({ vi: 'Đã tải ảnh lên.', en: 'Photo uploaded.' }));
      setFile(null);
      (e.target as HTMLFormElement).reset();
      props.onChange();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="photos-h">
      <h2 id="photos-h">{tr({ vi: 'Hình ảnh', en: 'Photos' })}</h2>
      {props.photos.length ? (
        <ul id="photos" class="photo-grid">
          {props.photos.map((p, i) => (
            <li key={p.id}>
              <a href={p.url} target="_blank" rel="noopener">
                <img
                  src={p.url}
                  alt={`${tr({ vi: 'Ảnh', en: 'Photo' })} ${i + 1}: ${props.modelName} (${formatDate(p.createdAt)})`}
                  loading="lazy"
                  width={240}
                  style={{ maxWidth: '100%', height: 'auto' }}
                />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{tr({ vi: 'Chưa có ảnh.', en: 'No photos yet.' })}</p>
      )}
      {props.canEdit ? (
        <form class="panel" onSubmit={upload}>
          <label for="photo-file">
            {tr({ vi: 'Chọn ảnh (JPEG, PNG, WebP)', en: 'Choose a photo (JPEG, PNG, WebP)' })}
          </label>
          <input
            id="photo-file"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />{' '}
          <button type="submit" disabled={busy || !file}>
            {tr({ vi: 'Tải ảnh lên', en: 'Upload photo' })}
          </button>
          <Status>{note}</Status>
          <ErrorBanner error={error} />
        </form>
      ) : null}
    </section>
  );
}

/** Tiến độ: the progress entries and a form to add one. */
export function ModelProgress(props: {
  modelId: string;
  progress: Detail['progress'];
  canEdit: boolean;
  onChange: () => void;
}) {
  const { tr } = useLang();
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  async function add(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api.POST('/api/models/{id}/progress', {
        params: { path: { id: props.modelId } },
        body: { note: text },
      });
      setText('');
      props.onChange();
    } catch (err) {
      setError(asApiError(err));
    }
  }
  return (
    <section aria-labelledby="progress-h">
      <h2 id="progress-h">{tr({ vi: 'Tiến độ', en: 'Progress' })}</h2>
      {props.progress.length ? (
        <ul id="progress">
          {props.progress.map((p) => (
            <li key={p.id}>
              {formatDate(p.createdAt)} — {p.campaignTitle ? `${p.campaignTitle}: ` : ''}
              {p.note}
            </li>
          ))}
        </ul>
      ) : (
        <p>{tr({ vi: 'Chưa có ghi nhận tiến độ.', en: 'No progress entries yet.' })}</p>
      )}
      {props.canEdit ? (
        <form class="panel" onSubmit={add}>
          <TextArea
            label={tr({ vi: 'Ghi nhận tiến độ mới', en: 'New progress entry' })}
            required
            maxLength={4000}
            value={text}
            onValue={setText}
          />
          <button type="submit" disabled={!text.trim()}>
            {tr({ vi: 'Thêm tiến độ', en: 'Add progress' })}
          </button>
          <ErrorBanner error={error} />
        </form>
      ) : null}
    </section>
  );
}

/** Nhân rộng: record that this (effective) model spread to another registered model. */
export function ModelReplication(props: { modelId: string; onChange: () => void }) {
  const { tr } = useLang();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ModelRow[]>([]);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (q.trim().length < 2) {
      setFound([]);
      return;
    }
    const t = setTimeout(() => {
      api
        .GET('/api/models', { params: { query: { q: q.trim(), limit: '20' } } })
        .then((r) => {
          const others = r.models.filter((m) => m.id !== props.modelId);
          setFound(others);
          setTarget(others[0]?.id ?? '');
        })
        .catch((e) => setError(asApiError(e)));
    }, 250);
    return () => clearTimeout(t);
  }, [q]);
  async function link(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api.POST('/api/models/{id}/replications', {
        params: { path: { id: props.modelId } },
        body: { toModelId: target },
      });
      setQ('');
      props.onChange();
    } catch (err) {
      setError(asApiError(err));
    }
  }
  return (
    <form class="panel" onSubmit={link} aria-labelledby="replicate-h">
      <h2 id="replicate-h">{tr({ vi: 'Ghi nhận nhân rộng', en: 'Record a replication' })}</h2>
      <TextField
        label={tr({
          vi: 'Tìm mô hình được nhân rộng tới (không cần dấu)',
          en: 'Find the model it spread to (accents optional)',
        })}
        type="search"
        value={q}
        onValue={setQ}
      />
      {found.length ? (
        <SelectField
          label={tr({ vi: 'Mô hình nhận', en: 'Target model' })}
          value={target}
          onValue={setTarget}
          options={found.map((m) => [m.id, `${m.name} — ${m.unitName} (${m.year})`] as const)}
        />
      ) : q.trim().length >= 2 ? (
        <p class="hint">{tr({ vi: 'Không tìm thấy mô hình nào.', en: 'No model found.' })}</p>
      ) : null}
      <button type="submit" disabled={!target || !found.length}>
        {tr({ vi: 'Ghi nhận nhân rộng', en: 'Record replication' })}
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}
