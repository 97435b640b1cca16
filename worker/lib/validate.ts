import type { Context } from 'hono';
import * as v from 'valibot';
import { issuesToFields } from './checks';
import { AppError } from './errors';

export { DateString, isCalendarDate, issueMessage, issuesToFields, toCalendarDate } from './checks';

/** Default body limit for JSON APIs; routes that take files set their own. */
export const JSON_BODY_LIMIT = 256 * 1024;

/**
 * Validates `input` against a schema, throwing a 400 AppError with field paths on failure.
 * @example const body = parse(CreateUnitSchema, await readJson(c))
 */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown, prefix = ''): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (!result.success) throw new AppError('validation_failed', issuesToFields(result.issues, prefix));
  return result.output;
}

/**
 * Reads a JSON body with a size limit: never trusts Content-Length alone (it may be absent or
 * wrong), reads at most `limit` bytes, and turns malformed JSON into a 400, never a 500.
 */
export async function readJson(c: Context, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const text = await readText(c.req.raw, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('malformed_json');
  }
}

/** Reads a body as UTF-8 text, at most `limit` bytes. Invalid UTF-8 becomes U+FFFD, never a throw. */
export async function readText(req: Request, limit: number): Promise<string> {
  return new TextDecoder('utf-8', { fatal: false }).decode(await readBytes(req, limit));
}

/**
 * Reads a body as bytes, at most `limit`: Content-Length is checked first but not trusted alone
 * (it may be absent or wrong), so the stream is counted and cancelled past the limit.
 * @throws AppError 413 body_too_large
 */
export async function readBytes(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const header = req.headers.get('content-length');
  const declared = Number(header ?? '0');
  if (declared > limit) throw new AppError('body_too_large', { limit: limit });
  // A body framed by Content-Length: the HTTP layer reads exactly that many bytes, so reading it
  // whole is bounded by the check above (and checked again once read, for a Request built in-process).
  // It also skips the stream reader, which on Node costs every request a web stream over the socket.
  if (header !== null && /^\d+$/.test(header)) {
    const bytes = new Uint8Array(await req.arrayBuffer());
    if (bytes.byteLength > limit) throw new AppError('body_too_large', { limit: limit });
    return bytes;
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: on a tee'd body (a cloned Request) the streams standard resolves a branch's
      // cancel only once the other branch is cancelled too — Node follows it and would wait forever.
      reader.cancel().catch(() => undefined);
      throw new AppError('body_too_large', { limit: limit });
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    all.set(ch, at);
    at += ch.byteLength;
  }
  return all;
}

/** Parses validated JSON in one step. */
export async function jsonBody<S extends v.GenericSchema>(c: Context, schema: S, limit?: number) {
  return parse(schema, await readJson(c, limit));
}

export { AppError };
