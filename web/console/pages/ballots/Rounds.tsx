/**
 * Lấy phiếu tín nhiệm (counting board): the rounds in the board's scope and a form to create one.
 * Papers and people are rows of name and position (PapersEditor), pasted from Excel if the board
 * has them there; the meeting date starts at today in Vietnam.
 */
import { useEffect, useState } from 'preact/hooks';
import { vnDay } from '../../../../worker/lib/time';
import { type ApiError, api, asApiError } from '../../lib/api';
import { isoToDmy, parseDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import {
  DateField,
  ErrorBanner,
  problemsAt,
  SelectField,
  Status,
  TextArea,
  TextField,
} from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { emptyPaper, PapersEditor } from './PapersEditor';
import { type PaperDraft, papersToGroups } from './papers';
import { PHASE_LABEL, type RoundDetail, type RoundSummary } from './types';

function CreateRound({ onCreated }: { onCreated: (id: string) => void }) {
  const { tr, lang } = useLang();
  const { me } = useSession();
  const units = (me?.grants ?? []).filter((g) => g.role === 'counting_board');
  const [unitId, setUnitId] = useState(units[0]?.unitId ?? '');
  const [name, setName] = useState('');
  const [summoned, setSummoned] = useState('');
  // Today in Vietnam (Asia/Ho_Chi_Minh), not in UTC: before 07:00 the UTC date is yesterday's.
  const [meetingDate, setMeetingDate] = useState(isoToDmy(vnDay()));
  const [meetingPlace, setMeetingPlace] = useState('');
  const [locality, setLocality] = useState('');
  const [denominator, setDenominator] = useState('collected');
  const [papers, setPapers] = useState<PaperDraft[]>([emptyPaper()]);
  const [mode, setMode] = useState<'codes' | 'remote'>('codes');
  const [roster, setRoster] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<RoundDetail>('/api/ballots/rounds', {
        method: 'POST',
        json: {
          unitId,
          name: name.trim(),
          mode,
          members: roster
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => {
              const [fullName = '', email = ''] = l.split('|').map((x) => x.trim());
              return email ? { fullName, email } : { fullName };
            }),
          summoned: Number(summoned),
          // dd/mm/yyyy as typed (decision 211); an unreadable date goes as typed and is refused.
          meetingDate: parseDmy(meetingDate) ?? meetingDate,
          meetingPlace: meetingPlace.trim(),
          locality: locality.trim(),
          denominator,
          groups: papersToGroups(papers),
        },
      });
      onCreated(r.round.id);
    } catch (err) {
      setError(asApiError(err));
    }
  }
  const f = error?.fields;
  return (
    <form onSubmit={submit} class="panel" aria-labelledby="new-round">
      <h2 id="new-round">{tr('Tạo đợt lấy phiếu', 'New vote round')}</h2>
      <ErrorBanner error={error} />
      <SelectField
        label={tr('Cơ quan, tổ chức lấy phiếu', 'Body')}
        value={unitId}
        onValue={setUnitId}
        options={units.map((u) => [u.unitId, u.unitName] as const)}
      />
      <SelectField
        label={tr('Hình thức', 'Mode')}
        value={mode}
        onValue={(v) => setMode(v as 'codes' | 'remote')}
        options={[
          ['codes', tr('Tại hội trường: mã in sẵn, bốc thăm', 'In the room: printed codes drawn at random')],
          ['remote', tr('Trực tuyến: phiếu điện tử ký mù', 'Remote: blind-signed tokens')],
        ]}
      />
      <TextField
        label={tr('Tên đợt', 'Name')}
        required
        value={name}
        onValue={setName}
        errors={problemsAt(f, 'name', lang)}
      />
      <TextField
        label={tr('Số người được triệu tập', 'Members summoned')}
        type="number"
        min={1}
        required
        value={summoned}
        onValue={setSummoned}
        errors={problemsAt(f, 'summoned', lang)}
      />
      <DateField
        label={tr('Ngày họp', 'Meeting date')}
        hint={tr('Ngày/tháng/năm, ví dụ 07/12/2026', 'Day/month/year, e.g. 07/12/2026')}
        required
        value={meetingDate}
        onValue={setMeetingDate}
        errors={problemsAt(f, 'meetingDate', lang)}
      />
      <TextField label={tr('Địa điểm', 'Place')} value={meetingPlace} onValue={setMeetingPlace} />
      <TextField
        label={tr(
          'Địa danh (ghi ở dòng ngày tháng của biên bản)',
          'Locality (for the date line of the minutes)',
        )}
        hint={tr('Ví dụ: Thanh Hóa', 'E.g. Thanh Hóa')}
        value={locality}
        onValue={setLocality}
      />
      <SelectField
        label={tr('Tỷ lệ tính trên', 'Percentages over')}
        value={denominator}
        onValue={setDenominator}
        options={[
          ['collected', tr('Số phiếu thu vào (mặc định)', 'Ballots collected (default)')],
          ['issued', tr('Số phiếu phát ra', 'Ballots issued')],
          ['summoned', tr('Số người được triệu tập', 'Members summoned')],
          ['valid', tr('Số phiếu hợp lệ', 'Valid marks')],
        ]}
      />
      <PapersEditor
        papers={papers}
        onPapers={setPapers}
        // Problems anywhere in the papers (a missing name in row 3 of paper 2 …), each with its message.
        errors={(f ?? [])
          .filter((p) => p.path === 'groups' || p.path.startsWith('groups.'))
          .map((p) => p.message[lang] || p.message.vi)}
      />
      <TextArea
        label={tr(
          'Danh sách triệu tập (không bắt buộc khi dùng mã in sẵn)',
          'Roster (optional with printed codes)',
        )}
        hint={tr(
          'Mỗi dòng: Họ và tên | thư điện tử tài khoản. Bỏ phiếu trực tuyến cần đủ một dòng cho mỗi người được triệu tập.',
          'One line each: Name | account e-mail. Remote voting needs one line per member summoned.',
        )}
        rows={4}
        value={roster}
        onValue={setRoster}
        errors={problemsAt(f, 'members', lang)}
      />
      <button type="submit">{tr('Tạo đợt', 'Create')}</button>
    </form>
  );
}

export default function Rounds() {
  const { tr } = useLang();
  const [rounds, setRounds] = useState<RoundSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api<{ rounds: RoundSummary[] }>('/api/ballots/rounds')
      .then((r) => setRounds(r.rounds))
      .catch((e) => setError(asApiError(e)));
  }, []);
  return (
    <section>
      <PageHeading title={tr('Lấy phiếu tín nhiệm', 'Confidence votes')} />
      <ErrorBanner error={error} />
      {rounds === null ? (
        <Status>{tr('Đang tải…', 'Loading…')}</Status>
      ) : rounds.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{tr('Đợt', 'Round')}</th>
                <th>{tr('Cơ quan', 'Body')}</th>
                <th>{tr('Ngày họp', 'Date')}</th>
                <th>{tr('Giai đoạn', 'Phase')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`${BASE}/ballots/${r.id}`}>{r.name}</a>
                  </td>
                  <td>{r.unitName}</td>
                  <td>{r.meetingDate.split('-').reverse().join('/')}</td>
                  <td>{tr(...PHASE_LABEL[r.phase])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{tr('Chưa có đợt lấy phiếu nào.', 'No rounds yet.')}</p>
      )}
      <CreateRound onCreated={(id) => location.assign(`${BASE}/ballots/${id}`)} />
    </section>
  );
}
