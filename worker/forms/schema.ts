/**
 * Valibot schemas of the forms API: what the staff routes accept and what they answer. The
 * definition itself is `FormDefinitionSchema` (engine/definition.ts), shared with the browser.
 */
import * as v from 'valibot';
import { FORM_KINDS, FORM_STATUSES } from '../db/schema';
import { component } from '../lib/openapi';
import { ExprSchema, FormDefinitionSchema, LocalTextSchema, QuestionSchema } from './engine/definition';

// The definition's parts are described once in the OpenAPI document (the condition is recursive).
component('FormDefinition', FormDefinitionSchema);
component('Question', QuestionSchema);
component('Expr', ExprSchema);
component('LocalText', LocalTextSchema);

/** Public slugs: lower-case ASCII words joined by single dashes, e.g. `gop-y-can-bo-2026`. */
export const SlugSchema = v.pipe(
  v.string(),
  v.minLength(3),
  v.maxLength(80),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug: a-z, 0-9 and single dashes'),
);

/** A UUID-ish row id in a path (checked so garbage never reaches D1). */
export const RowIdSchema = v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,64}$/i, 'id: not a valid id'));

export const CreateFormSchema = v.object({
  ownerUnitId: RowIdSchema,
  kind: v.optional(v.picklist(FORM_KINDS), 'survey'),
  slug: v.optional(SlugSchema),
  definition: FormDefinitionSchema,
});

export const DraftSchema = v.object({ definition: FormDefinitionSchema });

const Instant = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));

/**
 * Settings: every field optional (PATCH); `null` clears a date or the cap. `status` may move a
 * published form to closed/archived and back; `draft` is never set by hand.
 */
export const SettingsSchema = v.pipe(
  v.object({
    opensAt: v.optional(v.nullable(Instant)),
    closesAt: v.optional(v.nullable(Instant)),
    cap: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000_000)))),
    status: v.optional(v.picklist(['published', 'closed', 'archived'])),
    turnstile: v.optional(v.boolean()),
  }),
  v.forward(
    v.check(
      (s) => s.opensAt == null || s.closesAt == null || s.opensAt < s.closesAt,
      'closesAt: must be after opensAt',
    ),
    ['closesAt'],
  ),
);
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const ListFormsQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  status: v.optional(v.picklist(FORM_STATUSES)),
});

const FormSummary = v.object({
  id: v.string(),
  slug: v.string(),
  kind: v.string(),
  title: v.string(),
  status: v.string(),
  ownerUnitId: v.string(),
  currentVersionId: v.nullable(v.string()),
  version: v.nullable(v.number()),
  opensAt: v.nullable(v.number()),
  closesAt: v.nullable(v.number()),
  turnstile: v.boolean(),
  cap: v.nullable(v.number()),
  used: v.number(),
  createdAt: v.number(),
  updatedAt: v.number(),
});

export const FormListResponse = v.object({ forms: v.array(FormSummary) });

export const FormDetailResponse = v.object({
  form: FormSummary,
  draft: FormDefinitionSchema,
  versions: v.array(
    v.object({
      id: v.string(),
      version: v.number(),
      publishedAt: v.number(),
      publishedBy: v.nullable(v.string()),
    }),
  ),
});

export const PublishResponse = v.object({
  versionId: v.string(),
  version: v.number(),
  unchanged: v.boolean(),
});

export const PublicFormListResponse = v.object({
  forms: v.array(
    v.object({
      slug: v.string(),
      title: v.string(),
      /** The form's one-line introduction (the home page shows it), or null. */
      description: v.nullable(v.string()),
      closesAt: v.nullable(v.number()),
    }),
  ),
});

export const PublicFormResponse = v.object({
  slug: v.string(),
  versionId: v.string(),
  version: v.number(),
  definition: FormDefinitionSchema,
  closesAt: v.nullable(v.number()),
  turnstileSiteKey: v.optional(v.string()),
});
