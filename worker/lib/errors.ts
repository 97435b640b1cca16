import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { codeOf, ERROR_TABLE, type ErrorCode, type ErrorKey, type ErrorSpec } from './error-codes';

export { ERROR_TABLE, type ErrorCode, type ErrorKey } from './error-codes';

/** One field-level problem: `path` is the dotted location in the input (e.g. `answers.q3`). */
export interface FieldError {
  path: string;
  code: string;
  message: { vi: string; en: string };
}

/** A value in a message: a number, text shown as it is, or a phrase in both languages. */
export type ErrorParam = string | number | { vi: string; en: string };

/** `{name}` placeholders of a message: `'at most {limit} bytes'` → `'limit'`. */
type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
type Spec<K extends ErrorKey> = (typeof ERROR_TABLE)[K];
type ParamsOf<K extends ErrorKey> = Placeholders<Spec<K>['vi'] | Spec<K>['en']>;
/** After the key: the message's parameters when it has any, then the field errors. */
type ArgsOf<K extends ErrorKey> = [ParamsOf<K>] extends [never]
  ? [fields?: FieldError[]]
  : [params: Record<ParamsOf<K>, ErrorParam>, fields?: FieldError[]];
/** What `new AppError(…)` accepts: a key of the table, its parameters, field errors. */
export type AppErrorArgs = { [K in ErrorKey]: [key: K, ...ArgsOf<K>] }[ErrorKey];

function fill(template: string, params: Record<string, ErrorParam> | undefined, lang: 'vi' | 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params?.[name];
    if (v === undefined) return whole;
    return typeof v === 'object' ? v[lang] : String(v);
  });
}

/** The message of a row of the table with its parameters filled in, in both languages. */
export function errorMessages(
  key: ErrorKey,
  params?: Record<string, ErrorParam>,
): { vi: string; en: string } {
  const spec: ErrorSpec = ERROR_TABLE[key];
  return { vi: fill(spec.vi, params, 'vi'), en: fill(spec.en, params, 'en') };
}

/**
 * The one error type of the application. Every failure a client can cause is an AppError whose
 * key is a row of the error table (`worker/lib/error-codes.ts`): a stable machine `code`, an
 * HTTP status and a message in Vietnamese and English. The public API answers
 * `{ error: { code, message, messages, fields? } }`.
 *
 * @example
 * throw new AppError('form_closed');
 * throw new AppError('body_too_large', { limit: 65536 });
 * throw new AppError('validation_failed', [fieldError('email', 'email', { vi: 'Sai.', en: 'Wrong.' })]);
 */
export class AppError extends Error {
  readonly key: ErrorKey;
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly messages: { vi: string; en: string };
  readonly fields?: FieldError[];

  constructor(...args: AppErrorArgs) {
    const [key, a, b] = args as unknown as [ErrorKey, unknown, unknown];
    const params = Array.isArray(a) ? undefined : (a as Record<string, ErrorParam> | undefined);
    const fields = (Array.isArray(a) ? a : b) as FieldError[] | undefined;
    const messages = errorMessages(key, params);
    super(messages.en);
    this.name = 'AppError';
    this.key = key;
    this.code = codeOf(key);
    this.status = ERROR_TABLE[key].status;
    this.messages = messages;
    if (fields) this.fields = fields;
  }

  toBody(lang: 'vi' | 'en' = 'vi') {
    return {
      error: {
        code: this.code,
        message: this.messages[lang],
        messages: this.messages,
        ...(this.fields?.length ? { fields: this.fields } : {}),
      },
    };
  }
}

/** Shorthand for one field error: where, which code, and the message as `{ vi, en }`. */
export function fieldError(path: string, code: string, message: FieldError['message']): FieldError {
  return { path, code, message };
}
