/**
 * Read-only look-ups that make seeding idempotent: what already exists, by natural key (unit code,
 * person external reference, account email, form slug). Writes go through the owning modules'
 * services, never from here.
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { db } from '../db/client';
import { cases, forms, people, responses, units, users } from '../db/schema';

/** Unit id and path by code, for the given codes. */
export async function unitsByCode(d1: D1Database, codes: string[]) {
  const out = new Map<string, { id: string; path: string; mergedIntoId: string | null }>();
  // ≤ 100 bound parameters per statement on D1.
  for (let i = 0; i < codes.length; i += 90) {
    const rows = await db(d1)
      .select({ id: units.id, code: units.code, path: units.path, mergedIntoId: units.mergedIntoId })
      .from(units)
      .where(inArray(units.code, codes.slice(i, i + 90)))
      .all();
    for (const r of rows) out.set(r.code, { id: r.id, path: r.path, mergedIntoId: r.mergedIntoId });
  }
  return out;
}

/** Person id by external reference (the demo's stable `demo-pNN`). */
export async function peopleByRef(d1: D1Database, refs: string[]) {
  const rows = await db(d1)
    .select({ id: people.id, ref: people.externalRef })
    .from(people)
    .where(inArray(people.externalRef, refs))
    .all();
  return new Map(rows.map((r) => [r.ref, r.id]));
}

/** Account id by email. */
export async function usersByEmail(d1: D1Database, emails: string[]) {
  const rows = await db(d1)
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, emails))
    .all();
  return new Map(rows.map((r) => [r.email, r.id]));
}

/** A form by slug: id and whether it has a published version. */
export async function formBySlug(d1: D1Database, slug: string) {
  const row = await db(d1)
    .select({ id: forms.id, title: forms.title, currentVersionId: forms.currentVersionId })
    .from(forms)
    .where(eq(forms.slug, slug))
    .get();
  return row ?? null;
}

/** Which of these slugs name a form with a published version (for the seed report's counts). */
export async function publishedSlugs(d1: D1Database, slugs: string[]) {
  const rows = await db(d1)
    .select({ slug: forms.slug })
    .from(forms)
    .where(and(isNotNull(forms.currentVersionId), inArray(forms.slug, slugs)))
    .all();
  return new Set(rows.map((r) => r.slug));
}

/** How many of these idempotency keys already have a stored response for the form. */
export async function existingResponseKeys(d1: D1Database, formId: string, keys: string[]) {
  const rows = await db(d1)
    .select({ k: responses.idempotencyKey })
    .from(responses)
    .where(and(eq(responses.formId, formId), inArray(responses.idempotencyKey, keys)))
    .all();
  return new Set(rows.map((r) => r.k));
}

/** The cases a form's submissions opened, oldest first, with their versions (untouched = 0). */
export async function casesOfForm(d1: D1Database, formId: string) {
  return db(d1)
    .select({ id: cases.id, version: cases.version })
    .from(cases)
    .where(eq(cases.formId, formId))
    .orderBy(asc(cases.receivedAt), asc(cases.id))
    .all();
}
