/**
 * The cases module's counters as other modules see them (decision 210): the dashboards read
 * `case_flow`, `case_outcomes`, `case_backlog` and `case_person_counts` by enumerated keys, and the
 * rollup rebuild recounts them from raw rows. What the counters hold and how they are kept in step
 * stays inside this module; this file names the part that is public.
 */

export {
  selectBacklogByUnits,
  selectFlowByUnits,
  selectOutcomesByUnits,
  selectPersonCountsInUnits,
} from './queries';
export {
  caseMonthRange,
  recountBacklogStatements,
  recountCaseMonthStatements,
  recountPersonCountsStatements,
} from './rollup-queries';
