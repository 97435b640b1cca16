/** A blank definition, kept apart from the builder model so the forms list chunk stays tiny. */
import type { FormDefinition } from '../../../../../worker/forms/engine/definition';

/** A fresh one-page definition with just a title. */
export function newDefinition(titleVi: string): FormDefinition {
  return { schemaVersion: 1, title: { vi: titleVi }, pages: [{ id: 'p1', questions: [] }] };
}
