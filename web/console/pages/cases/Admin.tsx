/**
 * Cấu hình vụ việc (admin on a root unit): the k threshold and reopen window, deadline rules per
 * kind, the holiday calendar, routing rules (kind × unit subtree → body) and webhook subscriptions
 * (the signing secret is shown once, when created).
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDay } from '../../../../worker/lib/format';
import { labelOf } from '../../../../worker/lib/i18n';
import { vnDay } from '../../../../worker/lib/time';
import { CASE_KIND, HOLIDAY_KIND, HOLIDAY_SOURCE } from '../../../../worker/text/cases';
import { type ApiError, api, type Reply, type RequestBody } from '../../lib/api';
import { parseDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { nameIn, useUnitName } from '../../lib/units';
import { CheckField, ErrorBanner, optionsOf, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import type { Unit } from '../org/UnitEditor';

type Rule = Reply<'/api/cases/admin/deadline-rules'>['rules'][number];
type Holiday = Reply<'/api/cases/admin/holidays'>['holidays'][number];
type Routing = Reply<'/api/cases/admin/routing-rules'>['rules'][number];
type Hook = Reply<'/api/cases/admin/webhooks'>['webhooks'][number];
type HolidayBody = RequestBody<'/api/cases/admin/holidays/{day}', 'put'>;
type RoutingBody = RequestBody<'/api/cases/admin/routing-rules', 'post'>;

export default function CasesAdmin() {
  const { tr, lang } = useLang();
  const unitName = useUnitName();
  const [error, setError] = useState<ApiError | null>(null);
  const [msg, setMsg] = useState('');
  const [settings, setSettings] = useState({ kThreshold: 5, reopenDays: 30, pinLockAfter: 5 });
  const [rules, setRules] = useState<Rule[]>([]);
  const [year, setYear] = useState(vnDay().slice(0, 4));
  const [holidays, setHolidays] = useState<Holiday[]>([]);
  const [routing, setRouting] = useState<Routing[]>([]);
  const [hooks, setHooks] = useState<Hook[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [newDay, setNewDay] = useState<{ day: string } & HolidayBody>({ day: '', name: '', kind: 'off' });
  const [newRule, setNewRule] = useState<RoutingBody>({ kind: '*', unitId: '', bodyUnitId: '' });
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
      setSettings(await api.GET('/api/cases/admin/settings'));
      setRules((await api.GET('/api/cases/admin/deadline-rules')).rules);
      setRouting((await api.GET('/api/cases/admin/routing-rules')).rules);
      setHooks((await api.GET('/api/cases/admin/webhooks')).webhooks);
      setUnits((await api.GET('/api/org/units')).units);
    });
  const loadHolidays = () =>
    run(async () =>
      setHolidays((await api.GET('/api/cases/admin/holidays', { params: { query: { year } } })).holidays),
    );
  useEffect(() => {
    void loadAll();
  }, []);
  useEffect(() => {
    void loadHolidays();
  }, [year]);
  const saved = tr({ vi: 'Đã lưu.', en: 'Saved.' });
  const unitOptions = [
    ['', tr({ vi: '— Chọn —', en: '— Choose —' })] as const,
    ...units.map((u) => [u.id, nameIn(u, lang)] as const),
  ];

  return (
    <section>
      <PageHeading title={tr({ vi: 'Cấu hình vụ việc', en: 'Case settings' })} />
      <ErrorBanner error={error} />
      {msg ? <Status>{msg}</Status> : null}

      <h2>{tr({ vi: 'Ngưỡng và thời hạn mở lại', en: 'Threshold and reopen window' })}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(
            async () => setSettings(await api.PUT('/api/cases/admin/settings', { body: settings })),
            saved,
          );
        }}
      >
        <TextField
          label={tr({
            vi: 'k: số ý kiến tối thiểu để hiện tổng hợp theo người (≥ 5)',
            en: 'k: minimum responses behind a per-person figure (≥ 5)',
          })}
          type="number"
          min={5}
          value={String(settings.kThreshold)}
          onValue={(v) => setSettings({ ...settings, kThreshold: Number(v) })}
        />
        <TextField
          label={tr({ vi: 'Số ngày được đề nghị xem xét lại', en: 'Days the reporter may reopen' })}
          type="number"
          value={String(settings.reopenDays)}
          onValue={(v) => setSettings({ ...settings, reopenDays: Number(v) })}
        />
        <button type="submit" class="primary">
          {tr({ vi: 'Lưu', en: 'Save' })}
        </button>
      </form>

      <h2>{tr({ vi: 'Thời hạn theo loại vụ việc', en: 'Deadline rules' })}</h2>
      {rules.map((r, i) => (
        <form
          key={r.kind}
          class="rule"
          onSubmit={(e) => {
            e.preventDefault();
            const { kind, ...body } = r;
            void run(
              () => api.PUT('/api/cases/admin/deadline-rules/{kind}', { params: { path: { kind } }, body }),
              saved,
            );
          }}
        >
          <h3>{tr(labelOf(CASE_KIND, r.kind))}</h3>
          {(['acceptDays', 'resolveDays', 'maxExtensionDays'] as const).map((k) => (
            <TextField
              key={k}
              label={
                k === 'acceptDays'
                  ? tr({ vi: 'Thụ lý (ngày)', en: 'Acceptance (days)' })
                  : k === 'resolveDays'
                    ? tr({ vi: 'Giải quyết (ngày)', en: 'Resolution (days)' })
                    : tr({ vi: 'Gia hạn tối đa (ngày)', en: 'Max extension (days)' })
              }
              type="number"
              value={String(r[k])}
              onValue={(v) => setRules(rules.map((x, j) => (j === i ? { ...x, [k]: Number(v) } : x)))}
            />
          ))}
          <CheckField
            label={tr({ vi: 'Thụ lý tính ngày làm việc', en: 'Acceptance in working days' })}
            checked={r.acceptWorking}
            onValue={(v) => setRules(rules.map((x, j) => (j === i ? { ...x, acceptWorking: v } : x)))}
          />
          <CheckField
            label={tr({ vi: 'Giải quyết tính ngày làm việc', en: 'Resolution in working days' })}
            checked={r.resolveWorking}
            onValue={(v) => setRules(rules.map((x, j) => (j === i ? { ...x, resolveWorking: v } : x)))}
          />
          <TextField
            label={tr({ vi: 'Căn cứ (số và ngày văn bản)', en: 'Legal basis (number and date)' })}
            value={r.basis}
            onValue={(v) => setRules(rules.map((x, j) => (j === i ? { ...x, basis: v } : x)))}
          />
          <button type="submit">{tr({ vi: 'Lưu', en: 'Save' })}</button>
        </form>
      ))}

      <h2>{tr({ vi: 'Lịch nghỉ lễ, Tết', en: 'Holiday calendar' })}</h2>
      <SelectField
        label={tr({ vi: 'Năm', en: 'Year' })}
        value={year}
        onValue={setYear}
        options={['2025', '2026', '2027', '2028'].map((y) => [y, y] as const)}
      />
      <ul>
        {holidays.map((h) => (
          <li key={h.day}>
            {formatDay(h.day)} — {h.name} ({tr(HOLIDAY_KIND[h.kind])}
            {h.source === 'provisional' ? `, ${tr(HOLIDAY_SOURCE.provisional)}` : ''}){' '}
            <button
              type="button"
              class="link"
              onClick={() =>
                void run(async () => {
                  await api.DELETE('/api/cases/admin/holidays/{day}', { params: { path: { day: h.day } } });
                  await loadHolidays();
                })
              }
            >
              {tr({ vi: 'Xóa', en: 'Remove' })}
              <span class="sr-only"> {formatDay(h.day)}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const day = parseDmy(newDay.day);
          if (!day) return setMsg(tr({ vi: 'Ngày phải có dạng dd/mm/yyyy.', en: 'Dates are dd/mm/yyyy.' }));
          void run(async () => {
            await api.PUT('/api/cases/admin/holidays/{day}', {
              params: { path: { day } },
              body: { kind: newDay.kind, name: newDay.name },
            });
            await loadHolidays();
          }, saved);
        }}
      >
        <TextField
          label={tr({ vi: 'Ngày (dd/mm/yyyy)', en: 'Day (dd/mm/yyyy)' })}
          value={newDay.day}
          onValue={(v) => setNewDay({ ...newDay, day: v })}
        />
        <TextField
          label={tr({ vi: 'Tên', en: 'Name' })}
          value={newDay.name}
          onValue={(v) => setNewDay({ ...newDay, name: v })}
        />
        <SelectField
          label={tr({ vi: 'Loại ngày', en: 'Kind of day' })}
          value={newDay.kind}
          onValue={(v) => setNewDay({ ...newDay, kind: v })}
          options={[
            ['off', tr(HOLIDAY_KIND.off)],
            ['work', tr(HOLIDAY_KIND.work)],
          ]}
        />
        <button type="submit">{tr({ vi: 'Thêm', en: 'Add' })}</button>
      </form>

      <h2>{tr({ vi: 'Định tuyến', en: 'Routing rules' })}</h2>
      <ul>
        {routing.map((r) => (
          <li key={r.id}>
            {r.kind === '*' ? tr({ vi: 'Mọi loại', en: 'Every kind' }) : tr(labelOf(CASE_KIND, r.kind))} ·{' '}
            {unitName(r.unitId, r.unitName)} → <strong>{unitName(r.bodyUnitId, r.bodyName)}</strong>{' '}
            <button
              type="button"
              class="link"
              onClick={() =>
                void run(async () => {
                  await api.DELETE('/api/cases/admin/routing-rules/{id}', { params: { path: { id: r.id } } });
                  await loadAll();
                })
              }
            >
              {tr({ vi: 'Xóa', en: 'Remove' })}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await api.POST('/api/cases/admin/routing-rules', { body: newRule });
            await loadAll();
          }, saved);
        }}
      >
        <SelectField
          label={tr({ vi: 'Loại vụ việc', en: 'Kind' })}
          value={newRule.kind}
          onValue={(v) => setNewRule({ ...newRule, kind: v })}
          options={[['*', tr({ vi: 'Mọi loại', en: 'Every kind' })] as const, ...optionsOf(CASE_KIND, tr)]}
        />
        <SelectField
          label={tr({ vi: 'Vụ việc thuộc đơn vị (và cấp dưới)', en: 'About this unit (and below)' })}
          value={newRule.unitId}
          onValue={(v) => setNewRule({ ...newRule, unitId: v })}
          options={unitOptions}
        />
        <SelectField
          label={tr({ vi: 'Chuyển đến', en: 'Forward to' })}
          value={newRule.bodyUnitId}
          onValue={(v) => setNewRule({ ...newRule, bodyUnitId: v })}
          options={unitOptions}
        />
        <button type="submit">{tr({ vi: 'Thêm', en: 'Add' })}</button>
      </form>

      <h2>Webhook</h2>
      <ul>
        {hooks.map((h) => (
          <li key={h.id}>
            <code>{h.url}</code> — {h.events.join(', ')}{' '}
            {h.active ? '' : `(${tr({ vi: 'đã tắt', en: 'off' })})`}
            {h.active ? (
              <button
                type="button"
                class="link"
                onClick={() =>
                  void run(async () => {
                    await api.DELETE('/api/cases/admin/webhooks/{id}', { params: { path: { id: h.id } } });
                    await loadAll();
                  })
                }
              >
                {tr({ vi: 'Tắt', en: 'Deactivate' })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const created = await api.POST('/api/cases/admin/webhooks', {
              body: {
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
          label={tr({ vi: 'Địa chỉ nhận (URL)', en: 'Receiver URL' })}
          value={newHook.url}
          onValue={(v) => setNewHook({ ...newHook, url: v })}
        />
        <button type="submit">{tr({ vi: 'Đăng ký', en: 'Subscribe' })}</button>
      </form>
      {newHook.secret ? (
        <p role="alert">
          {tr({
            vi: 'Khóa ký (chỉ hiện một lần, hãy lưu lại):',
            en: 'Signing secret (shown once, keep it):',
          })}{' '}
          <code>{newHook.secret}</code>
        </p>
      ) : null}
    </section>
  );
}
