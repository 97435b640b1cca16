/**
 * Raw-bytes POST for the registry's two binary endpoints (spreadsheet import, photo upload): an
 * XLSX or a JPEG must travel unchanged, and the document describes these replies but not their
 * binary bodies, so the typed client has no `body` to offer here. The reply is typed from the
 * document; a failure is the same `ApiError` the client throws (`errorOf`, `networkError`).
 */
import { apiUrl, errorOf, networkError, type Reply } from '../../lib/api';

/** The binary uploads, by the paths the document names them with. */
type Upload = '/api/models/import' | '/api/models/{id}/photos';

/**
 * Posts `body` as-is with its content type and returns the parsed JSON reply.
 * @example await postBytes('/api/models/{id}/photos', { path: { id } }, file, file.type)
 * @throws ApiError with the server's code and messages (status 0 when the network failed)
 */
export async function postBytes<P extends Upload>(
  path: P,
  params: { path?: Record<string, string>; query?: Record<string, string | undefined> },
  body: Blob,
  contentType: string,
): Promise<Reply<P, 'post'>> {
  const url = path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params.path?.[k] ?? ''));
  let res: Response;
  try {
    res = await fetch(apiUrl(url, params.query), {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': contentType || 'application/octet-stream' },
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as Reply<P, 'post'>;
}
