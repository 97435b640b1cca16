/** Shapes of the campaign API as the console reads them (see worker/campaigns/*). */
export type CompletionStatus = 'submitted' | 'late' | 'returned' | 'missing' | 'pending';

export interface CampaignSummary {
  id: string;
  title: string;
  unitName: string;
  dueDate: string;
  periodStart: string;
  periodEnd: string;
  status: 'open' | 'closed';
}

export interface CompletionRow {
  unitId: string;
  unitName: string;
  status: CompletionStatus;
  hasDraft: boolean;
  submittedAt: number | null;
  returnComment: string | null;
  inheritedFrom: string[];
}

/** yyyy-mm-dd → dd/mm/yyyy. */
export const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
