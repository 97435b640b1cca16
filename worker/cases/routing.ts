/**
 * Định tuyến: which body handles a case, as data. A rule maps (kind or '*', a unit subtree) to a
 * responsible body; for a case the rule on the deepest unit containing the case's unit wins, and
 * at the same unit a rule for the case's kind beats '*'. Intake sees the suggestion and may pick
 * another body when forwarding.
 */
import type { RoutingRuleRow } from './config-queries';

/**
 * The rule for a case of `kind` whose unit has path `unitPath`, or null.
 * @example suggestBody(rules, 'denunciation', '/city/wardA/') // a rule on /city/ for '*' unless a deeper one exists
 */
export function suggestBody(
  rules: readonly RoutingRuleRow[],
  kind: string,
  unitPath: string,
): RoutingRuleRow | null {
  let best: RoutingRuleRow | null = null;
  for (const r of rules) {
    if (!unitPath.startsWith(r.unitPath)) continue;
    if (r.kind !== '*' && r.kind !== kind) continue;
    if (
      !best ||
      r.unitPath.length > best.unitPath.length ||
      (r.unitPath.length === best.unitPath.length && best.kind === '*' && r.kind !== '*')
    ) {
      best = r;
    }
  }
  return best;
}
