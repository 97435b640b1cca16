/**
 * Báo cáo của đơn vị: the ward reporter fills the campaign's form — drawn by the shared `FormView`
 * (the public page's renderer; no second form renderer) — lists new models and progress on existing
 * ones, saves drafts on the server, and submits. Staff opening it see the same report read-only.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  type Answers,
  type AnswerValue,
  allQuestions,
  type FormDefinition,
} from '../../../../worker/forms/engine/definition';
import { validateAnswers } from '../../../../worker/forms/engine/logic';
import { formatAnswer } from '../../../../worker/forms/view/answers';
import { errorMap, FormView, fieldId } from '../../../../worker/forms/view/FormView';
import { formatDateTime, formatDay, formatNumber, formatVnd } from '../../../../worker/lib/format';
import { labelOf, t } from '../../../../worker/lib/i18n';
import { COMPLETION_STATUS, MODEL_FIELD } from '../../../../worker/text/models';
import { ApiError, api, asApiError, type FieldProblem, type Reply, type RequestBody } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { useSession } from '../../lib/session';
import { useLeaveGuard } from '../../lib/unsaved';
import { ErrorBanner, optionsOf, SelectField, Status, TextArea, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';

type ReportBody = RequestBody<'/api/campaigns/{id}/reports/{unitId}', 'put'>;
type NewModel = NonNullable<NonNullable<ReportBody['models']>['new']>[number];
type Progress = NonNullable<NonNullable<ReportBody['models']>['progress']>[number];
type ReportView = Reply<'/api/campaigns/{id}/reports/{unitId}'>;

/** Digits of a typed amount ("50.000.000", "50 000 000" → 50000000); '' → undefined. */
const num = (s: string) => {
  const d = s.replace(/[^\d]/g, '');
  return d === '' ? undefined : Number(d);
};

export default function Report({ params }: { params: { id: string; unitId: string } }) {
  const { tr, lang } = useLang();
  const { hasRole } = useSession();
  const [view, setView] = useState<ReportView | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [models, setModels] = useState<NewModel[]>([]);
  const [progress, setProgress] = useState<Progress[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState('');
  const [savedJson, setSavedJson] = useState('');
  const path = { params: { path: { id: params.id, unitId: params.unitId } } };
  const load = () =>
    api
      .GET('/api/campaigns/{id}/reports/{unitId}', path)
      .then((v) => {
        setView(v);
        // The document leaves an answer's value open (answers are keyed by question id); these are
        // the answers the server checked against this definition.
        setAnswers((v.report?.data ?? {}) as Answers);
        setModels(v.report?.models.new ?? []);
        setProgress(v.report?.models.progress ?? []);
        setSavedJson(
          JSON.stringify([v.report?.data ?? {}, v.report?.models.new ?? [], v.report?.models.progress ?? []]),
        );
      })
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    void load();
  }, [params.id, params.unitId]);
  const editable =
    !!view &&
    hasRole('ward_reporter') &&
    view.completion.status !== 'submitted' &&
    view.completion.status !== 'late';
  const dirty = editable && JSON.stringify([answers, models, progress]) !== savedJson;
  useLeaveGuard(
    dirty,
    tr({
      vi: 'Báo cáo có thay đổi chưa lưu. Rời trang này?',
      en: 'The report has unsaved changes. Leave this page?',
    }),
  );
  // Models already in the period's "new" list are not offered again under "existing models"
  // (after submitting they are in the unit's registry too).
  const existing = useMemo(() => {
    const listed = new Set(models.map((m) => m.id).filter(Boolean));
    return (view?.unitModels ?? []).filter((m) => !listed.has(m.id));
  }, [view, models]);
  if (!view)
    return <Status>{error ? <ErrorBanner error={error} /> : tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>;

  const body = (): ReportBody => ({
    answers,
    models: {
      new: models.map((m) => ({ ...m, name: m.name.trim() })).filter((m) => m.name),
      progress: progress.filter((p) => p.modelId && p.note.trim()),
    },
  });
  async function save(submit: boolean) {
    setError(null);
    setNote('');
    if (submit) {
      // The server's own rules, checked here first: an empty submit shows the one summary at once.
      const checked = validateAnswers(view!.definition, answers);
      if (!checked.ok) {
        setError(
          new ApiError(
            400,
            'validation_failed',
            { vi: 'Báo cáo chưa nộp được.', en: 'The report was not submitted.' },
            checked.errors,
          ),
        );
        requestAnimationFrame(() => document.getElementById('report-problems')?.focus());
        return;
      }
    }
    try {
      if (submit) await api.POST('/api/campaigns/{id}/reports/{unitId}/submit', { ...path, body: body() });
      else await api.PUT('/api/campaigns/{id}/reports/{unitId}', { ...path, body: body() });
      // Reload first, so the announced message and the status shown never disagree.
      await load();
      setNote(
        submit
          ? tr({ vi: 'Đã nộp báo cáo.', en: 'Report submitted.' })
          : tr({ vi: 'Đã lưu bản nháp.', en: 'Draft saved.' }),
      );
    } catch (e) {
      setError(asApiError(e));
      requestAnimationFrame(() => document.getElementById('report-problems')?.focus());
    }
  }
  const setModel = (i: number, patch: Partial<NewModel>) =>
    setModels(models.map((m, k) => (k === i ? { ...m, ...patch } : m)));
  const c = view.completion;
  const fieldName = (f: string) => tr(labelOf(MODEL_FIELD, f));
  return (
    <section class="report">
      <PageHeading title={`${view.campaign.title} — ${view.unit.name}`} />
      <p>
        {tr({ vi: 'Hạn nộp', en: 'Due' })} {formatDay(view.campaign.dueDate)} ·{' '}
        <strong id="report-status" data-status={c.status}>
          {tr(COMPLETION_STATUS[c.status])}
        </strong>
      </p>
      {c.returnComment ? (
        <div class="banner banner-error" role="alert">
          <p>
            {tr({ vi: 'Báo cáo được trả lại để bổ sung:', en: 'Returned for correction:' })} {c.returnComment}
          </p>
        </div>
      ) : null}
      {c.status === 'submitted' || c.status === 'late' ? (
        <div class="banner banner-ok" id="report-locked">
          <p>
            <strong>
              {tr({ vi: 'Báo cáo đã nộp', en: 'Report submitted' })}
              {c.submittedAt ? ` ${tr({ vi: 'lúc', en: 'on' })} ${formatDateTime(c.submittedAt)}` : ''}.
            </strong>{' '}
            {tr({
              vi: 'Báo cáo đã nộp chỉ để xem, không sửa được. Nếu cần sửa, đề nghị đơn vị phụ trách đợt báo cáo trả lại để bổ sung; khi đó báo cáo mở lại để sửa và nộp lại.',
              en: 'A submitted report is read-only. To change it, ask the unit running the campaign to return it for correction; it then opens again to edit and resubmit.',
            })}
          </p>
        </div>
      ) : null}
      <ReportProblems error={error} definition={view.definition} models={models} />
      {note ? <Status>{note}</Status> : null}
      {editable ? (
        <>
          <div class="public-form report-form">
            <FormView
              definition={view.definition}
              lang={lang}
              answers={answers}
              conditional
              idPrefix="rep-"
              noSummary
              errors={errorMap(
                error?.fields.filter((f) => f.path.startsWith('answers.')),
                lang,
              )}
              onAnswer={(id: string, v: AnswerValue | undefined) => {
                const next = { ...answers };
                if (v === undefined) delete next[id];
                else next[id] = v;
                setAnswers(next);
              }}
            />
          </div>
          <h2>{tr({ vi: 'Mô hình mới trong kỳ', en: 'New models this period' })}</h2>
          {models.map((m, i) => (
            <fieldset key={m.id ?? `n${i}`} class="panel model-new">
              <legend>
                {tr({ vi: 'Mô hình', en: 'Model' })} {i + 1}
              </legend>
              <TextField
                id={`rep-model-${i}-name`}
                label={tr({ vi: 'Tên mô hình', en: 'Model name' })}
                required
                value={m.name}
                onValue={(v) => setModel(i, { name: v })}
              />
              <SelectField
                label={tr({ vi: 'Lĩnh vực', en: 'Field' })}
                value={m.field}
                onValue={(v) => setModel(i, { field: v })}
                options={optionsOf(MODEL_FIELD, tr)}
              />
              <TextField
                label={tr({ vi: 'Số người tham gia', en: 'People mobilised' })}
                inputMode="numeric"
                value={m.peopleMobilised === undefined ? '' : formatNumber(m.peopleMobilised, 'vi')}
                onValue={(v) => setModel(i, { peopleMobilised: num(v) })}
              />
              <TextField
                id={`rep-model-${i}-money`}
                label={tr({ vi: 'Kinh phí huy động (đồng)', en: 'Money mobilised (đồng)' })}
                hint={tr({ vi: 'Ví dụ: 50.000.000', en: 'For example: 50.000.000' })}
                inputMode="numeric"
                value={m.moneyVnd === undefined ? '' : formatNumber(m.moneyVnd, 'vi')}
                onValue={(v) => setModel(i, { moneyVnd: num(v) })}
              />
              <button type="button" onClick={() => setModels(models.filter((_, k) => k !== i))}>
                {tr({ vi: 'Bỏ mô hình này', en: 'Remove this model' })}
              </button>
            </fieldset>
          ))}
          <p>
            <button
              type="button"
              id="add-model"
              onClick={() => setModels([...models, { name: '', field: 'economy' }])}
            >
              {tr({ vi: 'Thêm mô hình mới', en: 'Add a new model' })}
            </button>
          </p>
          {existing.length ? (
            <>
              <h2>{tr({ vi: 'Tiến độ mô hình đã có', en: 'Progress on existing models' })}</h2>
              {existing.map((m) => {
                const p = progress.find((x) => x.modelId === m.id);
                return (
                  <TextArea
                    key={m.id}
                    label={`${m.name} (${m.year})`}
                    rows={2}
                    value={p?.note ?? ''}
                    onValue={(v) =>
                      setProgress([
                        ...progress.filter((x) => x.modelId !== m.id),
                        ...(v ? [{ modelId: m.id, note: v }] : []),
                      ])
                    }
                  />
                );
              })}
            </>
          ) : null}
          <p class="actions">
            <button type="button" onClick={() => save(false)}>
              {tr({ vi: 'Lưu nháp', en: 'Save draft' })}
            </button>{' '}
            <button type="button" class="primary" id="submit-report" onClick={() => save(true)}>
              {tr({ vi: 'Nộp báo cáo', en: 'Submit report' })}
            </button>{' '}
            {dirty ? (
              <span class="dirty">{tr({ vi: 'Có thay đổi chưa lưu', en: 'Unsaved changes' })}</span>
            ) : null}
          </p>
        </>
      ) : (
        <div id="report-readonly">
          <dl class="answers">
            {allQuestions(view.definition)
              .filter((q) => q.type !== 'info')
              .map((q) => (
                <div key={q.id}>
                  <dt>{t(q.label, lang)}</dt>
                  <dd>{formatAnswer(q, answers[q.id], lang) || '—'}</dd>
                </div>
              ))}
          </dl>
          <h2>{tr({ vi: 'Mô hình mới trong kỳ', en: 'New models this period' })}</h2>
          {models.length ? (
            <ul class="model-list">
              {models.map((m, i) => (
                <li key={m.id ?? i}>
                  <strong>{m.name}</strong> — {fieldName(m.field)}
                  {m.peopleMobilised !== undefined
                    ? ` · ${tr({ vi: 'Số người tham gia', en: 'People mobilised' })}: ${formatNumber(m.peopleMobilised, lang)}`
                    : ''}
                  {m.moneyVnd !== undefined
                    ? ` · ${tr({ vi: 'Kinh phí', en: 'Money' })}: ${formatVnd(m.moneyVnd, lang)}`
                    : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{tr({ vi: 'Không có mô hình mới.', en: 'No new models.' })}</p>
          )}
          {progress.length ? (
            <>
              <h2>{tr({ vi: 'Tiến độ mô hình đã có', en: 'Progress on existing models' })}</h2>
              <dl class="answers">
                {progress.map((p) => {
                  const m = view.unitModels.find((x) => x.id === p.modelId);
                  return (
                    <div key={p.modelId}>
                      <dt>{m ? `${m.name} (${m.year})` : tr({ vi: 'Mô hình', en: 'Model' })}</dt>
                      <dd>{p.note}</dd>
                    </div>
                  );
                })}
              </dl>
            </>
          ) : null}
        </div>
      )}
    </section>
  );
}

/**
 * The one list of what stops the report: each problem by the name a person reads (the question's
 * label, "Mô hình 2: Tên mô hình"), linked to its input. Replaces a generic banner plus a second,
 * specific list.
 */
function ReportProblems({
  error,
  definition,
  models,
}: {
  error: ApiError | null;
  definition: FormDefinition;
  models: NewModel[];
}) {
  const { tr, lang } = useLang();
  if (!error) return null;
  if (!error.fields.length) return <ErrorBanner error={error} />;
  const questions = new Map(allQuestions(definition).map((q) => [q.id, q]));
  const item = (f: FieldProblem) => {
    const parts = f.path.split('.');
    if (parts[0] === 'answers' && parts[1]) {
      const q = questions.get(parts[1]);
      return {
        label: q ? t(q.label, lang) : parts[1],
        href: q ? `#${fieldId(q, 'rep-')}` : '#report-problems',
      };
    }
    if (parts[0] === 'models' && parts[1] === 'new') {
      const i = Number(parts[2]);
      return {
        label: `${tr({ vi: 'Mô hình', en: 'Model' })} ${i + 1}${models[i]?.name ? ` (${models[i]!.name})` : ''}`,
        href: `#rep-model-${i}-name`,
      };
    }
    if (parts[0] === 'models' && parts[1] === 'progress') {
      return {
        label: tr({ vi: 'Tiến độ mô hình đã có', en: 'Progress on existing models' }),
        href: '#report-problems',
      };
    }
    return { label: '', href: '#report-problems' };
  };
  return (
    <div class="banner banner-error" role="alert" id="report-problems" tabIndex={-1}>
      <h2>
        {tr({
          vi: `Báo cáo chưa nộp được: còn ${error.fields.length} chỗ cần sửa`,
          en: `The report was not saved: ${error.fields.length} thing(s) to fix`,
        })}
      </h2>
      <ul>
        {error.fields.map((f) => {
          const { label, href } = item(f);
          return (
            <li key={f.path + f.code}>
              <a href={href}>
                {label ? `${label}: ` : ''}
                {t(f.message, lang)}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
