import { toJsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { IdKeyedObject } from './checks';

/** One documented operation. Routes register themselves next to their handler with `documented()`. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template, e.g. `/api/forms/{id}`. */
  path: string;
  summary: string;
  tags: string[];
  /** `public` needs nothing; `staff` needs the session cookie (and, for writes, same-origin). */
  auth: 'public' | 'staff';
  body?: v.GenericSchema;
  query?: v.GenericSchema;
  /** Content type of the body when not JSON (e.g. form posts, CSV). */
  bodyType?: string;
  response?: v.GenericSchema;
  /** Content type of the success response when not JSON. */
  responseType?: string;
  status?: number;
}

const registry: Operation[] = [];
const named: Record<string, v.GenericSchema> = {};

/**
 * Records an operation for `/api/openapi.json`. The very schemas the handler validates with are
 * passed here, so the description cannot drift from the code.
 * @example documented({ method: 'post', path: '/api/org/units', summary: 'Create a unit', tags: ['org'], auth: 'staff', body: CreateUnit })
 */
export function documented(op: Operation): void {
  if (!registry.some((o) => o.method === op.method && o.path === op.path)) registry.push(op);
}

/**
 * Names a schema: the document defines it once as `#/components/schemas/<name>` and refers to it
 * wherever it occurs. A recursive schema (a condition inside `not`) needs a name to be referred to.
 * @example namedSchema('Expr', ExprSchema)
 */
export function namedSchema(name: string, schema: v.GenericSchema): void {
  named[name] = schema;
}

/** valibot's `#/$defs/<name>` references, pointed at the document's components. */
function componentRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

/** How valibot schemas become JSON Schema here (operations and named schemas alike). */
function conversion() {
  return {
    // errorMode 'ignore': pipes with custom checks document their base shape.
    errorMode: 'ignore',
    target: 'openapi-3.0',
    definitions: named,
    // An object keyed by ids (answers, marks): its values are checked by the rules that know the ids.
    overrideSchema: (ctx: { valibotSchema: unknown }) =>
      ctx.valibotSchema === IdKeyedObject ? { type: 'object', additionalProperties: {} } : undefined,
  } as Parameters<typeof toJsonSchema>[1];
}

function schemaOf(s: v.GenericSchema) {
  // Named schemas are defined once, in the components (see `namedSchema`).
  const { $defs: _, ...schema } = toJsonSchema(s, conversion());
  return componentRefs(schema);
}

/** Builds the OpenAPI 3.1 document from everything registered. */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of registry) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = op.query
      ? (schemaOf(op.query) as { properties?: Record<string, unknown>; required?: string[] })
      : undefined;
    const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query?.required?.includes(name) ?? false,
      schema,
    }));
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      tags: op.tags,
      ...(op.auth === 'staff' ? { security: [{ session: [] }] } : {}),
      parameters: [...params, ...queryParams],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { [op.bodyType ?? 'application/json']: { schema: schemaOf(op.body) } },
            },
          }
        : {}),
      responses: {
        [String(op.status ?? 200)]: {
          description: 'OK',
          content: {
            [op.responseType ?? 'application/json']: op.response ? { schema: schemaOf(op.response) } : {},
          },
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
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
      schemas: {
        ...componentRefs(toJsonSchemaDefs(named, conversion())),
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                messages: { type: 'object', properties: { vi: { type: 'string' }, en: { type: 'string' } } },
                fields: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      path: { type: 'string' },
                      code: { type: 'string' },
                      message: { type: 'object' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
