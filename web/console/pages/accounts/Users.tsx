/**
 * Tài khoản (admin): staff accounts — list, create, grant and revoke role × unit, disable or
 * re-enable, unlock after a lockout. The server checks every change against the administrator's
 * own subtree.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime } from '../../../../worker/lib/format';
import { labelOf } from '../../../../worker/lib/i18n';
import { ROLE } from '../../../../worker/text/org';
import { type ApiError, api, asApiError, type Reply, type RequestBody } from '../../lib/api';
import { useLang } from '../../lib/lang';
import type { Role } from '../../lib/session';
import { nameIn, useUnitName } from '../../lib/units';
import { ErrorBanner, optionsOf, problemsAt, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import type { Unit } from '../org/UnitEditor';
import { AdminTabs } from './AdminTabs';

type AdminUser = Reply<'/api/admin/users'>['users'][number];

/** Roles with what they let a person do. */

function CreateUser({ onDone }: { onDone: (msg: string) => void }) {
  const { tr, lang } = useLang();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api.POST('/api/admin/users', { body: { email: email.trim(), name: name.trim(), password } });
      setEmail('');
      setName('');
      setPassword('');
      onDone(tr({ vi: `Đã tạo tài khoản ${email}.`, en: `Created ${email}.` }));
    } catch (err) {
      setError(asApiError(err));
    }
  }
  const f = error?.fields;
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="new-user-h">
      <h2 id="new-user-h">{tr({ vi: 'Tạo tài khoản', en: 'New account' })}</h2>
      <ErrorBanner error={error} unclaimed={[]} />
      <TextField
        label={tr({ vi: 'Thư điện tử', en: 'Email' })}
        type="email"
        required
        autoComplete="off"
        value={email}
        onValue={setEmail}
        errors={problemsAt(f, 'email', lang)}
      />
      <TextField
        label={tr({ vi: 'Họ và tên', en: 'Full name' })}
        required
        value={name}
        onValue={setName}
        errors={problemsAt(f, 'name', lang)}
      />
      <TextField
        label={tr({ vi: 'Mật khẩu ban đầu', en: 'Initial password' })}
        hint={tr({
          vi: 'Ít nhất 10 ký tự; nên dùng một cụm từ dài.',
          en: 'At least 10 characters; a long passphrase is best.',
        })}
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onValue={setPassword}
        errors={problemsAt(f, 'password', lang)}
      />
      <button type="submit" class="primary">
        {tr({ vi: 'Tạo', en: 'Create' })}
      </button>
    </form>
  );
}

function GrantForm({
  user,
  units,
  onDone,
}: {
  user: AdminUser;
  units: Unit[];
  onDone: (msg: string) => void;
}) {
  const { tr, lang } = useLang();
  const [role, setRole] = useState<Role>('form_designer');
  const [unitId, setUnitId] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => head.current?.focus(), [user.id]);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api.POST('/api/admin/users/{id}/grants', {
        params: { path: { id: user.id } },
        body: { role, unitId },
      });
      onDone(tr({ vi: `Đã cấp quyền cho ${user.name}.`, en: `Granted to ${user.name}.` }));
    } catch (err) {
      setError(asApiError(err));
    }
  }
  const f = error?.fields;
  return (
    <form class="panel editor" onSubmit={submit} aria-labelledby="grant-h">
      <h2 id="grant-h" tabIndex={-1} ref={head}>
        {tr({ vi: `Cấp quyền cho ${user.name}`, en: `Grant a role to ${user.name}` })}
      </h2>
      <p class="hint">
        {tr({
          vi: 'Quyền cấp trên một đơn vị có hiệu lực cho cả các đơn vị trực thuộc.',
          en: 'A role on a unit holds for its whole subtree.',
        })}
      </p>
      <ErrorBanner error={error} unclaimed={[]} />
      <SelectField
        label={tr({ vi: 'Vai trò', en: 'Role' })}
        value={role}
        onValue={setRole}
        options={optionsOf(ROLE, tr)}
        errors={problemsAt(f, 'role', lang)}
      />
      <SelectField
        label={tr({ vi: 'Trên đơn vị', en: 'On unit' })}
        required
        value={unitId}
        onValue={setUnitId}
        options={[
          ['', '—'],
          ...units.filter((u) => !u.mergedIntoId).map((u) => [u.id, nameIn(u, lang)] as [string, string]),
        ]}
        errors={problemsAt(f, 'unitId', lang)}
      />
      <button type="submit" class="primary" disabled={!unitId}>
        {tr({ vi: 'Cấp quyền', en: 'Grant' })}
      </button>{' '}
      <button type="button" onClick={() => onDone('')}>
        {tr({ vi: 'Huỷ', en: 'Cancel' })}
      </button>
    </form>
  );
}

export default function Users() {
  const { tr } = useLang();
  const unitName = useUnitName();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [granting, setGranting] = useState<AdminUser | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const load = () =>
    api
      .GET('/api/admin/users')
      .then((r) => setUsers(r.users))
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    load();
    api
      .GET('/api/org/units')
      .then((r) => setUnits(r.units))
      .catch(() => setUnits([]));
  }, []);

  async function patch(u: AdminUser, body: RequestBody<'/api/admin/users/{id}', 'patch'>, msg: string) {
    setError(null);
    try {
      await api.PATCH('/api/admin/users/{id}', { params: { path: { id: u.id } }, body });
      setStatus(msg);
      await load();
    } catch (e) {
      setError(asApiError(e));
    }
  }
  async function revoke(u: AdminUser, g: AdminUser['grants'][number]) {
    const label = labelOf(ROLE, g.role);
    if (
      !confirm(
        tr({
          vi: `Thu hồi quyền ${label.vi} trên ${g.unitName} của ${u.name}?`,
          en: `Revoke ${label.en} on ${unitName(g.unitId, g.unitName)} from ${u.name}?`,
        }),
      )
    )
      return;
    setError(null);
    try {
      await api.DELETE('/api/admin/users/{id}/grants/{grantId}', {
        params: { path: { id: u.id, grantId: g.id } },
      });
      setStatus(tr({ vi: 'Đã thu hồi quyền.', en: 'Role revoked.' }));
      await load();
    } catch (e) {
      setError(asApiError(e));
    }
  }

  return (
    <section>
      <PageHeading title={tr({ vi: 'Tài khoản cán bộ', en: 'Staff accounts' })} />
      <AdminTabs />
      <ErrorBanner error={error} />
      <Status>{status}</Status>
      {granting ? (
        <GrantForm
          user={granting}
          units={units}
          onDone={async (msg) => {
            setGranting(null);
            if (msg) {
              setStatus(msg);
              await load();
            }
          }}
        />
      ) : null}
      {users === null ? (
        <Status>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</Status>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{tr({ vi: 'Tài khoản', en: 'Accounts' })}</caption>
            <thead>
              <tr>
                <th scope="col">{tr({ vi: 'Họ tên, thư điện tử', en: 'Name, email' })}</th>
                <th scope="col">{tr({ vi: 'Trạng thái', en: 'Status' })}</th>
                <th scope="col">{tr({ vi: 'Quyền', en: 'Roles' })}</th>
                <th scope="col">{tr({ vi: 'Thao tác', en: 'Actions' })}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => {
                const locked = u.lockedUntil && u.lockedUntil > Date.now();
                return (
                  <tr key={u.id} class={u.disabled ? 'muted' : ''}>
                    <th scope="row">
                      {u.name}
                      <div class="muted">{u.email}</div>
                    </th>
                    <td>
                      {u.disabled
                        ? tr({ vi: 'Đã khoá', en: 'Disabled' })
                        : tr({ vi: 'Hoạt động', en: 'Active' })}
                      {u.totpEnabled ? ` · ${tr({ vi: 'xác thực 2 bước', en: '2-step' })}` : ''}
                      {locked
                        ? ` · ${tr({ vi: 'tạm khoá đến', en: 'locked until' })} ${formatDateTime(u.lockedUntil!)}`
                        : ''}
                    </td>
                    <td>
                      <ul class="plain">
                        {u.grants.map((g) => {
                          return (
                            <li key={g.id}>
                              {tr(labelOf(ROLE, g.role))} — {unitName(g.unitId, g.unitName)}{' '}
                              <button type="button" class="link danger" onClick={() => revoke(u, g)}>
                                {tr({ vi: 'Thu hồi', en: 'Revoke' })}
                                <span class="sr-only">
                                  {' '}
                                  {tr(labelOf(ROLE, g.role))} {unitName(g.unitId, g.unitName)}
                                </span>
                              </button>
                            </li>
                          );
                        })}
                      </ul>
                    </td>
                    <td class="actions">
                      <button type="button" onClick={() => setGranting(u)}>
                        {tr({ vi: 'Cấp quyền', en: 'Grant' })}
                        <span class="sr-only"> {u.name}</span>
                      </button>
                      {u.disabled ? (
                        <button
                          type="button"
                          onClick={() =>
                            patch(
                              u,
                              { disabled: false },
                              tr({ vi: `Đã mở lại ${u.name}.`, en: `Re-enabled ${u.name}.` }),
                            )
                          }
                        >
                          {tr({ vi: 'Mở lại', en: 'Enable' })}
                          <span class="sr-only"> {u.name}</span>
                        </button>
                      ) : (
                        <button
                          type="button"
                          class="danger"
                          onClick={() =>
                            confirm(
                              tr({
                                vi: `Khoá tài khoản ${u.name}? Mọi phiên đăng nhập sẽ kết thúc.`,
                                en: `Disable ${u.name}? Every session ends.`,
                              }),
                            ) &&
                            patch(
                              u,
                              { disabled: true },
                              tr({ vi: `Đã khoá ${u.name}.`, en: `Disabled ${u.name}.` }),
                            )
                          }
                        >
                          {tr({ vi: 'Khoá', en: 'Disable' })}
                          <span class="sr-only"> {u.name}</span>
                        </button>
                      )}
                      {locked ? (
                        <button
                          type="button"
                          onClick={() =>
                            patch(
                              u,
                              { unlock: true },
                              tr({ vi: `Đã mở khoá ${u.name}.`, en: `Unlocked ${u.name}.` }),
                            )
                          }
                        >
                          {tr({ vi: 'Mở khoá đăng nhập', en: 'Unlock sign-in' })}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <CreateUser
        onDone={async (msg) => {
          setStatus(msg);
          await load();
        }}
      />
    </section>
  );
}
