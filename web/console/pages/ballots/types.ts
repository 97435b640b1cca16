/** The ballots pages' phase names and file download (the API's shapes come from api.gen.ts). */
import type { Reply } from '../../lib/api';

export type Phase = Reply<'/api/ballots/rounds'>['rounds'][number]['phase'];

export const PHASES: Phase[] = ['setup', 'issuing', 'casting', 'counting', 'published'];

/** Downloads a response body as a file (the slips PDF comes from a POST). */
export async function download(res: Response, fallback: string) {
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
