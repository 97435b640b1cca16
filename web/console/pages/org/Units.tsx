/**
 * Cơ cấu tổ chức: the unit tree (expand/collapse, kinds, merged units greyed with "sáp nhập vào
 * …"), diacritic-insensitive search, and for administrators: add, rename/edit, move, merge, and
 * CSV import with a checked preview.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDay } from '../../../../worker/lib/format';
import { labelOf } from '../../../../worker/lib/i18n';
import { UNIT_KIND } from '../../../../worker/text/org';
import { type ApiError, api, asApiError } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { canOn, useSession } from '../../lib/session';
import { forgetUnitNames, nameIn } from '../../lib/units';
import { ErrorBanner, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { CsvImport } from './CsvImport';
import { type Unit, type UnitAction, UnitEditor } from './UnitEditor';

export default function Units() {
  const { tr, lang } = useLang();
  const { me } = useSession();
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Unit[] | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<UnitAction | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const returnFocus = useRef<HTMLElement | null>(null);

  const load = async () => {
    try {
      const r = await api.GET('/api/org/units', { params: { query: { includeMerged: '1' } } });
      setUnits(r.units);
      // A unit added, renamed or merged here: the other pages read the names afresh.
      forgetUnitNames();
      // Open the first two levels so the tree is useful at first sight.
      setExpanded((s) =>
        s.size
          ? s
          : new Set(r.units.filter((u) => u.path.split('/').filter(Boolean).length <= 1).map((u) => u.id)),
      );
    } catch (e) {
      setError(asApiError(e));
    }
  };
  useEffect(() => {
    load();
  }, []);

  useEffect(() => {
    if (!q.trim()) {
      setHits(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api
        .GET('/api/org/units', { params: { query: { q: q.trim(), includeMerged: '1' } }, signal: ctl.signal })
        .then((r) => setHits(r.units))
        .catch(() => {});
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);

  const byId = useMemo(() => new Map((units ?? []).map((u) => [u.id, u])), [units]);
  // The name in the console's language (its English name when it has one): shown, sorted and read out.
  const shown = (u: Unit) => nameIn(u, lang);
  const children = useMemo(() => {
    const m = new Map<string | null, Unit[]>();
    for (const u of units ?? []) {
      const key = u.parentId && byId.has(u.parentId) ? u.parentId : null;
      m.set(key, [...(m.get(key) ?? []), u]);
    }
    for (const list of m.values())
      list.sort(
        (a, b) =>
          Number(!!a.mergedIntoId) - Number(!!b.mergedIntoId) || shown(a).localeCompare(shown(b), lang),
      );
    return m;
  }, [units, byId, lang]);

  const toggle = (id: string) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const openAction = (a: UnitAction, from: HTMLElement) => {
    returnFocus.current = from;
    setAction(a);
  };
  const isAdminSomewhere = me?.grants.some((g) => g.role === 'admin');

  // Plain render functions, not components: a component defined here would remount the whole
  // tree on every render and lose keyboard focus.
  function line(u: Unit) {
    const merged = u.mergedIntoId ? byId.get(u.mergedIntoId) : undefined;
    const admin = canOn(me, ['admin'], u.path) && !u.mergedIntoId;
    return (
      <span class={`unit-line${u.mergedIntoId ? ' merged' : ''}`}>
        <span class="unit-name">{shown(u)}</span>{' '}
        <span class="muted">
          · {tr(labelOf(UNIT_KIND, u.kind))} · <code>{u.code}</code>
        </span>
        {u.mergedIntoId ? (
          <span class="merged-note">
            {' '}
            — {tr({ vi: 'sáp nhập vào', en: 'merged into' })} {merged ? shown(merged) : u.mergedIntoId}
            {u.validTo ? ` (${formatDay(u.validTo)})` : ''}
          </span>
        ) : null}
        {admin ? (
          <span class="row-actions">
            <button type="button" onClick={(e) => openAction({ mode: 'add', unit: u }, e.currentTarget)}>
              {tr({ vi: 'Thêm đơn vị con', en: 'Add child' })}
              <span class="sr-only"> {shown(u)}</span>
            </button>
            <button type="button" onClick={(e) => openAction({ mode: 'edit', unit: u }, e.currentTarget)}>
              {tr({ vi: 'Sửa, chuyển', en: 'Edit, move' })}
              <span class="sr-only"> {shown(u)}</span>
            </button>
            <button type="button" onClick={(e) => openAction({ mode: 'merge', unit: u }, e.currentTarget)}>
              {tr({ vi: 'Sáp nhập', en: 'Merge' })}
              <span class="sr-only"> {shown(u)}</span>
            </button>
          </span>
        ) : null}
      </span>
    );
  }

  function branch(parent: string | null) {
    const list = children.get(parent) ?? [];
    if (!list.length) return null;
    return (
      <ul class={parent ? 'tree-children' : 'tree'}>
        {list.map((u) => {
          const kids = children.get(u.id)?.length ?? 0;
          const open = expanded.has(u.id);
          return (
            <li key={u.id}>
              {kids ? (
                <button type="button" class="toggle" aria-expanded={open} onClick={() => toggle(u.id)}>
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                  <span class="sr-only">
                    {open ? tr({ vi: 'Thu gọn', en: 'Collapse' }) : tr({ vi: 'Mở rộng', en: 'Expand' })}{' '}
                    {shown(u)} ({kids})
                  </span>
                </button>
              ) : (
                <span class="toggle-space" aria-hidden="true" />
              )}
              {line(u)}
              {kids && open ? branch(u.id) : null}
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <section>
      <PageHeading title={tr({ vi: 'Cơ cấu tổ chức', en: 'Organisation' })} />
      <ErrorBanner error={error} />
      <Status>{status}</Status>
      <div class="toolbar">
        <TextField
          label={tr({ vi: 'Tìm đơn vị (không cần dấu)', en: 'Find a unit (diacritics optional)' })}
          type="search"
          value={q}
          onValue={setQ}
        />
        <button type="button" onClick={() => setExpanded(new Set((units ?? []).map((u) => u.id)))}>
          {tr({ vi: 'Mở rộng tất cả', en: 'Expand all' })}
        </button>
        <button type="button" onClick={() => setExpanded(new Set())}>
          {tr({ vi: 'Thu gọn tất cả', en: 'Collapse all' })}
        </button>
        {isAdminSomewhere ? (
          <button type="button" onClick={(e) => openAction({ mode: 'add', unit: null }, e.currentTarget)}>
            + {tr({ vi: 'Đơn vị gốc', en: 'Root unit' })}
          </button>
        ) : null}
      </div>
      {action ? (
        <UnitEditor
          action={action}
          units={units ?? []}
          onClose={() => {
            setAction(null);
            returnFocus.current?.focus();
          }}
          onSaved={async (msg) => {
            setStatus(msg);
            setAction(null);
            await load();
          }}
        />
      ) : null}
      {hits ? (
        <>
          <h2>{tr({ vi: `Kết quả tìm kiếm (${hits.length})`, en: `Search results (${hits.length})` })}</h2>
          <ul class="tree">
            {hits.map((u) => (
              <li key={u.id}>{line(u)}</li>
            ))}
          </ul>
        </>
      ) : units === null ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : (
        branch(null)
      )}
      {isAdminSomewhere ? (
        <CsvImport
          endpoint="/api/org/units/import"
          title={tr({ vi: 'Nhập đơn vị từ CSV', en: 'Import units from CSV' })}
          columns="code,name,kind,parent_code,name_en,valid_from,valid_to"
          onDone={load}
        />
      ) : null}
    </section>
  );
}
