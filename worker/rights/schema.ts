/** valibot schemas of the reporter's rights API (inputs and replies). */
import * as v from 'valibot';
import { CASE_KINDS, CASE_STATUSES, DATA_REQUEST_KINDS, DATA_REQUEST_STATUSES } from '../db/schema';

const Code = v.pipe(v.string(), v.maxLength(64));
const Pin = v.pipe(v.string(), v.maxLength(12));
const Contact = v.optional(v.pipe(v.string(), v.maxLength(500)));
export const RightsBody = v.object({ code: Code, pin: Pin, lang: v.optional(v.picklist(['vi', 'en'])) });
export const CorrectBody = v.object({
  code: Code,
  pin: Pin,
  phone: Contact,
  email: Contact,
  address: Contact,
});
const Id = v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,64}$/i, 'not a valid id'));
export const RequestIdParam = v.object({ id: Id });
export const RequestsQuery = v.object({ unitId: Id, status: v.optional(v.picklist(DATA_REQUEST_STATUSES)) });
export const AnswerBody = v.object({
  decision: v.picklist(['done', 'refused']),
  reply: v.optional(v.pipe(v.string(), v.maxLength(4000))),
});

export const RuleBody = v.object({
  days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(90)),
  working: v.boolean(),
  basis: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
});
export const RuleKind = v.object({ kind: v.picklist(['correct', 'withdraw', 'delete']) });

// Replies ---------------------------------------------------------------------------------------

const RequestKind = v.picklist(DATA_REQUEST_KINDS);
const RequestStatus = v.picklist(DATA_REQUEST_STATUSES);
const ContactField = v.picklist(['phone', 'email', 'address']);

/** A reporter's request as the reporter sees it. */
const PublicRequest = v.object({
  id: v.string(),
  kind: RequestKind,
  status: RequestStatus,
  requestedAt: v.number(),
  dueDay: v.string(),
  reply: v.nullable(v.string()),
  answeredAt: v.nullable(v.number()),
});

/** Every piece of personal data held about the reporter in the case. */
export const AccessViewSchema = v.object({
  caseKind: v.picklist(CASE_KINDS),
  identity: v.nullable(v.record(v.string(), v.string())),
  contactFields: v.array(ContactField),
  answers: v.array(v.object({ id: v.string(), label: v.string(), answer: v.string() })),
  files: v.array(v.string()),
  consent: v.nullable(
    v.object({
      version: v.string(),
      hash: v.nullable(v.string()),
      text: v.nullable(v.object({ vi: v.string(), en: v.optional(v.nullable(v.string())) })),
      acceptedAt: v.number(),
      withdrawnAt: v.nullable(v.number()),
    }),
  ),
  requests: v.array(PublicRequest),
  canWithdraw: v.boolean(),
  canDelete: v.boolean(),
});

export const CorrectedSchema = v.object({
  changed: v.array(ContactField),
  /** The request recorded for the change (none when nothing changed). */
  requestId: v.optional(v.string()),
  data: AccessViewSchema,
});

export const WithdrawnSchema = v.object({ closed: v.boolean(), anonymous: v.boolean() });
export const DeletionRequestedSchema = v.object({ request: PublicRequest });

export const RequestQueueSchema = v.object({
  requests: v.array(
    v.object({
      id: v.string(),
      caseId: v.string(),
      intakeUnitId: v.string(),
      receiptCode: v.string(),
      caseKind: v.picklist(CASE_KINDS),
      caseStatus: v.picklist(CASE_STATUSES),
      kind: RequestKind,
      status: RequestStatus,
      requestedAt: v.number(),
      dueDay: v.string(),
      reply: v.nullable(v.string()),
      answeredAt: v.nullable(v.number()),
      answeredBy: v.nullable(v.string()),
      working: v.boolean(),
      basis: v.nullable(v.string()),
      daysLeft: v.nullable(v.number()),
      overdue: v.boolean(),
    }),
  ),
});

export const AnsweredSchema = v.object({
  id: v.string(),
  status: v.picklist(['done', 'refused']),
  reply: v.string(),
});

const Rule = v.object({ kind: RequestKind, days: v.number(), working: v.boolean(), basis: v.string() });
export const RulesSchema = v.object({ rules: v.array(Rule) });
export const RuleSchema = Rule;
