/** Shapes of the forms API (see `worker/forms/schema.ts`). */
import type { FormDefinition } from '../../../../worker/forms/engine/definition';
import { api } from '../../lib/api';

export interface FormSummary {
  id: string;
  slug: string;
  kind: string;
  title: string;
  status: 'draft' | 'published' | 'closed' | 'archived';
  ownerUnitId: string;
  currentVersionId: string | null;
  version: number | null;
  opensAt: number | null;
  closesAt: number | null;
  turnstile?: boolean;
  cap: number | null;
  /** Responses received (the quota counter). */
  used: number;
  createdAt: number;
  updatedAt: number;
}

export interface FormVersion {
  id: string;
  version: number;
  publishedAt: number;
  publishedBy: string | null;
}

export interface FormDetail {
  form: FormSummary;
  draft: FormDefinition;
  versions: FormVersion[];
}

/** Loads a form with its draft (parsing the draft when the server sends it as JSON text). */
export async function loadForm(id: string): Promise<FormDetail> {
  const r = await api<FormDetail & { draft: unknown }>(`/api/forms/${encodeURIComponent(id)}`);
  const draft =
    typeof r.draft === 'string' ? (JSON.parse(r.draft) as FormDefinition) : (r.draft as FormDefinition);
  return { ...r, draft };
}

/** The public address of a form. */
export function publicUrl(slug: string): string {
  return `${location.origin}/f/${encodeURIComponent(slug)}`;
}
