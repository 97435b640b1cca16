import * as v from 'valibot';
import { UNIT_KINDS } from '../db/schema';
import { DateString } from '../lib/validate';

/** The shared calendar-date schema (decision 211), re-exported for older imports from here. */
export { DateString };

const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200));
const Code = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, . _ - only'),
);
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const UnitKindSchema = v.picklist(UNIT_KINDS);

/** One organisation unit as the API returns it. */
export const UnitSchema = v.object({
  id: v.string(),
  code: v.string(),
  name: v.string(),
  nameEn: v.nullable(v.string()),
  kind: UnitKindSchema,
  parentId: v.nullable(v.string()),
  path: v.string(),
  validFrom: v.nullable(v.string()),
  validTo: v.nullable(v.string()),
  mergedIntoId: v.nullable(v.string()),
});
export type UnitDto = v.InferOutput<typeof UnitSchema>;

export const UnitListQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  includeMerged: v.optional(v.picklist(['0', '1'])),
});
export const UnitListSchema = v.object({ units: v.array(UnitSchema) });

export const CreateUnitSchema = v.strictObject({
  code: Code,
  name: Name,
  nameEn: v.optional(v.nullable(Name)),
  kind: UnitKindSchema,
  parentId: v.optional(v.nullable(Id)),
  validFrom: v.optional(v.nullable(DateString)),
  validTo: v.optional(v.nullable(DateString)),
});
export type CreateUnitInput = v.InferOutput<typeof CreateUnitSchema>;

export const UpdateUnitSchema = v.strictObject({
  code: v.optional(Code),
  name: v.optional(Name),
  nameEn: v.optional(v.nullable(Name)),
  kind: v.optional(UnitKindSchema),
  /** Moving: the new parent. The whole subtree is re-pathed in one batch. */
  parentId: v.optional(Id),
  validFrom: v.optional(v.nullable(DateString)),
  validTo: v.optional(v.nullable(DateString)),
});
export type UpdateUnitInput = v.InferOutput<typeof UpdateUnitSchema>;

export const MergeUnitSchema = v.strictObject({ intoId: Id, date: DateString });

export const PublicUnitsQuery = v.object({
  kind: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(200),
      v.check(
        (s) => s.split(',').every((k) => (UNIT_KINDS as readonly string[]).includes(k.trim())),
        'unknown unit kind',
      ),
    ),
  ),
});
export const PublicUnitsSchema = v.object({
  units: v.array(
    v.object({
      id: v.string(),
      name: v.string(),
      nameEn: v.nullable(v.string()),
      kind: v.string(),
      parentId: v.nullable(v.string()),
    }),
  ),
});

// People --------------------------------------------------------------------------------------

export const PositionInputSchema = v.strictObject({
  unitId: Id,
  title: Name,
  titleEn: v.optional(v.nullable(Name)),
  validFrom: v.optional(v.nullable(DateString)),
  validTo: v.optional(v.nullable(DateString)),
});
export type PositionInput = v.InferOutput<typeof PositionInputSchema>;

export const CreatePersonSchema = v.strictObject({
  fullName: Name,
  birthYear: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1900), v.maxValue(2100)))),
  partyMember: v.optional(v.boolean()),
  externalRef: v.optional(v.nullable(Code)),
  positions: v.optional(v.pipe(v.array(PositionInputSchema), v.maxLength(20))),
});
export type CreatePersonInput = v.InferOutput<typeof CreatePersonSchema>;

export const UpdatePersonSchema = v.strictObject({
  fullName: v.optional(Name),
  birthYear: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1900), v.maxValue(2100)))),
  partyMember: v.optional(v.boolean()),
  externalRef: v.optional(v.nullable(Code)),
});
export type UpdatePersonInput = v.InferOutput<typeof UpdatePersonSchema>;

export const PositionSchema = v.object({
  id: v.string(),
  unitId: v.string(),
  unitName: v.string(),
  title: v.string(),
  titleEn: v.nullable(v.string()),
  validFrom: v.nullable(v.string()),
  validTo: v.nullable(v.string()),
});
export const PersonSchema = v.object({
  id: v.string(),
  fullName: v.string(),
  birthYear: v.nullable(v.number()),
  partyMember: v.boolean(),
  externalRef: v.nullable(v.string()),
  positions: v.array(PositionSchema),
});
export type PersonDto = v.InferOutput<typeof PersonSchema>;

export const PeopleListQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  unitId: v.optional(Id),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/))),
  offset: v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/))),
});
export const PeopleListSchema = v.object({ people: v.array(PersonSchema) });

export const PublicPeopleQuery = v.object({
  q: v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(100)),
});
export const PublicPeopleSchema = v.object({
  people: v.array(v.object({ id: v.string(), name: v.string(), titles: v.array(v.string()) })),
});

// Imports -------------------------------------------------------------------------------------

export const ImportQuery = v.object({ dryRun: v.optional(v.picklist(['0', '1'])) });
export const ImportResultSchema = v.object({
  dryRun: v.boolean(),
  rows: v.number(),
  created: v.number(),
  updated: v.number(),
  errors: v.array(
    v.object({
      row: v.number(),
      column: v.string(),
      code: v.string(),
      message: v.object({ vi: v.string(), en: v.string() }),
    }),
  ),
});
/** Documented body of a CSV import (the handler reads text/csv). */
export const CsvBody = v.string();
