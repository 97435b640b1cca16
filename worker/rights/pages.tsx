/**
 * Dữ liệu cá nhân của bạn: the reporter's rights as server-rendered pages that work without
 * JavaScript, behind the same code + PIN as the tracking page. `POST /t/{code}/data` (PIN) shows
 * every piece of personal data held; `POST /t/{code}/data/correct|withdraw|delete` act and show it
 * again. The PIN travels only in POST bodies; every page is `no-store`.
 */
import { type Context, Hono } from 'hono';
import { behindPin, type TrackedCase } from '../cases/tracking-pages';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { formatDateTime, formatDay } from '../lib/format';
import { type Lang, type LocalText, labelOf, t } from '../lib/i18n';
import { defineRoutes } from '../lib/route';
import { IDENTITY_FIELD } from '../text/forms';
import { DATA_REQUEST_KIND, DATA_REQUEST_STATUS } from '../text/rights';
import { accessView, type ContactField, correctContact, requestDeletion, withdrawConsent } from './service';

type C = Context<AppEnv>;
type View = Awaited<ReturnType<typeof accessView>>;

const TEXT = {
  title: { vi: 'Dữ liệu cá nhân của bạn', en: 'Your personal data' },
  intro: {
    vi: 'Đây là toàn bộ dữ liệu cá nhân của bạn mà hệ thống đang lưu trong vụ việc này. Bạn có thể sửa thông tin liên hệ, rút lại sự đồng ý hoặc đề nghị xóa dữ liệu.',
    en: 'This is all the personal data about you held in this case. You can correct your contact details, withdraw consent or ask for deletion.',
  },
  identity: { vi: 'Thông tin cá nhân', en: 'Personal details' },
  anonymous: {
    vi: 'Không lưu thông tin cá nhân nào của bạn (ẩn danh).',
    en: 'No personal details of yours are held (anonymous).',
  },
  answers: { vi: 'Nội dung bạn đã gửi', en: 'What you sent' },
  files: { vi: 'Tệp đính kèm', en: 'Attached files' },
  noFiles: { vi: 'Không có tệp.', en: 'No files.' },
  consent: { vi: 'Sự đồng ý xử lý dữ liệu cá nhân', en: 'Consent to processing personal data' },
  consentVersion: { vi: 'Phiên bản văn bản', en: 'Text version' },
  consentAt: { vi: 'Đồng ý lúc', en: 'Given at' },
  withdrawnAt: { vi: 'Đã rút lại lúc', en: 'Withdrawn at' },
  noConsent: {
    vi: 'Bạn không cung cấp thông tin cá nhân nên không có sự đồng ý nào được ghi nhận.',
    en: 'You gave no personal details, so no consent was recorded.',
  },
  requests: { vi: 'Yêu cầu của bạn', en: 'Your requests' },
  s_open: { vi: 'Đang xem xét, hạn trả lời', en: 'Under review, answer due' },
  correct: DATA_REQUEST_KIND.correct,
  correctHelp: {
    vi: 'Để trống ô nào thì giữ nguyên thông tin đó.',
    en: 'Leave a box empty to keep that detail.',
  },
  correctSend: { vi: 'Lưu thông tin mới', en: 'Save' },
  corrected: { vi: 'Đã lưu thông tin liên hệ mới.', en: 'Your new contact details are saved.' },
  unchanged: { vi: 'Không có thông tin nào thay đổi.', en: 'Nothing changed.' },
  withdraw: DATA_REQUEST_KIND.withdraw,
  withdrawFeedback: {
    vi: 'Thông tin cá nhân của bạn sẽ bị xóa ngay. Vụ việc vẫn được xử lý nhưng không có tên bạn (ẩn danh); chúng tôi sẽ không thể liên hệ lại với bạn.',
    en: 'Your personal details are deleted at once. The case goes on without your name (anonymous); we will not be able to contact you.',
  },
  withdrawPetition: {
    vi: 'Thông tin cá nhân của bạn sẽ bị xóa ngay. Theo Luật Tố cáo 2018 (Điều 25), khiếu nại, tố cáo, kiến nghị không được xử lý khi không có thông tin người gửi, nên vụ việc sẽ kết thúc.',
    en: 'Your personal details are deleted at once. Under the Law on Denunciations 2018 (art. 25) a complaint, denunciation or petition is not processed without the sender’s details, so the case will close.',
  },
  confirm: { vi: 'Tôi hiểu và muốn rút lại sự đồng ý', en: 'I understand and withdraw my consent' },
  withdrawn: {
    vi: 'Đã rút lại sự đồng ý và xóa thông tin cá nhân của bạn.',
    en: 'Consent withdrawn; your personal details are deleted.',
  },
  withdrawnClosed: {
    vi: 'Đã rút lại sự đồng ý, xóa thông tin cá nhân của bạn; vụ việc đã kết thúc.',
    en: 'Consent withdrawn; your personal details are deleted and the case is closed.',
  },
  del: DATA_REQUEST_KIND.delete,
  delHelp: {
    vi: 'Cán bộ tiếp nhận sẽ xem xét và trả lời trong thời hạn luật định. Dữ liệu mà vụ việc đang giải quyết cần đến có thể được giữ lại cho đến khi giải quyết xong.',
    en: 'Intake staff will review and answer within the legal period. Data an open case still needs may be kept until it is settled.',
  },
  delSend: { vi: 'Gửi đề nghị xóa', en: 'Ask for deletion' },
  delSent: { vi: 'Đã gửi đề nghị xóa dữ liệu, hạn trả lời', en: 'Deletion requested; answer due' },
  back: { vi: 'Quay lại trang theo dõi', en: 'Back to tracking' },
} as const satisfies Record<string, LocalText>;
const tx = (lang: Lang, k: keyof typeof TEXT) => t(TEXT[k], lang);

function PersonalData({
  lang,
  code,
  pin,
  view,
  notice,
  error,
}: {
  lang: Lang;
  code: string;
  pin: string;
  view: View;
  notice?: string;
  error?: { form: string; message: string };
}) {
  const base = `/t/${encodeURIComponent(code)}`;
  const q = lang === 'en' ? '?lang=en' : '';
  const pinField = <input type="hidden" name="pin" value={pin} />;
  const err = (form: string) =>
    error?.form === form ? (
      <p class="err" role="alert" id={`${form}-err`}>
        {error.message}
      </p>
    ) : null;
  return (
    <>
      {notice ? (
        <p class="status" role="status" id="rights-notice">
          {notice}
        </p>
      ) : null}
      <p>{tx(lang, 'intro')}</p>
      <p>
        {t(DATA_REQUEST_KIND.access, lang)}: <strong class="code">{code}</strong>
      </p>
      <h2>{tx(lang, 'identity')}</h2>
      {view.identity ? (
        <dl class="status-list" id="rights-identity">
          {Object.entries(view.identity).map(([k, v]) => (
            <>
              <dt>{t(labelOf(IDENTITY_FIELD, k), lang)}</dt>
              <dd>{v}</dd>
            </>
          ))}
        </dl>
      ) : (
        <p id="rights-identity">{tx(lang, 'anonymous')}</p>
      )}
      <h2>{tx(lang, 'answers')}</h2>
      <dl class="status-list">
        {view.answers.map((a) => (
          <>
            <dt>{a.label}</dt>
            <dd>{a.answer}</dd>
          </>
        ))}
      </dl>
      <h2>{tx(lang, 'files')}</h2>
      {view.files.length ? (
        <ul>
          {view.files.map((f) => (
            <li key={f} class="code">
              {f}
            </li>
          ))}
        </ul>
      ) : (
        <p>{tx(lang, 'noFiles')}</p>
      )}
      <h2>{tx(lang, 'consent')}</h2>
      {view.consent ? (
        <dl class="status-list" id="rights-consent">
          <dt>{tx(lang, 'consentVersion')}</dt>
          <dd>{view.consent.version}</dd>
          {view.consent.text ? (
            <dd class="consent-text">{(lang === 'en' && view.consent.text.en) || view.consent.text.vi}</dd>
          ) : null}
          <dt>{tx(lang, 'consentAt')}</dt>
          <dd>{formatDateTime(view.consent.acceptedAt)}</dd>
          {view.consent.withdrawnAt ? (
            <>
              <dt>{tx(lang, 'withdrawnAt')}</dt>
              <dd>{formatDateTime(view.consent.withdrawnAt)}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{tx(lang, 'noConsent')}</p>
      )}
      {view.requests.length ? (
        <>
          <h2>{tx(lang, 'requests')}</h2>
          <ul id="rights-requests">
            {view.requests.map((r) => (
              <li key={r.id}>
                {t(DATA_REQUEST_KIND[r.kind], lang)} ({formatDateTime(r.requestedAt)}) —{' '}
                {r.status === 'open' ? tx(lang, 's_open') : t(DATA_REQUEST_STATUS[r.status], lang)}
                {r.status === 'open' ? ` ${formatDay(r.dueDay)}` : r.reply ? `: ${r.reply}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.contactFields.length ? (
        <form method="post" action={`${base}/data/correct${q}`} class="lookup">
          <h2>{tx(lang, 'correct')}</h2>
          {pinField}
          {err('correct')}
          <p class="help">{tx(lang, 'correctHelp')}</p>
          {view.contactFields.map((f: ContactField) => (
            <div class="field" key={f}>
              <label for={`c-${f}`}>{t(IDENTITY_FIELD[f], lang)}</label>
              <input
                type={(f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text') as 'text'}
                id={`c-${f}`}
                name={f}
                maxlength={f === 'address' ? 500 : 254}
                autocomplete="off"
              />
            </div>
          ))}
          <button type="submit" class="btn">
            {tx(lang, 'correctSend')}
          </button>
        </form>
      ) : null}
      {view.canWithdraw ? (
        <form method="post" action={`${base}/data/withdraw${q}`} class="lookup">
          <h2>{tx(lang, 'withdraw')}</h2>
          {pinField}
          {err('withdraw')}
          <p>{tx(lang, view.caseKind === 'feedback' ? 'withdrawFeedback' : 'withdrawPetition')}</p>
          <label class="opt">
            <input type="checkbox" name="confirm" value="1" required />
            <span>{tx(lang, 'confirm')}</span>
          </label>
          <button type="submit" class="btn secondary">
            {tx(lang, 'withdraw')}
          </button>
        </form>
      ) : null}
      {view.canDelete ? (
        <form method="post" action={`${base}/data/delete${q}`} class="lookup">
          <h2>{tx(lang, 'del')}</h2>
          {pinField}
          {err('delete')}
          <p class="help">{tx(lang, 'delHelp')}</p>
          <button type="submit" class="btn secondary">
            {tx(lang, 'delSend')}
          </button>
        </form>
      ) : null}
      <form method="post" action={`${base}${q}`} class="lookup">
        {pinField}
        <button type="submit" class="link">
          {tx(lang, 'back')}
        </button>
      </form>
    </>
  );
}

/** The data page behind the PIN; `act` answers its notice, its refusal is shown beside its form. */
function withData(
  c: C,
  act?: {
    form: 'correct' | 'withdraw' | 'delete';
    run: (row: TrackedCase, f: URLSearchParams) => Promise<string>;
  },
) {
  const lang = c.var.lang;
  return behindPin<string>(
    c,
    TEXT.title,
    async ({ row, pin, done, refused }) => (
      <PersonalData
        lang={lang}
        code={row.receiptCode}
        pin={pin}
        view={await accessView(c.env, row, lang)}
        notice={done}
        error={
          act && refused
            ? {
                form: act.form,
                message: refused.fields?.length
                  ? refused.fields.map((x) => x.message[lang]).join(' ')
                  : refused.messages[lang],
              }
            : undefined
        }
      />
    ),
    act?.run,
  );
}

/** Mounted at `/t`. */
export const rightsPageRoutes = new Hono<AppEnv>();

const htmlPage = { responseType: 'text/html' } as const;
defineRoutes(rightsPageRoutes, { tags: ['public pages'], auth: 'public' })
  .post(
    '/:code/data',
    { summary: 'Your personal data in the case, after the PIN (HTML)', ...htmlPage },
    (c) => withData(c),
  )
  .post('/:code/data/correct', { summary: 'Correct contact details (HTML)', ...htmlPage }, (c) =>
    withData(c, {
      form: 'correct',
      run: async (row, f) => {
        const res = await correctContact(c.env, row, {
          phone: f.get('phone') ?? undefined,
          email: f.get('email') ?? undefined,
          address: f.get('address') ?? undefined,
        });
        return tx(c.var.lang, res.changed.length ? 'corrected' : 'unchanged');
      },
    }),
  )
  .post('/:code/data/withdraw', { summary: 'Withdraw consent (HTML)', ...htmlPage }, (c) =>
    withData(c, {
      form: 'withdraw',
      run: async (row, f) => {
        if (f.get('confirm') !== '1') {
          throw new AppError('confirm_required');
        }
        const res = await withdrawConsent(c.env, row);
        return tx(c.var.lang, res.closed ? 'withdrawnClosed' : 'withdrawn');
      },
    }),
  )
  .post('/:code/data/delete', { summary: 'Ask for deletion (HTML)', ...htmlPage }, (c) =>
    withData(c, {
      form: 'delete',
      run: async (row) => {
        const r = await requestDeletion(c.env, row);
        return `${tx(c.var.lang, 'delSent')} ${formatDay(r.dueDay)}.`;
      },
    }),
  );
