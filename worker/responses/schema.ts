/** Valibot schemas of the responses API (public submission, receipts, staff reading). */
import * as v from 'valibot';
import { IdKeyedObject } from '../lib/checks';
import { DateString } from '../lib/validate';

/** 64 KB: a long feedback text is a few KB; anything larger is not a citizen typing. */
export const SUBMIT_BODY_LIMIT = 64 * 1024;

/**
 * The JSON submission. Unknown top-level fields are ignored on purpose (older offline clients may
 * send extra bookkeeping); nothing outside these fields is ever stored.
 */
export const SubmitBodySchema = v.object({
  // Every key reaches the form engine, which refuses unknown question ids (IdKeyedObject).
  answers: IdKeyedObject,
  identity: v.optional(v.record(v.string(), v.unknown())),
  consentAccepted: v.optional(v.boolean()),
  /** Honeypot: a field humans never see. Filled means a bot. */
  website: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  turnstileToken: v.optional(v.pipe(v.string(), v.maxLength(4096))),
});

export const SubmitResponseSchema = v.object({
  receiptCode: v.string(),
  status: v.literal('received'),
  /** Feedback and petition forms: the 6-digit tracking PIN, shown to the citizen with the code. */
  pin: v.optional(v.string()),
});

export const ReceiptResponseSchema = v.object({
  receiptCode: v.string(),
  status: v.string(),
  submittedAt: v.number(),
  formTitle: v.string(),
});

const Day = DateString;

export const ListResponsesQuery = v.object({
  from: v.optional(Day),
  to: v.optional(Day),
  unitId: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,64}$/i, 'unitId: not a valid id'))),
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
  cursor: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,16}_[0-9a-f-]{8,64}$/i, 'cursor: not a valid cursor')),
  ),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(200)),
  ),
});
export type ListResponsesFilter = v.InferOutput<typeof ListResponsesQuery>;

export const ResponseListSchema = v.object({
  responses: v.array(
    v.object({
      id: v.string(),
      receiptCode: v.string(),
      versionId: v.string(),
      version: v.number(),
      unitId: v.string(),
      unitName: v.nullable(v.string()),
      status: v.string(),
      lang: v.string(),
      submittedAt: v.number(),
      day: v.string(),
      answers: v.record(v.string(), v.unknown()),
    }),
  ),
  nextCursor: v.nullable(v.string()),
});
