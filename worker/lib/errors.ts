import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One field-level problem: `path` is the dotted location in the input (e.g. `answers.q3`). */
export interface FieldError {
  path: string;
  code: string;
  message: { vi: string; en: string };
}

/**
 * The one error type of the application. Every failure a client can cause is an AppError with a
 * stable machine `code`, an HTTP status and a message in Vietnamese and English. The public API
 * answers `{ error: { code, message, fields? } }`.
 *
 * @example throw new AppError('form_closed', 409, { vi: 'Biểu mẫu đã đóng.', en: 'The form is closed.' })
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    readonly messages: { vi: string; en: string },
    readonly fields?: FieldError[],
  ) {
    super(messages.en);
    this.name = 'AppError';
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

/** The common errors, so every module says the same thing the same way. */
export const errors = {
  validation: (fields: FieldError[]) =>
    new AppError(
      'validation_failed',
      400,
      { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The submitted data is not valid.' },
      fields,
    ),
  badJson: () =>
    new AppError('malformed_json', 400, {
      vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
      en: 'The request body is not valid JSON.',
    }),
  tooLarge: (limit: number) =>
    new AppError('body_too_large', 413, {
      vi: `Nội dung gửi lên quá lớn (tối đa ${limit} byte).`,
      en: `The request body is too large (at most ${limit} bytes).`,
    }),
  unauthenticated: () =>
    new AppError('unauthenticated', 401, { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' }),
  forbidden: () =>
    new AppError('forbidden', 403, {
      vi: 'Bạn không có quyền thực hiện thao tác này.',
      en: 'You are not allowed to do this.',
    }),
  notFound: (what = 'resource') =>
    new AppError('not_found', 404, { vi: 'Không tìm thấy.', en: `Not found: ${what}.` }),
  conflict: (code: string, vi: string, en: string) => new AppError(code, 409, { vi, en }),
  rateLimited: () =>
    new AppError('rate_limited', 429, {
      vi: 'Bạn thao tác quá nhanh, vui lòng thử lại sau ít phút.',
      en: 'Too many requests, please try again in a few minutes.',
    }),
  csrf: () =>
    new AppError('csrf_rejected', 403, {
      vi: 'Yêu cầu bị từ chối vì không đến từ trang của hệ thống.',
      en: 'Request refused: it did not come from this site.',
    }),
};

/** Shorthand for one field error. */
export function fieldError(path: string, code: string, vi: string, en: string): FieldError {
  return { path, code, message: { vi, en } };
}
