/**
 * Cán bộ: the people registry (who feedback and confidence votes are about) and their positions.
 * Authorisation follows the units people hold positions in.
 */
import { batchWithAudit } from '../audit/service';
import { authorize, authorizeAnywhere, type StaffSession } from '../auth/service';
import { violates } from '../db/constraints';
import { AppError } from '../lib/errors';
import { fold } from '../lib/i18n';
import { newId } from '../lib/ids';
import { vnDay } from '../lib/time';
import {
  insertPersonStatement,
  insertPositionStatement,
  type PersonRow,
  type PositionRow,
  selectPeople,
  selectPerson,
  selectPositionsOf,
  selectPublicPeople,
  updatePersonStatement,
} from './people-queries';
import { selectUnit, selectUnitsByIds } from './queries';
import type { CreatePersonInput, PersonDto, PositionInput, UpdatePersonInput } from './schema';

const ADMIN = ['admin'] as const;

function toDto(p: PersonRow, positions: PositionRow[]): PersonDto {
  return {
    id: p.id,
    fullName: p.fullName,
    birthYear: p.birthYear,
    partyMember: !!p.partyMember,
    externalRef: p.externalRef,
    positions: positions
      .filter((x) => x.personId === p.id)
      .map(({ id, unitId, unitName, title, titleEn, validFrom, validTo }) => ({
        id,
        unitId,
        unitName,
        title,
        titleEn,
        validFrom,
        validTo,
      })),
  };
}

/** Staff search: diacritic-insensitive on the name, optionally within a unit's subtree. */
export async function listPeople(
  d1: D1Database,
  f: { q?: string; unitId?: string; limit?: number; offset?: number },
): Promise<PersonDto[]> {
  let unitPath: string | undefined;
  if (f.unitId) {
    const u = await selectUnit(d1, f.unitId);
    if (!u) return [];
    unitPath = u.path;
  }
  const rows = await selectPeople(d1, {
    folded: f.q ? fold(f.q) || undefined : undefined,
    unitPath,
    limit: Math.min(f.limit ?? 50, 200),
    offset: f.offset ?? 0,
  });
  const positions = await selectPositionsOf(
    d1,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toDto(r, positions));
}

/** One person with positions, or null. */
export async function getPerson(d1: D1Database, id: string): Promise<PersonDto | null> {
  const p = await selectPerson(d1, id);
  return p ? toDto(p, await selectPositionsOf(d1, [id])) : null;
}

/** Public person picker: at least two characters, at most 20 results, name and current titles only. */
export async function publicPeople(d1: D1Database, q: string) {
  const folded = fold(q);
  if (folded.length < 2) return [];
  return selectPublicPeople(d1, folded, vnDay(), 20);
}

function refTaken(e: unknown): never {
  if (violates(e, 'people_ext_uq')) {
    throw new AppError('person_ref_taken');
  }
  throw e;
}

function datesOk(p: PositionInput, path: string) {
  if (p.validFrom && p.validTo && p.validTo < p.validFrom) {
    throw new AppError('validation_failed', [
      {
        path,
        code: 'range',
        message: { vi: 'Ngày kết thúc trước ngày bắt đầu.', en: 'validTo is before validFrom.' },
      },
    ]);
  }
}

/** Checks every position's unit exists and lies in the admin's scope; returns nothing or throws. */
async function authorizePositions(
  d1: D1Database,
  staff: StaffSession,
  positions: PositionInput[],
  prefix: string,
) {
  const units = await selectUnitsByIds(d1, [...new Set(positions.map((p) => p.unitId))]);
  positions.forEach((p, i) => {
    const u = units.find((x) => x.id === p.unitId);
    if (!u) {
      throw new AppError('validation_failed', [
        {
          path: prefix ? `${prefix}${i}.unitId` : 'unitId',
          code: 'unknown_unit',
          message: { vi: 'Không có đơn vị này.', en: 'No such unit.' },
        },
      ]);
    }
    datesOk(p, prefix ? `${prefix}${i}.validTo` : 'validTo');
    authorize(staff, ADMIN, u.path);
  });
}

/** Creates a person (with positions: admin on each position's unit; without: any admin). */
export async function createPerson(
  d1: D1Database,
  staff: StaffSession,
  input: CreatePersonInput,
): Promise<PersonDto> {
  const positions = input.positions ?? [];
  if (positions.length) await authorizePositions(d1, staff, positions, 'positions.');
  else authorizeAnywhere(staff, ADMIN);
  const id = newId();
  const now = Date.now();
  await batchWithAudit(
    d1,
    [
      insertPersonStatement(d1, {
        id,
        fullName: input.fullName,
        searchName: fold(input.fullName),
        birthYear: input.birthYear ?? null,
        partyMember: input.partyMember ?? false,
        externalRef: input.externalRef ?? null,
        now,
      }),
      ...positions.map((p) =>
        insertPositionStatement(d1, {
          id: newId(),
          personId: id,
          unitId: p.unitId,
          title: p.title,
          titleEn: p.titleEn ?? null,
          validFrom: p.validFrom ?? null,
          validTo: p.validTo ?? null,
          now,
        }),
      ),
    ],
    { actorId: staff.userId, action: 'person.create', targetType: 'person', targetId: id },
  ).catch(refTaken);
  return (await getPerson(d1, id))!;
}

/**
 * Authorises an edit of a person: an admin whose scope covers every unit the person currently
 * holds a position in (so a ward admin cannot rename a city leader), or any admin for a person
 * with no current position.
 */
async function authorizePerson(d1: D1Database, staff: StaffSession, id: string): Promise<PersonDto> {
  const person = await getPerson(d1, id);
  if (!person) throw new AppError('not_found', { what: 'person' });
  const today = vnDay();
  const current = person.positions.filter(
    (p) => (!p.validFrom || p.validFrom <= today) && (!p.validTo || p.validTo >= today),
  );
  if (!current.length) {
    authorizeAnywhere(staff, ADMIN);
    return person;
  }
  const units = await selectUnitsByIds(d1, [...new Set(current.map((p) => p.unitId))]);
  for (const u of units) authorize(staff, ADMIN, u.path);
  return person;
}

/** Edits a person's own fields. */
export async function updatePerson(
  d1: D1Database,
  staff: StaffSession,
  id: string,
  input: UpdatePersonInput,
): Promise<PersonDto> {
  const p = await authorizePerson(d1, staff, id);
  const fullName = input.fullName ?? p.fullName;
  await batchWithAudit(
    d1,
    [
      updatePersonStatement(d1, {
        id,
        fullName,
        searchName: fold(fullName),
        birthYear: input.birthYear !== undefined ? input.birthYear : p.birthYear,
        partyMember: input.partyMember ?? p.partyMember,
        externalRef: input.externalRef !== undefined ? input.externalRef : p.externalRef,
        now: Date.now(),
      }),
    ],
    { actorId: staff.userId, action: 'person.update', targetType: 'person', targetId: id, detail: input },
  ).catch(refTaken);
  return (await getPerson(d1, id))!;
}

/** Adds a position: admin on the position's unit. */
export async function addPosition(
  d1: D1Database,
  staff: StaffSession,
  personId: string,
  input: PositionInput,
): Promise<PersonDto> {
  if (!(await selectPerson(d1, personId))) throw new AppError('not_found', { what: 'person' });
  await authorizePositions(d1, staff, [input], '');
  const id = newId();
  await batchWithAudit(
    d1,
    [
      insertPositionStatement(d1, {
        id,
        personId,
        unitId: input.unitId,
        title: input.title,
        titleEn: input.titleEn ?? null,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
        now: Date.now(),
      }),
    ],
    {
      actorId: staff.userId,
      action: 'position.create',
      targetType: 'person',
      targetId: personId,
      detail: { positionId: id, unitId: input.unitId, title: input.title },
    },
  );
  return (await getPerson(d1, personId))!;
}
