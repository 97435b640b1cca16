/**
 * The console's API client: openapi-fetch typed by `paths`, which `npm run gen:api` generates from
 * `/api/openapi.json` (./api.gen.ts, decision 275) — a path, a parameter, a body or a reply the
 * server does not have is a type error. Calls carry the session cookie; the server's error shape
 * `{ error: { code, message, messages: {vi,en}, fields? } }` becomes an `ApiError` whose message
 * follows the console's current language; a 401 sends the user to the login page (`quietApi`
 * does not: the login page, the boot session call).
 * @example const { forms } = await api.GET('/api/forms')
 * @example await api.PATCH('/api/forms/{id}/settings', { params: { path: { id } }, body: { cap: 100 } })
 */
import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from 'openapi-fetch';
import type { Lang } from '../../../worker/lib/i18n';
import { t } from '../../../worker/lib/i18n';
import type { components, paths } from './api.gen';

/** What a failure says: `{ error: ErrorBody }`. */
export type ErrorBody = components['schemas']['Error']['error'];

/** One field-level problem as the server reports it (`path` is dotted, e.g. `definition.pages.0.id`). */
export type FieldProblem = NonNullable<ErrorBody['fields']>[number];

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

/** `a=b&c=d`, skipping empty values: a filter left blank is no filter. */
function queryString(query: Record<string, unknown> | undefined): string {
  const qs = new URLSearchParams();
  for (const [k, val] of Object.entries(query ?? {})) {
    if (val !== undefined && val !== null && val !== '') qs.set(k, String(val));
  }
  return qs.toString();
}

/** Builds `/api/...?a=b` for a link (an export to download), skipping empty query values. */
export function apiUrl(
  path: string,
  query?: Record<string, string | number | boolean | undefined | null>,
): string {
  const s = queryString(query);
  return s ? `${path}?${s}` : path;
}

const NETWORK_ERROR = {
  vi: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
  en: 'Could not reach the server. Check the connection and try again.',
};

/** No answer at all: the network (or the server) is out of reach. */
export const networkError = () => new ApiError(0, 'network', NETWORK_ERROR);

/** The ApiError a failed response stands for (its body when it is the error shape). */
export async function errorOf(res: Response): Promise<ApiError> {
  let err: Partial<ErrorBody> | undefined;
  try {
    err = ((await res.json()) as { error?: Partial<ErrorBody> } | undefined)?.error;
  } catch {
    err = undefined;
  }
  const messages = err?.messages ??
    (err?.message ? { vi: err.message, en: err.message } : undefined) ?? {
      vi: `Lỗi máy chủ (${res.status}).`,
      en: `Server error (${res.status}).`,
    };
  return new ApiError(res.status, err?.code ?? 'http_error', messages, err?.fields ?? []);
}

/** Failures thrown as ApiError (an aborted call stays an AbortError); a 401 reported unless quiet. */
function failures(quiet401: boolean): Middleware {
  return {
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const error = await errorOf(response);
      if (response.status === 401 && !quiet401) onUnauthenticated?.();
      throw error;
    },
    onError({ error }) {
      return (error as Error).name === 'AbortError' ? undefined : networkError();
    },
  };
}

/**
 * JSON, except a raw body — CSV text, a spreadsheet, a photo — which travels as it is, with the
 * content type the call names in `headers`.
 */
function serializeBody(body: unknown): string | Blob {
  return typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
}

/** Where calls go: the browser's fetch on this origin, or a test's stand-in. */
export interface Transport {
  baseUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
}

function openapiClient(quiet401: boolean, transport: Transport): Client<paths> {
  const client = createClient<paths>({
    ...transport,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    querySerializer: queryString,
    bodySerializer: serializeBody,
  });
  client.use(failures(quiet401));
  return client;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type PathOf<M extends Method> = ClientPathsWithMethod<Client<paths>, M>;
type InitOf<M extends Method, P extends PathOf<M>> = MaybeOptionalInit<paths[P], M>;
/** The init is optional exactly when the operation has no required parameter or body. */
type Args<I> = undefined extends I ? [init?: I] : [init: I];
/** A success's reply (`undefined` for one without a body). */
type Data<M extends Method, P extends PathOf<M>, I> = paths[P][M] extends infer O extends Record<
  string | number,
  unknown
>
  ? NonNullable<FetchResponse<O, I, `${string}/${string}`>['data']>
  : never;

type Call<M extends Method> = <P extends PathOf<M>, I extends InitOf<M, P>>(
  path: P,
  ...init: Args<I>
) => Promise<Data<M, P, I>>;

type Api = {
  GET: Call<'get'>;
  POST: Call<'post'>;
  PUT: Call<'put'>;
  PATCH: Call<'patch'>;
  DELETE: Call<'delete'>;
};

/** Methods that answer the reply's data and throw an ApiError on failure. */
function dataApi(client: Client<paths>): Api {
  const request = client.request as (
    method: Method,
    path: string,
    init?: unknown,
  ) => Promise<{ data?: unknown }>;
  const call =
    (method: Method) =>
    async (path: string, init?: unknown): Promise<unknown> =>
      (await request(method, path, init)).data;
  return {
    GET: call('get'),
    POST: call('post'),
    PUT: call('put'),
    PATCH: call('patch'),
    DELETE: call('delete'),
  } as Api;
}

/**
 * The reply of an operation, to name a shape a page passes around (derived, never written out).
 * @example type FormRow = Reply<'/api/forms'>['forms'][number]
 */
export type Reply<P extends PathOf<M>, M extends Method = 'get'> = Data<M, P, undefined>;

/** The JSON body of an operation, for a page that builds it in steps. */
export type RequestBody<P extends PathOf<M>, M extends Method> = NonNullable<InitOf<M, P>>['body'];

/** The query parameters of an operation. */
export type Query<P extends PathOf<M>, M extends Method = 'get'> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

/**
 * The console's clients over one transport:
 * - `api`: `await api.GET(path, { params, signal })` is the reply; failures throw ApiError;
 * - `quietApi`: the same, where a 401 is an answer, not a trip to the login page (signing in, the
 *   boot session check, signing out);
 * - `apiClient`: the typed client itself, for the one case that needs the Response rather than its
 *   JSON — a file generated by a POST (`parseAs: 'stream'` leaves the body unread).
 */
export function apiClients(transport: Transport = {}) {
  const apiClient = openapiClient(false, transport);
  return { api: dataApi(apiClient), quietApi: dataApi(openapiClient(true, transport)), apiClient };
}

export const { api, quietApi, apiClient } = apiClients();

/** Turns anything thrown into an ApiError so pages show one kind of message. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new ApiError(0, 'client', { vi: `Lỗi: ${msg}`, en: `Error: ${msg}` });
}
