/**
 * Read-only look-ups that make seeding idempotent: what already exists, by natural key (unit code,
 * person external reference, account email, form slug). Writes go through the owning modules'
 * services, never from here.
 */

/** Unit id and path by code, for the given codes. */
export async function unitsByCode(d1: D1Database, codes: string[]) {
  const out = new Map<string, { id: string; path: string; mergedIntoId: string | null }>();
  // ≤ 100 bound parameters per statement on D1.
  for (let i = 0; i < codes.length; i += 90) {
    const chunk = codes.slice(i, i + 90);
    const { results } = await d1
      .prepare(
        `SELECT id, code, path, merged_into_id AS mergedIntoId FROM units WHERE code IN (${chunk.map(() => '?').join(',')})`,
      )
      .bind(...chunk)
      .all<{ id: string; code: string; path: string; mergedIntoId: string | null }>();
    for (const r of results) out.set(r.code, { id: r.id, path: r.path, mergedIntoId: r.mergedIntoId });
  }
  return out;
}

/** Person id by external reference (the demo's stable `demo-pNN`). */
export async function peopleByRef(d1: D1Database, refs: string[]) {
  const { results } = await d1
    .prepare(
      `SELECT id, external_ref AS ref FROM people WHERE external_ref IN (${refs.map(() => '?').join(',')})`,
    )
    .bind(...refs)
    .all<{ id: string; ref: string }>();
  return new Map(results.map((r) => [r.ref, r.id]));
}

/** Account id by email. */
export async function usersByEmail(d1: D1Database, emails: string[]) {
  const { results } = await d1
    .prepare(`SELECT id, email FROM users WHERE email IN (${emails.map(() => '?').join(',')})`)
    .bind(...emails)
    .all<{ id: string; email: string }>();
  return new Map(results.map((r) => [r.email, r.id]));
}

/** A form by slug: id and whether it has a published version. */
export async function formBySlug(d1: D1Database, slug: string) {
  return d1
    .prepare('SELECT id, title, current_version_id AS currentVersionId FROM forms WHERE slug = ?')
    .bind(slug)
    .first<{ id: string; title: string; currentVersionId: string | null }>();
}

/** Which of these slugs name a form with a published version (for the seed report's counts). */
export async function publishedSlugs(d1: D1Database, slugs: string[]) {
  const { results } = await d1
    .prepare(
      `SELECT slug FROM forms WHERE current_version_id IS NOT NULL AND slug IN (${slugs.map(() => '?').join(',')})`,
    )
    .bind(...slugs)
    .all<{ slug: string }>();
  return new Set(results.map((r) => r.slug));
}

/** How many of these idempotency keys already have a stored response for the form. */
export async function existingResponseKeys(d1: D1Database, formId: string, keys: string[]) {
  const { results } = await d1
    .prepare(
      `SELECT idempotency_key AS k FROM responses WHERE form_id = ? AND idempotency_key IN (${keys.map(() => '?').join(',')})`,
    )
    .bind(formId, ...keys)
    .all<{ k: string }>();
  return new Set(results.map((r) => r.k));
}

/** The cases a form's submissions opened, oldest first, with their versions (untouched = 0). */
export async function casesOfForm(d1: D1Database, formId: string) {
  const { results } = await d1
    .prepare('SELECT id, version FROM cases WHERE form_id = ? ORDER BY received_at, id')
    .bind(formId)
    .all<{ id: string; version: number }>();
  return results;
}
