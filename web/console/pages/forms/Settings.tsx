/**
 * Cài đặt và chia sẻ: when the form opens and closes (dd/mm/yyyy, Vietnam days), the response cap,
 * the anti-bot check, open/close, and the ways to hand the form out — public link and QR code.
 */

import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { formatDate, formatDateTime } from '../../../../worker/lib/format';
import { vnDayEnd, vnMidnight } from '../../../../worker/lib/time';
import { FORM_STATUS } from '../../../../worker/text/forms';
import { type ApiError, api, asApiError, type RequestBody } from '../../lib/api';
import { NOT_A_DATE, parseDmy } from '../../lib/dates';
import { useLang } from '../../lib/lang';
import { CheckField, ErrorBanner, problemsAt, SelectField, Status, TextField } from '../../ui/fields';
import { PageHeading } from '../../ui/PageHeading';
import { FormTabs } from './FormTabs';
import { type FormDetail, loadForm, publicUrl } from './types';

type SettingsBody = RequestBody<'/api/forms/{id}/settings', 'patch'>;
/** The statuses staff may set (a draft becomes published by publishing it). */
const SETTABLE: readonly NonNullable<SettingsBody['status']>[] = ['published', 'closed', 'archived'];

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
    setOpens(formatDate(d.form.opensAt));
    setCloses(formatDate(d.form.closesAt));
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
    if (opens.trim() && !o) problems.opensAt = tr(NOT_A_DATE);
    if (closes.trim() && !c) problems.closesAt = tr(NOT_A_DATE);
    if (o && c && c < o)
      problems.closesAt = tr({
        vi: 'Ngày đóng phải sau ngày mở.',
        en: 'The closing day must be after the opening day.',
      });
    const capN = cap.trim() === '' ? null : Number(cap);
    if (capN !== null && (!Number.isInteger(capN) || capN < 0))
      problems.cap = tr({ vi: 'Nhập số nguyên không âm.', en: 'Enter a whole number, 0 or more.' });
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const body: SettingsBody = {
      opensAt: o ? vnMidnight(o) : null,
      closesAt: c ? vnDayEnd(c) : null,
      cap: capN,
      turnstile,
    };
    const changed = SETTABLE.find((s) => s === formStatus && s !== detail?.form.status);
    if (changed) body.status = changed;
    try {
      await api.PATCH('/api/forms/{id}/settings', { params: { path: { id } }, body });
      fill(await loadForm(id));
      setStatus(tr({ vi: 'Đã lưu cài đặt.', en: 'Settings saved.' }));
    } catch (err) {
      setError(asApiError(err));
    }
  }

  if (!detail) {
    return (
      <section>
        <PageHeading title={tr({ vi: 'Cài đặt biểu mẫu', en: 'Form settings' })} />
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
      <PageHeading title={`${tr({ vi: 'Cài đặt', en: 'Settings' })}: ${form.title}`} />
      <FormTabs id={id} />
      <Status>{status}</Status>
      <ErrorBanner error={error} unclaimed={[]} />
      <div class="two-col">
        <form class="panel" onSubmit={save} noValidate>
          <h2>{tr({ vi: 'Thời gian và giới hạn', en: 'Window and limits' })}</h2>
          <TextField
            label={tr({ vi: 'Mở từ ngày', en: 'Opens on' })}
            hint={tr({
              vi: 'dd/mm/yyyy, giờ Việt Nam; để trống: mở ngay khi xuất bản',
              en: 'dd/mm/yyyy, Vietnam time; empty: open once published',
            })}
            placeholder="dd/mm/yyyy"
            inputMode="numeric"
            value={opens}
            onValue={setOpens}
            errors={[...(local.opensAt ? [local.opensAt] : []), ...problemsAt(f, 'opensAt', lang)]}
          />
          <TextField
            label={tr({ vi: 'Đóng sau ngày', en: 'Closes after' })}
            hint={tr({
              vi: 'dd/mm/yyyy; nhận phản hồi đến hết 23:59 ngày này',
              en: 'dd/mm/yyyy; answers are taken until 23:59 that day',
            })}
            placeholder="dd/mm/yyyy"
            inputMode="numeric"
            value={closes}
            onValue={setCloses}
            errors={[...(local.closesAt ? [local.closesAt] : []), ...problemsAt(f, 'closesAt', lang)]}
          />
          <TextField
            label={tr({ vi: 'Số phản hồi tối đa', en: 'Most responses' })}
            hint={tr({
              vi: `Để trống: không giới hạn. Đã nhận: ${form.used}.`,
              en: `Empty: no limit. Received so far: ${form.used}.`,
            })}
            type="number"
            inputMode="numeric"
            min={0}
            step="1"
            value={cap}
            onValue={setCap}
            errors={[...(local.cap ? [local.cap] : []), ...problemsAt(f, 'cap', lang)]}
          />
          <CheckField
            label={tr({
              vi: 'Kiểm tra chống gửi tự động (người gửi bấm xác nhận “không phải máy”)',
              en: 'Anti-bot check (the sender confirms they are not a robot)',
            })}
            checked={turnstile}
            onValue={setTurnstile}
          />
          {published ? (
            <SelectField
              label={tr({ vi: 'Trạng thái', en: 'Status' })}
              value={formStatus}
              onValue={setFormStatus}
              options={SETTABLE.map((s) => [s, tr(FORM_STATUS[s])] as const)}
              errors={problemsAt(f, 'status', lang)}
            />
          ) : (
            <p class="hint">
              {tr({
                vi: 'Biểu mẫu chưa xuất bản: hãy xuất bản ở trang Thiết kế.',
                en: 'Not published yet: publish it from the Design page.',
              })}
            </p>
          )}
          <button type="submit" class="primary">
            {tr({ vi: 'Lưu cài đặt', en: 'Save settings' })}
          </button>
        </form>
        <div class="panel">
          <h2>{tr({ vi: 'Chia sẻ', en: 'Share' })}</h2>
          <p>
            {tr({ vi: 'Đường dẫn công khai', en: 'Public link' })}:{' '}
            <a href={url} target="_blank" rel="noopener" id="public-link">
              {url}
            </a>
          </p>
          <button
            type="button"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(url);
                setStatus(tr({ vi: 'Đã chép đường dẫn.', en: 'Link copied.' }));
              } catch {
                setStatus(
                  tr({
                    vi: 'Không chép được; hãy chọn và chép đường dẫn.',
                    en: 'Could not copy; select the link and copy it.',
                  }),
                );
              }
            }}
          >
            {tr({ vi: 'Chép đường dẫn', en: 'Copy link' })}
          </button>
          <figure class="qr">
            <img
              src={`/api/forms/${encodeURIComponent(id)}/qr.svg`}
              width={220}
              height={220}
              alt={tr({ vi: `Mã QR của ${url}`, en: `QR code of ${url}` })}
            />
            <figcaption>
              <a href={`/api/forms/${encodeURIComponent(id)}/qr.svg`} download={`qr-${form.slug}.svg`}>
                {tr({ vi: 'Tải mã QR (SVG, in được)', en: 'Download the QR code (SVG, printable)' })}
              </a>
            </figcaption>
          </figure>
          <h3>{tr({ vi: 'Các phiên bản đã xuất bản', en: 'Published versions' })}</h3>
          {versions.length ? (
            <ul>
              {[...versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <li key={v.id}>
                    {tr({ vi: 'Phiên bản', en: 'Version' })} {v.version} — {formatDateTime(v.publishedAt)}
                    {v.id === form.currentVersionId ? ` (${tr({ vi: 'đang dùng', en: 'current' })})` : ''}
                  </li>
                ))}
            </ul>
          ) : (
            <p>{tr({ vi: 'Chưa có.', en: 'None yet.' })}</p>
          )}
        </div>
      </div>
    </section>
  );
}
