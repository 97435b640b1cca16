/** Valibot schemas of the cases API (staff, admin and public tracking). */
import * as v from 'valibot';
import { CASE_CLOSURES, CASE_KINDS, CASE_STATUSES } from '../db/schema';
import { DateString } from '../lib/validate';
import { WEBHOOK_EVENTS } from './webhooks';

const Id = v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,64}$/i, 'not a valid id'));
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const Note = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(4000)));
const Day = DateString;

export const IdParam = v.object({ id: Id });
export const KindParam = v.object({ kind: v.picklist(CASE_KINDS) });
export const DayParam = v.object({ day: Day });

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
