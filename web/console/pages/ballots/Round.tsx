/**
 * One vote round for its counting board: the phase steps (each entered by an explicit button),
 * attendance and quorum, printing and voiding codes, then — only from counting on — the figures
 * and the minutes. While casting the page shows one bit ("every code used"), never a count.
 */
import { useEffect, useState } from 'preact/hooks';
import { ResultsTable } from '../../../../worker/ballots/results-table';
import { formatDay } from '../../../../worker/lib/format';
import { BALLOT_MODE, BALLOT_PHASE, TALLY_FIGURE } from '../../../../worker/text/ballots';
import { type ApiError, api, apiClient, asApiError, type Reply } from '../../lib/api';
import { download } from '../../lib/download';
import { useLang } from '../../lib/lang';
import { useUnitName } from '../../lib/units';
import { CheckField, ErrorBanner, Status, TextArea, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { PHASES, type Phase } from './types';

type RoundDetail = Reply<'/api/ballots/rounds/{id}'>;

function TallyTable({ id, groups }: { id: string; groups: RoundDetail['groups'] }) {
  const { tr, lang } = useLang();
  const [tally, setTally] = useState<Reply<'/api/ballots/rounds/{id}/tally'> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api
      .GET('/api/ballots/rounds/{id}/tally', { params: { path: { id } } })
      .then(setTally)
      .catch((e) => setError(asApiError(e)));
  }, [id]);
  if (error) return <ErrorBanner error={error} />;
  if (!tally) return <Status>{tr({ vi: 'Đang kiểm phiếu…', en: 'Counting…' })}</Status>;
  return (
    <>
      <p>
        {tr(TALLY_FIGURE.issued)}: <strong data-figure="issued">{tally.issued}</strong> ·{' '}
        {tr(TALLY_FIGURE.collected)}: <strong data-figure="collected">{tally.collected}</strong>
      </p>
      {groups.map((g) => (
        <ResultsTable
          key={g.id}
          lang={lang}
          caption={g.title}
          rows={tally.candidates.filter((c) => c.groupId === g.id)}
        />
      ))}
      <p>
        <a class="button" href={`/api/ballots/rounds/${id}/minutes.pdf`} download>
          {tr({ vi: 'Tải biên bản kiểm phiếu (PDF)', en: 'Download the minutes (PDF)' })}
        </a>{' '}
        <a href={`/api/ballots/rounds/${id}/minutes.csv`} download>
          {tr({ vi: 'Số liệu (CSV)', en: 'Figures (CSV)' })}
        </a>
      </p>
    </>
  );
}

export default function Round({ params }: { params: { id: string } }) {
  const { tr } = useLang();
  const unitName = useUnitName();
  const id = params.id;
  const [data, setData] = useState<RoundDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [present, setPresent] = useState('');
  const [voidText, setVoidText] = useState('');
  const [here, setHere] = useState<Set<string>>(new Set());
  const load = () =>
    api
      .GET('/api/ballots/rounds/{id}', { params: { path: { id } } })
      .then((d) => {
        setData(d);
        setPresent(d.round.present == null ? '' : String(d.round.present));
        setHere(new Set(d.members.filter((m) => m.present).map((m) => m.id)));
      })
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    load();
  }, [id]);
  async function act(fn: () => Promise<unknown>, done: string) {
    setError(null);
    setStatus('');
    try {
      await fn();
      // Reload first, then announce: the status line means the page shows the new state.
      await load();
      setStatus(done);
    } catch (e) {
      setError(asApiError(e));
    }
  }
  if (!data)
    return error ? <ErrorBanner error={error} /> : <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>;
  const r = data.round;
  // The phase after another is never the first one.
  const next = PHASES[PHASES.indexOf(r.phase) + 1] as Exclude<Phase, 'setup'> | undefined;
  const ballotUrl = `${location.origin}/b/${r.id}`;
  return (
    <section>
      <PageHeading title={r.name} />
      <p>
        {unitName(r.unitId, r.unitName)} · {formatDay(r.meetingDate)}
        {r.meetingPlace ? ` · ${r.meetingPlace}` : ''} · {tr(BALLOT_MODE[r.mode])}
      </p>
      <ol class="steps" aria-label={tr({ vi: 'Các giai đoạn', en: 'Phases' })}>
        {PHASES.map((p) => (
          <li key={p} aria-current={p === r.phase ? 'step' : undefined}>
            {p === r.phase ? <strong>{tr(BALLOT_PHASE[p])}</strong> : tr(BALLOT_PHASE[p])}
          </li>
        ))}
      </ol>
      <ErrorBanner error={error} />
      {status ? <Status>{status}</Status> : null}
      <p>
        {tr(TALLY_FIGURE.summoned)}: <strong>{r.summoned}</strong> · {tr(TALLY_FIGURE.present)}:{' '}
        <strong data-figure="present">{r.present ?? '—'}</strong> ·{' '}
        {r.quorum
          ? tr({ vi: 'Đủ 2/3: hợp lệ', en: 'Two thirds present: quorate' })
          : tr({ vi: 'Chưa đủ 2/3', en: 'Not yet two thirds' })}
      </p>
      {r.keyFingerprint ? (
        <p>
          {tr({ vi: 'Dấu vân tay khóa', en: 'Key fingerprint' })}: <code>{r.keyFingerprint}</code>
        </p>
      ) : null}
      {r.phase === 'setup' || r.phase === 'issuing' ? (
        <form
          class="panel"
          onSubmit={(e) => {
            e.preventDefault();
            act(
              () =>
                api.POST('/api/ballots/rounds/{id}/attendance', {
                  params: { path: { id } },
                  body: data.members.length ? { memberIds: [...here] } : { present: Number(present) },
                }),
              tr({ vi: 'Đã ghi số có mặt.', en: 'Attendance recorded.' }),
            );
          }}
        >
          <h2>{tr({ vi: 'Điểm danh', en: 'Attendance' })}</h2>
          {data.members.length ? (
            <fieldset>
              <legend>{tr(TALLY_FIGURE.present)}</legend>
              {data.members.map((m) => (
                <CheckField
                  key={m.id}
                  label={m.fullName}
                  checked={here.has(m.id)}
                  onValue={(on) => {
                    const next = new Set(here);
                    if (on) next.add(m.id);
                    else next.delete(m.id);
                    setHere(next);
                  }}
                />
              ))}
            </fieldset>
          ) : (
            <TextField
              label={tr({ vi: 'Số người có mặt', en: 'Members present' })}
              type="number"
              min={0}
              required
              value={present}
              onValue={setPresent}
            />
          )}
          <button type="submit">{tr({ vi: 'Ghi số có mặt', en: 'Record attendance' })}</button>
        </form>
      ) : null}
      {r.phase === 'issuing' && r.mode === 'codes' ? (
        <div class="panel">
          <h2>{tr({ vi: 'Mã bỏ phiếu', en: 'Ballot codes' })}</h2>
          <p>
            {tr({ vi: 'Đã in', en: 'Printed' })}: <strong data-figure="codes">{r.codesGenerated}</strong> /{' '}
            {r.present ?? 0}.{' '}
            {tr({
              vi: 'In phiếu mã, cắt rời, gấp lại và cho từng người bốc ngẫu nhiên. Hệ thống chỉ lưu mã băm, không biết ai giữ mã nào; mã chỉ hiện một lần trong tệp PDF này.',
              en: 'Print the slips, cut, fold and let each member draw one at random. Only hashes are stored; the codes exist only in this PDF.',
            })}
          </p>
          <button
            type="button"
            disabled={(r.present ?? 0) <= r.codesGenerated}
            onClick={() =>
              act(
                async () => {
                  // The PDF's name is in the response's headers: the file is read from the response.
                  const { response } = await apiClient.POST('/api/ballots/rounds/{id}/codes', {
                    params: { path: { id } },
                    body: {},
                    parseAs: 'stream',
                  });
                  await download(response, 'ma-bo-phieu.pdf');
                },
                tr({ vi: 'Đã tạo tệp phiếu mã.', en: 'Slips PDF created.' }),
              )
            }
          >
            {tr({ vi: 'In phiếu mã (PDF)', en: 'Print code slips (PDF)' })}
          </button>
          <TextArea
            label={tr({ vi: 'Mã không phát ra (hủy)', en: 'Codes not handed out (void)' })}
            hint={tr({ vi: 'Mỗi mã một dòng.', en: 'One code per line.' })}
            value={voidText}
            onValue={setVoidText}
          />
          <button
            type="button"
            disabled={!voidText.trim()}
            onClick={() =>
              act(
                () =>
                  api.POST('/api/ballots/rounds/{id}/codes/void', {
                    params: { path: { id } },
                    body: { codes: voidText.split(/\s*\n\s*/).filter(Boolean) },
                  }),
                tr({ vi: 'Đã hủy các mã.', en: 'Codes voided.' }),
              )
            }
          >
            {tr({ vi: 'Hủy các mã này', en: 'Void these codes' })}
          </button>
        </div>
      ) : null}
      {r.phase === 'casting' ? (
        <div class="panel">
          <h2>{tr({ vi: 'Đang bỏ phiếu', en: 'Casting' })}</h2>
          <p>
            {tr({ vi: 'Trang bỏ phiếu', en: 'Ballot page' })}: <a href={ballotUrl}>{ballotUrl}</a>
          </p>
          <p data-all-cast={String(r.allCast)}>
            {r.allCast
              ? tr({ vi: 'Tất cả mã đã phát đều đã được dùng.', en: 'Every code handed out has been used.' })
              : tr({
                  vi: 'Chưa phải tất cả mã đã được dùng. (Không hiển thị số lượng trước khi kiểm phiếu.)',
                  en: 'Not every code has been used yet. (No counts are shown before counting.)',
                })}
          </p>
          <button type="button" onClick={() => load()}>
            {tr({ vi: 'Cập nhật', en: 'Refresh' })}
          </button>
        </div>
      ) : null}
      {r.phase === 'counting' || r.phase === 'published' ? (
        <div class="panel">
          <h2>{tr({ vi: 'Kết quả kiểm phiếu', en: 'Count' })}</h2>
          <TallyTable id={id} groups={data.groups} />
          {r.phase === 'published' ? (
            <p>
              <a href={`/b/${r.id}/results`}>
                {tr({ vi: 'Trang kết quả công khai', en: 'Public results page' })}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
      {next ? (
        <p>
          <button
            type="button"
            class="primary"
            onClick={() => {
              if (
                !confirm(
                  tr({
                    vi: `Chuyển sang giai đoạn "${BALLOT_PHASE[next].vi}"? Không thể quay lại.`,
                    en: `Move to "${BALLOT_PHASE[next].en}"? This cannot be undone.`,
                  }),
                )
              )
                return;
              act(
                () =>
                  api.POST('/api/ballots/rounds/{id}/phase', {
                    params: { path: { id } },
                    body: { to: next },
                  }),
                tr({ vi: 'Đã chuyển giai đoạn.', en: 'Phase changed.' }),
              );
            }}
          >
            {tr({ vi: 'Chuyển sang', en: 'Move to' })}: {tr(BALLOT_PHASE[next])}
          </button>
        </p>
      ) : null}
      <h2>{tr({ vi: 'Phiếu', en: 'Papers' })}</h2>
      {data.groups.map((g) => (
        <div key={g.id}>
          <h3>{g.title}</h3>
          <ul>
            {g.candidates.map((c) => (
              <li key={c.id}>
                {c.fullName} — {c.position}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
