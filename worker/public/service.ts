/**
 * The rules of the public pages: what a form page shows (definition, picker lists, Turnstile), how a
 * no-JavaScript post becomes a submission (through the one `submitResponse` pipeline the JSON API
 * uses). Receipt lookups use `lookupReceipt` of `worker/responses/service.ts` as they are.
 */
import type { Env } from '../env';
import type { Answers, FormDefinition, Question } from '../forms/engine/definition';
import { IDENTITY_FIELDS } from '../forms/engine/definition';
import { answersFromFormFields } from '../forms/engine/logic';
import { getOpenForm } from '../forms/service';
import type { Choice, IdentityField, PickerSearchState } from '../forms/view/FormView';
import { AppError } from '../lib/errors';
import { fold, type Lang } from '../lib/i18n';
import { randomId } from '../lib/ids';
import { vnDay } from '../lib/time';
import { submitResponse } from '../responses/service';
import * as q from './queries';

/** A no-JavaScript post is small text; anything bigger is refused before parsing. */
export const FORM_POST_LIMIT = 64 * 1024;

/** Picker lists rendered into the page: beyond this many, a picker becomes a search by name. */
export const PICKER_LIMIT = 300;

/** Matches one picker search returns (the route and the no-JavaScript find alike). */
export const SEARCH_LIMIT = 20;

/** A picker search text is 2–60 characters once trimmed. */
export const SEARCH_MIN = 2;
export const SEARCH_MAX = 60;

const IDEM_RE = /^[A-Za-z0-9_-]{8,100}$/;

/** A fresh idempotency key for one render of the form (the `_idem` hidden field). */
export function newRenderKey(): string {
  return `r_${randomId(16)}`;
}

/**
 * Options for every unit/person picker of a definition, loaded once per kind set. A list longer than
 * `PICKER_LIMIT` is left out, so the page stays light and the picker becomes a search by name.
 */
export async function pickerChoices(env: Env, def: FormDefinition, now = Date.now()) {
  const out: Record<string, Choice[]> = {};
  let people: Choice[] | undefined;
  for (const page of def.pages) {
    for (const qu of page.questions) {
      if (qu.type === 'unit_picker') {
        const list = await q.unitChoices(env.DB, qu.kinds ?? [], vnDay(now), PICKER_LIMIT + 1);
        if (list.length <= PICKER_LIMIT) out[qu.id] = list;
      } else if (qu.type === 'person_picker') {
        people ??= await q.personChoices(env.DB, PICKER_LIMIT + 1);
        if (people.length <= PICKER_LIMIT) out[qu.id] = people;
      }
    }
  }
  return out;
}

type PickerQuestion = Extract<Question, { type: 'unit_picker' | 'person_picker' }>;

function pickers(def: FormDefinition): PickerQuestion[] {
  return def.pages
    .flatMap((p) => p.questions)
    .filter((x): x is PickerQuestion => x.type === 'unit_picker' || x.type === 'person_picker');
}

/** Is `text` (trimmed) a search the pickers run: 2–60 characters. */
export function validSearch(text: string | undefined): text is string {
  const s = (text ?? '').trim();
  return s.length >= SEARCH_MIN && s.length <= SEARCH_MAX;
}

/**
 * Up to `SEARCH_LIMIT` options of a picker whose folded name contains the folded `text`, with the
 * filters and labels of the full lists. A text that folds to nothing matches nothing.
 */
export async function matchChoices(env: Env, qu: PickerQuestion, text: string, now = Date.now()) {
  const folded = fold(text);
  if (!folded) return [];
  return qu.type === 'unit_picker'
    ? q.unitChoices(env.DB, qu.kinds ?? [], vnDay(now), SEARCH_LIMIT, folded)
    : q.personChoices(env.DB, SEARCH_LIMIT, folded);
}

/**
 * `GET /api/public/forms/{slug}/choices/{questionId}?q=`: matches for a picker of the form's current
 * published version. Rate limited per address (`choices:<ip>`).
 * @throws AppError 404 unknown form or not a picker question; 409 form not open; 429 too many searches
 */
export async function searchChoices(
  env: Env,
  slug: string,
  questionId: string,
  text: string,
  meta: { ip?: string },
  now = Date.now(),
): Promise<Choice[]> {
  const open = await getOpenForm(env, slug, now);
  const qu = pickers(open.definition).find((x) => x.id === questionId);
  if (!qu) throw new AppError('not_found', { what: 'picker question' });
  await limitSearch(env, meta.ip);
  return matchChoices(env, qu, text, now);
}

/** The per-address ceiling on picker searches (the JSON route and the no-JavaScript find share it). */
export async function limitSearch(env: Env, ip: string | undefined) {
  const { success } = await env.RL_IP.limit({ key: `choices:${ip ?? 'noip'}` });
  if (!success) throw new AppError('rate_limited');
}

/** The search texts a no-JavaScript post carries for the search pickers (`<qid>__q` fields). */
export function searchTexts(def: FormDefinition, body: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const qu of pickers(def)) {
    const v = body.get(`${qu.id}__q`);
    if (v != null) out[qu.id] = v.slice(0, 200);
  }
  return out;
}

/**
 * Everything the form page needs, or the AppError (404/409) its friendly page explains. Pickers whose
 * list is too long become searches: `search` holds their text and, when the text is a valid search,
 * its matches (unless `runSearches` is false: a refused find keeps the text, runs nothing).
 */
export async function formPageModel(
  env: Env,
  slug: string,
  now = Date.now(),
  texts: Record<string, string> = {},
  runSearches = true,
) {
  const open = await getOpenForm(env, slug, now);
  const choices = await pickerChoices(env, open.definition, now);
  const search: Record<string, PickerSearchState> = {};
  for (const qu of pickers(open.definition)) {
    if (choices[qu.id]) continue;
    const text = texts[qu.id] ?? '';
    search[qu.id] =
      runSearches && validSearch(text)
        ? { query: text, matches: await matchChoices(env, qu, text, now) }
        : { query: text };
  }
  return {
    slug: open.form.slug,
    kind: open.form.kind,
    versionId: open.versionId,
    definition: open.definition,
    choices,
    search,
    turnstileSiteKey: open.form.turnstile && env.TURNSTILE_SITE_KEY ? env.TURNSTILE_SITE_KEY : undefined,
  };
}

/**
 * A re-render keeps a search picker's answer only when its current matches still offer it: a new
 * search means picking anew (and the page could not show an id it has no label for).
 */
export function keepPickedAnswers(answers: Answers, search: Record<string, PickerSearchState>): Answers {
  const out = { ...answers };
  for (const [qid, s] of Object.entries(search)) {
    if (qid in out && !s.matches?.some((m) => m.value === out[qid])) delete out[qid];
  }
  return out;
}

/** A parsed no-JavaScript post: answers as typed (kept for a re-render), identity, hidden fields. */
export interface FormPost {
  answers: Answers;
  identity: Partial<Record<IdentityField, string>>;
  consentAccepted: boolean;
  idem: string;
  honeypot: string;
  turnstileToken?: string;
}

/**
 * Reads an urlencoded post: `q.*` fields through the engine's `answersFromFormFields`, `id.*` identity
 * fields (empty ones dropped), `consent`, `_idem` (a missing or malformed key gets a fresh one: that
 * post simply is not deduplicated), the `website` honeypot and Turnstile's token.
 */
export function parseFormPost(def: FormDefinition, body: URLSearchParams): FormPost {
  const qFields: [string, string][] = [];
  const identity: Partial<Record<IdentityField, string>> = {};
  for (const [k, v] of body) {
    if (k.startsWith('q.')) qFields.push([k, v]);
    else if (k.startsWith('id.')) {
      const f = k.slice(3) as IdentityField;
      if (IDENTITY_FIELDS.includes(f) && v.trim()) identity[f] = v;
    }
  }
  const idem = body.get('_idem') ?? '';
  return {
    answers: answersFromFormFields(def, qFields),
    identity,
    consentAccepted: body.get('consent') === 'true',
    idem: IDEM_RE.test(idem) ? idem : newRenderKey(),
    honeypot: body.get('website') ?? '',
    turnstileToken: body.get('cf-turnstile-response') ?? undefined,
  };
}

/**
 * Submits a no-JavaScript post through the shared pipeline. The same `_idem` posted twice (a double
 * tap, a refresh of the result page) lands on the same stored response.
 * @throws AppError 400 with `answers.<qid>` fields when the engine refuses the answers; 409/429 as the pipeline does
 */
export async function submitFormPost(
  env: Env,
  slug: string,
  post: FormPost,
  meta: { lang: Lang; ip?: string },
  now = Date.now(),
) {
  return submitResponse(
    env,
    slug,
    {
      answers: post.answers,
      identity: Object.keys(post.identity).length ? post.identity : undefined,
      consentAccepted: post.consentAccepted,
      lang: meta.lang,
      idempotencyKey: post.idem,
      ip: meta.ip,
      honeypot: post.honeypot,
      turnstileToken: post.turnstileToken,
    },
    now,
  );
}
