/**
 * Danh sách biểu mẫu: the forms in the user's scope with status, version, response count and
 * window; open/close in one click; and a short "new form" box that creates a draft and opens the
 * builder.
 */

import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { formatDate } from '../../../../worker/lib/format';
import { labelOf } from '../../../../worker/lib/i18n';
import { FORM_KIND, FORM_STATUS } from '../../../../worker/text/forms';
import { type ApiError, api, asApiError, type RequestBody } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { paths } from '../../lib/paths';
import { useSession } from '../../lib/session';
import { useUnitName } from '../../lib/units';
import { ErrorBanner, optionsOf, problemsAt, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { newDefinition } from './builder/blank';
import type { FormSummary } from './types';

type FormKind = NonNullable<RequestBody<'/api/forms', 'post'>['kind']>;

function CreateForm({ onCreated }: { onCreated: (f: FormSummary) => void }) {
  const { tr, lang } = useLang();
  const unitName = useUnitName();
  const { me } = useSession();
  const units = (me?.grants ?? []).filter((g) => g.role === 'form_designer' || g.role === 'admin');
  const unitOptions = [...new Map(units.map((g) => [g.unitId, unitName(g.unitId, g.unitName)])).entries()];
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<FormKind>('survey');
  const [owner, setOwner] = useState(unitOptions[0]?.[0] ?? '');
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const f = await api.POST('/api/forms', {
        body: {
          ownerUnitId: owner,
          kind,
          ...(slug.trim() ? { slug: slug.trim() } : {}),
          definition: newDefinition(title.trim()),
        },
      });
      onCreated(f);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }
  const f = error?.fields;
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="new-form-h">
      <h2 id="new-form-h">{tr({ vi: 'Tạo biểu mẫu mới', en: 'New form' })}</h2>
      <ErrorBanner error={error} unclaimed={[]} />
      <TextField
        label={tr({ vi: 'Tên biểu mẫu', en: 'Title' })}
        required
        value={title}
        onValue={setTitle}
        errors={[...problemsAt(f, 'definition.title.vi', lang), ...problemsAt(f, 'definition.title', lang)]}
      />
      <SelectField
        label={tr({ vi: 'Loại', en: 'Kind' })}
        value={kind}
        onValue={setKind}
        options={optionsOf(FORM_KIND, tr)}
        errors={problemsAt(f, 'kind', lang)}
      />
      <SelectField
        label={tr({ vi: 'Đơn vị chủ quản', en: 'Owner unit' })}
        value={owner}
        onValue={setOwner}
        options={unitOptions}
        errors={problemsAt(f, 'ownerUnitId', lang)}
      />
      <TextField
        label={tr({ vi: 'Đường dẫn công khai (không bắt buộc)', en: 'Public address (optional)' })}
        hint={tr({
          vi: 'Chữ thường không dấu, số và dấu gạch ngang; để trống để tạo từ tên.',
          en: 'Lower-case letters, digits and dashes; leave empty to derive it from the title.',
        })}
        value={slug}
        onValue={setSlug}
        errors={problemsAt(f, 'slug', lang)}
        autoComplete="off"
      />
      <button type="submit" class="primary" disabled={busy || !title.trim() || !owner}>
        {tr({ vi: 'Tạo và mở trình thiết kế', en: 'Create and open the designer' })}
      </button>
    </form>
  );
}

export default function FormsList() {
  const { tr } = useLang();
  const { route } = useLocation();
  const [forms, setForms] = useState<FormSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const load = () =>
    api
      .GET('/api/forms')
      .then((r) => setForms(r.forms))
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    load();
  }, []);

  async function setOpen(f: FormSummary, open: boolean) {
    setError(null);
    try {
      await api.PATCH('/api/forms/{id}/settings', {
        params: { path: { id: f.id } },
        body: { status: open ? 'published' : 'closed' },
      });
      setStatus(
        open
          ? tr({ vi: `Đã mở lại "${f.title}".`, en: `Reopened "${f.title}".` })
          : tr({ vi: `Đã đóng "${f.title}".`, en: `Closed "${f.title}".` }),
      );
      await load();
    } catch (e) {
      setError(asApiError(e));
    }
  }

  return (
    <section>
      <PageHeading title={tr({ vi: 'Biểu mẫu', en: 'Forms' })} />
      <ErrorBanner error={error} />
      <Status>{status}</Status>
      {forms === null ? (
        error ? null : (
          <p>{tr({ vi: 'Đang tải…', en: 'Loading…' })}</p>
        )
      ) : forms.length === 0 ? (
        <p>{tr({ vi: 'Chưa có biểu mẫu nào.', en: 'No forms yet.' })}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">
              {tr({ vi: 'Các biểu mẫu trong phạm vi của bạn', en: 'Forms in your scope' })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tr({ vi: 'Tên', en: 'Title' })}</th>
                <th scope="col">{tr({ vi: 'Loại', en: 'Kind' })}</th>
                <th scope="col">{tr({ vi: 'Trạng thái', en: 'Status' })}</th>
                <th scope="col">{tr({ vi: 'Phiên bản', en: 'Version' })}</th>
                <th scope="col">{tr({ vi: 'Số phản hồi', en: 'Responses' })}</th>
                <th scope="col">{tr({ vi: 'Mở – đóng', en: 'Opens – closes' })}</th>
                <th scope="col">{tr({ vi: 'Thao tác', en: 'Actions' })}</th>
              </tr>
            </thead>
            <tbody>
              {forms.map((f) => {
                return (
                  <tr key={f.id}>
                    <th scope="row">
                      <a href={paths.form(f.id)}>{f.title}</a>
                      <div class="muted">/f/{f.slug}</div>
                    </th>
                    <td>{tr(labelOf(FORM_KIND, f.kind))}</td>
                    <td>
                      <span class={`badge badge-${f.status}`}>{tr(labelOf(FORM_STATUS, f.status))}</span>
                    </td>
                    <td>{f.version ?? '—'}</td>
                    <td>
                      {f.used}
                      {f.cap != null ? ` / ${f.cap}` : ''}
                    </td>
                    <td>
                      {!f.opensAt && !f.closesAt
                        ? tr({ vi: 'Không giới hạn', en: 'No time limit' })
                        : !f.closesAt
                          ? tr({ vi: `Từ ${formatDate(f.opensAt)}`, en: `From ${formatDate(f.opensAt)}` })
                          : !f.opensAt
                            ? tr({
                                vi: `Đến hết ${formatDate(f.closesAt)}`,
                                en: `Until ${formatDate(f.closesAt)}`,
                              })
                            : `${formatDate(f.opensAt)} – ${formatDate(f.closesAt)}`}
                    </td>
                    <td class="actions">
                      <a href={paths.form(f.id)}>{tr({ vi: 'Thiết kế', en: 'Design' })}</a>
                      <a href={paths.formSettings(f.id)}>{tr({ vi: 'Cài đặt', en: 'Settings' })}</a>
                      <a href={paths.formResponses(f.id)}>{tr({ vi: 'Phản hồi', en: 'Responses' })}</a>
                      {f.status === 'published' ? (
                        <button type="button" onClick={() => setOpen(f, false)}>
                          {tr({ vi: 'Đóng', en: 'Close' })}
                          <span class="sr-only"> {f.title}</span>
                        </button>
                      ) : f.status === 'closed' ? (
                        <button type="button" onClick={() => setOpen(f, true)}>
                          {tr({ vi: 'Mở lại', en: 'Reopen' })}
                          <span class="sr-only"> {f.title}</span>
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
      <CreateForm onCreated={(f) => route(paths.form(f.id))} />
    </section>
  );
}
