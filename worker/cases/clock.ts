/**
 * Thời hạn giải quyết: statutory clocks, pure (no I/O), so they are property-tested.
 *
 * Dates are Vietnam calendar days `yyyy-mm-dd` (Asia/Ho_Chi_Minh has no daylight saving). A
 * period of N days "from" a day starts counting on the next day (Civil Code 2015, art. 147), and
 * a deadline is the whole of its last day. Working days skip Saturdays, Sundays and the holiday
 * calendar's `off` days, but count a weekend day marked `work` (làm bù, a compensatory working
 * day). A calendar-day period whose last day is not a working day ends on the next working day
 * (Civil Code 2015, art. 148).
 */
import { addDays, daysBetween } from '../lib/time';

/** A holiday calendar: days off and compensatory working days (weekend days worked). */
export interface Calendar {
  off: ReadonlySet<string>;
  work: ReadonlySet<string>;
}

/** The deadline rule of a case kind (table `case_deadline_rules`). */
export interface DeadlineRule {
  acceptDays: number;
  acceptWorking: boolean;
  resolveDays: number;
  resolveWorking: boolean;
  maxExtensionDays: number;
}

export const EMPTY_CALENDAR: Calendar = { off: new Set(), work: new Set() };

/** Builds a calendar from holiday rows. */
export function calendarOf(rows: readonly { day: string; kind: string }[]): Calendar {
  return {
    off: new Set(rows.filter((r) => r.kind === 'off').map((r) => r.day)),
    work: new Set(rows.filter((r) => r.kind === 'work').map((r) => r.day)),
  };
}

/** True when state offices work on `day`. */
export function isWorkingDay(day: string, cal: Calendar): boolean {
  if (cal.work.has(day)) return true;
  if (cal.off.has(day)) return false;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The first working day on or after `day`. */
export function nextWorkingDay(day: string, cal: Calendar): string {
  let d = day;
  // A calendar never holds a year of days off; the bound only guards against a corrupt one.
  for (let i = 0; i < 400 && !isWorkingDay(d, cal); i++) d = addDays(d, 1);
  return d;
}

/**
 * The last day of a period of `n` working days counted from `day` (exclusive). n = 0 is `day`.
 * @example addWorkingDays('2026-02-13', 1, cal) // Tết 2026 (14–22/02) → '2026-02-23'
 */
export function addWorkingDays(day: string, n: number, cal: Calendar): string {
  let d = day;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: string, to: string, cal: Calendar): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

/** The last day of a period of `n` days from `day`, working or calendar (then moved off a day off). */
export function periodEnd(day: string, n: number, working: boolean, cal: Calendar): string {
  if (working) return addWorkingDays(day, n, cal);
  return n === 0 ? day : nextWorkingDay(addDays(day, n), cal);
}

/** Thời hạn thụ lý: the acceptance deadline of a case received on `receivedDay`. */
export function acceptanceDue(receivedDay: string, rule: DeadlineRule, cal: Calendar): string {
  return periodEnd(receivedDay, rule.acceptDays, rule.acceptWorking, cal);
}

/**
 * Thời hạn giải quyết: the resolution deadline, counted from acceptance, plus extensions (gia hạn)
 * in the same unit as the rule, capped at `maxExtensionDays`.
 */
export function resolutionDue(
  acceptedDay: string,
  rule: DeadlineRule,
  cal: Calendar,
  extensionDays = 0,
): string {
  const ext = Math.max(0, Math.min(extensionDays, rule.maxExtensionDays));
  return periodEnd(acceptedDay, rule.resolveDays + ext, rule.resolveWorking, cal);
}

/**
 * Time left until a deadline on `today`: working days when the rule counts working days, else
 * calendar days. Negative when overdue (days past the due day).
 */
export function timeLeft(today: string, due: string, working: boolean, cal: Calendar): number {
  if (today <= due) return working ? workingDaysBetween(today, due, cal) : daysBetween(today, due);
  return -(working ? Math.max(1, workingDaysBetween(due, today, cal)) : daysBetween(due, today));
}

/** Overdue on `today`: the due day is over. */
export function isOverdue(today: string, due: string | null): boolean {
  return due !== null && today > due;
}
