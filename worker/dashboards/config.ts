/** Board-view configuration: which views the board viewers of a unit's subtree may open. */
import { batchWithAudit } from '../audit/service';
import { authorize, type StaffSession } from '../auth/service';
import { AppError } from '../lib/errors';
import { upsertViewConfigStatement } from './config-queries';
import * as q from './queries';

/** Sets the views of `unitId` (admin on that unit), audited in the same batch. */
export async function configureViews(
  d1: D1Database,
  staff: StaffSession | undefined,
  unitId: string,
  views: string[],
) {
  const unit = await q.selectUnit(d1, unitId);
  if (!unit) throw new AppError('not_found', { what: 'unit' });
  const who = authorize(staff, ['admin'], unit.path);
  const unique = [...new Set(views)];
  await batchWithAudit(
    d1,
    [upsertViewConfigStatement(d1, { unitId, views: unique, by: who.userId, at: Date.now() })],
    {
      actorId: who.userId,
      action: 'dashboards.configure',
      targetType: 'unit',
      targetId: unitId,
      detail: { views: unique },
    },
  );
  return { unitId, views: unique };
}
