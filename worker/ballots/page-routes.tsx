/**
 * `/b/{id}`: the ballot page and its no-JavaScript steps (review → confirm → receipt), and
 * `/b/{id}/results` once published. The cast goes through `castBallot` (one D1 batch); these
 * handlers read no cookie and no client address, and log nothing — not even failures.
 */
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { setOwn } from '../lib/checks';
import { AppError } from '../lib/errors';
import { type LocalText, t } from '../lib/i18n';
import { html } from '../lib/page';
import { defineRoutes } from '../lib/route';
import { readText } from '../lib/validate';
import { castBallot, checkCode, normaliseMarks } from './cast';
import { publicResults } from './minutes';
import {
  BALLOT_JS,
  BallotMessagePage,
  BallotPage,
  type BallotPaper,
  CastReceiptPage,
  type Choices,
  ResultsPage,
  ReviewPage,
} from './pages';
import { publicBallot } from './rounds';
import { RowIdSchema } from './schema';
import { LEVELS } from './tally';

const BallotPost = v.object({
  step: v.picklist(['review', 'edit', 'confirm']),
  code: v.optional(v.string()),
  token: v.optional(v.string()),
});

type C = Context<AppEnv>;
const POST_LIMIT = 64 * 1024;

function page(c: C, body: string, status: 200 | 400 | 403 | 404 | 409 | 413 | 422 | 500 = 200) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(body, status);
}

async function paper(c: C, id: string): Promise<BallotPaper & { phase: string }> {
  if (!v.is(RowIdSchema, id)) throw new AppError('not_found:round');
  return publicBallot(c.env.DB, id);
}

/** Results asked for before they are published: what is happening instead. */
const NOT_PUBLISHED: LocalText = {
  vi: 'Kết quả chưa được công bố. Ban kiểm phiếu công bố kết quả sau khi kết thúc bỏ phiếu và kiểm phiếu.',
  en: 'The results are not published yet. The counting board publishes them once casting has closed and the ballots are counted.',
};

/**
 * The ballot (`/b/{id}`) outside casting, or the results (`/b/{id}/results`) before publication:
 * a sentence saying where the round stands, each page its own.
 */
function closedMessage(c: C, p: BallotPaper & { phase: string }, asked: 'ballot' | 'results' = 'ballot') {
  const lang = c.var.lang;
  const published = p.phase === 'published';
  const message: LocalText =
    asked === 'results'
      ? NOT_PUBLISHED
      : published
        ? {
            vi: 'Đợt bỏ phiếu đã kết thúc và kết quả đã được công bố.',
            en: 'This vote has ended and its results are published.',
          }
        : p.phase === 'counting'
          ? {
              vi: 'Đã kết thúc bỏ phiếu; Ban kiểm phiếu đang kiểm phiếu.',
              en: 'Casting has closed; the counting board is counting.',
            }
          : {
              vi: 'Chưa đến thời gian bỏ phiếu. Vui lòng chờ Ban kiểm phiếu mở bỏ phiếu.',
              en: 'Casting has not opened yet. Please wait for the counting board.',
            };
  const title: LocalText =
    asked === 'results'
      ? { vi: 'Chưa công bố kết quả', en: 'Results not published yet' }
      : { vi: 'Chưa mở / đã đóng', en: 'Not open' };
  return page(
    c,
    html(
      <BallotMessagePage
        lang={lang}
        paper={p}
        title={t(title, lang)}
        message={t(message, lang)}
        link={published}
      />,
    ),
    409,
  );
}

/**
 * A posted mark the paper could not have produced: an `m.` field for someone not on the paper, or
 * a value that is not a level. The cast's own rule decides (`normaliseMarks`), so the page refuses
 * at every step exactly what the cast would refuse.
 */
function forgedMark(p: BallotPaper, form: URLSearchParams): boolean {
  const marks: Record<string, string[]> = {};
  for (const [k, v] of form) {
    if (k.startsWith('m.'))
      setOwn(marks, k.slice(2), [...(Object.hasOwn(marks, k.slice(2)) ? marks[k.slice(2)]! : []), v]);
  }
  try {
    normaliseMarks(
      p.groups.flatMap((g) => g.candidates.map((c) => c.id)),
      marks,
    );
    return false;
  } catch (err) {
    if (err instanceof AppError) return true;
    throw err;
  }
}

/** Reads `m.<candidate>` fields: one value → that level; several → 'multiple' (an invalid mark). */
function choicesOf(p: BallotPaper, form: URLSearchParams): Choices {
  const out: Choices = {};
  for (const g of p.groups) {
    for (const cand of g.candidates) {
      const vals = form.getAll(`m.${cand.id}`).filter((x) => x !== '');
      out[cand.id] = vals.length > 1 && new Set(vals).size > 1 ? 'multiple' : (vals[0] ?? '');
    }
  }
  return out;
}

function tokenOf(raw: string | undefined) {
  if (!raw) return undefined;
  try {
    const t = JSON.parse(raw) as { message?: unknown; signature?: unknown };
    return typeof t.message === 'string' && typeof t.signature === 'string'
      ? { message: t.message, signature: t.signature }
      : undefined;
  } catch {
    return undefined;
  }
}

export const ballotPageRoutes = new Hono<AppEnv>();

// Failures become pages and are never logged (a log line next to a cast is a timing record).
ballotPageRoutes.onError((err, c) => {
  const lang = c.var.lang ?? 'vi';
  if (err instanceof AppError)
    return page(
      c,
      html(
        <BallotMessagePage
          lang={lang}
          title={t({ vi: 'Rất tiếc', en: 'Sorry' }, lang)}
          message={err.messages[lang]}
        />,
      ),
      err.status as 404,
    );
  return page(
    c,
    html(
      <BallotMessagePage
        lang={lang}
        title={t({ vi: 'Lỗi hệ thống', en: 'System error' }, lang)}
        message={t({ vi: 'Lỗi hệ thống.', en: 'Internal error.' }, lang)}
      />,
    ),
    500,
  );
});

ballotPageRoutes.get('/ballot.js', (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(BALLOT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' });
});

const pages = defineRoutes(ballotPageRoutes, { tags: ['public pages'], auth: 'public' });

pages.get(
  '/:id',
  { summary: 'The ballot page (HTML, works without JavaScript)', responseType: 'text/html' },
  async (c) => {
    const p = await paper(c, c.req.param('id'));
    if (p.phase !== 'casting') return closedMessage(c, p);
    return page(c, html(<BallotPage lang={c.var.lang} paper={p} />));
  },
);

pages.post(
  '/:id',
  {
    summary: 'Ballot steps without JavaScript: review, edit, confirm (casts) → receipt page',
    body: BallotPost,
    bodyType: 'application/x-www-form-urlencoded',
    responseType: 'text/html',
  },
  async (c) => {
    const lang = c.var.lang;
    const p = await paper(c, c.req.param('id'));
    if (p.phase !== 'casting') return closedMessage(c, p);
    const form = new URLSearchParams(await readText(c.req.raw, POST_LIMIT));
    const parsed = v.safeParse(BallotPost, {
      step: form.get('step') ?? 'review',
      code: form.get('code') ?? undefined,
      token: form.get('token') ?? undefined,
    });
    if (!parsed.success) return page(c, html(<BallotPage lang={lang} paper={p} />), 400);
    const { step } = parsed.output;
    const code = (parsed.output.code ?? '').trim();
    const token = (parsed.output.token ?? '').trim();
    const choices = choicesOf(p, form);
    const again = (error: string, status: 403 | 409 | 422) =>
      page(
        c,
        html(<BallotPage lang={lang} paper={p} code={code} token={token} choices={choices} error={error} />),
        status,
      );
    if (forgedMark(p, form)) {
      const clean = Object.fromEntries(
        Object.entries(choices).filter(([, ch]) => ch === '' || (LEVELS as readonly string[]).includes(ch)),
      );
      return page(
        c,
        html(
          <BallotPage
            lang={lang}
            paper={p}
            code={code}
            token={token}
            choices={clean}
            error={t(
              {
                vi: 'Phiếu gửi lên có lựa chọn không có trên phiếu. Vui lòng đánh dấu lại.',
                en: 'The ballot carried a choice that is not on it. Please mark it again.',
              },
              lang,
            )}
          />,
        ),
        422,
      );
    }
    if (step === 'edit')
      return page(c, html(<BallotPage lang={lang} paper={p} code={code} token={token} choices={choices} />));
    if (p.mode === 'codes') {
      try {
        await checkCode(c.env.DB, p.id, code);
      } catch (err) {
        if (err instanceof AppError) return again(err.messages[lang], err.status === 409 ? 409 : 422);
        throw err;
      }
    } else if (!tokenOf(token)) {
      return again(
        t(
          { vi: 'Thiếu phiếu điện tử hoặc phiếu bị hỏng.', en: 'The ballot token is missing or damaged.' },
          lang,
        ),
        422,
      );
    }
    if (step === 'review')
      return page(c, html(<ReviewPage lang={lang} paper={p} code={code} token={token} choices={choices} />));
    // confirm: the cast.
    const marks: Record<string, string[] | null> = {};
    for (const [id, ch] of Object.entries(choices))
      marks[id] = ch === 'multiple' ? form.getAll(`m.${id}`) : ch ? [ch] : null;
    try {
      const { receipt } = await castBallot(c.env.DB, p.id, {
        code: p.mode === 'codes' ? code : undefined,
        token: p.mode === 'remote' ? tokenOf(token) : undefined,
        marks,
      });
      return page(c, html(<CastReceiptPage lang={lang} paper={p} receipt={receipt} />));
    } catch (err) {
      if (err instanceof AppError && err.status !== 404)
        return again(err.messages[lang], err.status === 409 ? 409 : 422);
      throw err;
    }
  },
);

pages.get(
  '/:id/results',
  { summary: 'Published results and receipt list (HTML)', responseType: 'text/html' },
  async (c) => {
    const lang = c.var.lang;
    const p = await paper(c, c.req.param('id'));
    if (p.phase !== 'published') return closedMessage(c, p, 'results');
    const r = await publicResults(c.env.DB, p.id);
    const lookup = (c.req.query('receipt') ?? '').trim().toUpperCase().replace(/\s/g, '');
    const norm = lookup.replace(/-/g, '');
    const found = !!lookup && r.receipts.some((x) => x.replace(/-/g, '') === norm);
    return page(
      c,
      html(
        <ResultsPage
          lang={lang}
          paper={p}
          tally={r.result}
          receipts={r.receipts}
          lookup={lookup || undefined}
          found={found}
        />,
      ),
    );
  },
);
