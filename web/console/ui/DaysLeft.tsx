/**
 * What is left of a case or request deadline, as the queues show it: the overdue flag, or the days
 * left counted as the rule counts them ("3 ngày làm việc" / "3 working days").
 */
import type { ComponentChildren } from 'preact';
import { DEADLINE_OUTCOME } from '../../../worker/text/cases';
import { useLang } from '../lib/lang';

export interface Deadline {
  overdue: boolean;
  /** Null when no deadline runs (answered, closed). */
  daysLeft: number | null;
  /** `daysLeft` counts working days. */
  working: boolean;
}

/** `none`: what to show when no deadline runs; `brackets`: the days left in brackets. */
export function DaysLeft({
  overdue,
  daysLeft,
  working,
  none = null,
  brackets = false,
}: Deadline & { none?: ComponentChildren; brackets?: boolean }) {
  const { tr } = useLang();
  if (overdue) return <strong class="flag-overdue">{tr(DEADLINE_OUTCOME.overdue)}</strong>;
  if (daysLeft === null) return <>{none}</>;
  const left = `${daysLeft} ${working ? tr({ vi: 'ngày làm việc', en: 'working days' }) : tr({ vi: 'ngày', en: 'days' })}`;
  return <>{brackets ? `(${left})` : left}</>;
}
