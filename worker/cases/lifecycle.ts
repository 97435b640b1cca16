/**
 * Vòng đời vụ việc: the case state machine as an explicit table. Pure: the service asks
 * `nextStatus` and the database guards the result (a transition's UPDATE only applies to the
 * version it read; see `transitionStatement` in queries.ts).
 *
 *   received ─┐
 *             ├─ classify ─▶ classified ─ forward ─▶ forwarded ─ start ─▶ in_progress ─ answer ─▶ answered ─ close ─▶ closed
 *   prescreening ┘              ▲                          │  answer ──────────────────────▲            ▲   │
 *                               └──────── return ──────────┴───────────────────────────────┘            │   │
 *   received / prescreening / classified ─ close | merge ─────────────────────────────────────────────┘   │
 *   answered / closed ─ reopen (reporter, within the window) ─▶ in_progress ◀──────────────────────────────┘
 */
import type { CaseStatus } from '../db/schema';

/** Who acts: the Front's intake staff, the handling body, the reporter (code + PIN), the daily job. */
export type Actor = 'intake' | 'handler' | 'citizen' | 'system';

export const ACTIONS = [
  'classify',
  'forward',
  'start',
  'answer',
  'return',
  'close',
  'merge',
  'reopen',
  'withdraw',
] as const;
export type Action = (typeof ACTIONS)[number];

/** One allowed transition: `action` by one of `actors` from any of `from` lands in `to`. */
export interface Transition {
  action: Action;
  from: readonly CaseStatus[];
  to: CaseStatus;
  actors: readonly Actor[];
}

/** The whole table. Anything not listed is refused. */
export const TRANSITIONS: readonly Transition[] = [
  // Phân loại (and re-classification before forwarding): kind, field, subject, severity.
  {
    action: 'classify',
    from: ['received', 'prescreening', 'classified'],
    to: 'classified',
    actors: ['intake'],
  },
  // Chuyển đến cơ quan có thẩm quyền.
  { action: 'forward', from: ['classified'], to: 'forwarded', actors: ['intake'] },
  { action: 'start', from: ['forwarded'], to: 'in_progress', actors: ['handler'] },
  { action: 'answer', from: ['forwarded', 'in_progress'], to: 'answered', actors: ['handler'] },
  // Trả lại: the body says it is not competent; intake routes it again.
  { action: 'return', from: ['forwarded', 'in_progress'], to: 'classified', actors: ['handler'] },
  // Intake closes what it will not forward (not competent, insufficient information) and answered cases.
  {
    action: 'close',
    from: ['received', 'prescreening', 'classified', 'answered'],
    to: 'closed',
    actors: ['intake'],
  },
  { action: 'close', from: ['answered'], to: 'closed', actors: ['handler'] },
  // Gộp: a duplicate closes into the case it repeats.
  { action: 'merge', from: ['received', 'prescreening', 'classified'], to: 'closed', actors: ['intake'] },
  // Mở lại: the reporter, within the window, when the answer does not satisfy.
  { action: 'reopen', from: ['answered', 'closed'], to: 'in_progress', actors: ['citizen'] },
  // Rút lại đồng ý: a complaint, denunciation or petition cannot go on without the reporter's
  // identity (Luật Tố cáo 2018, Điều 25), so withdrawing consent closes it (worker/rights).
  {
    action: 'withdraw',
    from: ['received', 'prescreening', 'classified', 'forwarded', 'in_progress', 'answered'],
    to: 'closed',
    actors: ['citizen'],
  },
];

/**
 * The status `action` leads to from `from` when `actor` does it, or null when the table refuses.
 * @example nextStatus('forward', 'classified', 'intake') // 'forwarded'
 * @example nextStatus('forward', 'prescreening', 'intake') // null
 */
export function nextStatus(action: Action, from: CaseStatus, actor: Actor): CaseStatus | null {
  const t = TRANSITIONS.find((x) => x.action === action && x.from.includes(from) && x.actors.includes(actor));
  return t ? t.to : null;
}

/** Actions `actor` may take on a case in `status` (the console shows these buttons). */
export function allowedActions(status: CaseStatus, actor: Actor): Action[] {
  return ACTIONS.filter((a) => nextStatus(a, status, actor) !== null);
}

/** States invisible outside intake: a case naming a person is screened first. */
export const INTAKE_ONLY: readonly CaseStatus[] = ['received', 'prescreening', 'classified'];

/** States in which a statutory clock runs against the acceptance or the resolution deadline. */
export function runningClock(status: CaseStatus): 'accept' | 'resolve' | null {
  if (status === 'received' || status === 'prescreening') return 'accept';
  if (status === 'classified' || status === 'forwarded' || status === 'in_progress') return 'resolve';
  return null;
}
