/**
 * Báo cáo của đơn vị: the ward reporter fills the campaign's form — drawn by the shared `FormView`
 * (the public page's renderer; no second form renderer) — lists new models and progress on existing
 * ones, saves drafts on the server, and submits. Staff opening it see the same report read-only.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Answers, AnswerValue, FormDefinition } from '../../../../worker/forms/engine/definition';
import { errorMap, FormView } from '../../../../worker/forms/view/FormView';
import { type ApiError, api, asApiError } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { useSession } from '../../lib/session';
import { ErrorBanner, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { type CampaignSummary, type CompletionRow, dmy, STATUS_TEXT } from './types';

interface NewModel {
  id?: string;
  name: string;
  field: string;
  year?: number;
  peopleMobilised?: number;
  moneyVnd?: number;
  description?: string;
}
interface Progress {
  modelId: string;
  note: string;
}
interface ReportView {
  campaign: CampaignSummary;
  unit: { id: string; name: string };
  completion: CompletionRow;
  definition: FormDefinition;
  report: {
    status: string;
    data: Answers;
    models: { new: NewModel[]; progress: Progress[] };
    returnComment: string | null;
  } | null;
  unitModels: { id: string; name: string; year: number }[];
}

export const FIELDS: [string, string, string][] = [
  ['economy', 'Kinh tế', 'Economy'],
  ['culture_society', 'Văn hóa - xã hội', 'Culture–society'],
  ['defence_security', 'Quốc phòng - an ninh', 'Defence–security'],
  ['political_system', 'Xây dựng hệ thống chính trị', 'Political system'],
];

export default function Report({ params }: { params: { id: string; unitId: string } }) {
  const { tr, lang } = useLang();
  const { hasRole } = useSession();
  const [view, setView] = useState<ReportView | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [models, setModels] = useState<NewModel[]>([]);
  const [progress, setProgress] = useState<Progress[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState('');
  const url = `/api/campaigns/${params.id}/reports/${params.unitId}`;
  const load = () =>
    api<ReportView>(url)
      .then((v) => {
        setView(v);
        setAnswers(v.report?.data ?? {});
        setModels(v.report?.models.new ?? []);
        setProgress(v.report?.models.progress ?? []);
      })
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    void load();
  }, [url]);
  if (!view) return <Status>{error ? <ErrorBanner error={error} /> : tr('Đang tải…', 'Loading…')}</Status>;

  const editable =
    hasRole('ward_reporter') && view.completion.status !== 'submitted' && view.completion.status !== 'late';
  const body = () => ({
    answers,
    models: {
      new: models.map((m) => ({ ...m, name: m.name.trim() })).filter((m) => m.name),
      progress: progress.filter((p) => p.modelId && p.note.trim()),
    },
  });
  async function save(submit: boolean) {
    setError(null);
    setNote('');
    try {
      await api(submit ? `${url}/submit` : url, { method: submit ? 'POST' : 'PUT', json: body() });
      // Reload first, so the announced message and the status shown never disagree.
      await load();
      setNote(submit ? tr('Đã nộp báo cáo.', 'Report submitted.') : tr('Đã lưu bản nháp.', 'Draft saved.'));
    } catch (e) {
      setError(asApiError(e));
    }
  }
  const setModel = (i: number, patch: Partial<NewModel>) =>
    setModels(models.map((m, k) => (k === i ? { ...m, ...patch } : m)));
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(/[.\s]/g, '')));
  const c = view.completion;
  return (
    <section>
      <PageHeading title={`${view.campaign.title} — ${view.unit.name}`} />
      <p>
        {tr('Hạn nộp', 'Due')} {dmy(view.campaign.dueDate)} ·{' '}
        <strong id="report-status" data-status={c.status}>
          {tr(...STATUS_TEXT[c.status])}
        </strong>
      </p>
      {c.returnComment ? (
        <div class="banner banner-error" role="alert">
          <p>
            {tr('Báo cáo được trả lại để bổ sung:', 'Returned for correction:')} {c.returnComment}
          </p>
        </div>
      ) : null}
      <ErrorBanner error={error} unclaimed={error?.fields.filter((f) => !f.path.startsWith('answers.'))} />
      {note ? <Status>{note}</Status> : null}
      <FormView
        definition={view.definition}
        lang={lang}
        answers={answers}
        conditional
        idPrefix="rep-"
        errors={errorMap(error?.fields, lang)}
        onAnswer={(id: string, v: AnswerValue | undefined) => {
          const next = { ...answers };
          if (v === undefined) delete next[id];
          else next[id] = v;
          setAnswers(next);
        }}
      />
      <h2>{tr('Mô hình mới trong kỳ', 'New models this period')}</h2>
      {models.map((m, i) => (
        <fieldset key={m.id ?? `n${i}`} class="panel">
          <legend>
            {tr('Mô hình', 'Model')} {i + 1}
          </legend>
          <TextField
            label={tr('Tên mô hình', 'Model name')}
            required
            value={m.name}
            onValue={(v) => setModel(i, { name: v })}
          />
          <SelectField
            label={tr('Lĩnh vực', 'Field')}
            value={m.field}
            onValue={(v) => setModel(i, { field: v })}
            options={FIELDS.map(([v, vi, en]) => [v, tr(vi, en)] as const)}
          />
          <TextField
            label={tr('Số người tham gia', 'People mobilised')}
            inputMode="numeric"
            value={m.peopleMobilised?.toString() ?? ''}
            onValue={(v) => setModel(i, { peopleMobilised: num(v) })}
          />
          <TextField
            label={tr('Kinh phí huy động (đồng)', 'Money mobilised (VND)')}
            inputMode="numeric"
            value={m.moneyVnd?.toString() ?? ''}
            onValue={(v) => setModel(i, { moneyVnd: num(v) })}
          />
          {editable ? (
            <button type="button" onClick={() => setModels(models.filter((_, k) => k !== i))}>
              {tr('Bỏ mô hình này', 'Remove this model')}
            </button>
          ) : null}
        </fieldset>
      ))}
      {editable ? (
        <p>
          <button
            type="button"
            id="add-model"
            onClick={() => setModels([...models, { name: '', field: 'economy' }])}
          >
            {tr('Thêm mô hình mới', 'Add a new model')}
          </button>
        </p>
      ) : null}
      {view.unitModels.length ? (
        <>
          <h2>{tr('Tiến độ mô hình đã có', 'Progress on existing models')}</h2>
          {view.unitModels.map((m) => {
            const p = progress.find((x) => x.modelId === m.id);
            return (
              <TextField
                key={m.id}
                label={`${m.name} (${m.year})`}
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
      {editable ? (
        <p class="actions">
          <button type="button" onClick={() => save(false)}>
            {tr('Lưu nháp', 'Save draft')}
          </button>{' '}
          <button type="button" class="primary" id="submit-report" onClick={() => save(true)}>
            {tr('Nộp báo cáo', 'Submit report')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
