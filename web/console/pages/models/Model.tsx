/**
 * One model: its facts, the current evaluation and the history, progress entries, replication
 * links, photos; for the unit's editors a photo upload, a progress form and (once effective) the
 * replication form (ModelParts.tsx); for evaluators the rubric form (points per criterion; the score and verdict are
 * computed by the server with the exact arithmetic of worker/models/rubric.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDate, formatNumber, formatVnd } from '../../../../worker/lib/format';
import { labelOf } from '../../../../worker/lib/i18n';
import { formatBp } from '../../../../worker/models/rubric';
import { MODEL_STATUS } from '../../../../worker/text/models';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUnitName } from '../../lib/units';
import { ErrorBanner, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { ModelPhotos, ModelProgress, ModelReplication } from './ModelParts';

export default function Model({ params }: { params: { id: string } }) {
  const { tr, lang } = useLang();
  const unitName = useUnitName();
  const { me } = useSession();
  const [d, setD] = useState<Reply<'/api/models/{id}'> | null>(null);
  const [rubric, setRubric] = useState<Reply<'/api/models/rubric'>['rubric'] | null>(null);
  const [scores, setScores] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState('');
  const load = () =>
    api
      .GET('/api/models/{id}', { params: { path: { id: params.id } } })
      .then(setD)
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    void load();
    api.GET('/api/models/rubric').then((r) => setRubric(r.rubric));
  }, [params.id]);
  if (!d)
    return <Status>{error ? <ErrorBanner error={error} /> : tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>;
  const m = d.model;
  const canEvaluate = !!me?.grants.some(
    (g) => (g.role === 'form_designer' || g.role === 'admin') && m.unitPath.startsWith(g.unitPath),
  );
  // The server's MODEL_EDIT: managers and the unit's own reporter (it checks again on every write).
  const canEdit = !!me?.grants.some(
    (g) =>
      (g.role === 'form_designer' || g.role === 'admin' || g.role === 'ward_reporter') &&
      m.unitPath.startsWith(g.unitPath),
  );
  const reload = () => void load();
  async function evaluate(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.POST('/api/models/{id}/evaluations', {
        params: { path: { id: params.id } },
        body: { scores: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Number(v)])), comment },
      });
      setNote(`${tr({ vi: 'Đã đánh giá', en: 'Evaluated' })}: ${formatBp(r.scoreBp, lang)}`);
      await load();
    } catch (err) {
      setError(asApiError(err));
    }
  }
  return (
    <section>
      <PageHeading title={m.name} />
      <p>
        {unitName(m.unitId, m.unitName)} · {m.year} ·{' '}
        <strong id="model-status" data-status={m.status}>
          {tr(labelOf(MODEL_STATUS, m.status))}
        </strong>
        {m.currentScoreBp !== null ? ` · ${formatBp(m.currentScoreBp, lang)}` : ''}
      </p>
      {m.description ? <p>{m.description}</p> : null}
      <p>
        {tr({ vi: 'Số người tham gia', en: 'People mobilised' })}: {formatNumber(m.peopleMobilised, lang)} ·{' '}
        {tr({ vi: 'Kinh phí', en: 'Money' })}: {formatVnd(m.moneyVnd, lang)}
      </p>
      {d.replicatedTo.length ? (
        <p>
          {tr({ vi: 'Đã nhân rộng tới', en: 'Replicated to' })}:{' '}
          {d.replicatedTo.map((r, i) => (
            <span key={r.id}>
              {i ? '; ' : ''}
              <a href={`${BASE}/models/${r.id}`}>{r.name}</a> ({r.unitName})
            </span>
          ))}
        </p>
      ) : null}
      {d.replicatedFrom.length ? (
        <p id="replicated-from">
          {tr({ vi: 'Nhân rộng từ', en: 'Replicated from' })}:{' '}
          {d.replicatedFrom.map((r, i) => (
            <span key={r.id}>
              {i ? '; ' : ''}
              <a href={`${BASE}/models/${r.id}`}>{r.name}</a> ({r.unitName})
            </span>
          ))}
        </p>
      ) : null}
      {note ? <Status>{note}</Status> : null}
      <ErrorBanner error={error} />
      {canEvaluate && rubric ? (
        <form class="panel" onSubmit={evaluate} aria-labelledby="eval-h">
          <h2 id="eval-h">{tr({ vi: 'Đánh giá theo bộ tiêu chí', en: 'Evaluate against the rubric' })}</h2>
          {rubric.criteria.map((c) => (
            <TextField
              key={c.id}
              id={`score-${c.id}`}
              label={`${tr(c.label)} (0–${c.max}, ${tr({ vi: 'trọng số', en: 'weight' })} ${c.weight})`}
              inputMode="numeric"
              required
              value={scores[c.id] ?? ''}
              onValue={(v) => setScores({ ...scores, [c.id]: v })}
            />
          ))}
          <TextField label={tr({ vi: 'Nhận xét', en: 'Comment' })} value={comment} onValue={setComment} />
          <p class="hint">
            {tr({ vi: 'Đạt "hiệu quả" khi điểm từ', en: 'Effective from' })}{' '}
            {formatBp(rubric.thresholdBp, lang)}
          </p>
          <button type="submit" class="primary" id="evaluate">
            {tr({ vi: 'Lưu đánh giá', en: 'Save evaluation' })}
          </button>
        </form>
      ) : null}
      <h2>{tr({ vi: 'Lịch sử đánh giá', en: 'Evaluation history' })}</h2>
      <ul id="evaluations">
        {d.evaluations.map((e) => (
          <li key={e.id}>
            {formatDate(e.createdAt)} — {formatBp(e.scoreBp, lang)} — {tr(labelOf(MODEL_STATUS, e.verdict))}{' '}
            {e.reviewerName ? `(${e.reviewerName})` : ''} {e.comment}
          </li>
        ))}
      </ul>
      <ModelPhotos modelId={m.id} modelName={m.name} photos={d.photos} canEdit={canEdit} onChange={reload} />
      <ModelProgress modelId={m.id} progress={d.progress} canEdit={canEdit} onChange={reload} />
      {canEdit && (m.status === 'effective' || m.status === 'replicated') ? (
        <ModelReplication modelId={m.id} onChange={reload} />
      ) : null}
    </section>
  );
}
