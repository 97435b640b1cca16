/**
 * Raw-bytes POST for the registry's two binary endpoints (spreadsheet import, photo upload):
 * `api()` sends strings only, and an XLSX or a JPEG must travel unchanged. Errors become the same
 * `ApiError` the rest of the console shows.
 */
import { ApiError, apiUrl, type FieldProblem } from '../../lib/api';

/**
 * Posts `body` as-is with its content type and returns the parsed JSON reply.
 * @throws ApiError with the server's code and messages (status 0 when the network failed)
 */
export async function postBytes<T>(
  path: string,
  body: Blob,
  contentType: string,
  query?: Record<string, string | undefined>,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': contentType || 'application/octet-stream' },
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', {
      vi: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
      en: 'Could not reach the server. Check the connection and try again.',
    });
  }
  const data = (await res.json().catch(() => undefined)) as
    | (T & { error?: { code?: string; messages?: { vi: string; en: string }; fields?: FieldProblem[] } })
    | undefined;
  if (!res.ok) {
    const err = data?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'http_error',
      err?.messages ?? { vi: `Lỗi máy chủ (${res.status}).`, en: `Server error (${res.status}).` },
      err?.fields ?? [],
    );
  }
  return data as T;
}
