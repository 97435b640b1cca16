/**
 * Hồ sơ vụ việc: one case — facts and deadline, the citizen's answers and evidence (served by the
 * Worker to the case's roles only), the timeline (internal notes marked), the actions the caller's
 * roles allow, notes and public replies, extensions, the case file to download (PDF, JSON), and for
 * intake only the reporter's identity behind an explicit, audited "show" button.
 */
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { answerLines, formatAnswer } from '../../../../worker/forms/view/answers';
import { formatDateTime, formatDay } from '../../../../worker/lib/format';
import { type LocalText, labelOf } from '../../../../worker/lib/i18n';
import {
  CASE_ACTOR,
  CASE_CLOSURE,
  CASE_EVENT,
  CASE_KIND,
  CASE_SEVERITY,
  CASE_STATUS,
  CASE_VISIBILITY,
  DEADLINE_OUTCOME,
} from '../../../../worker/text/cases';
import { IDENTITY_FIELD } from '../../../../worker/text/forms';
import { ApiError, api, apiUrl, type Reply, type RequestBody } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { nameIn, useUnitName } from '../../lib/units';
import {
  CheckField,
  ErrorBanner,
  optionsOf,
  problemsAt,
  SelectField,
  Status,
  TextArea,
  TextField,
} from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import type { Unit } from '../org/UnitEditor';

type Transition = RequestBody<'/api/cases/{id}/transitions', 'post'>;
type Classify = Extract<Transition, { action: 'classify' }>;
type Close = Extract<Transition, { action: 'close' }>;
type Severity = NonNullable<Classify['severity']>;

const SEVERITY: Record<Severity, LocalText> = CASE_SEVERITY;
type CheckedBy = RequestBody<'/api/cases/{id}/pin', 'post'>['checkedBy'];
type Visibility = RequestBody<'/api/cases/{id}/notes', 'post'>['visibility'];

type CasePage = Reply<'/api/cases/{id}'>;

/** dd/mm/yyyy HH:mm in Vietnam time. */

export default function Case() {
  const unitName = useUnitName();
  const { params } = useRoute();
  const { tr, lang } = useLang();
  const [data, setData] = useState<CasePage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [msg, setMsg] = useState('');
  const [units, setUnits] = useState<Unit[]>([]);
  const [identity, setIdentity] = useState<Record<string, string> | null>(null);

  const load = () =>
    api
      .GET('/api/cases/{id}', { params: { path: { id: params.id! } } })
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: ApiError) => setError(e));
  useEffect(() => {
    void load();
  }, [params.id]);
  useEffect(() => {
    if (data?.actions.includes('forward') && !units.length) {
      api
        .GET('/api/org/units')
        .then((r) => setUnits(r.units))
        .catch(() => undefined);
    }
  }, [data]);

  async function act(body: Transition, done: string) {
    setMsg('');
    try {
      await api.POST('/api/cases/{id}/transitions', { params: { path: { id: params.id! } }, body });
      setMsg(done);
      await load();
    } catch (e) {
      setError(e as ApiError);
    }
  }

  if (error && !data) return <ErrorBanner error={error} />;
  if (!data) return <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>;
  const c = data.case;
  const isIntake = data.actors.includes('intake');
  return (
    <section class="case">
      <PageHeading title={`${tr({ vi: 'Vụ việc', en: 'Case' })} ${c.receiptCode}`}>
        <a href={`${BASE}/cases`}>{tr({ vi: '← Danh sách', en: '← All cases' })}</a>
      </PageHeading>
      <ErrorBanner error={error} />
      {msg ? <Status>{msg}</Status> : null}
      <dl class="facts">
        <dt>{tr({ vi: 'Loại', en: 'Kind' })}</dt>
        <dd>{tr(labelOf(CASE_KIND, c.kind))}</dd>
        <dt>{tr({ vi: 'Trạng thái', en: 'Status' })}</dt>
        <dd id="case-status">
          {tr(labelOf(CASE_STATUS, c.status))}
          {c.closure ? ` — ${tr(labelOf(CASE_CLOSURE, c.closure))}` : ''}
        </dd>
        <dt>{tr({ vi: 'Về', en: 'About' })}</dt>
        <dd>
          {c.subjectPersonId ? (
            <a href={`${BASE}/cases/people/${c.subjectPersonId}`}>{c.subjectName}</a>
          ) : (
            (unitName(c.unitId, c.unitName) ?? '—')
          )}
        </dd>
        <dt>{tr({ vi: 'Cơ quan xử lý', en: 'Responsible body' })}</dt>
        <dd>{unitName(c.bodyUnitId, c.bodyName) ?? '—'}</dd>
        <dt>{tr({ vi: 'Tiếp nhận lúc', en: 'Received' })}</dt>
        <dd>{formatDateTime(c.receivedAt)}</dd>
        <dt>{tr({ vi: 'Hạn', en: 'Due' })}</dt>
        <dd>
          {formatDay(c.due) || '—'}
          {c.overdue ? (
            <strong class="flag-overdue"> {tr(DEADLINE_OUTCOME.overdue)}</strong>
          ) : c.daysLeft !== null ? (
            ` (${
              c.working
                ? tr({ vi: `còn ${c.daysLeft} ngày làm việc`, en: `${c.daysLeft} working days left` })
                : tr({ vi: `còn ${c.daysLeft} ngày`, en: `${c.daysLeft} days left` })
            })`
          ) : null}
        </dd>
        {c.rating ? (
          <>
            <dt>{tr({ vi: 'Người gửi đánh giá', en: 'Reporter’s rating' })}</dt>
            <dd>{c.rating}/5</dd>
          </>
        ) : null}
      </dl>
      <CaseFile id={c.id} canIdentify={isIntake && !!data.identified} />

      <h2>{tr({ vi: 'Nội dung', en: 'Content' })}</h2>
      <dl class="answers">
        {data.questions
          .filter((q) => q.type !== 'file')
          .map((q) => (
            <div key={q.id}>
              <dt>{tr(q.label)}</dt>
              <dd>
                {q.type === 'likert' && q.answer && typeof q.answer === 'object' ? (
                  <ul class="likert-answer">
                    {answerLines(q, q.answer, lang).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                ) : (
                  formatAnswer(q, q.answer, lang, {
                    person: () => q.answerName ?? undefined,
                    unit: () => q.answerName ?? undefined,
                  }) || '—'
                )}
              </dd>
            </div>
          ))}
      </dl>
      {data.files.length ? (
        <>
          <h3>{tr({ vi: 'Tệp đính kèm', en: 'Evidence' })}</h3>
          <ul>
            {data.files.map((f, i) => (
              <li key={f.key}>
                <a
                  href={`/api/cases/${c.id}/file?key=${encodeURIComponent(f.key)}`}
                  target="_blank"
                  rel="noopener"
                >
                  {tr({ vi: 'Tệp', en: 'File' })} {i + 1}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {isIntake && data.identified ? (
        <section aria-labelledby="id-h">
          <h2 id="id-h">{tr({ vi: 'Thông tin người gửi (bảo mật)', en: 'Reporter (confidential)' })}</h2>
          {identity ? (
            <dl>
              {Object.entries(identity).map(([k, v]) => (
                <div key={k}>
                  <dt>{tr(labelOf(IDENTITY_FIELD, k))}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <button
              type="button"
              onClick={async () => {
                try {
                  setIdentity(
                    (await api.GET('/api/cases/{id}/identity', { params: { path: { id: c.id } } })).identity,
                  );
                } catch (e) {
                  setError(e as ApiError);
                }
              }}
            >
              {tr({ vi: 'Xem thông tin (được ghi nhật ký)', en: 'Show (this is logged)' })}
            </button>
          )}
        </section>
      ) : null}

      {isIntake && data.consent ? (
        <section aria-labelledby="consent-h" id="case-consent">
          <h2 id="consent-h">
            {tr({ vi: 'Sự đồng ý xử lý dữ liệu cá nhân', en: 'Consent to processing personal data' })}
          </h2>
          <dl>
            <div>
              <dt>{tr({ vi: 'Phiên bản văn bản', en: 'Text version' })}</dt>
              <dd>
                {data.consent.version}
                {data.consent.hash ? <code> #{data.consent.hash.slice(0, 12)}</code> : null}
              </dd>
            </div>
            <div>
              <dt>{tr({ vi: 'Đồng ý lúc', en: 'Given at' })}</dt>
              <dd>{formatDateTime(data.consent.acceptedAt)}</dd>
            </div>
            {data.consent.text ? (
              <div>
                <dt>{tr({ vi: 'Văn bản', en: 'Text' })}</dt>
                <dd>{tr({ vi: data.consent.text.vi, en: data.consent.text.en ?? undefined })}</dd>
              </div>
            ) : null}
            {!data.identified ? (
              <div>
                <dt>{tr({ vi: 'Hiện trạng', en: 'Now' })}</dt>
                <dd>
                  {tr({ vi: 'Người gửi đã rút lại / thông tin đã xóa', en: 'Withdrawn / identity removed' })}
                </dd>
              </div>
            ) : null}
          </dl>
        </section>
      ) : null}

      <Actions data={data} units={units} act={act} />
      {isIntake ? <PinReset id={c.id} identified={!!data.identified} /> : null}

      <h2>{tr({ vi: 'Diễn biến', en: 'Timeline' })}</h2>
      <ol class="timeline">
        {data.timeline.map((e) => (
          <li key={e.id} class={e.visibility === 'public' ? undefined : 'internal'}>
            <time>{formatDateTime(e.at)}</time> — <strong>{tr(labelOf(CASE_EVENT, e.type))}</strong>
            {e.toStatus ? ` → ${tr(labelOf(CASE_STATUS, e.toStatus))}` : ''}
            {e.actorName
              ? ` · ${e.actorName}`
              : e.actorKind === 'citizen'
                ? ` · ${tr(CASE_ACTOR.citizen)}`
                : ''}
            {e.visibility === 'public' ? '' : ` · ${tr(labelOf(CASE_VISIBILITY, e.visibility))}`}
            {e.body ? <p class="body">{e.body}</p> : null}
          </li>
        ))}
      </ol>
      <NoteForm id={c.id} isIntake={isIntake} onDone={load} />
    </section>
  );
}

/**
 * Hồ sơ vụ việc: the case file to download, PDF or JSON, in the console's language (decision 267).
 * Intake may include the reporter's identity; that read is logged like the "show" button's.
 */
function CaseFile({ id, canIdentify }: { id: string; canIdentify: boolean }) {
  const { tr, lang } = useLang();
  const [identity, setIdentity] = useState(false);
  const href = (format: 'pdf' | 'json') =>
    apiUrl(`/api/cases/${id}/export`, { format, lang, identity: identity ? '1' : undefined });
  return (
    <div id="case-file">
      <p class="downloads">
        {tr({ vi: 'Hồ sơ vụ việc', en: 'Case file' })}:{' '}
        <a href={href('pdf')} download>
          {tr({ vi: 'Tải PDF', en: 'Download PDF' })}
        </a>{' '}
        ·{' '}
        <a href={href('json')} download>
          {tr({ vi: 'Tải JSON', en: 'Download JSON' })}
        </a>
      </p>
      {canIdentify ? (
        <CheckField
          label={tr({
            vi: 'Kèm thông tin người gửi (được ghi nhật ký)',
            en: 'Include the reporter’s identity (this is logged)',
          })}
          checked={identity}
          onValue={setIdentity}
        />
      ) : null}
    </div>
  );
}

function Actions({
  data,
  units,
  act,
}: {
  data: CasePage;
  units: Unit[];
  act: (body: Transition, done: string) => Promise<void>;
}) {
  const { tr, lang } = useLang();
  const unitName = useUnitName();
  const c = data.case;
  const suggested = data.routingSuggestion;
  const [kind, setKind] = useState<Classify['kind']>(c.kind);
  const severities = optionsOf(SEVERITY, tr);
  const [severity, setSeverity] = useState<Severity>(
    severities.find(([s]) => s === c.severity)?.[0] ?? 'medium',
  );
  const [field, setField] = useState(c.field ?? '');
  const [body, setBody] = useState(suggested?.bodyUnitId ?? '');
  const [answer, setAnswer] = useState('');
  const [reason, setReason] = useState('');
  const [closure, setClosure] = useState<Close['closure']>('insufficient_info');
  const [into, setInto] = useState('');
  // A suggestion that arrives with a reload (after classifying) is preselected too.
  useEffect(() => {
    if (suggested && !body) setBody(suggested.bodyUnitId);
  }, [suggested?.bodyUnitId]);
  const a = data.actions;
  if (!a.length) return null;
  const done = tr({ vi: 'Đã cập nhật.', en: 'Updated.' });

  const classify = a.includes('classify') ? (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void act({ action: 'classify', kind, severity, field: field || null }, done);
      }}
    >
      <SelectField
        label={tr({ vi: 'Loại vụ việc', en: 'Kind' })}
        value={kind}
        onValue={setKind}
        options={optionsOf(CASE_KIND, tr)}
      />
      <TextField label={tr({ vi: 'Lĩnh vực', en: 'Field' })} value={field} onValue={setField} />
      <SelectField
        label={tr({ vi: 'Mức độ', en: 'Severity' })}
        value={severity}
        onValue={setSeverity}
        options={severities}
      />
      <button type="submit" class="primary">
        {tr(CASE_EVENT.classify)}
      </button>
    </form>
  ) : null;
  const forward = a.includes('forward') ? (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (body) void act({ action: 'forward', bodyUnitId: body }, done);
      }}
    >
      <SelectField
        id="forward-body"
        label={tr({ vi: 'Cơ quan xử lý', en: 'Responsible body' })}
        hint={
          suggested
            ? `${tr({ vi: 'Theo quy tắc định tuyến', en: 'Routing rule suggests' })}: ${unitName(suggested.bodyUnitId, suggested.bodyName)} (${tr({ vi: 'đã chọn sẵn, có thể đổi', en: 'preselected, can be changed' })})`
            : undefined
        }
        value={body}
        onValue={setBody}
        options={[
          ['', tr({ vi: '— Chọn —', en: '— Choose —' })],
          // The rule's suggestion first, marked, then every other unit.
          ...(suggested
            ? [
                [
                  suggested.bodyUnitId,
                  `${unitName(suggested.bodyUnitId, suggested.bodyName)} — ${tr({ vi: 'đề xuất', en: 'suggested' })}`,
                ] as const,
              ]
            : []),
          ...units.filter((u) => u.id !== suggested?.bodyUnitId).map((u) => [u.id, nameIn(u, lang)] as const),
        ]}
      />
      <button type="submit" class="primary">
        {tr(CASE_EVENT.forward)}
      </button>
    </form>
  ) : null;
  const handling = (
    <>
      {a.includes('start') ? (
        <button type="button" onClick={() => void act({ action: 'start' }, done)}>
          {tr(CASE_EVENT.start)}
        </button>
      ) : null}
      {a.includes('answer') ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (answer.trim()) void act({ action: 'answer', answer }, done);
          }}
        >
          <TextArea
            label={tr({ vi: 'Trả lời công khai cho người gửi', en: 'Public answer to the reporter' })}
            value={answer}
            onValue={setAnswer}
            rows={4}
            required
            id="case-answer"
          />
          <button type="submit" class="primary">
            {tr(CASE_EVENT.answer)}
          </button>
        </form>
      ) : null}
      {a.includes('return') ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void act({ action: 'return', reason }, done);
          }}
        >
          <TextField label={tr({ vi: 'Lý do trả lại', en: 'Reason' })} value={reason} onValue={setReason} />
          <button type="submit">{tr(CASE_EVENT.return)}</button>
        </form>
      ) : null}
    </>
  );
  const ending = (
    <>
      {a.includes('close') ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act({ action: 'close', closure }, done);
          }}
        >
          <SelectField
            label={tr({ vi: 'Kết quả', en: 'Outcome' })}
            value={closure}
            onValue={setClosure}
            options={optionsOf(CASE_CLOSURE, tr).filter(
              ([k]) => k !== 'duplicate' && (k !== 'resolved' || c.answer),
            )}
          />
          <button type="submit">{tr(CASE_EVENT.close)}</button>
        </form>
      ) : null}
      {a.includes('merge') ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (into) void act({ action: 'merge', intoId: into.trim() }, done);
          }}
        >
          <TextField
            label={tr({ vi: 'Mã nội bộ của vụ việc gốc', en: 'Id of the original case' })}
            value={into}
            onValue={setInto}
          />
          <button type="submit">{tr(CASE_EVENT.merge)}</button>
        </form>
      ) : null}
    </>
  );
  return (
    <section aria-labelledby="act-h" class="actions">
      <h2 id="act-h">{tr({ vi: 'Xử lý', en: 'Actions' })}</h2>
      {classify || forward ? (
        <fieldset class="action-group" id="act-intake">
          <legend>{tr({ vi: 'Tiếp nhận và chuyển xử lý', en: 'Intake and forwarding' })}</legend>
          {classify}
          {forward}
        </fieldset>
      ) : null}
      {a.includes('start') || a.includes('answer') || a.includes('return') ? (
        <fieldset class="action-group" id="act-handling">
          <legend>{tr({ vi: 'Giải quyết', en: 'Handling' })}</legend>
          {handling}
        </fieldset>
      ) : null}
      {a.includes('close') || a.includes('merge') ? (
        <fieldset class="action-group action-end" id="act-end">
          <legend>{tr({ vi: 'Kết thúc hoặc gộp vụ việc', en: 'Close or merge the case' })}</legend>
          {ending}
        </fieldset>
      ) : null}
    </section>
  );
}

/**
 * Cấp lại mã PIN: for a reporter who lost it. Intake picks how the person was checked (a closed
 * choice: no free text that could carry the reporter's name onto the case); the new PIN shows
 * once, here only. Without contact details only the receipt code shown in person is offered.
 */
function PinReset({ id, identified }: { id: string; identified: boolean }) {
  const { tr, lang } = useLang();
  const [checkedBy, setCheckedBy] = useState<CheckedBy>('receipt_shown');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const checks: [CheckedBy, string][] = [
    [
      'receipt_shown',
      tr({
        vi: 'Người đề nghị trình mã biên nhận (gặp trực tiếp)',
        en: 'The person showed the receipt code (in person)',
      }),
    ],
    ...(identified
      ? ([
          [
            'call_back',
            tr({
              vi: 'Gọi lại số điện thoại người gửi đã để lại',
              en: 'Called back the number the reporter left',
            }),
          ],
          [
            'id_document',
            tr({
              vi: 'Đối chiếu giấy tờ tùy thân với thông tin người gửi',
              en: 'Checked an ID against the reporter’s details',
            }),
          ],
        ] as [CheckedBy, string][])
      : []),
  ];
  return (
    <details class="panel" id="pin-reset">
      <summary>{tr({ vi: 'Cấp lại mã PIN theo dõi', en: 'Issue a new tracking PIN' })}</summary>
      {pin ? (
        <p role="status">
          {tr({ vi: 'Mã PIN mới (chỉ hiện một lần)', en: 'New PIN (shown once)' })}:{' '}
          <strong id="new-pin">{pin}</strong>
        </p>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            try {
              const r = await api.POST('/api/cases/{id}/pin', {
                params: { path: { id } },
                body: { checkedBy },
              });
              setPin(r.pin);
            } catch (err) {
              setError(err instanceof ApiError ? err : null);
            }
          }}
        >
          <p class="hint">
            {tr({
              vi: 'Chỉ cấp lại khi đã chắc người đề nghị là người gửi. Mã PIN cũ sẽ không dùng được nữa; việc cấp lại được ghi nhật ký.',
              en: 'Only once you are sure the person is the reporter. The old PIN stops working; this is logged.',
            })}
          </p>
          <ErrorBanner error={error} />
          <SelectField
            id="pin-check"
            label={tr({ vi: 'Đã xác minh người đề nghị bằng cách', en: 'How the person was checked' })}
            value={checkedBy}
            onValue={setCheckedBy}
            options={checks}
            errors={problemsAt(error?.fields, 'checkedBy', lang)}
          />
          <button type="submit">{tr({ vi: 'Cấp mã PIN mới', en: 'Issue a new PIN' })}</button>
        </form>
      )}
    </details>
  );
}

function NoteForm({ id, isIntake, onDone }: { id: string; isIntake: boolean; onDone: () => Promise<void> }) {
  const { tr } = useLang();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('internal');
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <form
      class="note"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!body.trim()) return;
        try {
          await api.POST('/api/cases/{id}/notes', { params: { path: { id } }, body: { body, visibility } });
          setBody('');
          await onDone();
        } catch (err) {
          setError(err instanceof ApiError ? err : null);
        }
      }}
    >
      <h2>{tr({ vi: 'Ghi chú, phản hồi', en: 'Notes and replies' })}</h2>
      <ErrorBanner error={error} />
      <TextArea
        label={tr({ vi: 'Nội dung', en: 'Text' })}
        value={body}
        onValue={setBody}
        hint={tr({
          vi: isIntake
            ? 'Cơ quan xử lý đọc được ghi chú nội bộ: điều gì về người gửi, hãy ghi "Chỉ cán bộ tiếp nhận".'
            : 'Cơ quan xử lý đọc được ghi chú nội bộ: không ghi tên, số điện thoại hay thông tin nào của người gửi.',
          en: isIntake
            ? 'The handling body reads internal notes: anything about the reporter goes in "Intake only".'
            : 'The handling body reads internal notes: never write the reporter’s name, number or other details.',
        })}
      />
      <SelectField
        label={tr({ vi: 'Ai được xem', en: 'Who sees it' })}
        value={visibility}
        onValue={setVisibility}
        options={[
          ['internal', tr(CASE_VISIBILITY.internal)],
          ...(isIntake ? ([['intake', tr(CASE_VISIBILITY.intake)]] as [Visibility, string][]) : []),
          ['public', tr(CASE_VISIBILITY.public)],
        ]}
      />
      <button type="submit">{tr({ vi: 'Lưu', en: 'Save' })}</button>
    </form>
  );
}
