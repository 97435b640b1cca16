/** Valibot schemas of the model registry's inputs (the same ones the OpenAPI document shows). */
import * as v from 'valibot';
import { MODEL_FIELDS, MODEL_STATUSES, RECOGNITION_LEVELS } from '../db/schema';
import { DateString } from '../lib/validate';

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1e9));
/** Whole VND, up to 10^15 (a safe integer). */
const Money = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1e15));
const Year = v.pipe(v.number(), v.integer(), v.minValue(1990), v.maxValue(2100));
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const ModelFieldSchema = v.picklist(MODEL_FIELDS);

/** The editable facts of a model (shared by create, update, import and campaign reports). */
export const ModelFields = {
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300)),
  field: ModelFieldSchema,
  year: v.optional(Year),
  startDate: v.optional(v.nullable(DateString)),
  description: v.optional(Text(10000)),
  peopleMobilised: v.optional(Count),
  householdsMobilised: v.optional(Count),
  moneyVnd: v.optional(Money),
  workdays: v.optional(Count),
  materials: v.optional(Text(2000)),
  results: v.optional(Text(10000)),
  recognition: v.optional(v.nullable(v.picklist(RECOGNITION_LEVELS))),
};

export const CreateModelSchema = v.strictObject({ unitId: Id, ...ModelFields });
export type CreateModelInput = v.InferOutput<typeof CreateModelSchema>;

export const UpdateModelSchema = v.strictObject(
  Object.fromEntries(Object.entries(ModelFields).map(([k, s]) => [k, v.optional(s)])) as {
    [K in keyof typeof ModelFields]: v.OptionalSchema<(typeof ModelFields)[K], undefined>;
  },
);
export type UpdateModelInput = v.InferOutput<typeof UpdateModelSchema>;

export const ModelListQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  field: v.optional(ModelFieldSchema),
  unitId: v.optional(Id),
  year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number))),
  status: v.optional(v.picklist(MODEL_STATUSES)),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.maxValue(200))),
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/), v.transform(Number))),
});
export type ModelListFilter = v.InferOutput<typeof ModelListQuery>;

export const ExportQuery = v.object({
  ...ModelListQuery.entries,
  format: v.optional(v.picklist(['csv', 'xlsx'])),
});

export const EvaluateSchema = v.strictObject({
  scores: v.record(v.pipe(v.string(), v.maxLength(40)), v.number()),
  comment: v.optional(Text(4000)),
});

export const ReplicationSchema = v.strictObject({ toModelId: Id });
export const ProgressSchema = v.strictObject({
  note: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(4000)),
});

const CriterionSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/)),
  label: v.strictObject({
    vi: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
    en: v.optional(v.pipe(v.string(), v.maxLength(300))),
  }),
  weight: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)),
  max: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
});

export const RubricSchema = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
    criteria: v.pipe(v.array(CriterionSchema), v.minLength(1), v.maxLength(20)),
    thresholdBp: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10000)),
  }),
  v.check(
    (r) => new Set(r.criteria.map((c) => c.id)).size === r.criteria.length,
    'criteria: ids must be unique',
  ),
);

export const CoverageQuery = v.object({
  unitId: v.optional(Id),
  year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number))),
});

export const ImportQuery = v.object({ token: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))) });
