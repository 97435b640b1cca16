/** valibot schemas of the dashboards API (validated at the edge, documented in OpenAPI). */
import * as v from 'valibot';
import { BOARD_VIEWS } from './boards';

const Month = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month: yyyy-mm'));
const Id = v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,64}$/i, 'not a valid id'));

/** Filters every dashboard takes: a unit (its subtree) and a month range. */
export const DashboardQuery = v.object({
  unitId: v.optional(Id),
  from: v.optional(Month),
  to: v.optional(Month),
});
export const UnitQuery = v.object({ unitId: v.optional(Id) });
export const ExportQuery = v.object({
  ...DashboardQuery.entries,
  format: v.picklist(['csv', 'xlsx', 'pdf']),
});
export const TextQuery = v.object({
  ...DashboardQuery.entries,
  questionId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  cursor: v.optional(
    // submitted_at _ rowid of the last response visited (decision 208).
    v.pipe(v.string(), v.regex(/^\d{1,16}_\d{1,16}$/, 'cursor: not a valid cursor')),
  ),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(200)),
  ),
});
export const ViewParam = v.object({ view: v.picklist(BOARD_VIEWS) });
export const FormParam = v.object({ id: Id });
export const UnitParam = v.object({ unitId: Id });
export const ViewConfigBody = v.strictObject({
  views: v.pipe(v.array(v.picklist(BOARD_VIEWS)), v.maxLength(20)),
});
export const RebuildBody = v.strictObject({
  cursor: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
  formId: v.optional(Id),
  /** Days per batch (1–31, default whole months): smaller slices for hosted D1's 30 s query limit. */
  sliceDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(31))),
  /** Responses per batch at most (default 20,000; a single busier day is one batch): decision 213. */
  sliceRows: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200_000))),
  /** forms | cases | all (default): which counters to recount (decision 210). */
  part: v.optional(v.picklist(['forms', 'cases', 'all'])),
});

// Replies ---------------------------------------------------------------------------------------

const Text = v.object({ vi: v.string(), en: v.optional(v.string()) });
const Unit = v.object({ id: v.string(), name: v.string() });
const Period = v.object({ from: v.string(), to: v.string() });

/** One section of a board or a form's results: a table the console charts and the exports print. */
const Section = v.object({
  id: v.string(),
  title: Text,
  chart: v.picklist(['bar', 'line', 'stacked', 'none']),
  columns: v.array(Text),
  /** A cell is null where it is hidden below k. */
  rows: v.array(v.array(v.nullable(v.union([v.string(), v.number()])))),
  hidden: v.number(),
  summary: Text,
  colors: v.optional(v.array(v.string())),
  max: v.optional(v.number()),
});

export const ViewsSchema = v.object({
  views: v.array(
    v.object({
      view: v.picklist(BOARD_VIEWS),
      title: Text,
      available: v.boolean(),
      /** Why a view is not available (what the unit lacks), or null. */
      missing: v.nullable(Text),
    }),
  ),
});

export const BoardSchema = v.object({
  view: v.picklist(BOARD_VIEWS),
  title: Text,
  unit: Unit,
  period: Period,
  k: v.number(),
  sections: v.array(Section),
});

const Counted = { n: v.number(), hidden: v.number() };

export const FormResultsSchema = v.object({
  title: Text,
  form: v.object({ id: v.string(), title: v.string(), kind: v.string() }),
  unit: Unit,
  period: Period,
  k: v.number(),
  responses: v.object({
    total: v.number(),
    hidden: v.number(),
    byMonth: v.array(v.object({ month: v.string(), ...Counted })),
    byDay: v.array(v.object({ day: v.string(), n: v.number() })),
    byUnit: v.array(v.object({ unitId: v.string(), name: v.string(), ...Counted })),
  }),
  questions: v.array(
    v.object({
      id: v.string(),
      type: v.string(),
      label: Text,
      items: v.array(
        v.object({
          value: v.string(),
          label: Text,
          options: v.array(v.object({ value: v.string(), label: Text, ...Counted })),
        }),
      ),
      number: v.optional(v.object({ n: v.number(), mean: v.nullable(v.number()), hidden: v.number() })),
    }),
  ),
  textQuestions: v.array(v.object({ id: v.string(), label: Text, visible: v.boolean() })),
  sections: v.array(Section),
});

export const TextAnswersSchema = v.object({
  suppressed: v.boolean(),
  answers: v.array(v.object({ text: v.string(), day: v.string() })),
  nextCursor: v.nullable(v.string()),
  /** Responses visited by this request (decision 208). */
  searched: v.number(),
});

export const ViewConfigSchema = v.object({ unitId: v.string(), views: v.array(v.picklist(BOARD_VIEWS)) });

export const RebuildResultSchema = v.object({
  forms: v.number(),
  caseBatches: v.number(),
  batches: v.number(),
  cursor: v.nullable(v.string()),
});
