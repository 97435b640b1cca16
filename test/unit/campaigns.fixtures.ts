/**
 * Shared set-up for the "Dân vận khéo" tests (models, campaigns, authz rows): a report form
 * published through the forms services, and staff sessions as the services see them.
 */
import { env } from 'cloudflare:workers';
import type { StaffSession } from '../../worker/auth/service';
import type { Role } from '../../worker/db/schema';
import type { FormDefinition } from '../../worker/forms/engine/definition';
import { createForm, publishForm } from '../../worker/forms/service';

/** A 6-month report: a required summary and a number. */
export function reportDefinition(title = 'Báo cáo 6 tháng "Dân vận khéo"'): FormDefinition {
  return {
    schemaVersion: 1,
    title: { vi: title, en: 'Six-month report' },
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'tong_quan', type: 'long_text', label: { vi: 'Tóm tắt kết quả' }, required: true },
          { id: 'so_buoi', type: 'number', label: { vi: 'Số buổi ra quân' }, integer: true, min: 0 },
        ],
      },
    ],
  };
}

/** A service-level session holding `role` on `unit`. */
export function session(
  userId: string,
  role: Role,
  unit: { id: string; path: string; name?: string },
): StaffSession {
  return {
    userId,
    email: `${userId}@test.vn`,
    name: userId,
    sessionId: 's',
    grants: [{ role, unitId: unit.id, unitPath: unit.path, unitName: unit.name ?? '' }],
  };
}

/** A published `report` form owned by `unit` (created by a designer there). Returns its id. */
export async function reportForm(unit: { id: string; path: string }, userId: string) {
  const designer = session(userId, 'form_designer', unit);
  const form = await createForm(env.DB, designer, {
    ownerUnitId: unit.id,
    kind: 'report',
    definition: reportDefinition(),
  });
  await publishForm(env.DB, designer, form.id);
  return form.id;
}
