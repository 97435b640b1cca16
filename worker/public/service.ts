/**
 * The rules of the public pages: what a form page shows (definition, picker lists, Turnstile), how a
 * no-JavaScript post becomes a submission (through the one `submitResponse` pipeline the JSON API
 * uses). Receipt lookups use `lookupReceipt` of `worker/responses/service.ts` as they are.
 */
import type { Env } from '../env';
import type { Answers, FormDefinition } from '../forms/engine/definition';
import { answersFromFormFields } from '../forms/engine/logic';
import { getOpenForm } from '../forms/service';
import type { Choice, IdentityField } from '../forms/view/FormView';
import type { Lang } from '../lib/i18n';
import { randomId } from '../lib/ids';
import { vnDay } from '../lib/time';
import { submitResponse } from '../responses/service';
import * as q from './queries';

/** A no-JavaScript post is small text; anything bigger is refused before parsing. */
export const FORM_POST_LIMIT = 64 * 1024;

/** Picker lists rendered into the page: beyond this many, a picker falls back to a text box. */
export const PICKER_LIMIT = 300;

const IDENTITY_FIELDS: readonly IdentityField[] = ['name', 'phone', 'email', 'id_number', 'address'];
const IDEM_RE = /^[A-Za-z0-9_-]{8,100}$/;

/** A fresh idempotency key for one render of the form (the `_idem` hidden field). */
export function newRenderKey(): string {
  return `r_${randomId(16)}`;
}

/**
 * Options for every unit/person picker of a definition, loaded once per kind set. A list longer than
 * `PICKER_LIMIT` is left out, so the page stays light and the picker becomes a text box.
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

/** Everything the form page needs, or the AppError (404/409) its friendly page explains. */
export async function formPageModel(env: Env, slug: string, now = Date.now()) {
  const open = await getOpenForm(env, slug, now);
  const choices = await pickerChoices(env, open.definition, now);
  return {
    slug: open.form.slug,
    versionId: open.versionId,
    definition: open.definition,
    choices,
    turnstileSiteKey: open.form.turnstile && env.TURNSTILE_SITE_KEY ? env.TURNSTILE_SITE_KEY : undefined,
  };
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
