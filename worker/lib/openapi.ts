import { toJsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { IdKeyedObject } from './checks';
import { type Operation, operationOf, successStatuses } from './route';

/** Schemas described once, under `components.schemas`, and referred to wherever they occur. */
const named: Record<string, v.GenericSchema> = {};

/**
 * Names a schema for the document: it is described once under `components.schemas/<name>` and
 * every operation that uses it refers to it (a recursive schema, such as a condition, must be
 * named). Returns the schema.
 * @example export const FormDefinition = component('FormDefinition', FormDefinitionSchema)
 */
export function component<S extends v.GenericSchema>(name: string, schema: S): S {
  named[name] = schema;
  return schema;
}

/** JSON Schema 2020-12, as OpenAPI 3.1 takes it: nullability is `anyOf [… , {type: 'null'}]`. */
function jsonSchemaConfig() {
  return {
    // errorMode 'ignore': pipes with custom checks document their base shape.
    errorMode: 'ignore',
    target: 'draft-2020-12',
    definitions: named,
    overrideRef: ({ referenceId }: { referenceId: string }) => `#/components/schemas/${referenceId}`,
    // An object keyed by ids (answers, marks): its values are checked by the rules that know the ids.
    overrideSchema: ({ valibotSchema }: { valibotSchema: unknown }) =>
      valibotSchema === IdKeyedObject ? { type: 'object', additionalProperties: {} } : undefined,
  } as Parameters<typeof toJsonSchema>[1];
}

function schemaOf(s: v.GenericSchema): Record<string, unknown> {
  // The named schemas live in `components`, not in each operation's `$defs`.
  const { $schema: _s, $defs: _d, ...json } = toJsonSchema(s, jsonSchemaConfig()) as Record<string, unknown>;
  return json;
}

type ObjectSchema = { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/** `/units/:id` → `/units/{id}` (a pattern `:id{[0-9]+}` too). */
export const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}');

/** Every operation declared on the app with `defineRoutes`, with its full mounted path. */
export function declaredOperations(
  // biome-ignore lint/suspicious/noExplicitAny: any app
  app: Hono<any, any, any>,
): { path: string; op: Operation }[] {
  const seen = new Set<string>();
  const out: { path: string; op: Operation }[] = [];
  for (const r of app.routes) {
    const op = operationOf(r.handler);
    if (!op) continue;
    const path = openApiPath(r.path);
    const key = `${op.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, op });
  }
  return out;
}

function operationObject(path: string, op: Operation) {
  const params = op.params ? (schemaOf(op.params) as ObjectSchema) : undefined;
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1]!,
    in: 'path',
    required: true,
    schema: params?.properties?.[m[1]!] ?? { type: 'string' },
  }));
  const query = op.query ? (schemaOf(op.query) as ObjectSchema) : undefined;
  const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: query?.required?.includes(name) ?? false,
    schema,
  }));
  const content = {
    ...(op.response ? { 'application/json': { schema: schemaOf(op.response) } } : {}),
    ...Object.fromEntries([op.responseType ?? []].flat().map((t) => [t, {}])),
  };
  return {
    summary: op.summary,
    tags: op.tags,
    ...(op.auth === 'staff' ? { security: [{ session: [] }] } : {}),
    parameters: [...pathParams, ...queryParams],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { [op.bodyType ?? 'application/json']: { schema: schemaOf(op.body) } },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        successStatuses(op).map((s) => [
          String(s),
          { description: 'Success', ...(Object.keys(content).length ? { content } : {}) },
        ]),
      ),
      default: {
        description: 'Error',
        content: { 'application/json': { schema: schemaOf(ErrorSchema) } },
      },
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: any app
const built = new WeakMap<Hono<any, any, any>, Record<string, Record<string, unknown>>>();

/**
 * The OpenAPI 3.1 document of an app, built from its router: every route declared with
 * `defineRoutes`, at the path it is mounted on. Built once per app (the routes are fixed once the
 * app is built).
 */
// biome-ignore lint/suspicious/noExplicitAny: any app
export function openApiDocument(app: Hono<any, any, any>, serverUrl: string) {
  let paths = built.get(app);
  if (!paths) {
    paths = {};
    for (const { path, op } of declaredOperations(app)) {
      paths[path] ??= {};
      paths[path][op.method] = operationObject(path, op);
    }
    built.set(app, paths);
  }
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'Lắng Nghe API',
      version: '1.0.0',
      description:
        'Public forms, receipts, and the staff API of Lắng Nghe. Errors: { error: { code, message, fields? } }.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ln_session' } },
      schemas: toJsonSchemaDefs(named, jsonSchemaConfig()),
    },
  };
}

/** The error body every failure answers (`AppError.toBody`). */
export const ErrorSchema = component(
  'Error',
  v.object({
    error: v.object({
      code: v.string(),
      message: v.string(),
      messages: v.object({ vi: v.string(), en: v.string() }),
      fields: v.optional(
        v.array(
          v.object({
            path: v.string(),
            code: v.string(),
            message: v.object({ vi: v.string(), en: v.string() }),
          }),
        ),
      ),
    }),
  }),
);

/** The reply of `GET /api/openapi.json`: its top level (what is inside `paths` is generated). */
export const OpenApiSchema = v.object({
  openapi: v.literal('3.1.0'),
  info: v.object({ title: v.string(), version: v.string(), description: v.string() }),
  servers: v.array(v.object({ url: v.string() })),
  paths: v.record(v.string(), v.record(v.string(), v.unknown())),
  components: v.object({
    securitySchemes: v.record(v.string(), v.unknown()),
    schemas: v.record(v.string(), v.unknown()),
  }),
});
