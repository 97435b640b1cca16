/**
 * Cán bộ: the people registry — diacritic-insensitive search ("nguyen van" finds "Nguyễn Văn"),
 * add and edit people, add positions (title × unit × dates), and CSV import (admin).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDay } from '../../../../worker/lib/format';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { NOT_A_DATE, parseDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { useSession } from '../../lib/session';
import { nameIn, useUnitName } from '../../lib/units';
import { useUrlState } from '../../lib/url-state';
import {
  CheckField,
  DateField,
  ErrorBanner,
  problemsAt,
  SelectField,
  Status,
  TextField,
} from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { CsvImport } from './CsvImport';
import type { Unit } from './UnitEditor';

type Person = Reply<'/api/org/people'>['people'][number];

type Editing = { mode: 'person'; person: Person | null } | { mode: 'position'; person: Person };

function PersonEditor(props: {
  editing: Editing;
  units: Unit[];
  onDone: (msg: string) => void;
  onCancel: () => void;
}) {
  const { tr, lang } = useLang();
  const p = props.editing.person;
  const [fullName, setFullName] = useState(p?.fullName ?? '');
  const [birthYear, setBirthYear] = useState(p?.birthYear ? String(p.birthYear) : '');
  const [partyMember, setPartyMember] = useState(p?.partyMember ?? false);
  const [externalRef, setExternalRef] = useState(p?.externalRef ?? '');
  const [unitId, setUnitId] = useState('');
  const [title, setTitle] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => head.current?.focus(), [props.editing]);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      if (props.editing.mode === 'position') {
        const vf = validFrom.trim() ? parseDmy(validFrom) : null;
        if (vf === null && validFrom.trim()) {
          setLocal({
            validFrom: tr(NOT_A_DATE),
          });
          return;
        }
        await api.POST('/api/org/people/{id}/positions', {
          params: { path: { id: props.editing.person.id } },
          body: { unitId, title: title.trim(), validFrom: vf },
        });
        props.onDone(tr({ vi: 'Đã thêm chức vụ.', en: 'Position added.' }));
        return;
      }
      const by = birthYear.trim() ? Number(birthYear) : null;
      const body = {
        fullName: fullName.trim(),
        birthYear: by,
        partyMember,
        externalRef: externalRef.trim() || null,
      };
      if (p) await api.PATCH('/api/org/people/{id}', { params: { path: { id: p.id } }, body });
      else await api.POST('/api/org/people', { body });
      props.onDone(tr({ vi: `Đã lưu ${body.fullName}.`, en: `Saved ${body.fullName}.` }));
    } catch (err) {
      setError(asApiError(err));
    }
  }
  const f = error?.fields;
  const err = (k: string) => [...(local[k] ? [local[k]] : []), ...problemsAt(f, k, lang)];
  return (
    <form class="panel editor" onSubmit={submit} noValidate aria-labelledby="person-editor-h">
      <h2 id="person-editor-h" tabIndex={-1} ref={head}>
        {props.editing.mode === 'position'
          ? tr({
              vi: `Thêm chức vụ cho ${props.editing.person.fullName}`,
              en: `Add a position for ${props.editing.person.fullName}`,
            })
          : p
            ? tr({ vi: `Sửa ${p.fullName}`, en: `Edit ${p.fullName}` })
            : tr({ vi: 'Thêm người', en: 'Add a person' })}
      </h2>
      <ErrorBanner error={error} unclaimed={[]} />
      {props.editing.mode === 'position' ? (
        <>
          <SelectField
            label={tr({ vi: 'Đơn vị', en: 'Unit' })}
            required
            value={unitId}
            onValue={setUnitId}
            options={[
              ['', '—'],
              ...props.units
                .filter((u) => !u.mergedIntoId)
                .map((u) => [u.id, nameIn(u, lang)] as [string, string]),
            ]}
            errors={err('unitId')}
          />
          <TextField
            label={tr({ vi: 'Chức vụ', en: 'Title' })}
            required
            value={title}
            onValue={setTitle}
            errors={err('title')}
          />
          <DateField
            label={tr({ vi: 'Từ ngày', en: 'From' })}
            value={validFrom}
            onValue={setValidFrom}
            errors={err('validFrom')}
          />
        </>
      ) : (
        <>
          <TextField
            label={tr({ vi: 'Họ và tên', en: 'Full name' })}
            required
            value={fullName}
            onValue={setFullName}
            errors={err('fullName')}
          />
          <TextField
            label={tr({ vi: 'Năm sinh', en: 'Birth year' })}
            type="number"
            inputMode="numeric"
            class="short"
            value={birthYear}
            onValue={setBirthYear}
            errors={err('birthYear')}
          />
          <CheckField
            label={tr({ vi: 'Đảng viên', en: 'Party member' })}
            checked={partyMember}
            onValue={setPartyMember}
          />
          <TextField
            label={tr({ vi: 'Mã tham chiếu (mã cán bộ)', en: 'External reference (staff number)' })}
            value={externalRef}
            onValue={setExternalRef}
            errors={err('externalRef')}
          />
        </>
      )}
      <button type="submit" class="primary">
        {tr({ vi: 'Lưu', en: 'Save' })}
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        {tr({ vi: 'Huỷ', en: 'Cancel' })}
      </button>
    </form>
  );
}

export default function People() {
  const { tr, lang } = useLang();
  const unitName = useUnitName();
  const { hasRole } = useSession();
  const admin = hasRole('admin');
  const [q, setQ] = useUrlState('q');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [tick, setTick] = useState(0);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    api
      .GET('/api/org/units')
      .then((r) => setUnits(r.units))
      .catch(() => setUnits([]));
  }, []);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api
        .GET('/api/org/people', { params: { query: { q: q.trim(), limit: '100' } }, signal: ctl.signal })
        .then((r) => setPeople(r.people))
        .catch((e) => (e as Error).name !== 'AbortError' && setError(asApiError(e)));
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, tick]);

  const open = (e: Editing, from: HTMLElement) => {
    returnFocus.current = from;
    setEditing(e);
  };
  return (
    <section>
      <PageHeading title={tr({ vi: 'Cán bộ', en: 'People' })} />
      <ErrorBanner error={error} />
      <Status>{status}</Status>
      <div class="toolbar">
        <TextField
          label={tr({ vi: 'Tìm theo tên (không cần dấu)', en: 'Search by name (diacritics optional)' })}
          type="search"
          value={q}
          onValue={setQ}
        />
        {admin ? (
          <button type="button" onClick={(e) => open({ mode: 'person', person: null }, e.currentTarget)}>
            + {tr({ vi: 'Thêm người', en: 'Add a person' })}
          </button>
        ) : null}
      </div>
      {editing ? (
        <PersonEditor
          editing={editing}
          units={units}
          onCancel={() => {
            setEditing(null);
            returnFocus.current?.focus();
          }}
          onDone={(msg) => {
            setStatus(msg);
            setEditing(null);
            setTick((n) => n + 1);
          }}
        />
      ) : null}
      {people === null ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{tr({ vi: `${people.length} người`, en: `${people.length} people` })}</caption>
            <thead>
              <tr>
                <th scope="col">{tr({ vi: 'Họ và tên', en: 'Full name' })}</th>
                <th scope="col">{tr({ vi: 'Năm sinh', en: 'Born' })}</th>
                <th scope="col">{tr({ vi: 'Đảng viên', en: 'Party member' })}</th>
                <th scope="col">{tr({ vi: 'Chức vụ', en: 'Positions' })}</th>
                {admin ? <th scope="col">{tr({ vi: 'Thao tác', en: 'Actions' })}</th> : null}
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.fullName}</th>
                  <td>{p.birthYear ?? ''}</td>
                  <td>{p.partyMember ? tr({ vi: 'Có', en: 'Yes' }) : tr({ vi: 'Không', en: 'No' })}</td>
                  <td>
                    <ul class="plain">
                      {p.positions.map((x) => (
                        <li key={x.id} class={x.validTo ? 'muted' : ''}>
                          {lang === 'en' && x.titleEn ? x.titleEn : x.title} —{' '}
                          {unitName(x.unitId, x.unitName)}
                          {x.validFrom
                            ? ` (${formatDay(x.validFrom)}${x.validTo ? ` – ${formatDay(x.validTo)}` : ''})`
                            : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                  {admin ? (
                    <td class="actions">
                      <button
                        type="button"
                        onClick={(e) => open({ mode: 'person', person: p }, e.currentTarget)}
                      >
                        {tr({ vi: 'Sửa', en: 'Edit' })}
                        <span class="sr-only"> {p.fullName}</span>
                      </button>
                      <button
                        type="button"
                        onClick={(e) => open({ mode: 'position', person: p }, e.currentTarget)}
                      >
                        {tr({ vi: 'Thêm chức vụ', en: 'Add position' })}
                        <span class="sr-only"> {p.fullName}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin ? (
        <CsvImport
          endpoint="/api/org/people/import"
          title={tr({ vi: 'Nhập cán bộ từ CSV', en: 'Import people from CSV' })}
          columns="external_ref,full_name,birth_year,party_member,unit_code,title,title_en,valid_from,valid_to"
          onDone={() => setTick((n) => n + 1)}
        />
      ) : null}
    </section>
  );
}
