/**
 * Tình hình nộp báo cáo: who owes what in a campaign. Pure functions over the assignments, the
 * units' merge pointers and the reports, so the rules are testable without D1.
 *
 * - The due date is inclusive: a report is on time until 24:00 Vietnam time of that day.
 * - Lateness is judged on the FIRST submission: a report returned for correction and resubmitted
 *   after the due date is not late (the unit did report on time).
 * - A unit merged into another (sáp nhập) before filing passes its obligation to its successor:
 *   the successor owes ONE report (even if it was assigned itself, or several predecessors were).
 *   A unit that filed before the merge keeps its own row: history stays attributable.
 */
import { addDays, vnMidnight } from '../lib/time';
import type { COMPLETION_STATUS } from '../text/models';
import type { AssignedUnit, ReportRow } from './queries';

/** Where a unit's report stands: submitted, late, returned, missing (overdue) or pending. */
export type CompletionStatus = keyof typeof COMPLETION_STATUS;

export interface CompletionRow {
  unitId: string;
  unitName: string;
  unitPath: string;
  status: CompletionStatus;
  /** A draft is saved (for pending/missing/returned rows). */
  hasDraft: boolean;
  reportId: string | null;
  firstSubmittedAt: number | null;
  submittedAt: number | null;
  returnComment: string | null;
  /** Names of merged units whose obligation this unit took over. */
  inheritedFrom: string[];
}

/** The first instant after the due date (00:00 Vietnam time of the next day). */
export function deadlineOf(dueDate: string): number {
  return vnMidnight(addDays(dueDate, 1));
}

/** Status of one unit given its report (or none), the deadline and the time now. */
export function statusOf(report: ReportRow | undefined, deadline: number, now: number): CompletionStatus {
  if (report?.status === 'submitted')
    return (report.firstSubmittedAt ?? report.submittedAt ?? 0) >= deadline ? 'late' : 'submitted';
  if (report?.status === 'returned') return 'returned';
  return now >= deadline ? 'missing' : 'pending';
}

/**
 * Completion rows, one per unit that owes (or filed) a report, sorted by name.
 * @param assigned units assigned when the campaign opened
 * @param units every unit met so far (assigned, successors, filers) by id, with merge pointers
 */
export function completionOf(
  assigned: AssignedUnit[],
  units: Map<string, AssignedUnit>,
  reports: ReportRow[],
  deadline: number,
  now: number,
): CompletionRow[] {
  const byUnit = new Map(reports.map((r) => [r.unitId, r]));
  const owing = new Map<string, string[]>(); // owing unit id → inherited-from names
  const successor = (id: string) => {
    let cur = id;
    for (let i = 0; i < 20; i++) {
      const next = units.get(cur)?.mergedIntoId;
      // A unit that filed keeps its row even if merged later.
      if (!next || byUnit.get(cur)?.firstSubmittedAt) return cur;
      cur = next;
    }
    return cur;
  };
  for (const a of assigned) {
    const to = successor(a.unitId);
    const list = owing.get(to) ?? [];
    if (to !== a.unitId) list.push(a.name);
    owing.set(to, list);
  }
  const rows: CompletionRow[] = [];
  for (const [unitId, inheritedFrom] of owing) {
    const u = units.get(unitId);
    const r = byUnit.get(unitId);
    rows.push({
      unitId,
      unitName: u?.name ?? unitId,
      unitPath: u?.path ?? '',
      status: statusOf(r, deadline, now),
      hasDraft: !!r && r.status !== 'submitted',
      reportId: r?.id ?? null,
      firstSubmittedAt: r?.firstSubmittedAt ?? null,
      submittedAt: r?.submittedAt ?? null,
      returnComment: r?.status === 'returned' ? r.returnComment : null,
      inheritedFrom,
    });
  }
  return rows.sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
}

/** Rows still owing a report: not submitted (pending, missing) or returned for correction. */
export function owingRows(rows: CompletionRow[]): CompletionRow[] {
  return rows.filter((r) => r.status === 'pending' || r.status === 'missing' || r.status === 'returned');
}
