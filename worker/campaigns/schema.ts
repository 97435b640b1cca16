/** Valibot schemas of the campaign routes' inputs. */
import * as v from 'valibot';
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
