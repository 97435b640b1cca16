/**
 * Cấu hình vụ việc (admin on a root unit): the k threshold and reopen window, deadline rules per
 * kind, the holiday calendar, routing rules (kind × unit subtree → body) and webhook subscriptions
 * (the signing secret is shown once, when created).
 */
import { useEffect, useState } from 'preact/hooks';
import { type ApiError, api } from '../../lib/api';
import { isoToDmy, parseDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { CheckField, ErrorBanner, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { KIND, pick } from './labels';

interface Rule {
  kind: string;
  acceptDays: number;
  acceptWorking: boolean;
  resolveDays: number;
  resolveWorking: boolean;
  maxExtensionDays: number;
  basis: string;
}
interface Holiday {
  day: string;
  kind: 'off' | 'work';
  name: string;
  source: string;
}
interface Routing {
  id: string;
  kind: string;
  unitName: string;
  bodyName: string;
}
interface Hook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
}
interface Unit {
  id: string;
  name: string;
}

export default function CasesAdmin() {
  const { tr, lang } = useLang();
  const [error, setError] = useState<ApiError | null>(null);
  const [msg, setMsg] = useState('');
  const [settings, setSettings] = useState({ kThreshold: 5, reopenDays: 30, pinLockAfter: 5 });
  const [rules, setRules] = useState<Rule[]>([]);
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [holidays, setHolidays] = useState<Holiday[]>([]);
  const [routing, setRouting] = useState<Routing[]>([]);
  const [hooks, setHooks] = useState<Hook[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [newDay, setNewDay] = useState({ day: '', name: '', kind: 'off' });
  const [newRule, setNewRule] = useState({ kind: '*', unitId: '', bodyUnitId: '' });
  const [newHook, setNewHook] = useState({ url: '', secret: '' });

  const run = async (f: () => Promise<unknown>, done?: string) => {
    setError(null);
    setMsg('');
    try {
      await f();
      if (done) setMsg(done);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const loadAll = () =>
    run(async () => {
      setSettings(await api('/api/cases/admin/settings'));
      setRules((await api<{ rules: Rule[] }>('/api/cases/admin/deadline-rules')).rules);
      setRouting((await api<{ rules: Routing[] }>('/api/cases/admin/routing-rules')).rules);
      setHooks((await api<{ webhooks: Hook[] }>('/api/cases/admin/webhooks')).webhooks);
      setUnits((await api<{ units: Unit[] }>('/api/org/units')).units);
    });
  const loadHolidays = () =>
    run(async () =>
      setHolidays(
        (await api<{ holidays: Holiday[] }>('/api/cases/admin/holidays', { query: { year } })).holidays,
      ),
    );
  useEffect(() => {
    void loadAll();
  }, []);
  useEffect(() => {
    void loadHolidays();
  }, [year]);
  const saved = tr('Đã lưu.', 'Saved.');
  const unitOptions = [
    ['', tr('— Chọn —', '— Choose —')] as const,
    ...units.map((u) => [u.id, u.name] as const),
  ];

  return (
    <section>
      <PageHeading title={tr('Cấu hình vụ việc', 'Case settings')} />
      <ErrorBanner error={error} />
      {msg ? <Status>{msg}</Status> : null}

      <h2>{tr('Ngưỡng và thời hạn mở lại', 'Threshold and reopen window')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(
            async () =>
              setSettings(await api('/api/cases/admin/settings', { method: 'PUT', json: settings })),
            saved,
          );
        }}
      >
        <TextField
          label={tr(
            'k: số ý kiến tối thiểu để hiện tổng hợp theo người (≥ 5)',
            'k: minimum responses behind a per-person figure (≥ 5)',
          )}
          type="number"
          min={5}
          value={String(settings.kThreshold)}
          onValue={(v) => setSettings({ ...settings, kThreshold: Number(v) })}
        />
        <TextField
          label={tr('Số ngày được đề nghị xem xét lại', 'Days the reporter may reopen')}
          type="number"
          value={String(settings.reopenDays)}
          onValue={(v) => setSettings({ ...settings, reopenDays: Number(v) })}
        />
        <button type="submit" class="primary">
          {tr('Lưu', 'Save')}
        </button>
      </form>

      <h2>{tr('Thời hạn theo loại vụ việc', 'Deadline rules')}</h2>
      {rules.map((r, i) => (
        <form
          key={r.kind}
          class="rule"
          onSubmit={(e) => {
            e.preventDefault();
            const { kind, ...body } = r;
            void run(
              () => api(`/api/cases/admin/deadline-rules/${kind}`, { method: 'PUT', json: body }),
              saved,
            );
          }}
        >
          <h3>{pick(KIND[r.kind], lang, r.kind)}</h3>
          {(['acceptDays', 'resolveDays', 'maxExtensionDays'] as const).map((k) => (
            <TextField
              key={k}
              label={
                k === 'acceptDays'
                  ? tr('Thụ lý (ngày)', 'Acceptance (days)')
                  : k === 'resolveDays'
                    ? tr('Giải quyết (ngày)', 'Resolution (days)')
                    : tr('Gia hạn tối đa (ngày)', 'Max extension (days)')
              }
              type="number"
              value={String(r[k])}
              onValue={(v) => setRules(rules.map((x, j) => (j === i ? { ...x, [k]: Number(v) } : x)))}
            />
          ))}
          <CheckField
            label={tr('Thụ lý tính ngày làm việc', 'Acceptance in working days')}
            checked={r.acceptWorking}
            onValue={(v) => setRules(rules.map((x, j) => (j === i ? { ...x, acceptWorking: v } : x)))}
          />
          <CheckField
            label={tr('Giải quyết tính ngày làm việc', 'Resolution in working days')}
            checked={r.resolveWorking}
            onValue={(v) => setRules(rules.map((x, j) => (j === i ? { ...x, resolveWorking: v } : x)))}
          />
          <TextField
            label={tr('Căn cứ (số và ngày văn bản)', 'Legal basis (number and date)')}
            value={r.basis}
            onValue={(v) => setRules(rules.map((x, j) => (j === i ? { ...x, basis: v } : x)))}
          />
          <button type="submit">{tr('Lưu', 'Save')}</button>
        </form>
      ))}

      <h2>{tr('Lịch nghỉ lễ, Tết', 'Holiday calendar')}</h2>
      <SelectField
        label={tr('Năm', 'Year')}
        value={year}
        onValue={setYear}
        options={['2025', '2026', '2027', '2028'].map((y) => [y, y] as const)}
      />
      <ul>
        {holidays.map((h) => (
          <li key={h.day}>
            {isoToDmy(h.day)} — {h.name} ({h.kind === 'off' ? tr('nghỉ', 'day off') : tr('làm bù', 'worked')}
            {h.source === 'provisional' ? `, ${tr('dự kiến', 'provisional')}` : ''}){' '}
            <button
              type="button"
              class="link"
              onClick={() =>
                void run(async () => {
                  await api(`/api/cases/admin/holidays/${h.day}`, { method: 'DELETE' });
                  await loadHolidays();
                })
              }
            >
              {tr('Xóa', 'Remove')}
              <span class="sr-only"> {isoToDmy(h.day)}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const day = parseDmy(newDay.day);
          if (!day) return setMsg(tr('Ngày phải có dạng dd/mm/yyyy.', 'Dates are dd/mm/yyyy.'));
          void run(async () => {
            await api(`/api/cases/admin/holidays/${day}`, {
              method: 'PUT',
              json: { kind: newDay.kind, name: newDay.name },
            });
            await loadHolidays();
          }, saved);
        }}
      >
        <TextField
          label={tr('Ngày (dd/mm/yyyy)', 'Day (dd/mm/yyyy)')}
          value={newDay.day}
          onValue={(v) => setNewDay({ ...newDay, day: v })}
        />
        <TextField
          label={tr('Tên', 'Name')}
          value={newDay.name}
          onValue={(v) => setNewDay({ ...newDay, name: v })}
        />
        <SelectField
          label={tr('Loại ngày', 'Kind of day')}
          value={newDay.kind}
          onValue={(v) => setNewDay({ ...newDay, kind: v })}
          options={[
            ['off', tr('Ngày nghỉ', 'Day off')],
            ['work', tr('Ngày làm bù', 'Compensatory working day')],
          ]}
        />
        <button type="submit">{tr('Thêm', 'Add')}</button>
      </form>

      <h2>{tr('Định tuyến', 'Routing rules')}</h2>
      <ul>
        {routing.map((r) => (
          <li key={r.id}>
            {r.kind === '*' ? tr('Mọi loại', 'Every kind') : pick(KIND[r.kind], lang, r.kind)} · {r.unitName}{' '}
            → <strong>{r.bodyName}</strong>{' '}
            <button
              type="button"
              class="link"
              onClick={() =>
                void run(async () => {
                  await api(`/api/cases/admin/routing-rules/${r.id}`, { method: 'DELETE' });
                  await loadAll();
                })
              }
            >
              {tr('Xóa', 'Remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await api('/api/cases/admin/routing-rules', { json: newRule });
            await loadAll();
          }, saved);
        }}
      >
        <SelectField
          label={tr('Loại vụ việc', 'Kind')}
          value={newRule.kind}
          onValue={(v) => setNewRule({ ...newRule, kind: v })}
          options={[
            ['*', tr('Mọi loại', 'Every kind')],
            ...Object.entries(KIND).map(([k, v]) => [k, pick(v, lang)] as const),
          ]}
        />
        <SelectField
          label={tr('Vụ việc thuộc đơn vị (và cấp dưới)', 'About this unit (and below)')}
          value={newRule.unitId}
          onValue={(v) => setNewRule({ ...newRule, unitId: v })}
          options={unitOptions}
        />
        <SelectField
          label={tr('Chuyển đến', 'Forward to')}
          value={newRule.bodyUnitId}
          onValue={(v) => setNewRule({ ...newRule, bodyUnitId: v })}
          options={unitOptions}
        />
        <button type="submit">{tr('Thêm', 'Add')}</button>
      </form>

      <h2>Webhook</h2>
      <ul>
        {hooks.map((h) => (
          <li key={h.id}>
            <code>{h.url}</code> — {h.events.join(', ')} {h.active ? '' : `(${tr('đã tắt', 'off')})`}
            {h.active ? (
              <button
                type="button"
                class="link"
                onClick={() =>
                  void run(async () => {
                    await api(`/api/cases/admin/webhooks/${h.id}`, { method: 'DELETE' });
                    await loadAll();
                  })
                }
              >
                {tr('Tắt', 'Deactivate')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const created = await api<{ secret: string }>('/api/cases/admin/webhooks', {
              json: {
                url: newHook.url,
                events: ['case.created', 'case.forwarded', 'case.answered', 'case.overdue'],
              },
            });
            setNewHook({ url: '', secret: created.secret });
            await loadAll();
          });
        }}
      >
        <TextField
          label={tr('Địa chỉ nhận (URL)', 'Receiver URL')}
          value={newHook.url}
          onValue={(v) => setNewHook({ ...newHook, url: v })}
        />
        <button type="submit">{tr('Đăng ký', 'Subscribe')}</button>
      </form>
      {newHook.secret ? (
        <p role="alert">
          {tr('Khóa ký (chỉ hiện một lần, hãy lưu lại):', 'Signing secret (shown once, keep it):')}{' '}
          <code>{newHook.secret}</code>
        </p>
      ) : null}
    </section>
  );
}
