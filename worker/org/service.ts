/**
 * Cây tổ chức: the organisation tree. Units are never deleted; moves re-path the whole subtree
 * in one batch; merges close a unit and point it at its successor, so history stays attributable.
 */
import { batchWithAudit } from '../audit/service';
import { authorize, authorizeRoot, type StaffSession } from '../auth/service';
import { violates } from '../db/constraints';
import { AppError } from '../lib/errors';
import { fold } from '../lib/i18n';
import { newId } from '../lib/ids';
import { vnDay } from '../lib/time';
import {
  countCurrentChildren,
  insertUnitStatement,
  mergeUnitStatement,
  moveUnitStatements,
  selectMergedPredecessors,
  selectPublicUnits,
  selectUnit,
  selectUnits,
  type UnitRow,
  updateUnitFieldsStatement,
} from './queries';
import type { CreateUnitInput, UpdateUnitInput } from './schema';

const ADMIN = ['admin'] as const;

/**
 * The essentials of a unit for other modules (rollups, authorisation of their objects).
 * @example const u = await getUnit(env.DB, form.ownerUnitId); authorize(staff, ['form_designer'], u.path)
 */
export async function getUnit(
  d1: D1Database,
  id: string,
): Promise<{
  id: string;
  name: string;
  path: string;
  kind: UnitRow['kind'];
  mergedIntoId: string | null;
} | null> {
  const u = await selectUnit(d1, id);
  return u ? { id: u.id, name: u.name, path: u.path, kind: u.kind, mergedIntoId: u.mergedIntoId } : null;
}

/**
 * The unit plus every unit transitively merged into it: what a rollup for a merged ward must
 * sum so that history before the merge still counts.
 * @example unitAndMergedPredecessors(d1, newWardId) // [newWardId, oldWardA, oldWardB, …]
 */
export async function unitAndMergedPredecessors(d1: D1Database, unitId: string): Promise<string[]> {
  return selectMergedPredecessors(d1, unitId);
}

/** Units for staff: current ones by default, all (merged and closed too) with `includeMerged`. */
export async function listUnits(d1: D1Database, opts: { q?: string; includeMerged?: boolean }) {
  const folded = opts.q ? fold(opts.q) : undefined;
  return selectUnits(d1, {
    folded: folded || undefined,
    includeMerged: !!opts.includeMerged,
    today: vnDay(),
  });
}

/** Current units of some kinds, for the public unit picker. */
export async function publicUnits(d1: D1Database, kinds: string[] | null) {
  return selectPublicUnits(d1, kinds, vnDay());
}

async function requireUnit(d1: D1Database, id: string, field = 'id'): Promise<UnitRow> {
  const u = await selectUnit(d1, id);
  if (!u) {
    if (field === 'id') throw new AppError('not_found', { what: 'unit' });
    throw new AppError('validation_failed', [
      { path: field, code: 'unknown_unit', message: { vi: 'Không có đơn vị này.', en: 'No such unit.' } },
    ]);
  }
  return u;
}

function checkValidity(from: string | null | undefined, to: string | null | undefined) {
  if (from && to && to < from) {
    throw new AppError('validation_failed', [
      {
        path: 'validTo',
        code: 'range',
        message: { vi: 'Ngày kết thúc trước ngày bắt đầu.', en: 'validTo is before validFrom.' },
      },
    ]);
  }
}

function codeTaken(e: unknown): never {
  if (violates(e, 'units_code_uq')) {
    throw new AppError('unit_code_taken');
  }
  throw e;
}

/**
 * Creates a unit. Under a parent: admin on the parent's subtree; a new root: a root admin.
 */
export async function createUnit(
  d1: D1Database,
  staff: StaffSession,
  input: CreateUnitInput,
): Promise<UnitRow> {
  if (input.parentId) {
    const parent = await requireUnit(d1, input.parentId, 'parentId');
    authorize(staff, ADMIN, parent.path);
    if (parent.mergedIntoId) {
      throw new AppError('unit_merged:parent');
    }
  } else {
    authorizeRoot(staff, ADMIN);
  }
  checkValidity(input.validFrom, input.validTo);
  const id = newId();
  const stmt = insertUnitStatement(d1, {
    id,
    code: input.code,
    name: input.name,
    nameEn: input.nameEn ?? null,
    searchName: fold(input.name),
    kind: input.kind,
    parentId: input.parentId ?? null,
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
    now: Date.now(),
  });
  await batchWithAudit(
    d1,
    [stmt],
    {
      actorId: staff.userId,
      action: 'unit.create',
      targetType: 'unit',
      targetId: id,
      detail: { code: input.code, parentId: input.parentId ?? null },
    },
    { onlyIfChanged: true },
  ).catch(codeTaken);
  const created = await selectUnit(d1, id);
  if (!created) throw new AppError('unit_parent_gone');
  return created;
}

/**
 * Edits a unit: names, code, kind, validity, and moving it under another parent. A move needs
 * admin on both the unit and the new parent, refuses cycles, and re-paths the subtree in one batch.
 */
export async function updateUnit(
  d1: D1Database,
  staff: StaffSession,
  id: string,
  input: UpdateUnitInput,
): Promise<UnitRow> {
  const unit = await requireUnit(d1, id);
  authorize(staff, ADMIN, unit.path);
  const now = Date.now();
  const validFrom = input.validFrom !== undefined ? input.validFrom : unit.validFrom;
  const validTo = input.validTo !== undefined ? input.validTo : unit.validTo;
  checkValidity(validFrom, validTo);
  const name = input.name ?? unit.name;
  const statements = [
    updateUnitFieldsStatement(d1, id, {
      code: input.code ?? unit.code,
      name,
      nameEn: input.nameEn !== undefined ? input.nameEn : unit.nameEn,
      searchName: fold(name),
      kind: input.kind ?? unit.kind,
      validFrom,
      validTo,
      now,
    }),
  ];
  const moving = input.parentId !== undefined && input.parentId !== unit.parentId;
  if (moving) {
    const parent = await requireUnit(d1, input.parentId!, 'parentId');
    authorize(staff, ADMIN, parent.path);
    if (parent.path.startsWith(unit.path)) throw new AppError('unit_cycle');
    if (parent.mergedIntoId) {
      throw new AppError('unit_merged:parent');
    }
    statements.push(...moveUnitStatements(d1, { id, oldPath: unit.path, newParentId: parent.id, now }));
  }
  const detail = { ...input, ...(moving ? { fromParentId: unit.parentId } : {}) };
  const results = await batchWithAudit(d1, statements, {
    actorId: staff.userId,
    action: moving ? 'unit.move' : 'unit.update',
    targetType: 'unit',
    targetId: id,
    detail,
  }).catch(codeTaken);
  if (moving && !results[1]?.meta.changes) {
    // The guards refused: the tree changed between our read and the batch (or a cycle appeared).
    throw new AppError('unit_moved_concurrently');
  }
  return (await selectUnit(d1, id))!;
}

/**
 * Hợp nhất: closes `id` on `date` as merged into `intoId`. The unit keeps its id, name and
 * history; rollups reach it through `unitAndMergedPredecessors`. Refused when the unit still has
 * current child units (move or merge them first), when either side is already merged, or when
 * the successor lies inside the unit's own subtree.
 */
export async function mergeUnit(
  d1: D1Database,
  staff: StaffSession,
  id: string,
  input: { intoId: string; date: string },
): Promise<UnitRow> {
  const unit = await requireUnit(d1, id);
  authorize(staff, ADMIN, unit.path);
  const into = await requireUnit(d1, input.intoId, 'intoId');
  authorize(staff, ADMIN, into.path);
  if (unit.id === into.id || into.path.startsWith(unit.path)) throw new AppError('unit_cycle');
  if (unit.mergedIntoId || into.mergedIntoId) {
    throw new AppError('unit_merged:self');
  }
  if (await countCurrentChildren(d1, id)) {
    throw new AppError('unit_has_children');
  }
  const [res] = await batchWithAudit(
    d1,
    [mergeUnitStatement(d1, { id, intoId: into.id, date: input.date, now: Date.now() })],
    {
      actorId: staff.userId,
      action: 'unit.merge',
      targetType: 'unit',
      targetId: id,
      detail: { intoId: into.id, date: input.date },
    },
    { onlyIfChanged: true },
  );
  if (!res?.meta.changes) {
    throw new AppError('unit_merge_refused');
  }
  return (await selectUnit(d1, id))!;
}
