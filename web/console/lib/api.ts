/**
 * The console's API client: `fetch` with the session cookie, JSON in and out, and the server's
 * error shape `{ error: { code, message, messages: {vi,en}, fields? } }` turned into an
 * `ApiError` whose message follows the console's current language. A 401 anywhere but the login
 * calls sends the user to the login page.
 */
import type { Lang } from '../../../worker/lib/i18n';
import { t } from '../../../worker/lib/i18n';

/** One field-level problem as the server reports it (`path` is dotted, e.g. `definition.pages.0.id`). */
export interface FieldProblem {
  path: string;
  code: string;
  message: { vi: string; en: string };
}

/** A failed API call: stable `code`, HTTP `status`, bilingual messages and field paths. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: { vi: string; en: string },
    readonly fields: FieldProblem[] = [],
  ) {
    super(messages.en);
    this.name = 'ApiError';
  }

  /** The message in a language. */
  text(lang: Lang): string {
    return t(this.messages, lang);
  }
}

let onUnauthenticated: (() => void) | undefined;

/** Registers what happens on a 401 (the shell routes to the login page). */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

export interface ApiInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  /** A raw body (e.g. CSV text) with its content type. */
  body?: string;
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Do not redirect to the login page on 401 (the login page itself, the boot `me` call). */
  quiet401?: boolean;
  signal?: AbortSignal;
}

/** Builds `/api/...?a=b`, skipping empty query values. */
export function apiUrl(path: string, query?: ApiInit['query']): string {
  const qs = new URLSearchParams();
  for (const [k, val] of Object.entries(query ?? {})) {
    if (val !== undefined && val !== null && val !== '') qs.set(k, String(val));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

const NETWORK_ERROR = {
  vi: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
  en: 'Could not reach the server. Check the connection and try again.',
};

/**
 * Calls the API and returns the parsed JSON body (or `undefined` for 204).
 * @example const { forms } = await api<{ forms: FormRow[] }>('/api/forms')
 * @throws ApiError with the server's code, messages and field paths
 */
export async function api<T = unknown>(path: string, init: ApiInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.body !== undefined) {
    headers['content-type'] = init.contentType ?? 'text/plain; charset=utf-8';
    body = init.body;
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, init.query), {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: init.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', NETWORK_ERROR);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data as { error?: Partial<ApiErrorBody> } | undefined)?.error;
    const messages = err?.messages ??
      (err?.message ? { vi: err.message, en: err.message } : undefined) ?? {
        vi: `Lỗi máy chủ (${res.status}).`,
        en: `Server error (${res.status}).`,
      };
    if (res.status === 401 && !init.quiet401) onUnauthenticated?.();
    throw new ApiError(res.status, err?.code ?? 'http_error', messages, err?.fields ?? []);
  }
  return data as T;
}

interface ApiErrorBody {
  code: string;
  message: string;
  messages: { vi: string; en: string };
  fields: FieldProblem[];
}

/** Turns anything thrown into an ApiError so pages show one kind of message. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new ApiError(0, 'client', { vi: `Lỗi: ${msg}`, en: `Error: ${msg}` });
}
