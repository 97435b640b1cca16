/**
 * Theo dõi vụ việc: the reporter's pages for a feedback or petition case, server-rendered and
 * working without JavaScript. `GET /t/{code}` asks for the PIN; `POST /t/{code}` (PIN) shows the
 * public timeline and the answer; `POST /t/{code}/rate` and `/reopen` act and show it again. The
 * PIN travels only in POST bodies (never in a URL), and every page is `no-store`.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { formatDate, formatDateTime, formatDay } from '../lib/format';
import { type Lang, type LocalText, labelOf, t } from '../lib/i18n';
import { html, Layout } from '../lib/page';
import { defineRoutes } from '../lib/route';
import { readText } from '../lib/validate';
import { CASE_EVENT_FOR_REPORTER, CASE_STATUS_FOR_REPORTER } from '../text/cases';
import { RECEIPT } from '../text/receipts';
import { authenticateTracking, publicView, rateAnswer, reloadTracked, reopenByReporter } from './tracking';

type C = Context<AppEnv>;
type View = Awaited<ReturnType<typeof publicView>>;

const TEXT = {
  title: { vi: 'Theo dõi vụ việc', en: 'Follow your case' },
  intro: {
    vi: 'Nhập mã PIN 6 chữ số bạn nhận được khi gửi để xem tiến độ và trả lời.',
    en: 'Enter the 6-digit PIN you were given when you sent it to see progress and the answer.',
  },
  code: RECEIPT.code,
  pin: { vi: 'Mã PIN', en: 'PIN' },
  pinPlaceholder: RECEIPT.pinPlaceholder,
  show: { vi: 'Xem tiến độ, trả lời', en: 'See progress and the answer' },
  status: RECEIPT.status,
  received: RECEIPT.sentAt,
  due: { vi: 'Hạn xử lý', en: 'Due' },
  daysLeft: { vi: 'còn {n} ngày', en: '{n} days left' },
  workingDaysLeft: { vi: 'còn {n} ngày làm việc', en: '{n} working days left' },
  overdue: { vi: 'Đã quá hạn', en: 'Overdue' },
  answer: { vi: 'Trả lời của cơ quan xử lý', en: 'Answer of the responsible body' },
  timeline: { vi: 'Diễn biến', en: 'Timeline' },
  rate: { vi: 'Đánh giá trả lời', en: 'Rate the answer' },
  rating: { vi: 'Mức độ hài lòng với trả lời', en: 'How satisfied are you with the answer?' },
  ratingEnds: {
    vi: '1 = rất không hài lòng; 5 = rất hài lòng',
    en: '1 = very dissatisfied; 5 = very satisfied',
  },
  comment: { vi: 'Ý kiến thêm (không bắt buộc)', en: 'Comment (optional)' },
  send: { vi: 'Gửi đánh giá', en: 'Send rating' },
  reopen: { vi: 'Đề nghị xem xét lại', en: 'Ask for a review' },
  reason: { vi: 'Lý do chưa thỏa đáng', en: 'Why the answer does not settle it' },
  reopenSend: { vi: 'Gửi đề nghị', en: 'Send request' },
  until: {
    vi: 'Nếu trả lời chưa thỏa đáng, bạn có thể đề nghị đến hết ngày',
    en: 'If the answer does not settle it, you can ask until',
  },
  yourRating: { vi: 'Bạn đã đánh giá', en: 'Your rating' },
  myData: {
    vi: 'Dữ liệu cá nhân của bạn (xem, sửa, rút lại đồng ý, xóa)',
    en: 'Your personal data (see, correct, withdraw consent, delete)',
  },
} as const satisfies Record<string, LocalText>;
const tx = (lang: Lang, k: keyof typeof TEXT) => t(TEXT[k], lang);

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
          <strong id="case-status">{t(CASE_STATUS_FOR_REPORTER[view.status], lang)}</strong>
        </dd>
        {view.due ? (
          <>
            <dt>{tx(lang, 'due')}</dt>
            <dd>
              {formatDay(view.due)}
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
            <time>{formatDateTime(e.at)}</time> — {t(labelOf(CASE_EVENT_FOR_REPORTER, e.type), lang)}
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

/**
 * The frame of every reporter page under `/t/{code}`: `no-store`, the page title as heading, and
 * the language switch back to the tracking page.
 */
export function trackingFrame(
  c: C,
  title: LocalText,
  code: string,
  body: preact.ComponentChildren,
  status: 200 | 400 | 404 | 409 | 413 | 429 = 200,
) {
  const lang = c.var.lang;
  c.header('Cache-Control', 'no-store');
  const self = `/t/${encodeURIComponent(code)}`;
  return c.html(
    html(
      <Layout lang={lang} title={t(title, lang)} switchHref={`${self}?lang=${lang === 'en' ? 'vi' : 'en'}`}>
        <h1>{t(title, lang)}</h1>
        {body}
      </Layout>,
    ),
    status,
  );
}

/** The case a reporter has opened with code + PIN. */
export type TrackedCase = Awaited<ReturnType<typeof authenticateTracking>>;

/** What a page behind the PIN shows: the case (read again after `run`), the PIN, the form, the outcome. */
export interface Tracked<R> {
  row: TrackedCase;
  pin: string;
  form: URLSearchParams;
  /** What `run` returned. */
  done?: R;
  /** Why `run` refused (the PIN was right); the page answers 400. */
  refused?: AppError;
}

/**
 * Every page behind code + PIN: reads the posted form, checks code + PIN, runs `run` if given and
 * reads the case again, then shows `show` in the frame titled `title`. A refusal of `run` is
 * `show`n beside its form (400); any refusal before (a body too large included) shows the PIN form
 * with its message.
 */
export async function behindPin<R = unknown>(
  c: C,
  title: LocalText,
  show: (tracked: Tracked<R>) => Promise<preact.ComponentChildren>,
  run?: (row: TrackedCase, form: URLSearchParams) => Promise<R>,
) {
  const lang = c.var.lang;
  let code = c.req.param('code') ?? '';
  try {
    const form = new URLSearchParams(await readText(c.req.raw, 8192));
    // The landing page's lookup posts the code in the body (`POST /r`).
    code ||= (form.get('code') ?? '').trim();
    const pin = form.get('pin') ?? '';
    let row = await authenticateTracking(c.env, code, pin, { ip: c.req.header('cf-connecting-ip') });
    let done: R | undefined;
    let refused: AppError | undefined;
    if (run) {
      try {
        done = await run(row, form);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        refused = err;
      }
      row = await reloadTracked(c.env, row);
    }
    const body = await show({ row, pin, form, done, refused });
    return trackingFrame(c, title, row.receiptCode, body, refused ? 400 : 200);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const status = ([400, 404, 409, 413, 429].includes(err.status) ? err.status : 400) as 400;
    return trackingFrame(
      c,
      title,
      code,
      <PinForm lang={lang} code={code} error={err.messages[lang]} />,
      status,
    );
  }
}

/**
 * The case status page: `act` (a rating or a review) refused shows on the case page, keeping what
 * was typed.
 */
export function withCase(
  c: C,
  act?: { form: Refusal['form']; run: (row: TrackedCase, f: URLSearchParams) => Promise<unknown> },
) {
  const lang = c.var.lang;
  return behindPin(
    c,
    TEXT.title,
    async ({ row, pin, form: f, refused }) => (
      <StatusView
        lang={lang}
        code={row.receiptCode}
        pin={pin}
        view={await publicView(c.env, row, lang)}
        refusal={
          act && refused
            ? {
                form: act.form,
                message: refused.messages[lang],
                comment: f.get('comment')?.slice(0, 2000),
                reason: f.get('reason')?.slice(0, 4000),
              }
            : undefined
        }
      />
    ),
    act?.run,
  );
}

/** Mounted at `/t`. */
export const trackingPageRoutes = new Hono<AppEnv>();

const htmlPage = { responseType: 'text/html' } as const;
defineRoutes(trackingPageRoutes, { tags: ['public pages'], auth: 'public' })
  .get('/:code', { summary: 'Case tracking: PIN form (HTML)', ...htmlPage }, (c) =>
    trackingFrame(
      c,
      TEXT.title,
      c.req.param('code'),
      <PinForm lang={c.var.lang} code={c.req.param('code')} />,
    ),
  )
  .post(
    '/:code',
    { summary: 'Case tracking: status, timeline and answer after the PIN (HTML)', ...htmlPage },
    async (c) => withCase(c),
  )
  .post('/:code/rate', { summary: 'Case tracking: rate the answer (HTML)', ...htmlPage }, async (c) =>
    withCase(c, {
      form: 'rate',
      run: (row, f) => rateAnswer(c.env, row, Number(f.get('rating')), f.get('comment')?.slice(0, 2000)),
    }),
  )
  .post(
    '/:code/reopen',
    { summary: 'Case tracking: ask for a review within the window (HTML)', ...htmlPage },
    async (c) =>
      withCase(c, { form: 'reopen', run: (row, f) => reopenByReporter(c.env, row, f.get('reason') ?? '') }),
  );
