/**
 * Cài đặt và chia sẻ: when the form opens and closes (dd/mm/yyyy, Vietnam days), the response cap,
 * the anti-bot check, open/close, and the ways to hand the form out — public link and QR code.
 */

import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { type ApiError, api, asApiError } from '../../lib/api';
import { endOfVnDay, instantToDmy, instantToDmyHm, parseDmy, startOfVnDay } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { CheckField, ErrorBanner, problemsAt, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { FormTabs } from './FormTabs';
import { type FormDetail, loadForm, publicUrl, STATUS_LABELS } from './types';

export default function Settings() {
  const { params } = useRoute();
  const id = params.id!;
  const { tr, lang } = useLang();
  const [detail, setDetail] = useState<FormDetail | null>(null);
  const [opens, setOpens] = useState('');
  const [closes, setCloses] = useState('');
  const [cap, setCap] = useState('');
  const [turnstile, setTurnstile] = useState(false);
  const [formStatus, setFormStatus] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const fill = (d: FormDetail) => {
    setDetail(d);
    setOpens(instantToDmy(d.form.opensAt));
    setCloses(instantToDmy(d.form.closesAt));
    setCap(d.form.cap == null ? '' : String(d.form.cap));
    setTurnstile(!!d.form.turnstile);
    setFormStatus(d.form.status);
  };
  useEffect(() => {
    loadForm(id)
      .then(fill)
      .catch((e) => setError(asApiError(e)));
  }, [id]);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    const problems: Record<string, string> = {};
    const o = opens.trim() ? parseDmy(opens) : null;
    const c = closes.trim() ? parseDmy(closes) : null;
    if (opens.trim() && !o)
      problems.opensAt = tr('Ngày không hợp lệ (dd/mm/yyyy).', 'Not a valid date (dd/mm/yyyy).');
    if (closes.trim() && !c)
      problems.closesAt = tr('Ngày không hợp lệ (dd/mm/yyyy).', 'Not a valid date (dd/mm/yyyy).');
    if (o && c && c < o)
      problems.closesAt = tr('Ngày đóng phải sau ngày mở.', 'The closing day must be after the opening day.');
    const capN = cap.trim() === '' ? null : Number(cap);
    if (capN !== null && (!Number.isInteger(capN) || capN < 0))
      problems.cap = tr('Nhập số nguyên không âm.', 'Enter a whole number, 0 or more.');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const body: Record<string, unknown> = {
      opensAt: o ? startOfVnDay(o) : null,
      closesAt: c ? endOfVnDay(c) : null,
      cap: capN,
      turnstile,
    };
    if (formStatus !== detail?.form.status && formStatus !== 'draft') body.status = formStatus;
    try {
      await api(`/api/forms/${encodeURIComponent(id)}/settings`, { method: 'PATCH', json: body });
      fill(await loadForm(id));
      setStatus(tr('Đã lưu cài đặt.', 'Settings saved.'));
    } catch (err) {
      setError(asApiError(err));
    }
  }

  if (!detail) {
    return (
      <section>
        <PageHeading title={tr('Cài đặt biểu mẫu', 'Form settings')} />
        <ErrorBanner error={error} />
      </section>
    );
  }
  const { form, versions } = detail;
  const url = publicUrl(form.slug);
  const f = error?.fields;
  const published = form.status !== 'draft';
  return (
    <section>
      <PageHeading title={`${tr('Cài đặt', 'Settings')}: ${form.title}`} />
      <FormTabs id={id} />
      <Status>{status}</Status>
      <ErrorBanner error={error} unclaimed={[]} />
      <div class="two-col">
        <form class="panel" onSubmit={save} noValidate>
          <h2>{tr('Thời gian và giới hạn', 'Window and limits')}</h2>
          <TextField
            label={tr('Mở từ ngày', 'Opens on')}
            hint={tr(
              'dd/mm/yyyy, giờ Việt Nam; để trống: mở ngay khi xuất bản',
              'dd/mm/yyyy, Vietnam time; empty: open once published',
            )}
            placeholder="dd/mm/yyyy"
            inputMode="numeric"
            value={opens}
            onValue={setOpens}
            errors={[...(local.opensAt ? [local.opensAt] : []), ...problemsAt(f, 'opensAt', lang)]}
          />
          <TextField
            label={tr('Đóng sau ngày', 'Closes after')}
            hint={tr(
              'dd/mm/yyyy; nhận phản hồi đến hết 23:59 ngày này',
              'dd/mm/yyyy; answers are taken until 23:59 that day',
            )}
            placeholder="dd/mm/yyyy"
            inputMode="numeric"
            value={closes}
            onValue={setCloses}
            errors={[...(local.closesAt ? [local.closesAt] : []), ...problemsAt(f, 'closesAt', lang)]}
          />
          <TextField
            label={tr('Số phản hồi tối đa', 'Most responses')}
            hint={tr(
              `Để trống: không giới hạn. Đã nhận: ${form.used}.`,
              `Empty: no limit. Received so far: ${form.used}.`,
            )}
            type="number"
            inputMode="numeric"
            min={0}
            step="1"
            value={cap}
            onValue={setCap}
            errors={[...(local.cap ? [local.cap] : []), ...problemsAt(f, 'cap', lang)]}
          />
          <CheckField
            label={tr(
              'Kiểm tra chống gửi tự động (người gửi bấm xác nhận “không phải máy”)',
              'Anti-bot check (the sender confirms they are not a robot)',
            )}
            checked={turnstile}
            onValue={setTurnstile}
          />
          {published ? (
            <SelectField
              label={tr('Trạng thái', 'Status')}
              value={formStatus}
              onValue={setFormStatus}
              options={(['published', 'closed', 'archived'] as const).map(
                (s) => [s, tr(STATUS_LABELS[s]![0], STATUS_LABELS[s]![1])] as const,
              )}
              errors={problemsAt(f, 'status', lang)}
            />
          ) : (
            <p class="hint">
              {tr(
                'Biểu mẫu chưa xuất bản: hãy xuất bản ở trang Thiết kế.',
                'Not published yet: publish it from the Design page.',
              )}
            </p>
          )}
          <button type="submit" class="primary">
            {tr('Lưu cài đặt', 'Save settings')}
          </button>
        </form>
        <div class="panel">
          <h2>{tr('Chia sẻ', 'Share')}</h2>
          <p>
            {tr('Đường dẫn công khai', 'Public link')}:{' '}
            <a href={url} target="_blank" rel="noopener" id="public-link">
              {url}
            </a>
          </p>
          <button
            type="button"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(url);
                setStatus(tr('Đã chép đường dẫn.', 'Link copied.'));
              } catch {
                setStatus(
                  tr(
                    'Không chép được; hãy chọn và chép đường dẫn.',
                    'Could not copy; select the link and copy it.',
                  ),
                );
              }
            }}
          >
            {tr('Chép đường dẫn', 'Copy link')}
          </button>
          <figure class="qr">
            <img
              src={`/api/forms/${encodeURIComponent(id)}/qr.svg`}
              width={220}
              height={220}
              alt={tr(`Mã QR của ${url}`, `QR code of ${url}`)}
            />
            <figcaption>
              <a href={`/api/forms/${encodeURIComponent(id)}/qr.svg`} download={`qr-${form.slug}.svg`}>
                {tr('Tải mã QR (SVG, in được)', 'Download the QR code (SVG, printable)')}
              </a>
            </figcaption>
          </figure>
          <h3>{tr('Các phiên bản đã xuất bản', 'Published versions')}</h3>
          {versions.length ? (
            <ul>
              {[...versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <li key={v.id}>
                    {tr('Phiên bản', 'Version')} {v.version} — {instantToDmyHm(v.publishedAt)}
                    {v.id === form.currentVersionId ? ` (${tr('đang dùng', 'current')})` : ''}
                  </li>
                ))}
            </ul>
          ) : (
            <p>{tr('Chưa có.', 'None yet.')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
