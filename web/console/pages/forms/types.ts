/** The forms pages' labels and the form loader (the API's shapes come from api.gen.ts). */
import type { FormDefinition } from '../../../../worker/forms/engine/definition';
import { api, type Reply } from '../../lib/api';

/** A form as the list shows it (`used`: responses received, the quota counter). */
export type FormSummary = Reply<'/api/forms'>['forms'][number];

/** A form with its versions and its draft, read as a definition (the document leaves it open). */
export type FormDetail = Omit<Reply<'/api/forms/{id}'>, 'draft'> & { draft: FormDefinition };

/** Loads a form with its draft (parsing the draft when the server sends it as JSON text). */
export async function loadForm(id: string): Promise<FormDetail> {
  const r = await api.GET('/api/forms/{id}', { params: { path: { id } } });
  const draft =
    typeof r.draft === 'string' ? (JSON.parse(r.draft) as FormDefinition) : (r.draft as FormDefinition);
  return { ...r, draft };
}

/** The public address of a form. */
export function publicUrl(slug: string): string {
  return `${location.origin}/f/${encodeURIComponent(slug)}`;
}
