/**
 * Lấy phiếu tín nhiệm (counting board): the rounds in the board's scope and a form to create one.
 * Papers and people are rows of name and position (PapersEditor), pasted from Excel if the board
 * has them there; the meeting date starts at today in Vietnam.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDay } from '../../../../worker/lib/format';
import { sentenceCase, t } from '../../../../worker/lib/i18n';
import { vnDay } from '../../../../worker/lib/time';
import { BALLOT_PHASE, DENOMINATOR } from '../../../../worker/text/ballots';
import { type ApiError, api, asApiError, type Reply, type RequestBody } from '../../lib/api';
import { parseDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { BASE } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUnitName } from '../../lib/units';
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

function CreateRound({ onCreated }: { onCreated: (id: string) => void }) {
  const { tr, lang } = useLang();
  const unitName = useUnitName();
  const { me } = useSession();
  const units = (me?.grants ?? []).filter((g) => g.role === 'counting_board');
  const [unitId, setUnitId] = useState(units[0]?.unitId ?? '');
  const [name, setName] = useState('');
  const [summoned, setSummoned] = useState('');
  // Today in Vietnam (Asia/Ho_Chi_Minh), not in UTC: before 07:00 the UTC date is yesterday's.
  const [meetingDate, setMeetingDate] = useState(formatDay(vnDay()));
  const [meetingPlace, setMeetingPlace] = useState('');
  const [locality, setLocality] = useState('');
  const [denominator, setDenominator] =
    useState<NonNullable<RequestBody<'/api/ballots/rounds', 'post'>['denominator']>>('collected');
  const [papers, setPapers] = useState<PaperDraft[]>([emptyPaper()]);
  const [mode, setMode] = useState<'codes' | 'remote'>('codes');
  const [roster, setRoster] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.POST('/api/ballots/rounds', {
        body: {
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
      <h2 id="new-round">{tr({ vi: 'Tạo đợt lấy phiếu', en: 'New vote round' })}</h2>
      <ErrorBanner error={error} />
      <SelectField
        label={tr({ vi: 'Cơ quan, tổ chức lấy phiếu', en: 'Body' })}
        value={unitId}
        onValue={setUnitId}
        options={units.map((u) => [u.unitId, unitName(u.unitId, u.unitName)] as const)}
      />
      <SelectField
        label={tr({ vi: 'Hình thức', en: 'Mode' })}
        value={mode}
        onValue={(v) => setMode(v as 'codes' | 'remote')}
        options={[
          [
            'codes',
            tr({
              vi: 'Tại hội trường: mã in sẵn, bốc thăm',
              en: 'In the room: printed codes drawn at random',
            }),
          ],
          ['remote', tr({ vi: 'Trực tuyến: phiếu điện tử ký mù', en: 'Remote: blind-signed tokens' })],
        ]}
      />
      <TextField
        label={tr({ vi: 'Tên đợt', en: 'Name' })}
        required
        value={name}
        onValue={setName}
        errors={problemsAt(f, 'name', lang)}
      />
      <TextField
        label={tr({ vi: 'Số người được triệu tập', en: 'Members summoned' })}
        type="number"
        min={1}
        required
        value={summoned}
        onValue={setSummoned}
        errors={problemsAt(f, 'summoned', lang)}
      />
      <DateField
        label={tr({ vi: 'Ngày họp', en: 'Meeting date' })}
        hint={tr({ vi: 'Ngày/tháng/năm, ví dụ 07/12/2026', en: 'Day/month/year, e.g. 07/12/2026' })}
        required
        value={meetingDate}
        onValue={setMeetingDate}
        errors={problemsAt(f, 'meetingDate', lang)}
      />
      <TextField label={tr({ vi: 'Địa điểm', en: 'Place' })} value={meetingPlace} onValue={setMeetingPlace} />
      <TextField
        label={tr({
          vi: 'Địa danh (ghi ở dòng ngày tháng của biên bản)',
          en: 'Locality (for the date line of the minutes)',
        })}
        hint={tr({ vi: 'Ví dụ: Thanh Hóa', en: 'E.g. Thanh Hóa' })}
        value={locality}
        onValue={setLocality}
      />
      <SelectField
        label={tr({ vi: 'Tỷ lệ tính trên', en: 'Percentages over' })}
        value={denominator}
        onValue={setDenominator}
        options={(Object.keys(DENOMINATOR) as (keyof typeof DENOMINATOR)[]).map(
          (k) =>
            [
              k,
              sentenceCase(tr(DENOMINATOR[k])) +
                (k === 'collected' ? tr({ vi: ' (mặc định)', en: ' (default)' }) : ''),
            ] as const,
        )}
      />
      <PapersEditor
        papers={papers}
        onPapers={setPapers}
        // Problems anywhere in the papers (a missing name in row 3 of paper 2 …), each with its message.
        errors={(f ?? [])
          .filter((p) => p.path === 'groups' || p.path.startsWith('groups.'))
          .map((p) => t(p.message, lang))}
      />
      <TextArea
        label={tr({
          vi: 'Danh sách triệu tập (không bắt buộc khi dùng mã in sẵn)',
          en: 'Roster (optional with printed codes)',
        })}
        hint={tr({
          vi: 'Mỗi dòng: Họ và tên | thư điện tử tài khoản. Bỏ phiếu trực tuyến cần đủ một dòng cho mỗi người được triệu tập.',
          en: 'One line each: Name | account e-mail. Remote voting needs one line per member summoned.',
        })}
        rows={4}
        value={roster}
        onValue={setRoster}
        errors={problemsAt(f, 'members', lang)}
      />
      <button type="submit">{tr({ vi: 'Tạo đợt', en: 'Create' })}</button>
    </form>
  );
}

export default function Rounds() {
  const { tr } = useLang();
  const unitName = useUnitName();
  const [rounds, setRounds] = useState<Reply<'/api/ballots/rounds'>['rounds'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api
      .GET('/api/ballots/rounds')
      .then((r) => setRounds(r.rounds))
      .catch((e) => setError(asApiError(e)));
  }, []);
  return (
    <section>
      <PageHeading title={tr({ vi: 'Lấy phiếu tín nhiệm', en: 'Confidence votes' })} />
      <ErrorBanner error={error} />
      {rounds === null ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : rounds.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{tr({ vi: 'Đợt', en: 'Round' })}</th>
                <th>{tr({ vi: 'Cơ quan', en: 'Body' })}</th>
                <th>{tr({ vi: 'Ngày họp', en: 'Date' })}</th>
                <th>{tr({ vi: 'Giai đoạn', en: 'Phase' })}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`${BASE}/ballots/${r.id}`}>{r.name}</a>
                  </td>
                  <td>{unitName(r.unitId, r.unitName)}</td>
                  <td>{formatDay(r.meetingDate)}</td>
                  <td>{tr(BALLOT_PHASE[r.phase])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{tr({ vi: 'Chưa có đợt lấy phiếu nào.', en: 'No rounds yet.' })}</p>
      )}
      <CreateRound onCreated={(id) => location.assign(`${BASE}/ballots/${id}`)} />
    </section>
  );
}
