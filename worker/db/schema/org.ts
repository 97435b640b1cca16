import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The kinds of organisation unit. Data, not code: new kinds need only a label in the console. */
export const UNIT_KINDS = [
  'city_committee', // Thành ủy
  'standing_committee', // Ban Thường vụ
  'party_board', // Ban Tổ chức, Ủy ban Kiểm tra, Ban Tuyên giáo và Dân vận …
  'peoples_council', // Hội đồng nhân dân
  'peoples_committee', // Ủy ban nhân dân
  'front', // Ủy ban MTTQ
  'mass_org', // Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, Hội Nông dân, Công đoàn, Hội Cựu chiến binh
  'ward', // phường
  'commune', // xã
  'residential_area', // khu phố, thôn, tổ dân phố
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * Đơn vị: a node of the organisation tree. Rows are never deleted: a unit closed or merged keeps
 * its id, name and history; `mergedIntoId` points at its successor and `validTo` says since when.
 * `path` is the materialised ancestry `/rootId/…/id/` so a subtree is one index range
 * (`subtreeBounds` in worker/org/queries.ts; not LIKE, which D1 caps at 50-byte patterns).
 */
export const units = sqliteTable(
  'units',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    /** Folded name (no diacritics, lower case) for search. */
    searchName: text('search_name').notNull(),
    kind: text('kind', { enum: UNIT_KINDS }).notNull(),
    parentId: text('parent_id'),
    path: text('path').notNull(),
    validFrom: text('valid_from'), // yyyy-mm-dd
    validTo: text('valid_to'),
    mergedIntoId: text('merged_into_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('units_code_uq').on(t.code),
    index('units_parent_idx').on(t.parentId),
    index('units_path_idx').on(t.path),
    index('units_merged_idx').on(t.mergedIntoId),
  ],
);

/** Cán bộ, đảng viên: people who can be the subject of feedback or of a confidence vote. */
export const people = sqliteTable(
  'people',
  {
    id: text('id').primaryKey(),
    fullName: text('full_name').notNull(),
    searchName: text('search_name').notNull(),
    birthYear: integer('birth_year'),
    partyMember: integer('party_member', { mode: 'boolean' }).notNull().default(false),
    /** Optional stable external reference (e.g. a staff number) used to make imports idempotent. */
    externalRef: text('external_ref'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('people_search_idx').on(t.searchName), uniqueIndex('people_ext_uq').on(t.externalRef)],
);

/** Chức vụ: a person's position in a unit, with validity dates. */
export const positions = sqliteTable(
  'positions',
  {
    id: text('id').primaryKey(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('positions_person_idx').on(t.personId), index('positions_unit_idx').on(t.unitId)],
);
