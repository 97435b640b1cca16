/**
 * The form-definition schema: the contract between the form builder, the public page, the
 * Worker's re-check of every submission, and the rollups. Pure valibot, no Workers or DOM APIs:
 * imported by the Worker and by `web/`.
 */
import * as v from 'valibot';
import { DateString } from '../../lib/checks';

export const LocalTextSchema = v.object({
  vi: v.pipe(v.string(), v.minLength(1), v.maxLength(4000)),
  en: v.optional(v.pipe(v.string(), v.maxLength(4000))),
});

/** Question and option ids: short, stable, safe in HTML names and CSV headers. */
export const IdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9_]{0,39}$/, 'id: a-z, 0-9, _; starts with a letter'),
);

/** A literal a condition compares against. */
const Literal = v.union([v.string(), v.number(), v.boolean()]);

/**
 * A condition: a small expression tree, evaluated by `evaluate()` in `logic.ts` — never `eval`.
 * Leaves compare one question's answer; `and`/`or`/`not` combine.
 * @example { op: 'and', args: [{ op: 'eq', q: 'is_member', value: true }, { op: 'answered', q: 'unit' }] }
 */
export type Expr =
  | { op: 'eq' | 'neq'; q: string; value: string | number | boolean }
  | { op: 'gt' | 'gte' | 'lt' | 'lte'; q: string; value: number }
  | { op: 'in'; q: string; values: (string | number | boolean)[] }
  | { op: 'includes'; q: string; value: string }
  | { op: 'answered' | 'unanswered'; q: string }
  | { op: 'and' | 'or'; args: Expr[] }
  | { op: 'not'; arg: Expr };

export const ExprSchema: v.GenericSchema<Expr> = v.variant('op', [
  v.object({ op: v.picklist(['eq', 'neq']), q: IdSchema, value: Literal }),
  v.object({ op: v.picklist(['gt', 'gte', 'lt', 'lte']), q: IdSchema, value: v.number() }),
  v.object({ op: v.literal('in'), q: IdSchema, values: v.pipe(v.array(Literal), v.maxLength(100)) }),
  v.object({ op: v.literal('includes'), q: IdSchema, value: v.string() }),
  v.object({ op: v.picklist(['answered', 'unanswered']), q: IdSchema }),
  v.object({
    op: v.picklist(['and', 'or']),
    args: v.pipe(v.array(v.lazy(() => ExprSchema)), v.minLength(1), v.maxLength(20)),
  }),
  v.object({ op: v.literal('not'), arg: v.lazy(() => ExprSchema) }),
]);

export const OptionSchema = v.object({ value: IdSchema, label: LocalTextSchema });

export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'number',
  'date',
  'single_choice',
  'multiple_choice',
  'dropdown',
  'yes_no',
  'rating',
  'likert',
  'email',
  'phone',
  'unit_picker',
  'person_picker',
  'file',
  'consent',
  'info',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Types whose answers are counted in the rollups per option (kept in a valibot-free module). */
export { COUNTED_TYPES } from './counted';

const common = {
  id: IdSchema,
  label: LocalTextSchema,
  help: v.optional(LocalTextSchema),
  required: v.optional(v.boolean()),
  /** Required only when this holds (in addition to being visible). */
  requiredIf: v.optional(ExprSchema),
  /** Shown only when this holds; a hidden question is never required and its answer is dropped. */
  showIf: v.optional(ExprSchema),
};

const textRules = {
  minLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20000))),
  /** A regular expression the answer must match (validated as compilable). */
  pattern: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(200),
      v.check((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'pattern: not a valid regular expression'),
    ),
  ),
  patternMessage: v.optional(LocalTextSchema),
};

export const QuestionSchema = v.variant('type', [
  v.object({ ...common, type: v.picklist(['short_text', 'long_text']), ...textRules }),
  v.object({
    ...common,
    type: v.literal('number'),
    min: v.optional(v.number()),
    max: v.optional(v.number()),
    integer: v.optional(v.boolean()),
    unit: v.optional(LocalTextSchema),
  }),
  v.object({
    ...common,
    type: v.literal('date'),
    /** yyyy-mm-dd bounds. */
    min: v.optional(DateString),
    max: v.optional(DateString),
  }),
  v.object({
    ...common,
    type: v.picklist(['single_choice', 'dropdown']),
    options: v.pipe(v.array(OptionSchema), v.minLength(1), v.maxLength(200)),
  }),
  v.object({
    ...common,
    type: v.literal('multiple_choice'),
    options: v.pipe(v.array(OptionSchema), v.minLength(1), v.maxLength(200)),
    minChoices: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    maxChoices: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  }),
  v.object({ ...common, type: v.literal('yes_no') }),
  v.object({
    ...common,
    type: v.literal('rating'),
    /** Scale 1..max (default 5). */
    max: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(10))),
    minLabel: v.optional(LocalTextSchema),
    maxLabel: v.optional(LocalTextSchema),
  }),
  v.object({
    ...common,
    type: v.literal('likert'),
    /** Criteria (rows) × levels (columns): the usual shape of an assessment of a cadre. */
    rows: v.pipe(v.array(OptionSchema), v.minLength(1), v.maxLength(50)),
    columns: v.pipe(v.array(OptionSchema), v.minLength(2), v.maxLength(10)),
    /** When required: every row must be answered (default) or at least one. */
    allRows: v.optional(v.boolean()),
  }),
  v.object({ ...common, type: v.picklist(['email', 'phone']) }),
  v.object({
    ...common,
    type: v.literal('unit_picker'),
    /** Restrict to these unit kinds (e.g. ward, commune). */
    kinds: v.optional(v.array(v.string())),
    /** When true, the response is attributed to the chosen unit in the rollups. */
    attributeResponse: v.optional(v.boolean()),
  }),
  v.object({ ...common, type: v.literal('person_picker') }),
  v.object({
    ...common,
    type: v.literal('file'),
    maxFiles: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10))),
    accept: v.optional(v.array(v.picklist(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']))),
  }),
  v.object({ ...common, type: v.literal('consent'), text: LocalTextSchema }),
  v.object({ ...common, type: v.literal('info'), text: v.optional(LocalTextSchema) }),
]);
export type Question = v.InferOutput<typeof QuestionSchema>;

export const PageSchema = v.object({
  id: IdSchema,
  title: v.optional(LocalTextSchema),
  description: v.optional(LocalTextSchema),
  showIf: v.optional(ExprSchema),
  questions: v.pipe(v.array(QuestionSchema), v.maxLength(200)),
});
export type Page = v.InferOutput<typeof PageSchema>;

/** The identity fields a form may ask, in the order the form shows them. */
export const IDENTITY_FIELDS = ['name', 'phone', 'email', 'id_number', 'address'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/**
 * Identity settings: `none` never asks; `optional` offers (anonymous allowed); `required` demands.
 * Whenever identity is asked, `consent` text must be present and its version is stored per response.
 */
export const IdentitySchema = v.object({
  mode: v.picklist(['none', 'optional', 'required']),
  fields: v.optional(v.array(v.picklist(IDENTITY_FIELDS))),
  consent: v.optional(
    v.object({ version: v.pipe(v.string(), v.minLength(1), v.maxLength(40)), text: LocalTextSchema }),
  ),
});

export const FormDefinitionSchema = v.pipe(
  v.object({
    schemaVersion: v.literal(1),
    title: LocalTextSchema,
    description: v.optional(LocalTextSchema),
    identity: v.optional(IdentitySchema),
    /** Text shown after a successful submission. */
    thankYou: v.optional(LocalTextSchema),
    pages: v.pipe(v.array(PageSchema), v.minLength(1), v.maxLength(50)),
  }),
  v.check((d) => {
    const ids = d.pages.flatMap((p) => p.questions.map((q) => q.id));
    return new Set(ids).size === ids.length;
  }, 'pages: question ids must be unique across the form'),
  v.check(
    (d) => !d.identity || d.identity.mode === 'none' || !!d.identity.consent,
    'identity.consent: consent text is required whenever identity is asked',
  ),
);
export type FormDefinition = v.InferOutput<typeof FormDefinitionSchema>;

/**
 * An answer value. Text-like types: string; number/rating: number; yes_no/consent: boolean;
 * multiple_choice: string[]; likert: { [rowId]: columnId }; file: string[] of upload keys.
 */
export type AnswerValue = string | number | boolean | string[] | Record<string, string>;
export type Answers = Record<string, AnswerValue>;

/** All questions of a definition in page order. */
export function allQuestions(def: FormDefinition): Question[] {
  return def.pages.flatMap((p) => p.questions);
}
