/** Inputs and outputs of the retention API (valibot; also the OpenAPI source). */
import * as v from 'valibot';
import { CASE_STATUSES, FORM_KINDS } from '../db/schema';
import { ANY_KIND, RETENTION_CATEGORIES } from './policy';

export const PeriodParam = v.object({
  formKind: v.picklist([...FORM_KINDS, ANY_KIND]),
  category: v.picklist(RETENTION_CATEGORIES),
});

/** Bounds are checked by the service (they depend on the kind and category) with a clear message. */
export const PeriodBody = v.object({
  days: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)),
});

const ViEn = v.object({ vi: v.string(), en: v.string() });

const Period = v.object({
  formKind: v.picklist([...FORM_KINDS, ANY_KIND]),
  category: v.picklist(RETENTION_CATEGORIES),
  days: v.number(),
  defaultDays: v.number(),
  min: v.number(),
  max: v.number(),
  action: v.picklist(['anonymise', 'delete', 'keep']),
  /** The category's name, when its clock starts, the legal basis of its period (assumed: decision 260). */
  name: ViEn,
  from: ViEn,
  basis: ViEn,
  updatedBy: v.nullable(v.string()),
  updatedAt: v.nullable(v.number()),
});
export const PeriodList = v.object({ periods: v.array(Period) });
export { Period };

export const RegisterQuery = v.object({ format: v.optional(v.picklist(['json', 'csv'])) });
const Entry = v.object({
  category: v.string(),
  formKind: v.string(),
  name_vi: v.string(),
  name_en: v.string(),
  what_vi: v.string(),
  what_en: v.string(),
  purpose_vi: v.string(),
  purpose_en: v.string(),
  basis_vi: v.string(),
  basis_en: v.string(),
  access_vi: v.string(),
  access_en: v.string(),
  action: v.string(),
  from_vi: v.string(),
  from_en: v.string(),
  retentionDays: v.nullable(v.number()),
  defaultDays: v.nullable(v.number()),
  minDays: v.nullable(v.number()),
  maxDays: v.nullable(v.number()),
});
export const Register = v.object({
  generatedAt: v.string(),
  perKind: v.array(v.string()),
  entries: v.array(Entry),
});

const Day = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/), v.isoDate());
export const AuditExportQuery = v.object({ from: Day, to: Day });

const Counts = v.object({
  identity: v.number(),
  free_text: v.number(),
  files: v.number(),
  file_objects: v.number(),
  unsubmitted_files: v.number(),
  sessions: v.number(),
  ballot_codes: v.number(),
  outbox: v.number(),
  audit: v.number(),
});
export const RunReport = v.object({
  counts: Counts,
  byKind: v.record(v.string(), v.object({ identity: v.number(), free_text: v.number(), files: v.number() })),
  complete: v.boolean(),
  slices: v.number(),
  slice: v.number(),
  auditHeldAt: v.optional(v.object({ seq: v.number(), caseId: v.string() })),
});

/** A case's id or its receipt code (`K7QM-3XD9-B2HT-Z`, any case; placing a hold only). */
export const HoldParam = v.object({ caseId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)) });
export const HoldBody = v.object({ reason: v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(500)) });
const Hold = v.object({ caseId: v.string(), reason: v.string(), setBy: v.string(), setAt: v.number() });

export { Hold };
export const HoldList = v.object({
  holds: v.array(
    v.object({
      ...Hold.entries,
      /** Who placed it (null if the account is gone). */
      setByName: v.nullable(v.string()),
      receiptCode: v.string(),
      caseStatus: v.picklist(CASE_STATUSES),
    }),
  ),
});

export const OkSchema = v.object({ ok: v.literal(true) });
