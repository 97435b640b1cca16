/**
 * Every SQL statement of the forms module. The invariants (unique slug, version numbering, the
 * response cap) are enforced by constraints and conditional statements in one batch; the writes a
 * service recognises by their constraint run as D1 statements (`statement()`), so the constraint's
 * own error reaches it.
 */
import { and, desc, eq, exists, gt, isNull, lt, lte, ne, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { type Db, db, statement } from '../db/client';
import { type FormKind, type FormStatus, formQuota, forms, formVersions, units } from '../db/schema';
import { inSubtree } from '../db/subtree';

/** A form with its owner's path, current version and quota, as the services use it. */
function selectForms(q: Db) {
  return q
    .select({
      id: forms.id,
      slug: forms.slug,
      kind: forms.kind,
      ownerUnitId: forms.ownerUnitId,
      ownerUnitPath: units.path,
      title: forms.title,
      status: forms.status,
      draft: forms.draft,
      currentVersionId: forms.currentVersionId,
      version: formVersions.version,
      definition: formVersions.definition,
      opensAt: forms.opensAt,
      closesAt: forms.closesAt,
      turnstile: forms.turnstile,
      cap: formQuota.cap,
      used: sql<number>`COALESCE(${formQuota.used}, 0)`,
      createdAt: forms.createdAt,
      updatedAt: forms.updatedAt,
    })
    .from(forms)
    .innerJoin(units, eq(units.id, forms.ownerUnitId))
    .leftJoin(formVersions, eq(formVersions.id, forms.currentVersionId))
    .leftJoin(formQuota, eq(formQuota.formId, forms.id));
}
export type FormRow = NonNullable<Awaited<ReturnType<typeof findFormById>>>;

/** One form by id, with owner path, current version and quota. */
export async function findFormById(d1: D1Database, id: string) {
  return (await selectForms(db(d1)).where(eq(forms.id, id)).get()) ?? null;
}

/** One form by public slug, with owner path, current version and quota. */
export async function findFormBySlug(d1: D1Database, slug: string): Promise<FormRow | null> {
  return (await selectForms(db(d1)).where(eq(forms.slug, slug)).get()) ?? null;
}

/** The materialised path of a unit (null when it does not exist). */
export async function unitPath(d1: D1Database, unitId: string): Promise<string | null> {
  const r = await db(d1).select({ path: units.path }).from(units).where(eq(units.id, unitId)).get();
  return r?.path ?? null;
}

/** Forms whose owner unit lies in one of the subtrees `scopes`, newest first (at most 500). */
export async function listFormsInScopes(
  d1: D1Database,
  scopes: string[],
  filter: { status?: FormStatus },
): Promise<FormRow[]> {
  if (scopes.length === 0) return [];
  return selectForms(db(d1))
    .where(
      and(
        or(...scopes.map((path) => inSubtree(units.path, path))),
        filter.status ? eq(forms.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(forms.updatedAt))
    .limit(500)
    .all();
}

/** Published versions of a form, newest first (without their definitions). */
export async function listVersions(d1: D1Database, formId: string) {
  return db(d1)
    .select({
      id: formVersions.id,
      version: formVersions.version,
      publishedAt: formVersions.publishedAt,
      publishedBy: formVersions.publishedBy,
    })
    .from(formVersions)
    .where(eq(formVersions.formId, formId))
    .orderBy(desc(formVersions.version))
    .all();
}

/**
 * Inserts a form and its quota row in one batch. A taken slug fails the batch on
 * UNIQUE(forms.slug): the caller maps that to 409 or retries with another slug.
 */
export async function insertForm(
  d1: D1Database,
  f: {
    id: string;
    slug: string;
    kind: FormKind;
    ownerUnitId: string;
    title: string;
    draft: string;
    createdBy: string;
    now: number;
  },
) {
  const q = db(d1);
  await d1.batch([
    statement(
      d1,
      q.insert(forms).values({
        id: f.id,
        slug: f.slug,
        kind: f.kind,
        ownerUnitId: f.ownerUnitId,
        title: f.title,
        status: 'draft',
        draft: f.draft,
        createdBy: f.createdBy,
        createdAt: f.now,
        updatedAt: f.now,
      }),
    ),
    statement(d1, q.insert(formQuota).values({ formId: f.id, used: 0, cap: null })),
  ]);
}

/** Replaces the draft (published versions are separate rows and never touched). */
export async function updateDraft(d1: D1Database, id: string, draft: string, title: string, now: number) {
  await db(d1).update(forms).set({ draft, title, updatedAt: now }).where(eq(forms.id, id)).run();
}

/**
 * The statements of a settings change, run as one batch (with the audit row). Lowering the cap
 * below `used` violates CHECK(form_quota_cap) and fails the whole batch, so the dates/status are
 * not half-applied either.
 */
export function settingsStatements(
  d1: D1Database,
  id: string,
  s: {
    opensAt?: number | null;
    closesAt?: number | null;
    cap?: number | null;
    status?: FormStatus;
    turnstile?: boolean;
  },
  now: number,
): D1PreparedStatement[] {
  const q = db(d1);
  // Fields left undefined are not set.
  const stmts = [
    statement(
      d1,
      q
        .update(forms)
        .set({
          updatedAt: now,
          opensAt: s.opensAt,
          closesAt: s.closesAt,
          status: s.status,
          turnstile: s.turnstile,
        })
        .where(eq(forms.id, id)),
    ),
  ];
  if (s.cap !== undefined) {
    stmts.push(statement(d1, q.update(formQuota).set({ cap: s.cap }).where(eq(formQuota.formId, id))));
  }
  return stmts;
}

/**
 * The statements that publish `draft` (the text the service checked) as one batch:
 * 1. INSERT it as version MAX(version)+1 — only while the form's draft is still exactly that text
 *    and differs from the current version (a concurrent edit or publish makes this insert nothing);
 * 2. point the form at it and mark it published — only if step 1 inserted it, so this last
 *    statement "changed a row" exactly when a version was created (the audit row keys on that).
 * UNIQUE(form_id, version) is the backstop if two publishes ever computed the same number.
 */
export function publishStatements(
  d1: D1Database,
  p: { formId: string; versionId: string; draft: string; publishedBy: string; now: number },
): D1PreparedStatement[] {
  const q = db(d1);
  const prior = alias(formVersions, 'prior');
  const current = alias(formVersions, 'current');
  const nextVersion = q
    .select({ next: sql<number>`COALESCE(MAX(${prior.version}), 0) + 1` })
    .from(prior)
    .where(eq(prior.formId, forms.id));
  return [
    statement(
      d1,
      q.insert(formVersions).select(
        q
          .select({
            id: sql<string>`${p.versionId}`.as('id'),
            formId: forms.id,
            version: sql<number>`${nextVersion}`.as('version'),
            definition: forms.draft,
            publishedAt: sql<number>`${p.now}`.as('published_at'),
            publishedBy: sql<string | null>`${p.publishedBy}`.as('published_by'),
          })
          .from(forms)
          .where(
            and(
              eq(forms.id, p.formId),
              eq(forms.draft, p.draft),
              notExists(
                q
                  .select({ one: sql`1` })
                  .from(current)
                  .where(and(eq(current.id, forms.currentVersionId), eq(current.definition, forms.draft))),
              ),
            ),
          ),
      ),
    ),
    statement(
      d1,
      q
        .update(forms)
        .set({
          currentVersionId: p.versionId,
          title: sql`json_extract(${forms.draft}, '$.title.vi')`,
          status: 'published',
          updatedAt: p.now,
        })
        .where(
          and(
            eq(forms.id, p.formId),
            exists(q.select({ one: sql`1` }).from(formVersions).where(eq(formVersions.id, p.versionId))),
          ),
        ),
    ),
  ];
}

/**
 * Forms a citizen can fill right now: published, inside the open window, quota not full.
 * Titles come from the published version, not the draft, in `lang` (Vietnamese when the version
 * has no English title).
 */
export async function listOpenForms(d1: D1Database, now: number, lang: 'vi' | 'en' = 'vi') {
  const inLang = (field: 'title' | 'description') =>
    sql`coalesce(nullif(json_extract(${formVersions.definition}, ${`$.${field}.${lang}`}), ''),
                 json_extract(${formVersions.definition}, ${`$.${field}.vi`}))`;
  return db(d1)
    .select({
      slug: forms.slug,
      title: sql<string>`${inLang('title')}`,
      closesAt: forms.closesAt,
      description: sql<string | null>`${inLang('description')}`,
    })
    .from(forms)
    .innerJoin(formVersions, eq(formVersions.id, forms.currentVersionId))
    .leftJoin(formQuota, eq(formQuota.formId, forms.id))
    .where(
      and(
        eq(forms.status, 'published'),
        ne(forms.kind, 'report'),
        or(isNull(forms.opensAt), lte(forms.opensAt, now)),
        or(isNull(forms.closesAt), gt(forms.closesAt, now)),
        or(isNull(formQuota.cap), lt(formQuota.used, formQuota.cap)),
      ),
    )
    .orderBy(desc(forms.updatedAt))
    .limit(200)
    .all();
}
