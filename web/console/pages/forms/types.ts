/** The forms pages' form loader and public address (the API's shapes come from api.gen.ts). */
import { api, type Reply } from '../../lib/api';

/** A form as the list shows it (`used`: responses received, the quota counter). */
export type FormSummary = Reply<'/api/forms'>['forms'][number];

/** A form with its draft and its published versions. */
export type FormDetail = Reply<'/api/forms/{id}'>;

/** Loads a form with its draft. */
export const loadForm = (id: string): Promise<FormDetail> =>
  api.GET('/api/forms/{id}', { params: { path: { id } } });

/** The public address of a form. */
export function publicUrl(slug: string): string {
  return `${location.origin}/f/${encodeURIComponent(slug)}`;
}
