/**
 * The error table (worker/lib/error-codes.ts): every row answerable, variants of one code agree,
 * AppError fills parameters, and docs/api.md lists the table as it is.
 */
import { describe, expect, it } from 'vitest';
import { DOC_MARKERS, ERROR_TABLE, type ErrorKey, errorTableMarkdown } from '../../worker/lib/error-codes';
import { AppError } from '../../worker/lib/errors';

const rows = Object.entries(ERROR_TABLE) as [ErrorKey, { status: number; vi: string; en: string }][];

describe('the error table', () => {
  it('gives every row a 4xx/5xx status and a message in both languages', () => {
    expect(rows.length).toBeGreaterThan(80);
    for (const [key, spec] of rows) {
      expect([key, spec.status >= 400 && spec.status <= 599]).toEqual([key, true]);
      expect([key, spec.vi.trim().length > 3, spec.en.trim().length > 3]).toEqual([key, true, true]);
      expect([key, spec.vi !== spec.en]).toEqual([key, true]);
    }
  });

  it('names codes in snake_case and gives every variant of a code the same status', () => {
    const status = new Map<string, number>();
    for (const [key, spec] of rows) {
      expect(key).toMatch(/^[a-z][a-z0-9_]*(:[a-z][a-z0-9_]*)?$/);
      const code = key.split(':')[0]!;
      expect([key, status.get(code) ?? spec.status]).toEqual([key, spec.status]);
      status.set(code, spec.status);
    }
  });

  it('writes parameters as {name} and nothing else in braces', () => {
    for (const [key, spec] of rows) {
      for (const text of [spec.vi, spec.en]) {
        expect([key, text.replace(/\{\w+\}/g, '').match(/[{}]/)]).toEqual([key, null]);
      }
    }
  });
});

describe('AppError', () => {
  it('takes code, status and message from its row', () => {
    const e = new AppError('form_closed');
    expect([e.code, e.status, e.messages]).toEqual([
      'form_closed',
      409,
      { vi: 'Biểu mẫu đã đóng.', en: 'This form is closed.' },
    ]);
    expect(e.message).toBe('This form is closed.');
    expect(e.toBody('en')).toEqual({
      error: { code: 'form_closed', message: 'This form is closed.', messages: e.messages },
    });
  });

  it('answers the code without its variant', () => {
    const e = new AppError('case_invalid:merge_self');
    expect([e.code, e.key, e.status]).toEqual(['case_invalid', 'case_invalid:merge_self', 422]);
    expect(e.toBody('vi').error).toMatchObject({
      code: 'case_invalid',
      message: 'Không thể gộp vào chính nó.',
    });
  });

  it('fills numbers, text and two-language phrases into the message', () => {
    expect(new AppError('body_too_large', { limit: 65536 }).messages).toEqual({
      vi: 'Nội dung gửi lên quá lớn (tối đa 65536 byte).',
      en: 'The request body is too large (at most 65536 bytes).',
    });
    expect(new AppError('not_found', { what: 'case' }).messages).toEqual({
      vi: 'Không tìm thấy.',
      en: 'Not found: case.',
    });
    expect(new AppError('view_unavailable', { missing: { vi: 'chưa có', en: 'none yet' } }).messages).toEqual(
      {
        vi: 'Bảng này chưa có số liệu: chưa có',
        en: 'This view has no data yet: none yet',
      },
    );
  });

  it('carries field errors after the parameters, or alone', () => {
    const field = { path: 'email', code: 'email', message: { vi: 'Sai.', en: 'Wrong.' } };
    expect(new AppError('validation_failed', [field]).toBody().error.fields).toEqual([field]);
    expect(new AppError('body_too_large', { limit: 1 }, [field]).fields).toEqual([field]);
    expect('fields' in new AppError('validation_failed', []).toBody().error).toBe(false);
  });
});

describe('docs/api.md', () => {
  const doc = Object.values(
    import.meta.glob('../../docs/api.md', { query: '?raw', import: 'default', eager: true }) as Record<
      string,
      string
    >,
  )[0]!;

  it('lists the error table as it is (run `node scripts/error-codes.mjs` after changing it)', () => {
    const start = doc.indexOf(DOC_MARKERS.start);
    const end = doc.indexOf(DOC_MARKERS.end);
    expect(start).toBeGreaterThan(0);
    expect(doc.slice(start, end + DOC_MARKERS.end.length)).toBe(errorTableMarkdown());
  });
});
