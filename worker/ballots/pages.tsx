/**
 * The public ballot pages (server-rendered, phone-first, complete without JavaScript): the ballot,
 * the review step (blank marks flagged before confirming), the receipt, and the published results
 * with the receipt list. The one script (`/b/ballot.js`) only copies a code from the URL fragment
 * or a remote token from this device's storage into the form: nothing depends on it.
 */
import type { ComponentChildren } from 'preact';
import { type Lang, t } from '../lib/i18n';
import { withLang } from '../lib/page';
import { LEVEL, TALLY_FIGURE } from '../text/ballots';
import { LEVEL_COLOURS, LEVEL_ORDER } from './levels';
import { ResultsTable } from './results-table';
import { LEVELS, type Level, type Tally } from './tally';

export interface BallotPaper {
  id: string;
  name: string;
  unitName: string;
  mode: 'codes' | 'remote';
  keyFingerprint: string | null;
  groups: { id: string; title: string; candidates: { id: string; fullName: string; position: string }[] }[];
}

/** Chosen level per candidate ('' = left blank, whether nothing or "leave blank" was ticked;
 * 'multiple' = several ticked). */
export type Choices = Record<string, string>;

const isLevel = (mark: string | undefined): mark is Level =>
  (LEVELS as readonly (string | undefined)[]).includes(mark);

// Phone first (360 px): per person a column of the three levels in their order, then "leave
// blank" apart from them; the results table has four columns and never scrolls sideways.
const STYLE = `.cand{border:1px solid #ccd;border-radius:8px;padding:.6rem .8rem;margin:.6rem 0;min-width:0}
.cand legend{font-weight:600;padding:0 .3rem;max-width:100%}.pos{display:block;font-weight:400;color:#555;font-size:.9rem}
.lv{display:flex;flex-direction:column;gap:.4rem}.lv label{border:1px solid #bbc;border-radius:6px;padding:.55rem .6rem;display:flex;gap:.5rem;align-items:center;min-height:44px;box-sizing:border-box}
.lv label:has(input:checked){border-color:#1f3b73;background:#eef3fb;font-weight:600}.lv .none{border-style:dashed;color:#555;margin-top:.2rem}
.lv input{width:1.25rem;height:1.25rem;margin:0;flex:none}.sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;flex:none}
.blank{color:#8a1c00;font-weight:600}.warn{border-left:4px solid #b35900;background:#fff6e5;padding:.6rem .8rem;margin:.8rem 0}
.receipt{font-size:1.6rem;font-weight:700;letter-spacing:.08em;white-space:nowrap}.fp{font-family:monospace;word-break:break-all}
table.res{border-collapse:collapse;width:100%;font-size:.85rem;table-layout:fixed}table.res th,table.res td{border:1px solid #ccd;padding:.3rem .25rem;text-align:right;vertical-align:top}
table.res th:first-child,table.res td:first-child{text-align:left;width:40%;padding-left:.35rem}table.res thead th{font-size:.78rem;line-height:1.2;-webkit-hyphens:auto;hyphens:auto;overflow-wrap:anywhere}
table.res tbody th{font-weight:600}table.res small{font-weight:400;color:#555}table.res .flag{color:#8a1c00;font-size:.8rem}
.table-wrap{overflow-x:auto;margin:.8rem 0}table.res caption{font-weight:600;text-align:left;padding:.3rem 0}.receipts{columns:9rem;font-family:monospace}
.found{background:#e6f4ea;padding:.5rem;border-left:4px solid #137333}a.btn{display:inline-block;text-decoration:none}`;

function Layout(props: {
  lang: Lang;
  title: string;
  children: ComponentChildren;
  script?: boolean;
  /** The same page in the other language, where a plain link can say so (not mid-ballot). */
  switchHref?: string;
}) {
  const other: Lang = props.lang === 'en' ? 'vi' : 'en';
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · Lắng Nghe`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/form.css" />
        <style>{STYLE}</style>
        {props.script ? <script src="/b/ballot.js" defer /> : null}
      </head>
      <body>
        <header class="top">
          <span class="brand">Lắng Nghe</span>
          {props.switchHref ? (
            <a class="lang" href={props.switchHref} hreflang={other} lang={other}>
              {other === 'en' ? 'English' : 'Tiếng Việt'}
            </a>
          ) : null}
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

function Head({ paper, lang }: { paper: BallotPaper; lang: Lang }) {
  return (
    <>
      <h1>{paper.name}</h1>
      <p class="muted">{paper.unitName}</p>
      {paper.keyFingerprint ? (
        <p class="muted">
          {t({ vi: 'Dấu vân tay khóa của đợt: ', en: 'Round key fingerprint: ' }, lang)}
          <span class="fp">{paper.keyFingerprint}</span>
        </p>
      ) : null}
    </>
  );
}

/** Hidden fields carrying the credential and every mark to the next step. */
function Carry({
  paper,
  code,
  token,
  choices,
}: {
  paper: BallotPaper;
  code: string;
  token: string;
  choices: Choices;
}) {
  return (
    <>
      {paper.mode === 'codes' ? (
        <input type="hidden" name="code" value={code} />
      ) : (
        <input type="hidden" name="token" value={token} />
      )}
      {paper.groups.flatMap((g) =>
        g.candidates.flatMap((c) =>
          // Several ticks travel as two levels (never as the word 'multiple', which is not a level
          // and would be refused as forged): the next step reads them as the same invalid mark.
          (choices[c.id] === 'multiple' ? ['high', 'low'] : [choices[c.id] ?? '']).map((v) => (
            <input key={`${c.id}-${v}`} type="hidden" name={`m.${c.id}`} value={v} />
          )),
        ),
      )}
    </>
  );
}

/** The ballot: credential, then per person the three levels or blank. */
export function BallotPage(props: {
  lang: Lang;
  paper: BallotPaper;
  code?: string;
  token?: string;
  choices?: Choices;
  error?: string;
}) {
  const { lang, paper } = props;
  const choices = props.choices ?? {};
  return (
    <Layout lang={lang} title={paper.name} script>
      <Head paper={paper} lang={lang} />
      {props.error ? (
        <div class="err-summary" role="alert" tabindex={-1}>
          <p>{props.error}</p>
        </div>
      ) : null}
      <p>
        {t(
          {
            vi: 'Phiếu kín: hệ thống không biết ai giữ mã nào. Chọn một mức cho mỗi người; để trống thì phiếu đối với người đó không hợp lệ.',
            en: 'Secret ballot: the system does not know who holds which code. Choose one level per person; a person left blank is an invalid mark for that person.',
          },
          lang,
        )}
      </p>
      <form method="post" action={withLang(`/b/${paper.id}`, lang)} class="ballot">
        <input type="hidden" name="step" value="review" />
        {paper.mode === 'codes' ? (
          <div class="q">
            <label for="code">
              {t(
                { vi: 'Mã bỏ phiếu (trên phiếu mã bạn đã bốc)', en: 'Ballot code (on the slip you drew)' },
                lang,
              )}
            </label>
            <input
              id="code"
              name="code"
              type="text"
              required
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
              value={props.code ?? ''}
              aria-describedby="code-help"
            />
            <p class="help" id="code-help">
              {t(
                {
                  vi: 'Ví dụ: 7KQM-3XD9-B2HT-ZP4R-Q (không phân biệt hoa thường).',
                  en: 'E.g. 7KQM-3XD9-B2HT-ZP4R-Q (any case).',
                },
                lang,
              )}
            </p>
          </div>
        ) : (
          <div class="q">
            <label for="token">
              {t(
                {
                  vi: 'Phiếu điện tử (tự điền trên máy đã nhận phiếu)',
                  en: 'Ballot token (filled in on the device that received it)',
                },
                lang,
              )}
            </label>
            <textarea id="token" name="token" rows={3} required>
              {props.token ?? ''}
            </textarea>
          </div>
        )}
        {paper.groups.map((g) => (
          <section key={g.id}>
            <h2>{g.title}</h2>
            {g.candidates.map((c) => (
              <fieldset class="cand" key={c.id}>
                <legend>
                  {c.fullName}
                  <span class="pos">{c.position}</span>
                </legend>
                <div class="lv">
                  {/* Nothing is ticked until the voter ticks: a paper ballot starts unmarked. */}
                  {LEVEL_ORDER.map((lv) => (
                    <label key={lv}>
                      <input type="radio" name={`m.${c.id}`} value={lv} checked={choices[c.id] === lv} />
                      <span class="sw" style={{ background: LEVEL_COLOURS[lv] }} aria-hidden="true" />
                      {t(LEVEL[lv], lang)}
                    </label>
                  ))}
                  {/* A way back to "no mark" without JavaScript; never pre-selected. */}
                  <label class="none">
                    <input type="radio" name={`m.${c.id}`} value="" />
                    {t({ vi: 'Để trống', en: 'Leave blank' }, lang)}
                  </label>
                </div>
              </fieldset>
            ))}
          </section>
        ))}
        <button type="submit" class="btn">
          {t({ vi: 'Xem lại phiếu', en: 'Review my ballot' }, lang)}
        </button>
      </form>
    </Layout>
  );
}

/** Review: what will be cast, blanks flagged; confirm or go back. */
export function ReviewPage(props: {
  lang: Lang;
  paper: BallotPaper;
  code: string;
  token: string;
  choices: Choices;
}) {
  const { lang, paper, choices } = props;
  const blanks = paper.groups.flatMap((g) => g.candidates).filter((c) => !isLevel(choices[c.id]));
  return (
    <Layout lang={lang} title={t({ vi: 'Xem lại phiếu', en: 'Review' }, lang)}>
      <Head paper={paper} lang={lang} />
      <h2>{t({ vi: 'Xem lại trước khi bỏ phiếu', en: 'Review before casting' }, lang)}</h2>
      {blanks.length ? (
        <div class="warn" role="alert">
          {t(
            {
              vi: `Bạn để trống ${blanks.length} người. Phiếu đối với những người này sẽ KHÔNG HỢP LỆ (phần còn lại vẫn hợp lệ).`,
              en: `You left ${blanks.length} blank. Your mark for them will be INVALID (the rest still counts).`,
            },
            lang,
          )}
        </div>
      ) : null}
      {paper.groups.map((g) => (
        <section key={g.id}>
          <h3>{g.title}</h3>
          <ul>
            {g.candidates.map((c) => {
              const mark = choices[c.id];
              return (
                <li key={c.id}>
                  {c.fullName} ({c.position}):{' '}
                  {isLevel(mark) ? (
                    <strong>{t(LEVEL[mark], lang)}</strong>
                  ) : (
                    <span class="blank">
                      {t({ vi: 'để trống — không hợp lệ', en: 'blank — invalid' }, lang)}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <p>
        {t(
          {
            vi: 'Sau khi xác nhận, phiếu không thể sửa.',
            en: 'Once confirmed, the ballot cannot be changed.',
          },
          lang,
        )}
      </p>
      <form method="post" action={withLang(`/b/${paper.id}`, lang)}>
        <input type="hidden" name="step" value="confirm" />
        <Carry paper={paper} code={props.code} token={props.token} choices={choices} />
        <button type="submit" class="btn">
          {t({ vi: 'Xác nhận bỏ phiếu', en: 'Confirm and cast' }, lang)}
        </button>
      </form>
      <form method="post" action={withLang(`/b/${paper.id}`, lang)}>
        <input type="hidden" name="step" value="edit" />
        <Carry paper={paper} code={props.code} token={props.token} choices={choices} />
        <button type="submit" class="btn secondary">
          {t({ vi: 'Sửa lại', en: 'Change' }, lang)}
        </button>
      </form>
    </Layout>
  );
}

/** After the cast: the receipt. */
export function CastReceiptPage(props: { lang: Lang; paper: BallotPaper; receipt: string }) {
  const { lang, paper } = props;
  return (
    <Layout lang={lang} title={t({ vi: 'Đã bỏ phiếu', en: 'Ballot cast' }, lang)}>
      <Head paper={paper} lang={lang} />
      <h2>{t({ vi: 'Phiếu của bạn đã được ghi nhận', en: 'Your ballot has been recorded' }, lang)}</h2>
      <p>{t({ vi: 'Biên nhận của bạn:', en: 'Your receipt:' }, lang)}</p>
      <p class="receipt" data-receipt={props.receipt}>
        {props.receipt}
      </p>
      <p>
        {t(
          {
            vi: 'Hãy ghi lại biên nhận. Khi kết quả được công bố, bạn có thể tìm nó trong danh sách biên nhận để chắc chắn phiếu của mình đã được đếm. Biên nhận không cho biết bạn đã chọn gì.',
            en: 'Write the receipt down. Once results are published you can find it in the receipt list to be sure your ballot was counted. The receipt does not reveal your choices.',
          },
          lang,
        )}
      </p>
      <p>
        <a class="btn secondary" href={withLang(`/b/${paper.id}/results`, lang)}>
          {t({ vi: 'Trang kết quả', en: 'Results page' }, lang)}
        </a>
      </p>
    </Layout>
  );
}

export function BallotMessagePage(props: {
  lang: Lang;
  title: string;
  message: string;
  paper?: BallotPaper;
  link?: boolean;
}) {
  return (
    <Layout lang={props.lang} title={props.title}>
      {props.paper ? <Head paper={props.paper} lang={props.lang} /> : null}
      <h2>{props.title}</h2>
      <p>{props.message}</p>
      {props.paper && props.link ? (
        <a class="btn secondary" href={withLang(`/b/${props.paper.id}/results`, props.lang)}>
          {t({ vi: 'Xem kết quả', en: 'See the results' }, props.lang)}
        </a>
      ) : null}
    </Layout>
  );
}

/** Published results: figures per person, the receipt list, a receipt lookup. */
export function ResultsPage(props: {
  lang: Lang;
  paper: BallotPaper;
  tally: Tally;
  receipts: string[];
  lookup?: string;
  found?: boolean;
}) {
  const { lang, paper, tally } = props;
  const self = `/b/${paper.id}/results${props.lookup ? `?receipt=${encodeURIComponent(props.lookup)}` : ''}`;
  return (
    <Layout
      lang={lang}
      title={t({ vi: 'Kết quả', en: 'Results' }, lang)}
      switchHref={`${self}${self.includes('?') ? '&' : '?'}lang=${lang === 'en' ? 'vi' : 'en'}`}
    >
      <Head paper={paper} lang={lang} />
      <h2>{t({ vi: 'Kết quả lấy phiếu tín nhiệm', en: 'Results' }, lang)}</h2>
      <p>
        {t(TALLY_FIGURE.summoned, lang)}: {tally.summoned} · {t(TALLY_FIGURE.present, lang)}: {tally.present}{' '}
        · {t(TALLY_FIGURE.issued, lang)}: {tally.issued} · {t(TALLY_FIGURE.collected, lang)}:{' '}
        {tally.collected}
      </p>
      {paper.groups.map((g) => (
        <ResultsTable
          key={g.id}
          lang={lang}
          caption={g.title}
          rows={tally.candidates.filter((c) => c.groupId === g.id)}
        />
      ))}
      <h2>{t({ vi: 'Tìm biên nhận', en: 'Find your receipt' }, lang)}</h2>
      <form method="get" action={`/b/${paper.id}/results`}>
        <label for="receipt">{t({ vi: 'Biên nhận', en: 'Receipt' }, lang)}</label>
        {/* A GET form replaces the query: the language rides along as a field. */}
        {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <input id="receipt" name="receipt" type="text" value={props.lookup ?? ''} autocomplete="off" />
        <button class="btn secondary" type="submit">
          {t({ vi: 'Tìm', en: 'Find' }, lang)}
        </button>
      </form>
      {props.lookup ? (
        <p class={props.found ? 'found' : 'warn'} role="status">
          {props.found
            ? t(
                {
                  vi: 'Có trong danh sách: phiếu của bạn đã được đếm.',
                  en: 'Found: your ballot was counted.',
                },
                lang,
              )
            : t(
                { vi: 'Không thấy biên nhận này trong danh sách.', en: 'This receipt is not in the list.' },
                lang,
              )}
        </p>
      ) : null}
      <h2>
        {t({ vi: 'Danh sách biên nhận', en: 'Receipt list' }, lang)} ({props.receipts.length})
      </h2>
      <ul class="receipts">
        {props.receipts.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </Layout>
  );
}

/**
 * The optional enhancement: copy `#CODE` from a scanned slip into the code field (then drop it from
 * the address bar), or this device's remote token into the token field. No request is made.
 */
export const BALLOT_JS = `(function(){
var f=document.querySelector('form.ballot');if(!f)return;
var c=f.querySelector('input[name=code]');var h=location.hash.slice(1);
if(c&&h&&!c.value){c.value=decodeURIComponent(h).replace(/[^0-9A-Za-z]/g,'').toUpperCase().replace(/(.{4})(?=.)/g,'$1-');history.replaceState(null,'',location.pathname+location.search);}
var t=f.querySelector('textarea[name=token]');
if(t&&!t.value){try{var id=location.pathname.split('/')[2];var s=localStorage.getItem('ln-ballot-token:'+id);if(s)t.value=s;}catch(e){}}
})();`;
