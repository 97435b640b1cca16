/**
 * Every SQL statement of the forms module. Raw D1 statements: the invariants (unique slug, version
 * numbering, the response cap) are enforced by constraints and conditional statements in one batch.
 */

/** A form row with its current version and quota, as the services use it. */
export interface FormRow {
  id: string;
  slug: string;
  kind: string;
  ownerUnitId: string;
  ownerUnitPath: string;
  title: string;
  status: string;
  draft: string;
  currentVersionId: string | null;
  version: number | null;
  definition: string | null;
  opensAt: number | null;
  closesAt: number | null;
  turnstile: boolean;
  cap: number | null;
  used: number;
  createdAt: number;
  updatedAt: number;
}

const FORM_SELECT = `
  SELECT f.id, f.slug, f.kind, f.owner_unit_id AS ownerUnitId, u.path AS ownerUnitPath, f.title, f.status,
         f.draft, f.current_version_id AS currentVersionId, v.version, v.definition,
         f.opens_at AS opensAt, f.closes_at AS closesAt, f.turnstile, q.cap, COALESCE(q.used, 0) AS used,
         f.created_at AS createdAt, f.updated_at AS updatedAt
    FROM forms f
    JOIN units u ON u.id = f.owner_unit_id
    LEFT JOIN form_versions v ON v.id = f.current_version_id
    LEFT JOIN form_quota q ON q.form_id = f.id`;

function toFormRow(r: Record<string, unknown> | null): FormRow | null {
  if (!r) return null;
  return { ...(r as unknown as FormRow), turnstile: !!r.turnstile };
}

/** One form by id, with owner path, current version and quota. */
export async function findFormById(d1: D1Database, id: string): Promise<FormRow | null> {
  return toFormRow(await d1.prepare(`${FORM_SELECT} WHERE f.id = ?`).bind(id).first());
}

/** One form by public slug, with owner path, current version and quota. */
export async function findFormBySlug(d1: D1Database, slug: string): Promise<FormRow | null> {
  return toFormRow(await d1.prepare(`${FORM_SELECT} WHERE f.slug = ?`).bind(slug).first());
}

/** The materialised path of a unit (null when it does not exist). */
export async function unitPath(d1: D1Database, unitId: string): Promise<string | null> {
  const r = await d1.prepare('SELECT path FROM units WHERE id = ?').bind(unitId).first<{ path: string }>();
  return r?.path ?? null;
}

/** Forms whose owner unit lies in one of the subtrees `scopes`, newest first (at most 500). */
export async function listFormsInScopes(
  d1: D1Database,
  scopes: string[],
  filter: { status?: string },
): Promise<FormRow[]> {
  if (scopes.length === 0) return [];
  // Prefix ranges, not LIKE: D1 refuses LIKE patterns over 50 bytes (two UUIDs already are).
  const where = [`(${scopes.map(() => '(u.path >= ? AND u.path < ?)').join(' OR ')})`];
  const params: unknown[] = scopes.flatMap((p) => [p, `${p.slice(0, -1)}0`]);
  if (filter.status) {
    where.push('f.status = ?');
    params.push(filter.status);
  }
  const { results } = await d1
    .prepare(`${FORM_SELECT} WHERE ${where.join(' AND ')} ORDER BY f.updated_at DESC LIMIT 500`)
    .bind(...params)
    .all();
  return results.map((r) => toFormRow(r)!);
}

/** Published versions of a form, newest first (without their definitions). */
export async function listVersions(d1: D1Database, formId: string) {
  const { results } = await d1
    .prepare(
      `SELECT id, version, published_at AS publishedAt, published_by AS publishedBy
         FROM form_versions WHERE form_id = ? ORDER BY version DESC`,
    )
    .bind(formId)
    .all<{ id: string; version: number; publishedAt: number; publishedBy: string | null }>();
  return results;
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
    kind: string;
    ownerUnitId: string;
    title: string;
    draft: string;
    createdBy: string;
    now: number;
  },
) {
  await d1.batch([
    d1
      .prepare(
        `INSERT INTO forms (id, slug, kind, owner_unit_id, title, status, draft, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
      )
      .bind(f.id, f.slug, f.kind, f.ownerUnitId, f.title, f.draft, f.createdBy, f.now, f.now),
    d1.prepare('INSERT INTO form_quota (form_id, used, cap) VALUES (?, 0, NULL)').bind(f.id),
  ]);
}

/** Replaces the draft (published versions are separate rows and never touched). */
export async function updateDraft(d1: D1Database, id: string, draft: string, title: string, now: number) {
  await d1
    .prepare('UPDATE forms SET draft = ?, title = ?, updated_at = ? WHERE id = ?')
    .bind(draft, title, now, id)
    .run();
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
    status?: string;
    turnstile?: boolean;
  },
  now: number,
): D1PreparedStatement[] {
  const sets: string[] = ['updated_at = ?'];
  const params: unknown[] = [now];
  if (s.opensAt !== undefined) {
    sets.push('opens_at = ?');
    params.push(s.opensAt);
  }
  if (s.closesAt !== undefined) {
    sets.push('closes_at = ?');
    params.push(s.closesAt);
  }
  if (s.status !== undefined) {
    sets.push('status = ?');
    params.push(s.status);
  }
  if (s.turnstile !== undefined) {
    sets.push('turnstile = ?');
    params.push(s.turnstile ? 1 : 0);
  }
  const stmts = [d1.prepare(`UPDATE forms SET ${sets.join(', ')} WHERE id = ?`).bind(...params, id)];
  if (s.cap !== undefined) {
    stmts.push(d1.prepare('UPDATE form_quota SET cap = ? WHERE form_id = ?').bind(s.cap, id));
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
  return [
    d1
      .prepare(
        `INSERT INTO form_versions (id, form_id, version, definition, published_at, published_by)
         SELECT ?1, f.id,
                (SELECT COALESCE(MAX(version), 0) + 1 FROM form_versions WHERE form_id = f.id),
                f.draft, ?3, ?4
           FROM forms f
          WHERE f.id = ?2 AND f.draft = ?5
            AND NOT EXISTS (SELECT 1 FROM form_versions cv
                             WHERE cv.id = f.current_version_id AND cv.definition = f.draft)`,
      )
      .bind(p.versionId, p.formId, p.now, p.publishedBy, p.draft),
    d1
      .prepare(
        `UPDATE forms
            SET current_version_id = ?1,
                title = json_extract(draft, '$.title.vi'),
                status = 'published', updated_at = ?3
          WHERE id = ?2 AND EXISTS (SELECT 1 FROM form_versions WHERE id = ?1)`,
      )
      .bind(p.versionId, p.formId, p.now),
  ];
}

/**
 * Forms a citizen can fill right now: published, inside the open window, quota not full.
 * Titles come from the published version, not the draft, in `lang` (Vietnamese when the version
 * has no English title).
 */
export async function listOpenForms(d1: D1Database, now: number, lang: 'vi' | 'en' = 'vi') {
  const { results } = await d1
    .prepare(
      `SELECT f.slug,
              coalesce(nullif(json_extract(v.definition, ?2), ''), json_extract(v.definition, '$.title.vi')) AS title,
              f.closes_at AS closesAt,
              coalesce(nullif(json_extract(v.definition, ?3), ''), json_extract(v.definition, '$.description.vi')) AS description
         FROM forms f
         JOIN form_versions v ON v.id = f.current_version_id
         LEFT JOIN form_quota q ON q.form_id = f.id
        WHERE f.status = 'published'
          AND f.kind <> 'report'
          AND (f.opens_at IS NULL OR f.opens_at <= ?1)
          AND (f.closes_at IS NULL OR f.closes_at > ?1)
          AND (q.cap IS NULL OR q.used < q.cap)
        ORDER BY f.updated_at DESC
        LIMIT 200`,
    )
    .bind(
      now,
      lang === 'en' ? '$.title.en' : '$.title.vi',
      lang === 'en' ? '$.description.en' : '$.description.vi',
    )
    .all<{ slug: string; title: string; closesAt: number | null; description: string | null }>();
  return results;
}
