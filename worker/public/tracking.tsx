/**
 * Theo dõi vụ việc: the reporter's pages for a feedback or petition case, server-rendered and
 * working without JavaScript. `GET /t/{code}` asks for the PIN; `POST /t/{code}` (PIN) shows the
 * public timeline and the answer; `POST /t/{code}/rate` and `/reopen` act and show it again. The
 * PIN travels only in POST bodies (never in a URL), and every page is `no-store`.
 */
import { type Context, Hono } from 'hono';
import { selectCase } from '../cases/queries';
import { authenticateTracking, publicView, rateAnswer, reopenByReporter } from '../cases/tracking';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { formatDate, formatDateTime, type Lang } from '../lib/i18n';
import { documented } from '../lib/openapi';
import { readText } from '../lib/validate';
import { html, Layout } from './pages';

type C = Context<AppEnv>;
type View = Awaited<ReturnType<typeof publicView>>;

const T = {
  vi: {
    title: 'Theo dõi vụ việc',
    intro: 'Nhập mã PIN 6 chữ số bạn nhận được khi gửi để xem tiến độ và trả lời.',
    code: 'Mã biên nhận',
    pin: 'Mã PIN',
    pinPlaceholder: '6 chữ số',
    show: 'Xem tiến độ, trả lời',
    status: 'Tình trạng',
    received: 'Thời gian gửi',
    due: 'Hạn xử lý',
    daysLeft: 'còn {n} ngày',
    workingDaysLeft: 'còn {n} ngày làm việc',
    overdue: 'Đã quá hạn',
    answer: 'Trả lời của cơ quan xử lý',
    timeline: 'Diễn biến',
    rate: 'Đánh giá trả lời',
    rating: 'Mức độ hài lòng với trả lời',
    ratingEnds: '1 = rất không hài lòng; 5 = rất hài lòng',
    comment: 'Ý kiến thêm (không bắt buộc)',
    send: 'Gửi đánh giá',
    reopen: 'Đề nghị xem xét lại',
    reason: 'Lý do chưa thỏa đáng',
    reopenSend: 'Gửi đề nghị',
    until: 'Nếu trả lời chưa thỏa đáng, bạn có thể đề nghị đến hết ngày',
    yourRating: 'Bạn đã đánh giá',
    myData: 'Dữ liệu cá nhân của bạn (xem, sửa, rút lại đồng ý, xóa)',
    st_received: 'Đã tiếp nhận',
    st_classified: 'Đã thụ lý, đang phân loại',
    st_forwarded: 'Đã chuyển cơ quan có thẩm quyền',
    st_in_progress: 'Đang xử lý',
    st_answered: 'Đã trả lời',
    st_closed: 'Đã kết thúc',
    ev_created: 'Đã gửi',
    ev_classify: 'Đã thụ lý',
    ev_forward: 'Đã chuyển đến',
    ev_start: 'Cơ quan xử lý bắt đầu xem xét',
    ev_answer: 'Đã trả lời',
    ev_close: 'Đã kết thúc',
    ev_merge: 'Đã gộp với vụ việc trùng nội dung',
    ev_reopen: 'Bạn đề nghị xem xét lại',
    ev_reply: 'Phản hồi',
    ev_rating: 'Bạn đã đánh giá',
    ev_extension: 'Gia hạn xử lý',
    ev_withdraw: 'Bạn đã rút lại sự đồng ý, vụ việc kết thúc',
  },
  en: {
    title: 'Follow your case',
    intro: 'Enter the 6-digit PIN you were given when you sent it to see progress and the answer.',
    code: 'Receipt code',
    pin: 'PIN',
    pinPlaceholder: '6 digits',
    show: 'See progress and the answer',
    status: 'Status',
    received: 'Sent at',
    due: 'Due',
    daysLeft: '{n} days left',
    workingDaysLeft: '{n} working days left',
    overdue: 'Overdue',
    answer: 'Answer of the responsible body',
    timeline: 'Timeline',
    rate: 'Rate the answer',
    rating: 'How satisfied are you with the answer?',
    ratingEnds: '1 = very dissatisfied; 5 = very satisfied',
    comment: 'Comment (optional)',
    send: 'Send rating',
    reopen: 'Ask for a review',
    reason: 'Why the answer does not settle it',
    reopenSend: 'Send request',
    until: 'If the answer does not settle it, you can ask until',
    yourRating: 'Your rating',
    myData: 'Your personal data (see, correct, withdraw consent, delete)',
    st_received: 'Received',
    st_classified: 'Accepted, being classified',
    st_forwarded: 'Forwarded to the responsible body',
    st_in_progress: 'In progress',
    st_answered: 'Answered',
    st_closed: 'Closed',
    ev_created: 'Sent',
    ev_classify: 'Accepted',
    ev_forward: 'Forwarded to',
    ev_start: 'The responsible body started',
    ev_answer: 'Answered',
    ev_close: 'Closed',
    ev_merge: 'Merged with a case of the same content',
    ev_reopen: 'You asked for a review',
    ev_reply: 'Reply',
    ev_rating: 'You rated',
    ev_extension: 'Deadline extended',
    ev_withdraw: 'You withdrew consent; the case is closed',
  },
} as const;
const tx = (lang: Lang, k: string) =>
  (T[lang] as Record<string, string>)[k] ?? (T.vi as Record<string, string>)[k] ?? k;

/**
 * The PIN box of a case: on `/t/{code}` and under the receipt's status on `/r/{code}` (the one
 * lookup page). `showCode`: repeat the code (the `/r/` page shows it large already).
 */
export function PinForm({
  lang,
  code,
  error,
  showCode = true,
}: {
  lang: Lang;
  code: string;
  error?: string;
  showCode?: boolean;
}) {
  const self = `/t/${encodeURIComponent(code)}${lang === 'en' ? '?lang=en' : ''}`;
  return (
    <form method="post" action={self} class="lookup" id="pin-form">
      {error ? (
        <p class="err" role="alert" id="pin-err">
          {error}
        </p>
      ) : null}
      <p>{tx(lang, 'intro')}</p>
      {showCode ? (
        <p>
          {tx(lang, 'code')}: <strong class="code">{code}</strong>
        </p>
      ) : null}
      <div class="field">
        <label for="pin">{tx(lang, 'pin')}</label>
        <input
          type="text"
          id="pin"
          name="pin"
          inputmode="numeric"
          autocomplete="off"
          pattern="[0-9]{6}"
          maxlength={6}
          placeholder={tx(lang, 'pinPlaceholder')}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'pin-err' : undefined}
          required
        />
      </div>
      <button type="submit" class="btn">
        {tx(lang, 'show')}
      </button>
    </form>
  );
}

/** A refused rating or review: which form, its message, and what the reporter typed (kept). */
interface Refusal {
  form: 'rate' | 'reopen';
  message: string;
  comment?: string;
  reason?: string;
}

function FormError({ id, message }: { id: string; message: string }) {
  return (
    <p class="err" id={id} role="alert">
      {message}
    </p>
  );
}

function StatusView({
  lang,
  code,
  pin,
  view,
  refusal,
}: {
  lang: Lang;
  code: string;
  pin: string;
  view: View;
  refusal?: Refusal;
}) {
  const base = `/t/${encodeURIComponent(code)}`;
  const q = lang === 'en' ? '?lang=en' : '';
  const rateErr = refusal?.form === 'rate' ? refusal.message : undefined;
  const reopenErr = refusal?.form === 'reopen' ? refusal.message : undefined;
  return (
    <>
      <dl class="status-list">
        <dt>{tx(lang, 'code')}</dt>
        <dd>
          <strong class="code">{code}</strong> — {view.formTitle}
        </dd>
        <dt>{tx(lang, 'received')}</dt>
        <dd>{formatDateTime(view.receivedAt)}</dd>
        <dt>{tx(lang, 'status')}</dt>
        <dd>
          <strong id="case-status">{tx(lang, `st_${view.status}`)}</strong>
        </dd>
        {view.due ? (
          <>
            <dt>{tx(lang, 'due')}</dt>
            <dd>
              {formatDate(`${view.due}T12:00:00+07:00`)}
              {view.daysLeft !== null
                ? view.daysLeft < 0
                  ? ` — ${tx(lang, 'overdue')}`
                  : ` (${tx(lang, view.workingDays ? 'workingDaysLeft' : 'daysLeft').replace('{n}', String(view.daysLeft))})`
                : null}
            </dd>
          </>
        ) : null}
      </dl>
      {view.answer ? (
        <section>
          <h2>{tx(lang, 'answer')}</h2>
          <p id="case-answer" class="answer">
            {view.answer}
          </p>
        </section>
      ) : null}
      <h2>{tx(lang, 'timeline')}</h2>
      <ol class="timeline">
        {view.timeline.map((e, i) => (
          <li key={i}>
            <time>{formatDateTime(e.at)}</time> — {tx(lang, `ev_${e.type}`)}
            {e.body && e.type !== 'answer' ? `: ${e.body}` : ''}
          </li>
        ))}
      </ol>
      {view.canRate ? (
        <form method="post" action={`${base}/rate${q}`} class="lookup">
          <h2>{tx(lang, 'rate')}</h2>
          {view.rating ? (
            <p>
              {tx(lang, 'yourRating')}: {view.rating}/5
            </p>
          ) : null}
          <input type="hidden" name="pin" value={pin} />
          {rateErr ? <FormError id="rate-err" message={rateErr} /> : null}
          <fieldset class="q" aria-describedby={rateErr ? 'rate-err rating-ends' : 'rating-ends'}>
            <legend>{tx(lang, 'rating')}</legend>
            <p class="ends" id="rating-ends">
              {tx(lang, 'ratingEnds')}
            </p>
            <div class="opts row">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} class="opt">
                  <input type="radio" name="rating" value={String(n)} required checked={view.rating === n} />
                  <span>{n}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label for="comment">{tx(lang, 'comment')}</label>
          <textarea id="comment" name="comment" maxlength={2000} rows={3} value={refusal?.comment ?? ''} />
          <button type="submit" class="btn">
            {tx(lang, 'send')}
          </button>
        </form>
      ) : null}
      {view.canReopen && view.reopenUntil ? (
        <form method="post" action={`${base}/reopen${q}`} class="lookup">
          <h2>{tx(lang, 'reopen')}</h2>
          <p class="muted">
            {tx(lang, 'until')} {formatDate(view.reopenUntil)}.
          </p>
          <input type="hidden" name="pin" value={pin} />
          <label for="reason">{tx(lang, 'reason')}</label>
          {reopenErr ? <FormError id="reason-err" message={reopenErr} /> : null}
          <textarea
            id="reason"
            name="reason"
            maxlength={4000}
            rows={3}
            required
            value={refusal?.reason ?? ''}
            aria-invalid={reopenErr ? 'true' : undefined}
            aria-describedby={reopenErr ? 'reason-err' : undefined}
          />
          <button type="submit" class="btn secondary">
            {tx(lang, 'reopenSend')}
          </button>
        </form>
      ) : null}
      <form method="post" action={`${base}/data${q}`} class="lookup">
        <input type="hidden" name="pin" value={pin} />
        <button type="submit" class="link" id="my-data">
          {tx(lang, 'myData')}
        </button>
      </form>
    </>
  );
}

function page(
  c: C,
  lang: Lang,
  code: string,
  body: preact.ComponentChildren,
  status: 200 | 400 | 404 | 409 | 413 | 429 = 200,
) {
  c.header('Cache-Control', 'no-store');
  const self = `/t/${encodeURIComponent(code)}`;
  return c.html(
    html(
      <Layout
        lang={lang}
        title={tx(lang, 'title')}
        switchHref={`${self}?lang=${lang === 'en' ? 'vi' : 'en'}`}
      >
        <h1>{tx(lang, 'title')}</h1>
        {body}
      </Layout>,
    ),
    status,
  );
}

async function form(c: C) {
  return new URLSearchParams(await readText(c.req.raw, 8192));
}

/**
 * Reads the posted form, checks the PIN, runs `act` and shows the status page; any refusal (a body
 * too large included) shows the PIN form with its message.
 */
export async function withCase(
  c: C,
  act?: {
    form: Refusal['form'];
    run: (row: Awaited<ReturnType<typeof authenticateTracking>>, f: URLSearchParams) => Promise<unknown>;
  },
) {
  const lang = c.var.lang;
  let code = c.req.param('code') ?? '';
  try {
    const f = await form(c);
    // The landing page's lookup posts the code in the body (`POST /r`).
    code ||= (f.get('code') ?? '').trim();
    const pin = f.get('pin') ?? '';
    let row = await authenticateTracking(c.env, code, pin, { ip: c.req.header('cf-connecting-ip') });
    let refusal: Refusal | undefined;
    if (act) {
      try {
        await act.run(row, f);
      } catch (err) {
        // The PIN was right: refuse the rating or review on the case page, keeping what was typed.
        if (!(err instanceof AppError)) throw err;
        refusal = {
          form: act.form,
          message: err.messages[lang],
          comment: f.get('comment')?.slice(0, 2000),
          reason: f.get('reason')?.slice(0, 4000),
        };
      }
      row = { ...row, ...(await selectCase(c.env.DB, row.id))! };
    }
    const view = await publicView(c.env, row);
    return page(
      c,
      lang,
      row.receiptCode,
      <StatusView lang={lang} code={row.receiptCode} pin={pin} view={view} refusal={refusal} />,
      refusal ? 400 : 200,
    );
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const status = ([400, 404, 409, 413, 429].includes(err.status) ? err.status : 400) as 400;
    return page(c, lang, code, <PinForm lang={lang} code={code} error={err.messages[lang]} />, status);
  }
}

for (const [method, path, summary] of [
  ['get', '/t/{code}', 'Case tracking: PIN form (HTML)'],
  ['post', '/t/{code}', 'Case tracking: status, timeline and answer after the PIN (HTML)'],
  ['post', '/t/{code}/rate', 'Case tracking: rate the answer (HTML)'],
  ['post', '/t/{code}/reopen', 'Case tracking: ask for a review within the window (HTML)'],
] as const) {
  documented({ method, path, summary, tags: ['public pages'], auth: 'public', responseType: 'text/html' });
}

/** Mounted at `/t`. */
export const trackingPageRoutes = new Hono<AppEnv>()
  .get('/:code', (c) =>
    page(c, c.var.lang, c.req.param('code'), <PinForm lang={c.var.lang} code={c.req.param('code')} />),
  )
  .post('/:code', async (c) => withCase(c))
  .post('/:code/rate', async (c) =>
    withCase(c, {
      form: 'rate',
      run: (row, f) => rateAnswer(c.env, row, Number(f.get('rating')), f.get('comment')?.slice(0, 2000)),
    }),
  )
  .post('/:code/reopen', async (c) =>
    withCase(c, { form: 'reopen', run: (row, f) => reopenByReporter(c.env, row, f.get('reason') ?? '') }),
  );
