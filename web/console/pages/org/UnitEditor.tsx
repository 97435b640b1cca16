/**
 * The administrator's unit editor: add a unit (under a parent), edit one (code, names, kind,
 * validity, and move it under another parent), or merge it into another unit on a date.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDay } from '../../../../worker/lib/format';
import { UNIT_KIND } from '../../../../worker/text/org';
import { type ApiError, api, asApiError, type Reply } from '../../lib/api';
import { NOT_A_DATE, parseDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { DateField, ErrorBanner, optionsOf, problemsAt, SelectField, TextField } from '../../ui/fields';

export type Unit = Reply<'/api/org/units'>['units'][number];

export type UnitAction =
  | { mode: 'add'; unit: Unit | null }
  | { mode: 'edit'; unit: Unit }
  | { mode: 'merge'; unit: Unit };

/** A dd/mm/yyyy field that reports a bad date itself; returns yyyy-mm-dd, null (empty) or false (bad). */
function dmyValue(s: string): string | null | false {
  if (!s.trim()) return null;
  return parseDmy(s) ?? false;
}

export function UnitEditor(props: {
  action: UnitAction;
  units: Unit[];
  onClose: () => void;
  onSaved: (msg: string) => void;
}) {
  const { tr, lang } = useLang();
  const { action, units } = props;
  const u = action.unit;
  const editing = action.mode === 'edit' ? action.unit : null;
  const [code, setCode] = useState(editing?.code ?? '');
  const [name, setName] = useState(editing?.name ?? '');
  const [nameEn, setNameEn] = useState(editing?.nameEn ?? '');
  const [kind, setKind] = useState<Unit['kind']>(editing?.kind ?? 'ward');
  const [parentId, setParentId] = useState(editing?.parentId ?? '');
  const [validFrom, setValidFrom] = useState(formatDay(editing?.validFrom));
  const [validTo, setValidTo] = useState(formatDay(editing?.validTo));
  const [intoId, setIntoId] = useState('');
  const [date, setDate] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => head.current?.focus(), [action]);

  const current = units.filter((x) => !x.mergedIntoId);
  // A unit cannot move under itself or its own subtree.
  const parents = current.filter((x) => !editing || !x.path.startsWith(editing.path));
  const bad = tr(NOT_A_DATE);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const problems: Record<string, string> = {};
    try {
      if (action.mode === 'merge') {
        const d = dmyValue(date);
        if (!d) problems.date = bad;
        if (!intoId) problems.intoId = tr({ vi: 'Chọn đơn vị tiếp nhận.', en: 'Choose the receiving unit.' });
        setLocal(problems);
        if (!d || Object.keys(problems).length) return;
        await api.POST('/api/org/units/{id}/merge', {
          params: { path: { id: action.unit.id } },
          body: { intoId, date: d },
        });
        props.onSaved(tr({ vi: `Đã sáp nhập ${action.unit.name}.`, en: `Merged ${action.unit.name}.` }));
        return;
      }
      const vf = dmyValue(validFrom);
      const vt = dmyValue(validTo);
      if (vf === false) problems.validFrom = bad;
      if (vt === false) problems.validTo = bad;
      setLocal(problems);
      if (vf === false || vt === false || Object.keys(problems).length) return;
      const body = {
        code: code.trim(),
        name: name.trim(),
        nameEn: nameEn.trim() || null,
        kind,
        validFrom: vf,
        validTo: vt,
      };
      if (action.mode === 'add') {
        await api.POST('/api/org/units', { body: { ...body, parentId: action.unit?.id ?? null } });
        props.onSaved(tr({ vi: `Đã thêm ${name}.`, en: `Added ${name}.` }));
      } else {
        const moved = parentId && parentId !== action.unit.parentId ? { parentId } : {};
        await api.PATCH('/api/org/units/{id}', {
          params: { path: { id: action.unit.id } },
          body: { ...body, ...moved },
        });
        props.onSaved(tr({ vi: `Đã lưu ${name}.`, en: `Saved ${name}.` }));
      }
    } catch (err) {
      setError(asApiError(err));
    }
  }

  const f = error?.fields;
  const err = (k: string) => [...(local[k] ? [local[k]] : []), ...problemsAt(f, k, lang)];
  const title =
    action.mode === 'add'
      ? u
        ? tr({ vi: `Thêm đơn vị trực thuộc ${u.name}`, en: `Add a unit under ${u.name}` })
        : tr({ vi: 'Thêm đơn vị gốc', en: 'Add a root unit' })
      : action.mode === 'edit'
        ? tr({ vi: `Sửa ${action.unit.name}`, en: `Edit ${action.unit.name}` })
        : tr({ vi: `Sáp nhập ${action.unit.name}`, en: `Merge ${action.unit.name}` });
  return (
    <form class="panel editor" onSubmit={submit} noValidate aria-labelledby="unit-editor-h">
      <h2 id="unit-editor-h" tabIndex={-1} ref={head}>
        {title}
      </h2>
      <ErrorBanner error={error} unclaimed={[]} />
      {action.mode === 'merge' ? (
        <>
          <p class="hint">
            {tr({
              vi: 'Đơn vị bị sáp nhập được giữ lại cùng lịch sử (vẫn tìm được theo tên cũ); từ ngày sáp nhập nó không còn hiệu lực.',
              en: 'The merged unit is kept with its history (still findable by its old name); it stops being current on the merge date.',
            })}
          </p>
          <SelectField
            label={tr({ vi: 'Sáp nhập vào', en: 'Merge into' })}
            required
            value={intoId}
            onValue={setIntoId}
            options={[
              ['', '—'],
              ...current
                .filter((x) => x.id !== action.unit.id)
                .map((x) => [x.id, x.name] as [string, string]),
            ]}
            errors={err('intoId')}
          />
          <DateField
            label={tr({ vi: 'Ngày sáp nhập', en: 'Merge date' })}
            required
            value={date}
            onValue={setDate}
            errors={err('date')}
          />
        </>
      ) : (
        <>
          <TextField
            label={tr({ vi: 'Mã đơn vị', en: 'Code' })}
            required
            value={code}
            onValue={setCode}
            errors={err('code')}
            autoComplete="off"
          />
          <TextField
            label={tr({ vi: 'Tên', en: 'Name' })}
            required
            value={name}
            onValue={setName}
            errors={err('name')}
          />
          <TextField
            label={tr({ vi: 'Tên tiếng Anh', en: 'English name' })}
            value={nameEn}
            onValue={setNameEn}
            errors={err('nameEn')}
          />
          <SelectField
            label={tr({ vi: 'Loại', en: 'Kind' })}
            value={kind}
            onValue={setKind}
            options={optionsOf(UNIT_KIND, tr)}
            errors={err('kind')}
          />
          {editing ? (
            <SelectField
              label={tr({ vi: 'Trực thuộc (chuyển đơn vị)', en: 'Parent (move the unit)' })}
              value={parentId}
              onValue={setParentId}
              options={[
                ...(editing.parentId ? [] : [['', tr({ vi: '(gốc)', en: '(root)' })] as [string, string]]),
                ...parents.map((x) => [x.id, x.name] as [string, string]),
              ]}
              errors={err('parentId')}
            />
          ) : null}
          <DateField
            label={tr({ vi: 'Hiệu lực từ ngày', en: 'Valid from' })}
            value={validFrom}
            onValue={setValidFrom}
            errors={err('validFrom')}
          />
          <DateField
            label={tr({ vi: 'Hiệu lực đến ngày', en: 'Valid to' })}
            value={validTo}
            onValue={setValidTo}
            errors={err('validTo')}
          />
        </>
      )}
      <button type="submit" class="primary">
        {action.mode === 'merge' ? tr({ vi: 'Sáp nhập', en: 'Merge' }) : tr({ vi: 'Lưu', en: 'Save' })}
      </button>{' '}
      <button type="button" onClick={props.onClose}>
        {tr({ vi: 'Huỷ', en: 'Cancel' })}
      </button>
    </form>
  );
}
