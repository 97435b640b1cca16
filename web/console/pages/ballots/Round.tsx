/**
 * One vote round for its counting board: the phase steps (each entered by an explicit button),
 * attendance and quorum, printing and voiding codes, then — only from counting on — the figures
 * and the minutes. While casting the page shows one bit ("every code used"), never a count.
 */
import { useEffect, useState } from 'preact/hooks';
import { ResultsTable } from '../../../../worker/ballots/results-table';
import { type ApiError, api, asApiError } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { CheckField, ErrorBanner, Status, TextArea, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { download, PHASE_LABEL, PHASES, type Phase, type RoundDetail, type Tally } from './types';

function TallyTable({ id, groups }: { id: string; groups: RoundDetail['groups'] }) {
  const { tr, lang } = useLang();
  const [tally, setTally] = useState<Tally | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api<Tally>(`/api/ballots/rounds/${id}/tally`)
      .then(setTally)
      .catch((e) => setError(asApiError(e)));
  }, [id]);
  if (error) return <ErrorBanner error={error} />;
  if (!tally) return <Status>{tr('Đang kiểm phiếu…', 'Counting…')}</Status>;
  return (
    <>
      <p>
        {tr('Phát ra', 'Issued')}: <strong data-figure="issued">{tally.issued}</strong> ·{' '}
        {tr('Thu vào', 'Collected')}: <strong data-figure="collected">{tally.collected}</strong>
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
          {tr('Tải biên bản kiểm phiếu (PDF)', 'Download the minutes (PDF)')}
        </a>{' '}
        <a href={`/api/ballots/rounds/${id}/minutes.csv`} download>
          {tr('Số liệu (CSV)', 'Figures (CSV)')}
        </a>
      </p>
    </>
  );
}

export default function Round({ params }: { params: { id: string } }) {
  const { tr } = useLang();
  const id = params.id;
  const [data, setData] = useState<RoundDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [present, setPresent] = useState('');
  const [voidText, setVoidText] = useState('');
  const [here, setHere] = useState<Set<string>>(new Set());
  const load = () =>
    api<RoundDetail>(`/api/ballots/rounds/${id}`)
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
  if (!data) return error ? <ErrorBanner error={error} /> : <Status>{tr('Đang tải…', 'Loading…')}</Status>;
  const r = data.round;
  const next = PHASES[PHASES.indexOf(r.phase) + 1] as Phase | undefined;
  const ballotUrl = `${location.origin}/b/${r.id}`;
  return (
    <section>
      <PageHeading title={r.name} />
      <p>
        {r.unitName} · {r.meetingDate.split('-').reverse().join('/')}
        {r.meetingPlace ? ` · ${r.meetingPlace}` : ''} ·{' '}
        {r.mode === 'codes'
          ? tr('Mã in sẵn', 'Printed codes')
          : tr('Trực tuyến (ký mù)', 'Remote (blind signatures)')}
      </p>
      <ol class="steps" aria-label={tr('Các giai đoạn', 'Phases')}>
        {PHASES.map((p) => (
          <li key={p} aria-current={p === r.phase ? 'step' : undefined}>
            {p === r.phase ? <strong>{tr(...PHASE_LABEL[p])}</strong> : tr(...PHASE_LABEL[p])}
          </li>
        ))}
      </ol>
      <ErrorBanner error={error} />
      {status ? <Status>{status}</Status> : null}
      <p>
        {tr('Triệu tập', 'Summoned')}: <strong>{r.summoned}</strong> · {tr('Có mặt', 'Present')}:{' '}
        <strong data-figure="present">{r.present ?? '—'}</strong> ·{' '}
        {r.quorum
          ? tr('Đủ 2/3: hợp lệ', 'Two thirds present: quorate')
          : tr('Chưa đủ 2/3', 'Not yet two thirds')}
      </p>
      {r.keyFingerprint ? (
        <p>
          {tr('Dấu vân tay khóa', 'Key fingerprint')}: <code>{r.keyFingerprint}</code>
        </p>
      ) : null}
      {r.phase === 'setup' || r.phase === 'issuing' ? (
        <form
          class="panel"
          onSubmit={(e) => {
            e.preventDefault();
            act(
              () =>
                api(`/api/ballots/rounds/${id}/attendance`, {
                  method: 'POST',
                  json: data.members.length ? { memberIds: [...here] } : { present: Number(present) },
                }),
              tr('Đã ghi số có mặt.', 'Attendance recorded.'),
            );
          }}
        >
          <h2>{tr('Điểm danh', 'Attendance')}</h2>
          {data.members.length ? (
            <fieldset>
              <legend>{tr('Có mặt', 'Present')}</legend>
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
              label={tr('Số người có mặt', 'Members present')}
              type="number"
              min={0}
              required
              value={present}
              onValue={setPresent}
            />
          )}
          <button type="submit">{tr('Ghi số có mặt', 'Record attendance')}</button>
        </form>
      ) : null}
      {r.phase === 'issuing' && r.mode === 'codes' ? (
        <div class="panel">
          <h2>{tr('Mã bỏ phiếu', 'Ballot codes')}</h2>
          <p>
            {tr('Đã in', 'Printed')}: <strong data-figure="codes">{r.codesGenerated}</strong> /{' '}
            {r.present ?? 0}.{' '}
            {tr(
              'In phiếu mã, cắt rời, gấp lại và cho từng người bốc ngẫu nhiên. Hệ thống chỉ lưu mã băm, không biết ai giữ mã nào; mã chỉ hiện một lần trong tệp PDF này.',
              'Print the slips, cut, fold and let each member draw one at random. Only hashes are stored; the codes exist only in this PDF.',
            )}
          </p>
          <button
            type="button"
            disabled={(r.present ?? 0) <= r.codesGenerated}
            onClick={() =>
              act(
                async () => {
                  const res = await fetch(`/api/ballots/rounds/${id}/codes`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json' },
                    body: '{}',
                    credentials: 'same-origin',
                  });
                  if (!res.ok)
                    throw new Error(((await res.json()) as { error: { message: string } }).error.message);
                  await download(res, 'ma-bo-phieu.pdf');
                },
                tr('Đã tạo tệp phiếu mã.', 'Slips PDF created.'),
              )
            }
          >
            {tr('In phiếu mã (PDF)', 'Print code slips (PDF)')}
          </button>
          <TextArea
            label={tr('Mã không phát ra (hủy)', 'Codes not handed out (void)')}
            hint={tr('Mỗi mã một dòng.', 'One code per line.')}
            value={voidText}
            onValue={setVoidText}
          />
          <button
            type="button"
            disabled={!voidText.trim()}
            onClick={() =>
              act(
                () =>
                  api(`/api/ballots/rounds/${id}/codes/void`, {
                    method: 'POST',
                    json: { codes: voidText.split(/\s*\n\s*/).filter(Boolean) },
                  }),
                tr('Đã hủy các mã.', 'Codes voided.'),
              )
            }
          >
            {tr('Hủy các mã này', 'Void these codes')}
          </button>
        </div>
      ) : null}
      {r.phase === 'casting' ? (
        <div class="panel">
          <h2>{tr('Đang bỏ phiếu', 'Casting')}</h2>
          <p>
            {tr('Trang bỏ phiếu', 'Ballot page')}: <a href={ballotUrl}>{ballotUrl}</a>
          </p>
          <p data-all-cast={String(r.allCast)}>
            {r.allCast
              ? tr('Tất cả mã đã phát đều đã được dùng.', 'Every code handed out has been used.')
              : tr(
                  'Chưa phải tất cả mã đã được dùng. (Không hiển thị số lượng trước khi kiểm phiếu.)',
                  'Not every code has been used yet. (No counts are shown before counting.)',
                )}
          </p>
          <button type="button" onClick={() => load()}>
            {tr('Cập nhật', 'Refresh')}
          </button>
        </div>
      ) : null}
      {r.phase === 'counting' || r.phase === 'published' ? (
        <div class="panel">
          <h2>{tr('Kết quả kiểm phiếu', 'Count')}</h2>
          <TallyTable id={id} groups={data.groups} />
          {r.phase === 'published' ? (
            <p>
              <a href={`/b/${r.id}/results`}>{tr('Trang kết quả công khai', 'Public results page')}</a>
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
                  tr(
                    `Chuyển sang giai đoạn "${PHASE_LABEL[next][0]}"? Không thể quay lại.`,
                    `Move to "${PHASE_LABEL[next][1]}"? This cannot be undone.`,
                  ),
                )
              )
                return;
              act(
                () => api(`/api/ballots/rounds/${id}/phase`, { method: 'POST', json: { to: next } }),
                tr('Đã chuyển giai đoạn.', 'Phase changed.'),
              );
            }}
          >
            {tr('Chuyển sang', 'Move to')}: {tr(...PHASE_LABEL[next])}
          </button>
        </p>
      ) : null}
      <h2>{tr('Phiếu', 'Papers')}</h2>
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
