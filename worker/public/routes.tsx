/**
 * The public HTML pages: `GET /` (open forms), `GET/POST /f/{slug}` (the form and its no-JavaScript
 * post), `GET /r/{code}` (receipt status). Every failure here answers an HTML page, never JSON: a
 * citizen who followed a QR code to a closed form reads a sentence, with the right status code.
 */
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { AnonymousPetitionError } from '../cases/intake';
import { casePinForResponse } from '../cases/tracking';
import { PinForm, withCase } from '../cases/tracking-pages';
import type { AppEnv } from '../env';
import { listPublicForms } from '../forms/service';
import { errorMap } from '../forms/view/FormView';
import type { FormNotice, FormPageData } from '../forms/view/PublicForm';
import { AppError } from '../lib/errors';
import { t } from '../lib/i18n';
import { parseReceiptCode } from '../lib/ids';
import { html } from '../lib/page';
import { defineRoutes } from '../lib/route';
import { readText } from '../lib/validate';
import { lookupReceipt } from '../responses/service';
import { FormPage, LandingPage, MessagePage, ReceiptPage, StatusPage } from './pages';
import { isCaseReceipt } from './queries';
import {
  FORM_POST_LIMIT,
  type FormPost,
  formPageModel,
  keepPickedAnswers,
  limitSearch,
  newRenderKey,
  parseFormPost,
  searchTexts,
  submitFormPost,
} from './service';
import { pageText, receiptNote } from './text';

/**
 * The no-JavaScript post: `q.*` answers, `id.*` identity, `consent`, `_idem`, the `website` honeypot;
 * `<qid>__q` search texts of pickers searched by name, and `_find` (a question id) when the citizen
 * pressed "Tìm": then nothing is submitted, the form comes back with the matches.
 */
const FormPostBody = v.objectWithRest(
  {
    _idem: v.optional(v.string()),
    website: v.optional(v.string()),
    consent: v.optional(v.literal('true')),
    _find: v.optional(v.string()),
  },
  v.string(),
);

/** The landing page's lookup form: a receipt code and, for a case, its PIN. */
const LookupBody = v.object({ code: v.optional(v.string()), pin: v.optional(v.string()) });
const LookupQuery = v.object({ code: v.optional(v.string()) });

type C = Context<AppEnv>;

/** HTML that holds answers or a one-time key: never cached, by anyone. */
function page(c: C, body: string, status: 200 | 400 | 404 | 409 | 413 | 422 | 429 | 500 = 200) {
  c.header('Cache-Control', 'no-store');
  return c.html(body, status);
}

/** The friendly page for an AppError (404 unknown form, 409 closed/not open/full, 429 …). */
function messagePage(c: C, err: AppError) {
  const lang = c.var.lang;
  const title =
    err.status === 404
      ? pageText('notFoundTitle', lang)
      : err.status === 409
        ? pageText('unavailableTitle', lang)
        : pageText('errorTitle', lang);
  const message = err.status === 404 ? pageText('notFoundText', lang) : err.messages[lang];
  return page(c, html(<MessagePage lang={lang} title={title} message={message} />), err.status as 404);
}

/** Renders the form page: fresh on GET, or with the posted answers and their errors. */
async function renderForm(
  c: C,
  slug: string,
  post?: FormPost,
  errors: Record<string, string> = {},
  status: 200 | 400 | 409 | 413 | 422 | 429 = 200,
  texts: Record<string, string> = {},
  runSearches = true,
  notice?: FormNotice,
) {
  const model = await formPageModel(c.env, slug, Date.now(), texts, runSearches);
  const data: FormPageData = {
    slug: model.slug,
    receiptNote: receiptNote(model.kind, c.var.lang),
    lang: c.var.lang,
    versionId: model.versionId,
    definition: model.definition,
    // A re-render keeps the key of the failed post: nothing was stored under it, and a double
    // post of the corrected form still stores once.
    idem: post?.idem ?? newRenderKey(),
    answers: keepPickedAnswers(post?.answers ?? {}, model.search),
    identity: post?.identity ?? {},
    consentAccepted: post?.consentAccepted ?? false,
    errors,
    ...(model.turnstileSiteKey ? { turnstileSiteKey: model.turnstileSiteKey } : {}),
    ...(Object.keys(model.search).length ? { search: model.search } : {}),
    ...(notice ? { notice } : {}),
  };
  // The island's first chunk is on the critical path of every form page: name it in the response
  // headers, so the browser asks for it before the body has arrived (and a CDN can turn the header
  // into a 103 Early Hint). `crossorigin`: a module script is a CORS fetch; the preload must match.
  c.header('Link', '</assets/form.js>; rel=preload; as=script; crossorigin');
  return page(c, html(<FormPage data={data} choices={model.choices} />), status);
}

export const publicPageRoutes = new Hono<AppEnv>();

// Errors of these routes become pages; anything unexpected is a plain 500 page (details logged).
publicPageRoutes.onError((err, c) => {
  if (err instanceof AppError) return messagePage(c, err);
  console.error('public page', err);
  const lang = c.var.lang ?? 'vi';
  return page(
    c,
    html(
      <MessagePage
        lang={lang}
        title={pageText('errorTitle', lang)}
        message={t({ vi: 'Lỗi hệ thống.', en: 'Internal error.' }, lang)}
      />,
    ),
    500,
  );
});

const pages = defineRoutes(publicPageRoutes, { tags: ['public pages'], auth: 'public' });
const htmlPage = { responseType: 'text/html' } as const;

pages.get('/', { summary: 'Public landing page: open forms (HTML)', ...htmlPage }, async (c) => {
  const forms = await listPublicForms(c.env.DB, Date.now(), c.var.lang);
  return page(c, html(<LandingPage lang={c.var.lang} forms={forms} />));
});

pages.get('/f/:slug', { summary: 'The public form, server-rendered (HTML)', ...htmlPage }, async (c) =>
  renderForm(c, c.req.param('slug')),
);

pages.post(
  '/f/:slug',
  {
    summary:
      'No-JavaScript submission: receipt page, or the form again with errors (422); with `_find`, the form again with picker matches',
    body: FormPostBody,
    bodyType: 'application/x-www-form-urlencoded',
    ...htmlPage,
  },
  async (c) => {
    const slug = c.req.param('slug');
    const lang = c.var.lang;
    let text: string;
    try {
      text = await readText(c.req.raw, FORM_POST_LIMIT);
    } catch (err) {
      if (err instanceof AppError && err.status === 413)
        return renderForm(c, slug, undefined, { _form: err.messages[lang] }, 413);
      throw err;
    }
    // The open form first: a closed form answers its friendly page before anything is parsed.
    const model = await formPageModel(c.env, slug);
    const body = new URLSearchParams(text);
    const post = parseFormPost(model.definition, body);
    const texts = searchTexts(model.definition, body);
    if (body.has('_find')) {
      // "Tìm" without JavaScript: not a submission. The form again, answers kept, with the matches.
      try {
        await limitSearch(c.env, c.req.header('cf-connecting-ip'));
      } catch (err) {
        if (err instanceof AppError)
          return renderForm(c, slug, post, { _form: err.messages[lang] }, 429, texts, false);
        throw err;
      }
      return renderForm(c, slug, post, {}, 200, texts);
    }
    try {
      const result = await submitFormPost(c.env, slug, post, {
        lang,
        ip: c.req.header('cf-connecting-ip'),
      });
      const { receiptCode } = result;
      const pin = (await casePinForResponse(c.env, result)) ?? undefined;
      const def = model.definition;
      return page(
        c,
        html(
          <ReceiptPage
            lang={lang}
            code={receiptCode}
            formTitle={t(def.title, lang)}
            note={receiptNote(model.kind, lang)}
            thankYou={def.thankYou ? t(def.thankYou, lang) : undefined}
            pin={pin}
          />,
        ),
      );
    } catch (err) {
      // Closed, full, not open: a message page. A form that changed under the submission
      // (form_changed) is shown again in its current version with the answers kept, like validation.
      if (
        !(err instanceof AppError) ||
        err.status === 404 ||
        (err.status === 409 && err.code !== 'form_changed')
      )
        throw err;
      // An anonymous petition: the law's reason and a real link to the feedback channel, above the
      // form (an error-summary entry could only point inside this form).
      if (err instanceof AnonymousPetitionError)
        return renderForm(c, slug, post, {}, 422, texts, true, err.notice(lang));
      // Validation (and other refusals a person can fix or retry): the form again, answers kept.
      const errors = err.fields?.length ? errorMap(err.fields, lang) : { _form: err.messages[lang] };
      if (err.fields?.length && !Object.keys(errors).length) errors._form = err.messages[lang];
      return renderForm(
        c,
        slug,
        post,
        errors,
        err.status === 429 || err.status === 409 ? err.status : 422,
        texts,
      );
    }
  },
);

/** The landing page's lookup form posts `?code=` here; a valid code goes to its page. */
pages.get('/r', { summary: 'The lookup form without a PIN: 303 to /r/{code}', query: LookupQuery }, (c) => {
  const code = (c.req.query('code') ?? '').trim();
  const lang = c.var.lang;
  return c.redirect(`/r/${encodeURIComponent(code || '-')}${lang === 'en' ? '?lang=en' : ''}`, 303);
});

/**
 * The landing page's lookup: code and, for a case, the PIN — posted, so the PIN never lands in a
 * URL. With a PIN: the case's page (as `POST /t/{code}`); without: the code's lookup page.
 */
pages.post(
  '/r',
  {
    summary:
      'The one lookup (landing page): `code` [+ `pin`]; with a PIN the case page, else 303 to /r/{code} (HTML)',
    body: LookupBody,
    bodyType: 'application/x-www-form-urlencoded',
    ...htmlPage,
  },
  async (c) => {
    const lang = c.var.lang;
    const body = new URLSearchParams(await readText(c.req.raw.clone() as Request, 8192));
    if ((body.get('pin') ?? '').trim()) return withCase(c);
    const code = (body.get('code') ?? '').trim();
    return c.redirect(`/r/${encodeURIComponent(code || '-')}${lang === 'en' ? '?lang=en' : ''}`, 303);
  },
);

pages.get(
  '/r/:code',
  { summary: 'Receipt lookup page: status, and the PIN box for a case (HTML)', ...htmlPage },
  async (c) => {
    const lang = c.var.lang;
    const raw = c.req.param('code');
    try {
      const receipt = await lookupReceipt(c.env, raw, { ip: c.req.header('cf-connecting-ip'), lang });
      // One way in: a case's code opens here too, with the PIN box for its progress and answer.
      const pinForm = (await isCaseReceipt(c.env.DB, parseReceiptCode(receipt.receiptCode) ?? '')) ? (
        <PinForm lang={lang} code={receipt.receiptCode} showCode={false} />
      ) : undefined;
      return page(c, html(<StatusPage lang={lang} receipt={receipt} pinForm={pinForm} />));
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 404)) throw err;
      const bad = err.status === 400;
      return page(
        c,
        html(
          <MessagePage
            lang={lang}
            title={pageText(bad ? 'badCodeTitle' : 'unknownCodeTitle', lang)}
            message={pageText(bad ? 'badCodeText' : 'unknownCodeText', lang)}
            lookup={raw === '-' ? '' : raw}
          />,
        ),
        err.status as 400,
      );
    }
  },
);
