/**
 * One way to declare a route: its Hono handler and its contract — summary, who may call it, the
 * valibot schemas of its path, query, body and reply — in one call, side by side. The path is
 * written once, relative to the module's sub-app; `openApiDocument` (./openapi.ts) reads the full
 * mounted paths back from the router, so a route cannot exist outside the document.
 *
 * The helper parses what the contract declares (path parameters, then the query, then a JSON body,
 * with the same errors as `parse`/`jsonBody`: `validation_failed` with field paths, `malformed_json`,
 * `body_too_large`) and hands the handler the parsed values. In development and tests
 * (`CHECK_RESPONSES=on`) it checks the reply against the contract too (decision 270).
 *
 * @example
 * defineRoutes(orgRoutes, { tags: ['org'], auth: 'staff' })
 *   .post('/units', { summary: 'Create a unit', body: CreateUnitSchema, response: UnitSchema, status: 201 },
 *     async (c, { body }) => c.json(await createUnit(c.env.DB, c.var.staff!, body), 201));
 */
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import * as v from 'valibot';
import { AppError } from './errors';
import { parse, readJson } from './validate';

/** `public` needs nothing; `staff` needs the session cookie (and, for writes, same-origin). */
export type Auth = 'public' | 'staff';
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a route promises: read by the helper (parsing, reply check) and by the OpenAPI document. */
export interface Contract {
  summary: string;
  /** Defaults to the group's tags. */
  tags?: string[];
  /** Defaults to the group's. */
  auth?: Auth;
  /** Path parameters (an object schema), parsed first. */
  params?: v.GenericSchema;
  /** Query parameters (an object schema of strings), parsed after the path. */
  query?: v.GenericSchema;
  /** `?from=&to=` from a plain HTML filter form means "no filter": blank values are dropped first. */
  blankQueryIsAbsent?: boolean;
  /**
   * The body. JSON unless `bodyType` says otherwise: then it is documented with this shape and read
   * by the handler itself (CSV, form posts, multipart, raw bytes); a JSON body is parsed last.
   */
  body?: v.GenericSchema;
  /** Largest JSON body read, in bytes (default `JSON_BODY_LIMIT`). */
  bodyLimit?: number;
  bodyType?: string;
  /** The JSON reply of a success. Every operation that answers JSON has one. */
  response?: v.GenericSchema;
  /** Success status(es); the first is the usual one (default 200). */
  status?: number | readonly number[];
  /** Content type(s) of a success that is not JSON (HTML, CSV, PDF …). */
  responseType?: string | readonly string[];
  /** Middleware run before the handler, for this route only. */
  use?: MiddlewareHandler[];
}

/** A contract as registered: with the group's defaults applied. */
export type Operation = Contract & { tags: string[]; auth: Auth; method: Method };

type Parsed<C, K extends string> = C extends { [P in K]: infer S extends v.GenericSchema }
  ? v.InferOutput<S>
  : undefined;

/** What the handler is handed: the parsed path, query and JSON body its contract declares. */
export interface Input<C extends Contract> {
  params: Parsed<C, 'params'>;
  query: Parsed<C, 'query'>;
  body: C extends { bodyType: string } ? undefined : Parsed<C, 'body'>;
}

export type RouteHandler<E extends Env, P extends string, C extends Contract> = (
  c: Context<E, P>,
  input: Input<C>,
) => Response | Promise<Response>;

type Declare<E extends Env> = <P extends string, const C extends Contract>(
  path: P,
  contract: C,
  handler: RouteHandler<E, P, C>,
) => Routes<E>;

/** The declaring methods of one group of routes (see `defineRoutes`). */
export interface Routes<E extends Env> {
  get: Declare<E>;
  post: Declare<E>;
  put: Declare<E>;
  patch: Declare<E>;
  delete: Declare<E>;
}

const CONTRACT = Symbol('contract');
/** Hono's mark on a handler it wrapped in a sub-app's error handler while mounting it. */
const COMPOSED_HANDLER = '__COMPOSED_HANDLER';

/**
 * The operation a handler listed in `app.routes` was declared with, or undefined (middleware, or
 * a route declared without the helper). Looks through the wrappers Hono adds when it mounts a
 * sub-app that has its own error handler.
 */
export function operationOf(handler: unknown): Operation | undefined {
  let h = handler as Record<string | symbol, unknown> | undefined;
  while (h) {
    if (h[CONTRACT]) return h[CONTRACT] as Operation;
    h = h[COMPOSED_HANDLER] as typeof h;
  }
  return undefined;
}

/**
 * A group of routes on `app` sharing tags and audience. Each call registers the handler on the
 * sub-app and carries its contract on the handler, where the document finds it after mounting.
 * @example defineRoutes(app, { tags: ['forms'], auth: 'public' }).get('/:slug', {...}, handler)
 */
export function defineRoutes<E extends Env>(
  // biome-ignore lint/suspicious/noExplicitAny: any sub-app of the environment, whatever its schema
  app: Hono<E, any, any>,
  group: { tags: string[]; auth: Auth },
): Routes<E> {
  const declare =
    (method: Method): Declare<E> =>
    (path, contract, handler) => {
      const op: Operation = {
        ...contract,
        tags: contract.tags ?? group.tags,
        auth: contract.auth ?? group.auth,
        method,
      };
      const run = async (c: Context<E>) => {
        const input = await parseInput(c, op);
        const res = await handler(c as Context<E, typeof path>, input as never);
        return checksResponses(c) ? checkResponse(c, op, res) : res;
      };
      Object.defineProperty(run, CONTRACT, { value: op });
      const on = app.on as (method: string, path: string, ...handlers: MiddlewareHandler<E>[]) => unknown;
      on.call(app, method.toUpperCase(), path, ...((op.use ?? []) as MiddlewareHandler<E>[]), run as never);
      return routes;
    };
  const routes: Routes<E> = {
    get: declare('get'),
    post: declare('post'),
    put: declare('put'),
    patch: declare('patch'),
    delete: declare('delete'),
  };
  return routes;
}

const filled = (q: Record<string, string>) =>
  Object.fromEntries(Object.entries(q).filter(([, x]) => x !== ''));

async function parseInput(c: Context, op: Operation) {
  const params = op.params ? parse(op.params, c.req.param()) : undefined;
  const query = op.query
    ? parse(op.query, op.blankQueryIsAbsent ? filled(c.req.query()) : c.req.query())
    : undefined;
  const body = op.body && !op.bodyType ? parse(op.body, await readJson(c, op.bodyLimit)) : undefined;
  return { params, query, body };
}

/** The reply check runs where `CHECK_RESPONSES` is `on`: development and tests, never production. */
function checksResponses(c: Context): boolean {
  return (c.env as { CHECK_RESPONSES?: string } | undefined)?.CHECK_RESPONSES === 'on';
}

/** The success statuses an operation documents. */
export function successStatuses(op: Contract): readonly number[] {
  return op.status === undefined ? [200] : typeof op.status === 'number' ? [op.status] : op.status;
}

/**
 * Checks a success against the contract: a JSON reply must have a documented status and match the
 * response schema — with no key the schema does not name — and any other reply must be of a
 * documented content type. A broken contract is a 500 `response_contract_broken` and a log line
 * naming the route and the problems.
 */
async function checkResponse(c: Context, op: Operation, res: Response): Promise<Response> {
  if (res.status < 200 || res.status > 299 || res.status === 204) return res;
  const type = res.headers.get('content-type') ?? '';
  const problems: Problem[] = [];
  if (/^application\/json/i.test(type)) {
    if (!op.response)
      problems.push({ path: '', message: 'a JSON reply, but the contract has no response schema' });
    else {
      if (!successStatuses(op).includes(res.status))
        problems.push({ path: '', message: `status ${res.status} is not documented` });
      const body = await res.clone().json();
      const result = v.safeParse(op.response, body);
      if (result.success) problems.push(...undocumentedKeys(body, result.output, ''));
      else problems.push(...result.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })));
    }
  } else if (!op.responseType)
    problems.push({ path: '', message: `a ${type || 'bodiless'} reply the contract does not document` });
  if (!problems.length) return res;
  const route = `${op.method.toUpperCase()} ${routePath(c)}`;
  console.error('response_contract_broken', route, JSON.stringify(problems));
  throw new AppError(
    'response_contract_broken',
    { route },
    problems.slice(0, 20).map((p) => ({
      path: p.path,
      code: 'response_contract_broken',
      message: { vi: p.message, en: p.message },
    })),
  );
}

interface Problem {
  path: string;
  message: string;
}

/**
 * Keys of `input` that the parsed `output` lost: an object schema drops the keys it does not name,
 * so what is missing from the output is what the contract does not document.
 */
function undocumentedKeys(input: unknown, output: unknown, at: string): Problem[] {
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((x, i) => undocumentedKeys(x, output[i], `${at}[${i}]`));
  if (!input || !output || typeof input !== 'object' || typeof output !== 'object') return [];
  const out = output as Record<string, unknown>;
  return Object.entries(input as Record<string, unknown>).flatMap(([k, x]) => {
    const path = at ? `${at}.${k}` : k;
    return Object.hasOwn(out, k)
      ? undocumentedKeys(x, out[k], path)
      : [{ path, message: 'a key the response schema does not name' }];
  });
}
