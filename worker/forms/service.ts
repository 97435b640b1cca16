/**
 * Biểu mẫu: the rules of forms — drafts, publishing immutable versions, open/close windows, the
 * response cap — and the public read the citizen page and the JSON API share (`getOpenForm`).
 */
import { renderSVG } from 'uqr';
import { batchWithAudit } from '../audit/service';
import { authorize, type StaffSession, scopes } from '../auth/service';
import { violates } from '../db/constraints';
import type { FormKind, FormStatus, Role } from '../db/schema';
import type { Env } from '../env';
import { AppError, fieldError } from '../lib/errors';
import { fold, type Lang } from '../lib/i18n';
import { newId, randomBase32 } from '../lib/ids';
import type { FormDefinition } from './engine/definition';
import { conditionProblems } from './engine/logic';
import * as q from './queries';
import type { Settings } from './schema';

/**
 * Form kinds whose submissions become cases (worker/cases): a feedback or a petition. Their raw
 * responses are case content, read in the case queue only.
 */
export const CASE_CHANNELS = ['feedback', 'petition'] as const satisfies readonly FormKind[];

export function isCaseChannel(kind: string): boolean {
  return (CASE_CHANNELS as readonly string[]).includes(kind);
}

/** Roles that design forms and read their responses; checked on the form's owner-unit subtree. */
export const FORM_ROLES: readonly Role[] = ['form_designer', 'admin'];

/** What staff see of a form (no draft, no definition). */
export function formSummary(f: q.FormRow) {
  return {
    id: f.id,
    slug: f.slug,
    kind: f.kind,
    title: f.title,
    status: f.status,
    ownerUnitId: f.ownerUnitId,
    currentVersionId: f.currentVersionId,
    version: f.version,
    opensAt: f.opensAt,
    closesAt: f.closesAt,
    turnstile: f.turnstile,
    cap: f.cap,
    used: f.used,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

/**
 * A public slug from a title: folded to ASCII, words joined by dashes, at most 60 characters.
 * @example slugify('Góp ý cán bộ phường Đa Kao') // 'gop-y-can-bo-phuong-da-kao'
 */
export function slugify(title: string): string {
  const s = fold(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s.length >= 3 ? s : `bieu-mau${s ? `-${s}` : ''}`;
}

/**
 * Rules tying a form's kind to its definition. Đơn khiếu nại, tố cáo, kiến nghị: the Law on
 * Denunciations (2018, art. 25) does not process anonymous denunciations, so a petition form must
 * require identity; anonymous feedback belongs on a `feedback` form instead.
 */
export function checkKindRules(kind: string, definition: FormDefinition): void {
  if (kind === 'petition' && definition.identity?.mode !== 'required') {
    throw new AppError('validation_failed', [
      fieldError('definition.identity.mode', 'identity_required', {
        vi: 'Biểu mẫu khiếu nại, tố cáo, kiến nghị phải yêu cầu thông tin người gửi (Luật Tố cáo 2018, Điều 25).',
        en: 'A complaint/denunciation/petition form must require identity (Law on Denunciations 2018, art. 25).',
      }),
    ]);
  }
}

/** A form by id, not authorised: for a module that checks it its own way (a campaign's report form). */
export async function findForm(d1: D1Database, id: string) {
  return q.findFormById(d1, id);
}

/**
 * Loads a form and checks the caller may design it (form_designer/admin on its owner's subtree).
 * Unknown ids are 404; forms outside the caller's scope are 403.
 */
export async function requireFormAccess(d1: D1Database, staff: StaffSession | undefined, id: string) {
  const form = await q.findFormById(d1, id);
  if (!form) throw new AppError('not_found', { what: 'form' });
  authorize(staff, FORM_ROLES, form.ownerUnitPath);
  return form;
}

/**
 * Reading a form's raw responses (list, CSV, free-text search): form access, and not a case
 * channel. The responses of a feedback or petition form are case content (allegations about named
 * people, possibly still in prescreening): intake reads them in its queue (worker/cases), the
 * handling body once forwarded, and nobody else — figures about them go through the dashboards'
 * k rules.
 * @throws AppError 403 case_content (a case channel), plus `requireFormAccess`'s errors
 */
export async function requireResponseReading(d1: D1Database, staff: StaffSession | undefined, id: string) {
  const form = await requireFormAccess(d1, staff, id);
  if (isCaseChannel(form.kind)) throw new AppError('case_content');
  return form;
}

/**
 * Creates a form with a draft. Without a slug one is generated from the folded title (a random
 * suffix is added if it is taken); an explicit slug that is taken is a 409.
 */
export async function createForm(
  d1: D1Database,
  staff: StaffSession | undefined,
  input: { ownerUnitId: string; kind: FormKind; slug?: string; definition: FormDefinition },
  now = Date.now(),
) {
  const path = await q.unitPath(d1, input.ownerUnitId);
  if (!path) throw new AppError('not_found', { what: 'unit' });
  const who = authorize(staff, FORM_ROLES, path);
  checkKindRules(input.kind, input.definition);
  const id = newId(now);
  const base = input.slug ?? slugify(input.definition.title.vi);
  for (let attempt = 0; ; attempt++) {
    const slug = attempt === 0 ? base : `${base.slice(0, 60)}-${randomBase32(4).toLowerCase()}`;
    try {
      await q.insertForm(d1, {
        id,
        slug,
        kind: input.kind,
        ownerUnitId: input.ownerUnitId,
        title: input.definition.title.vi,
        draft: JSON.stringify(input.definition),
        createdBy: who.userId,
        now,
      });
      break;
    } catch (err) {
      if (!violates(err, 'forms_slug_uq')) throw err;
      if (input.slug || attempt >= 4) {
        throw new AppError('slug_taken');
      }
    }
  }
  return formSummary((await q.findFormById(d1, id))!);
}

/** A form with its draft and the list of its published versions. */
export async function getFormDetail(d1: D1Database, staff: StaffSession | undefined, id: string) {
  const form = await requireFormAccess(d1, staff, id);
  return {
    form: formSummary(form),
    draft: JSON.parse(form.draft) as FormDefinition,
    versions: await q.listVersions(d1, id),
  };
}

/** Forms in the caller's scope; `q` matches the title or slug ignoring diacritics. */
export async function listForms(
  d1: D1Database,
  staff: StaffSession | undefined,
  filter: { q?: string; status?: FormStatus } = {},
) {
  if (!staff) throw new AppError('unauthenticated');
  const rows = await q.listFormsInScopes(d1, scopes(staff, FORM_ROLES), { status: filter.status });
  const needle = filter.q ? fold(filter.q) : '';
  return rows
    .filter((f) => !needle || fold(f.title).includes(needle) || f.slug.includes(needle))
    .map(formSummary);
}

/**
 * Replaces the draft. Already-published versions are separate rows and stay exactly as they were.
 */
export async function saveDraft(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  definition: FormDefinition,
  now = Date.now(),
) {
  const form = await requireFormAccess(d1, staff, id);
  checkKindRules(form.kind, definition);
  await q.updateDraft(d1, id, JSON.stringify(definition), definition.title.vi, now);
  return getFormDetail(d1, staff, id);
}

/**
 * Changes the open window, the cap, Turnstile and the status, in one batch with its audit row.
 * Lowering the cap below the number of responses already stored is refused by the database CHECK
 * (409 cap_below_used); status `published` needs a published version.
 */
export async function updateFormSettings(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  settings: Settings,
  now = Date.now(),
) {
  const form = await requireFormAccess(d1, staff, id);
  if (settings.status === 'published' && !form.currentVersionId) {
    throw new AppError('not_published');
  }
  // Validate the resulting window, not only the fields sent in this PATCH.
  const opensAt = settings.opensAt !== undefined ? settings.opensAt : form.opensAt;
  const closesAt = settings.closesAt !== undefined ? settings.closesAt : form.closesAt;
  if (opensAt != null && closesAt != null && opensAt >= closesAt) {
    throw new AppError('validation_failed', [
      {
        path: 'closesAt',
        code: 'check',
        message: { vi: 'Thời điểm đóng phải sau thời điểm mở.', en: 'closesAt must be after opensAt.' },
      },
    ]);
  }
  try {
    await batchWithAudit(d1, q.settingsStatements(d1, id, settings, now), {
      actorId: staff!.userId,
      action: 'form.settings',
      targetType: 'form',
      targetId: id,
      detail: settings,
    });
  } catch (err) {
    if (violates(err, 'form_quota_cap')) {
      throw new AppError('cap_below_used');
    }
    throw err;
  }
  return formSummary((await q.findFormById(d1, id))!);
}

/**
 * Phát hành: copies the draft into a new immutable version (previous + 1) and makes it current, in
 * one batch with its audit row. Publishing an unchanged draft is a no-op reporting
 * `unchanged: true` (to re-open a closed form, set its status in the settings).
 */
export async function publishForm(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  now = Date.now(),
) {
  const form = await requireFormAccess(d1, staff, id);
  const who = staff!;
  if (form.definition === form.draft) {
    return { versionId: form.currentVersionId!, version: form.version!, unchanged: true };
  }
  // Conditions that point at no question, or show conditions that look forward, are bugs a
  // citizen would meet as questions that never appear: refuse them here, not at submission time.
  const problems = conditionProblems(JSON.parse(form.draft) as FormDefinition);
  if (problems.length) {
    throw new AppError(
      'validation_failed',
      problems.map((p) =>
        fieldError(`definition.${p.path}`, p.code, {
          vi:
            p.code === 'unknown_reference'
              ? `Điều kiện tham chiếu câu hỏi không tồn tại: ${p.ref}.`
              : `Điều kiện hiển thị tham chiếu câu hỏi ở sau: ${p.ref}.`,
          en:
            p.code === 'unknown_reference'
              ? `The condition refers to an unknown question: ${p.ref}.`
              : `The show condition refers to a later question: ${p.ref}.`,
        }),
      ),
    );
  }
  const versionId = newId(now);
  let created: boolean;
  try {
    const results = await batchWithAudit(
      d1,
      q.publishStatements(d1, { formId: id, versionId, draft: form.draft, publishedBy: who.userId, now }),
      {
        actorId: who.userId,
        action: 'form.publish',
        targetType: 'form',
        targetId: id,
        detail: { versionId },
      },
      { onlyIfChanged: true },
    );
    created = (results[0]?.meta.changes ?? 0) > 0;
  } catch (err) {
    if (!violates(err, 'form_versions_uq')) throw err;
    created = false;
  }
  if (!created) {
    // The draft changed (or another publish won) between our read and the batch.
    throw new AppError('publish_conflict');
  }
  const after = (await q.findFormById(d1, id))!;
  return { versionId, version: after.version!, unchanged: false };
}

/**
 * The SVG of a QR code for a URL (the public link of a form), medium error correction so a
 * printed code survives a crease.
 */
export function formQrSvg(url: string): string {
  return renderSVG(url, { ecc: 'M', border: 2 });
}

/** The public URL of a form under an origin. */
export function publicFormUrl(origin: string, slug: string): string {
  return `${origin}/f/${slug}`;
}

/** A form that has a published version (any status), or 404. */
export async function findPublishedForm(d1: D1Database, slug: string) {
  const form = await q.findFormBySlug(d1, slug);
  // Report forms (dân vận khéo campaigns) are filled by ward staff in the console, never publicly.
  if (!form?.currentVersionId || !form.definition || form.status === 'archived' || form.kind === 'report') {
    throw new AppError('not_found', { what: 'form' });
  }
  return form;
}

/** A published form as the submission path uses it: the row and its parsed current definition. */
export interface PublishedForm {
  form: q.FormRow;
  def: FormDefinition;
  /** True when it came from isolate memory: the batch's guard decides whether it is still current. */
  cached: boolean;
}

/** How long a published form stays in isolate memory, and how many forms an isolate keeps. */
const FORM_CACHE_MS = 60_000;
const FORM_CACHE_MAX = 256;
const formCache = new Map<string, { form: q.FormRow; def: FormDefinition; at: number }>();

/**
 * The published form a submission is checked against, from isolate memory when it was read in the
 * last minute (decision 134). A cached copy may be stale: the submission batch carries a guard
 * (`updated_at`, version, status, window) that fails the whole batch when the form changed, and the
 * caller then asks again with `fresh`. Forms with Turnstile are never cached — a retry would spend
 * the citizen's single-use token twice.
 * @throws 404 not_found, like `findPublishedForm`
 */
export async function publishedFormForSubmission(
  d1: D1Database,
  slug: string,
  now: number,
  fresh = false,
): Promise<PublishedForm> {
  const hit = fresh ? undefined : formCache.get(slug);
  if (hit && Math.abs(now - hit.at) < FORM_CACHE_MS) return { form: hit.form, def: hit.def, cached: true };
  formCache.delete(slug);
  const form = await findPublishedForm(d1, slug);
  const def = JSON.parse(form.definition!) as FormDefinition;
  if (!form.turnstile) {
    // The parsed definition is what submissions use: the two JSON texts are not kept twice.
    formCache.set(slug, { form: { ...form, draft: '', definition: null }, def, at: now });
    // Oldest first (Map keeps insertion order): an isolate never holds more than FORM_CACHE_MAX forms.
    if (formCache.size > FORM_CACHE_MAX) formCache.delete(formCache.keys().next().value!);
  }
  return { form, def, cached: false };
}

/** Throws form_closed / form_not_open / form_full unless a citizen may submit now. */
export function assertOpen(form: q.FormRow, now: number) {
  if (form.status !== 'published') throw new AppError('form_closed');
  if (form.opensAt != null && now < form.opensAt) throw new AppError('form_not_open');
  if (form.closesAt != null && now >= form.closesAt) throw new AppError('form_closed');
  if (form.cap != null && form.used >= form.cap) throw new AppError('form_full');
}

/**
 * The form a citizen may fill right now, with its current published version.
 * @throws AppError 404 not_found / 409 form_not_open / 409 form_closed / 409 form_full
 * @example const { definition, versionId } = await getOpenForm(c.env, slug)
 */
export async function getOpenForm(env: Env, slug: string, now = Date.now()) {
  const form = await findPublishedForm(env.DB, slug);
  assertOpen(form, now);
  return {
    form: formSummary(form),
    versionId: form.currentVersionId!,
    version: form.version!,
    definition: JSON.parse(form.definition!) as FormDefinition,
  };
}

/** `GET /api/public/forms/{slug}`: the published definition a client renders. */
export async function publicFormDocument(env: Env, slug: string, now = Date.now()) {
  const open = await getOpenForm(env, slug, now);
  return {
    slug: open.form.slug,
    versionId: open.versionId,
    version: open.version,
    definition: open.definition,
    closesAt: open.form.closesAt,
    ...(open.form.turnstile ? { turnstileSiteKey: env.TURNSTILE_SITE_KEY } : {}),
  };
}

/**
 * Open forms for the public index, titles in `lang` (falling back to Vietnamese).
 * @example await listPublicForms(env.DB, Date.now(), 'en') // [{ slug, title: 'Survey: …', closesAt }]
 */
export async function listPublicForms(d1: D1Database, now = Date.now(), lang: Lang = 'vi') {
  return q.listOpenForms(d1, now, lang);
}

/** The QR code of a published form's public link (public route `/f/{slug}/qr.svg`). */
export async function publicFormQr(d1: D1Database, slug: string, origin: string) {
  const form = await findPublishedForm(d1, slug);
  return formQrSvg(publicFormUrl(origin, form.slug));
}
