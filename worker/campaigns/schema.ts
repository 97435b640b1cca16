/** Valibot schemas of the campaign routes: their inputs and replies. */
import * as v from 'valibot';
import { REPORT_STATUSES } from '../db/schema';
import { FormDefinitionSchema } from '../forms/engine/definition';
import { DateString } from '../lib/validate';
import { ModelFields } from '../models/schema';

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const CreateCampaignSchema = v.pipe(
  v.strictObject({
    title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300)),
    formId: Id,
    /** The subtree assigned (e.g. the city: all its wards and communes). */
    unitId: Id,
    kinds: v.optional(
      v.pipe(
        v.array(v.picklist(['ward', 'commune', 'residential_area', 'front', 'mass_org', 'other'])),
        v.minLength(1),
        v.maxLength(6),
      ),
    ),
    periodStart: DateString,
    periodEnd: DateString,
    dueDate: DateString,
  }),
  v.forward(
    v.check((c) => c.periodStart <= c.periodEnd, 'periodEnd: the period ends before it starts'),
    ['periodEnd'],
  ),
  v.forward(
    v.check((c) => c.dueDate >= c.periodStart, 'dueDate: the due date is before the period starts'),
    ['dueDate'],
  ),
);
export type CreateCampaignInput = v.InferOutput<typeof CreateCampaignSchema>;

/** A new model reported in a campaign; `id` is assigned by the server at the first save. */
export const ReportedModelSchema = v.strictObject({ id: v.optional(Id), ...ModelFields });
export type ReportedModel = v.InferOutput<typeof ReportedModelSchema>;

export const ReportModelsSchema = v.strictObject({
  new: v.pipe(v.array(ReportedModelSchema), v.maxLength(50)),
  progress: v.pipe(
    v.array(
      v.strictObject({ modelId: Id, note: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(4000)) }),
    ),
    v.maxLength(100),
  ),
});
export type ReportModels = v.InferOutput<typeof ReportModelsSchema>;

export const ReportBodySchema = v.strictObject({
  answers: v.record(v.string(), v.unknown()),
  models: v.optional(ReportModelsSchema),
});
export type ReportBody = v.InferOutput<typeof ReportBodySchema>;

export const ReturnSchema = v.strictObject({
  comment: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(4000)),
});

export const FormatQuery = v.object({ format: v.optional(v.picklist(['json', 'csv', 'xlsx'])) });

// Replies ---------------------------------------------------------------------------------------

/** A campaign as the API returns it. */
export const CampaignSchema = v.object({
  id: v.string(),
  title: v.string(),
  formId: v.string(),
  versionId: v.string(),
  unitId: v.string(),
  unitName: v.string(),
  unitPath: v.string(),
  kinds: v.array(v.string()),
  periodStart: v.string(),
  periodEnd: v.string(),
  dueDate: v.string(),
  status: v.picklist(['open', 'closed']),
  createdAt: v.number(),
});

const CompletionStatus = v.picklist(['submitted', 'late', 'returned', 'missing', 'pending']);

/** Where one assigned unit stands in a campaign. */
export const CompletionSchema = v.object({
  unitId: v.string(),
  unitName: v.string(),
  unitPath: v.string(),
  status: CompletionStatus,
  hasDraft: v.boolean(),
  reportId: v.nullable(v.string()),
  firstSubmittedAt: v.nullable(v.number()),
  submittedAt: v.nullable(v.number()),
  returnComment: v.nullable(v.string()),
  /** Units merged into this one whose assignment it carries. */
  inheritedFrom: v.array(v.string()),
});

export const CampaignListSchema = v.object({ campaigns: v.array(CampaignSchema) });
export const CampaignReplySchema = v.object({ campaign: CampaignSchema });

export const CampaignDetailSchema = v.object({
  campaign: CampaignSchema,
  completion: v.array(CompletionSchema),
  counts: v.object({
    assigned: v.number(),
    submitted: v.number(),
    late: v.number(),
    returned: v.number(),
    missing: v.number(),
    pending: v.number(),
  }),
});

export const TodoSchema = v.object({
  items: v.array(v.object({ ...CompletionSchema.entries, campaign: CampaignSchema })),
});

export const OwingSchema = v.object({
  campaign: v.object({ id: v.string(), title: v.string(), dueDate: v.string() }),
  owing: v.array(CompletionSchema),
});

export const ReportDetailSchema = v.object({
  campaign: CampaignSchema,
  unit: v.object({ id: v.string(), name: v.string() }),
  completion: CompletionSchema,
  definition: FormDefinitionSchema,
  report: v.nullable(
    v.object({
      id: v.string(),
      campaignId: v.string(),
      unitId: v.string(),
      versionId: v.string(),
      status: v.picklist(REPORT_STATUSES),
      data: v.record(v.string(), v.unknown()),
      models: ReportModelsSchema,
      firstSubmittedAt: v.nullable(v.number()),
      submittedAt: v.nullable(v.number()),
      returnComment: v.nullable(v.string()),
      updatedAt: v.number(),
    }),
  ),
  events: v.array(
    v.object({
      action: v.string(),
      comment: v.nullable(v.string()),
      at: v.number(),
      actorName: v.nullable(v.string()),
    }),
  ),
  unitModels: v.array(
    v.object({ id: v.string(), name: v.string(), field: v.string(), year: v.number(), status: v.string() }),
  ),
});

export const DraftSavedSchema = v.object({
  status: v.picklist(['draft', 'returned']),
  models: ReportModelsSchema,
  savedAt: v.number(),
});

export const SubmittedSchema = v.object({
  reportId: v.string(),
  status: v.literal('submitted'),
  late: v.boolean(),
  submittedAt: v.number(),
  modelIds: v.array(v.string()),
});

export const ReturnedSchema = v.object({ status: v.literal('returned') });
