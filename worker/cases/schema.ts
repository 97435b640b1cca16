/** Valibot schemas of the cases API (staff, admin and public tracking). */
import * as v from 'valibot';
import { CASE_CLOSURES, CASE_KINDS, CASE_STATUSES } from '../db/schema';
import { FormDefinitionSchema, LocalTextSchema, QuestionSchema } from '../forms/engine/definition';
import { DateString } from '../lib/validate';
import { ACTIONS } from './lifecycle';
import { WEBHOOK_EVENTS } from './webhooks';

const Id = v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,64}$/i, 'not a valid id'));
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const Note = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(4000)));
const Day = DateString;

export const IdParam = v.object({ id: Id });
export const KindParam = v.object({ kind: v.picklist(CASE_KINDS) });
export const DayParam = v.object({ day: Day });
export const ChannelParam = v.object({ channel: v.picklist(['feedback', 'petition']) });
/** The criteria set a feedback template names (default `qd144-2024`). */
export const TemplateQuery = v.object({ criteriaSet: v.optional(v.string()) });

export const QueueQuery = v.object({
  unitId: Id,
  status: v.optional(v.picklist(CASE_STATUSES)),
  overdue: v.optional(v.picklist(['1', '0'])),
});

/** One transition; `action` selects the fields it needs. */
export const TransitionBody = v.variant('action', [
  v.object({
    action: v.literal('classify'),
    kind: v.picklist(CASE_KINDS),
    field: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(100)))),
    severity: v.optional(v.nullable(v.picklist(['low', 'medium', 'high']))),
    subjectPersonId: v.optional(v.nullable(Id)),
    subjectUnitId: v.optional(v.nullable(Id)),
    note: Note,
  }),
  v.object({ action: v.literal('forward'), bodyUnitId: Id, note: Note }),
  v.object({ action: v.literal('start'), note: Note }),
  v.object({ action: v.literal('answer'), answer: Text(20000) }),
  v.object({ action: v.literal('return'), reason: Text(4000) }),
  v.object({
    action: v.literal('close'),
    closure: v.picklist(CASE_CLOSURES),
    note: Note,
  }),
  v.object({ action: v.literal('merge'), intoId: Id, note: Note }),
]);

/** public: the reporter reads it too; internal: intake and the handling body; intake: intake only. */
export const NoteBody = v.object({
  body: Text(20000),
  visibility: v.picklist(['internal', 'public', 'intake']),
});
export const ExtensionBody = v.object({
  days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(90)),
  reason: Text(2000),
});
/** How intake checked that the person asking for a new PIN is the reporter (see tracking.ts `resetPin`). */
export const PIN_CHECKS = ['receipt_shown', 'call_back', 'id_document'] as const;
export type PinCheck = (typeof PIN_CHECKS)[number];
export const PinResetBody = v.object({ checkedBy: v.picklist(PIN_CHECKS) });
export const FileQuery = v.object({ key: v.pipe(v.string(), v.minLength(3), v.maxLength(300)) });

export const SettingsBody = v.object({
  kThreshold: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
  reopenDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365))),
  pinLockAfter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(3), v.maxValue(20))),
});

const Days = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365));
export const RuleBody = v.object({
  acceptDays: Days,
  acceptWorking: v.boolean(),
  resolveDays: Days,
  resolveWorking: v.boolean(),
  maxExtensionDays: Days,
  basis: Text(500),
});

export const HolidayBody = v.object({
  kind: v.picklist(['off', 'work']),
  name: Text(200),
  source: v.optional(v.picklist(['statute', 'decision', 'provisional']), 'decision'),
});
export const HolidaysQuery = v.object({ year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/))) });

export const RoutingRuleBody = v.object({
  kind: v.union([v.picklist(CASE_KINDS), v.literal('*')]),
  unitId: Id,
  bodyUnitId: Id,
  note: v.optional(v.pipe(v.string(), v.maxLength(500))),
});

export const WebhookBody = v.object({
  url: v.pipe(
    v.string(),
    v.url(),
    v.maxLength(500),
    v.check((u) => /^https?:\/\//.test(u), 'http(s) only'),
  ),
  events: v.pipe(v.array(v.picklist(WEBHOOK_EVENTS)), v.minLength(1)),
});

/** Public tracking: code + PIN in the body (never in a URL, which ends up in logs and history). */
export const TrackBody = v.object({
  code: v.pipe(v.string(), v.maxLength(64)),
  pin: v.pipe(v.string(), v.maxLength(12)),
});
export const RateBody = v.object({
  code: v.pipe(v.string(), v.maxLength(64)),
  pin: v.pipe(v.string(), v.maxLength(12)),
  rating: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)),
  comment: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});
export const ReopenBody = v.object({
  code: v.pipe(v.string(), v.maxLength(64)),
  pin: v.pipe(v.string(), v.maxLength(12)),
  reason: Text(4000),
});

// Replies ---------------------------------------------------------------------------------------

const Kind = v.picklist(CASE_KINDS);
const Status = v.picklist(CASE_STATUSES);
const ViEn = v.object({ vi: v.string(), en: v.string() });
const Ok = v.object({ ok: v.literal(true) });

/** The running clock of a case: the day it is due (null when no clock runs) and what is left. */
const Clock = {
  due: v.nullable(v.string()),
  daysLeft: v.nullable(v.number()),
  overdue: v.boolean(),
  /** Whether `daysLeft` counts working days. */
  working: v.boolean(),
};

export const QueueSchema = v.object({
  cases: v.array(
    v.object({
      id: v.string(),
      receiptCode: v.string(),
      kind: Kind,
      status: Status,
      closure: v.nullable(v.string()),
      receivedAt: v.number(),
      acceptDue: v.nullable(v.string()),
      resolveDue: v.nullable(v.string()),
      overdueSince: v.nullable(v.string()),
      unitId: v.string(),
      unitName: v.nullable(v.string()),
      bodyUnitId: v.nullable(v.string()),
      bodyName: v.nullable(v.string()),
      subjectName: v.nullable(v.string()),
      field: v.nullable(v.string()),
      severity: v.nullable(v.string()),
      ...Clock,
    }),
  ),
});

/** A case's facts and its running clock, as the case page and the case file carry them. */
const CaseFacts = v.object({
  id: v.string(),
  receiptCode: v.string(),
  channel: v.string(),
  kind: Kind,
  status: Status,
  closure: v.nullable(v.string()),
  field: v.nullable(v.string()),
  severity: v.nullable(v.string()),
  unitId: v.string(),
  unitName: v.nullable(v.string()),
  subjectPersonId: v.nullable(v.string()),
  subjectName: v.nullable(v.string()),
  subjectUnitId: v.nullable(v.string()),
  bodyUnitId: v.nullable(v.string()),
  bodyName: v.nullable(v.string()),
  mergedIntoId: v.nullable(v.string()),
  receivedAt: v.number(),
  acceptDue: v.nullable(v.string()),
  resolveDue: v.nullable(v.string()),
  extensionDays: v.number(),
  overdueSince: v.nullable(v.string()),
  answer: v.nullable(v.string()),
  answeredAt: v.nullable(v.number()),
  rating: v.nullable(v.number()),
  reopenCount: v.number(),
  version: v.number(),
  ...Clock,
});

/**
 * The consent record (decision 266), intake only: the label, the SHA-256 of the accepted text
 * (null for responses stored before consent_texts), the text in both languages, when accepted.
 */
const ConsentRecord = v.nullable(
  v.object({
    version: v.string(),
    hash: v.nullable(v.string()),
    text: v.nullable(v.object({ vi: v.string(), en: v.nullable(v.string()) })),
    acceptedAt: v.number(),
  }),
);

/** One timeline event; intake-only notes reach intake only. */
const TimelineEvent = v.object({
  id: v.string(),
  at: v.number(),
  type: v.string(),
  actorKind: v.picklist(['staff', 'citizen', 'system']),
  actorName: v.nullable(v.string()),
  fromStatus: v.nullable(Status),
  toStatus: v.nullable(Status),
  visibility: v.picklist(['public', 'intake', 'internal']),
  body: v.nullable(v.string()),
});

/** The case page: answers of the answered version (never identity), files, timeline, actions. */
export const CasePageSchema = v.object({
  case: CaseFacts,
  form: v.object({ title: LocalTextSchema, consentVersion: v.nullable(v.string()) }),
  /** The consent record (decision 266), intake only. */
  consent: ConsentRecord,
  /** Each question of the answered version with its answer (a picked unit or person with its name: the one the reporter picked). */
  questions: v.array(
    v.intersect([
      QuestionSchema,
      v.object({ answer: v.unknown(), answerName: v.optional(v.nullable(v.string())) }),
    ]),
  ),
  files: v.array(v.object({ questionId: v.string(), key: v.string() })),
  /** Intake only: whether the reporter left identity. */
  identified: v.nullable(v.boolean()),
  timeline: v.array(TimelineEvent),
  actors: v.array(v.picklist(['intake', 'handler'])),
  actions: v.array(v.picklist(ACTIONS)),
  routingSuggestion: v.nullable(v.object({ bodyUnitId: v.string(), bodyName: v.string() })),
  reopenDays: v.number(),
});

/**
 * Hồ sơ vụ việc, the case file (`GET /api/cases/{id}/export`): what the case page shows the caller,
 * answers as labelled text, files listed (never their content), the consent record for intake,
 * and the reporter's identity only when intake asked for it (`identity=1`, audited).
 */
export const CaseExportSchema = v.object({
  exportedAt: v.number(),
  /** Who exported it (the staff member's name). */
  exportedBy: v.string(),
  /** The language of the labels and answer texts below. */
  lang: v.picklist(['vi', 'en']),
  case: CaseFacts,
  form: v.object({ title: v.string() }),
  /** Each question (file questions aside) with its label and its answer as text; `value` as stored. */
  answers: v.array(
    v.object({ questionId: v.string(), label: v.string(), text: v.string(), value: v.unknown() }),
  ),
  /** Evidence files listed, never their content; type and size null when no longer stored. */
  files: v.array(
    v.object({
      questionId: v.string(),
      question: v.string(),
      key: v.string(),
      name: v.string(),
      type: v.nullable(v.string()),
      size: v.nullable(v.number()),
    }),
  ),
  timeline: v.array(TimelineEvent),
  consent: ConsentRecord,
  /** Intake only: whether the reporter left identity. */
  identified: v.nullable(v.boolean()),
  /** Only when intake asked (`identity=1`); the read is audited. */
  identity: v.nullable(v.record(v.string(), v.string())),
});

/** How the case file is exported: JSON or PDF, in Vietnamese or English, with identity or not. */
export const CaseExportQuery = v.object({
  format: v.optional(v.picklist(['json', 'pdf']), 'json'),
  lang: v.optional(v.picklist(['vi', 'en']), 'vi'),
  /** `1`: include the reporter's identity (intake only, audited as `case.identity.read`). */
  identity: v.optional(v.picklist(['1', '0']), '0'),
});

export const TransitionResultSchema = v.object({ id: v.string(), status: Status, version: v.number() });
export const NoteResultSchema = v.object({ id: v.string() });
export const ExtensionResultSchema = v.object({ resolveDue: v.string(), extensionDays: v.number() });
export const PinResultSchema = v.object({ pin: v.string() });
export const ReporterIdentitySchema = v.object({ identity: v.record(v.string(), v.string()) });

export const PersonSummarySchema = v.object({
  person: v.object({ id: v.string(), fullName: v.string() }),
  k: v.number(),
  /** null below k: suppressed, not rounded. */
  responses: v.nullable(v.number()),
  suppressed: v.boolean(),
  criteria: v.array(
    v.object({
      questionId: v.string(),
      item: v.string(),
      counts: v.record(v.string(), v.number()),
      n: v.number(),
    }),
  ),
});

export const CriteriaSetsSchema = v.object({
  sets: v.array(
    v.object({
      code: v.string(),
      title: v.string(),
      titleEn: v.string(),
      docNumber: v.string(),
      docDate: v.string(),
      issuer: v.string(),
      criteria: v.array(v.object({ value: v.string(), label: ViEn })),
    }),
  ),
});

export const TemplateSchema = v.object({
  kind: v.picklist(['feedback', 'petition']),
  definition: FormDefinitionSchema,
});

export const CaseSettingsSchema = v.object({
  kThreshold: v.number(),
  reopenDays: v.number(),
  pinLockAfter: v.number(),
});

const DeadlineRule = v.object({
  kind: Kind,
  acceptDays: v.number(),
  acceptWorking: v.boolean(),
  resolveDays: v.number(),
  resolveWorking: v.boolean(),
  maxExtensionDays: v.number(),
  basis: v.string(),
  updatedAt: v.number(),
});
export const DeadlineRulesSchema = v.object({ rules: v.array(DeadlineRule) });
export const DeadlineRuleSchema = DeadlineRule;

const Holiday = v.object({
  day: v.string(),
  kind: v.picklist(['off', 'work']),
  name: v.string(),
  source: v.picklist(['statute', 'decision', 'provisional']),
});
export const HolidaysSchema = v.object({ holidays: v.array(Holiday) });
export const HolidaySchema = Holiday;

const RoutingRule = v.object({
  id: v.string(),
  kind: v.string(),
  unitId: v.string(),
  unitPath: v.string(),
  unitName: v.string(),
  bodyUnitId: v.string(),
  bodyName: v.string(),
  note: v.nullable(v.string()),
});
export const RoutingRulesSchema = v.object({ rules: v.array(RoutingRule) });
export const RoutingRuleSchema = RoutingRule;

export const WebhooksSchema = v.object({
  webhooks: v.array(
    v.object({
      id: v.string(),
      url: v.string(),
      events: v.array(v.string()),
      active: v.boolean(),
      createdAt: v.number(),
    }),
  ),
  /** The 50 latest deliveries, newest first. */
  deliveries: v.array(
    v.object({
      id: v.string(),
      subscriptionId: v.string(),
      event: v.string(),
      caseId: v.string(),
      createdAt: v.number(),
      attempts: v.number(),
      nextAt: v.number(),
      deliveredAt: v.nullable(v.number()),
      state: v.picklist(['pending', 'delivered', 'failed']),
      lastError: v.nullable(v.string()),
    }),
  ),
});

/** A new subscription: its signing secret is in this reply only. */
export const WebhookCreatedSchema = v.object({
  id: v.string(),
  url: v.string(),
  events: v.array(v.string()),
  secret: v.string(),
});

export const OkSchema = Ok;

/** What the reporter sees with code + PIN: status, clock, the answer and the public timeline. */
export const PublicViewSchema = v.object({
  receiptCode: v.string(),
  formTitle: v.string(),
  kind: Kind,
  status: Status,
  closure: v.nullable(v.string()),
  receivedAt: v.number(),
  due: v.nullable(v.string()),
  daysLeft: v.nullable(v.number()),
  workingDays: v.boolean(),
  answer: v.nullable(v.string()),
  answeredAt: v.nullable(v.number()),
  rating: v.nullable(v.number()),
  canRate: v.boolean(),
  canReopen: v.boolean(),
  reopenUntil: v.nullable(v.number()),
  timeline: v.array(
    v.object({
      at: v.number(),
      type: v.string(),
      toStatus: v.nullable(Status),
      body: v.nullable(v.string()),
    }),
  ),
});
