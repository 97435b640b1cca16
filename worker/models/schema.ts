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

// Replies ---------------------------------------------------------------------------------------

const Verdict = v.picklist(['effective', 'not_effective']);
const LabelText = v.object({ vi: v.string(), en: v.optional(v.string()) });

/** One model of the registry as the API returns it. */
export const ModelSchema = v.object({
  id: v.string(),
  unitId: v.string(),
  unitName: v.string(),
  unitPath: v.string(),
  name: v.string(),
  field: ModelFieldSchema,
  year: v.number(),
  startDate: v.nullable(v.string()),
  description: v.string(),
  peopleMobilised: v.number(),
  householdsMobilised: v.number(),
  moneyVnd: v.number(),
  workdays: v.number(),
  materials: v.string(),
  results: v.string(),
  recognition: v.nullable(v.picklist(RECOGNITION_LEVELS)),
  verdict: v.nullable(Verdict),
  status: v.picklist(MODEL_STATUSES),
  currentEvaluationId: v.nullable(v.string()),
  currentScoreBp: v.nullable(v.number()),
  replicationCount: v.number(),
  sourceReportId: v.nullable(v.string()),
  createdAt: v.number(),
  updatedAt: v.number(),
});

export const ModelListSchema = v.object({ models: v.array(ModelSchema), total: v.number() });
export const ModelReplySchema = v.object({ model: ModelSchema });

const ModelLink = v.object({ id: v.string(), name: v.string(), unitName: v.string() });

export const ModelDetailSchema = v.object({
  model: ModelSchema,
  evaluations: v.array(
    v.object({
      id: v.string(),
      rubricId: v.string(),
      reviewerId: v.string(),
      reviewerName: v.nullable(v.string()),
      scores: v.record(v.string(), v.number()),
      scoreBp: v.number(),
      verdict: Verdict,
      comment: v.string(),
      createdAt: v.number(),
    }),
  ),
  progress: v.array(
    v.object({
      id: v.string(),
      note: v.string(),
      reportId: v.nullable(v.string()),
      createdAt: v.number(),
      campaignTitle: v.nullable(v.string()),
    }),
  ),
  replicatedTo: v.array(ModelLink),
  replicatedFrom: v.array(ModelLink),
  photos: v.array(
    v.object({ id: v.string(), type: v.string(), size: v.number(), createdAt: v.number(), url: v.string() }),
  ),
});

export const EvaluationResultSchema = v.object({
  evaluationId: v.string(),
  scoreBp: v.number(),
  verdict: Verdict,
  model: ModelSchema,
});

export const IdReplySchema = v.object({ id: v.string() });

export const PhotoReplySchema = v.object({
  photo: v.object({
    id: v.string(),
    type: v.picklist(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
    size: v.number(),
    url: v.string(),
  }),
});

export const RubricReplySchema = v.object({
  rubric: v.object({
    id: v.string(),
    name: v.string(),
    criteria: v.array(v.object({ id: v.string(), label: LabelText, weight: v.number(), max: v.number() })),
    thresholdBp: v.number(),
  }),
});

export const CoverageSchema = v.object({
  scope: v.object({ id: v.string(), name: v.string() }),
  year: v.nullable(v.number()),
  cells: v.array(
    v.object({
      unitId: v.string(),
      field: v.string(),
      year: v.number(),
      n: v.number(),
      effective: v.number(),
    }),
  ),
  byField: v.record(v.string(), v.number()),
  byStatus: v.record(v.string(), v.number()),
  totals: v.object({
    models: v.number(),
    people: v.number(),
    households: v.number(),
    moneyVnd: v.number(),
    workdays: v.number(),
    replications: v.number(),
  }),
  effective: v.object({
    covered: v.number(),
    total: v.number(),
    missing: v.array(v.object({ id: v.string(), name: v.string() })),
  }),
});

export const ImportResultSchema = v.object({
  confirmed: v.boolean(),
  rows: v.number(),
  valid: v.number(),
  errors: v.array(
    v.object({
      row: v.number(),
      column: v.string(),
      code: v.string(),
      message: v.object({ vi: v.string(), en: v.string() }),
    }),
  ),
  preview: v.array(
    v.object({
      unitId: v.string(),
      row: v.number(),
      name: v.string(),
      field: ModelFieldSchema,
      year: v.optional(v.number()),
      startDate: v.optional(v.nullable(v.string())),
      description: v.optional(v.string()),
      peopleMobilised: v.optional(v.number()),
      householdsMobilised: v.optional(v.number()),
      moneyVnd: v.optional(v.number()),
      workdays: v.optional(v.number()),
      materials: v.optional(v.string()),
      results: v.optional(v.string()),
      recognition: v.optional(v.nullable(v.picklist(RECOGNITION_LEVELS))),
    }),
  ),
  token: v.nullable(v.string()),
  created: v.number(),
});
