/**
 * The bilingual messages of every error code the form engine reports, in one place. Pure: shipped
 * to the browser with the logic, so keep it short. `{x}` placeholders take the `params` values.
 */

const TEXT = {
  invalid_type: { vi: 'Giá trị không đúng kiểu.', en: 'Wrong kind of value.' },
  unknown_question: { vi: 'Không có câu hỏi này trong biểu mẫu.', en: 'No such question in this form.' },
  required: { vi: 'Vui lòng trả lời câu hỏi này.', en: 'This question needs an answer.' },
  control_chars: { vi: 'Có ký tự không được phép.', en: 'Contains characters that are not allowed.' },
  too_short: { vi: 'Cần ít nhất {min} ký tự.', en: 'At least {min} characters.' },
  too_long: { vi: 'Tối đa {max} ký tự.', en: 'At most {max} characters.' },
  pattern: { vi: 'Không đúng định dạng yêu cầu.', en: 'Does not match the required format.' },
  not_a_number: { vi: 'Vui lòng nhập một số.', en: 'Enter a number.' },
  not_integer: { vi: 'Vui lòng nhập số nguyên.', en: 'Enter a whole number.' },
  too_small: { vi: 'Không được nhỏ hơn {min}.', en: 'Must be at least {min}.' },
  too_large: { vi: 'Không được lớn hơn {max}.', en: 'Must be at most {max}.' },
  invalid_date: { vi: 'Ngày không hợp lệ (dd/mm/yyyy).', en: 'Not a valid date (dd/mm/yyyy).' },
  too_early: { vi: 'Ngày không được trước {min}.', en: 'The date must not be before {min}.' },
  too_late: { vi: 'Ngày không được sau {max}.', en: 'The date must not be after {max}.' },
  invalid_option: { vi: 'Lựa chọn không hợp lệ.', en: 'Not one of the choices.' },
  too_few_choices: { vi: 'Chọn ít nhất {min} mục.', en: 'Choose at least {min}.' },
  too_many_choices: { vi: 'Chọn tối đa {max} mục.', en: 'Choose at most {max}.' },
  unknown_row: { vi: 'Không có tiêu chí này trong câu hỏi.', en: 'No such row in this question.' },
  invalid_email: { vi: 'Địa chỉ email không hợp lệ.', en: 'Not a valid email address.' },
  invalid_phone: {
    vi: 'Số điện thoại không hợp lệ (ví dụ 0912 345 678).',
    en: 'Not a valid Vietnamese phone number (e.g. 0912 345 678).',
  },
  invalid_file: { vi: 'Tệp đính kèm không hợp lệ.', en: 'Not a valid uploaded file.' },
  too_many_files: { vi: 'Tối đa {max} tệp.', en: 'At most {max} files.' },
  no_answer_expected: { vi: 'Mục này không nhận câu trả lời.', en: 'This item takes no answer.' },
} as const satisfies Record<string, { vi: string; en: string }>;

/** Every error code the engine can report at `answers.<qid>` (or `answers.<qid>.<rowId>`). */
export type EngineErrorCode = keyof typeof TEXT;

/** All engine error codes, for documentation and tests. */
export const ENGINE_ERROR_CODES = Object.keys(TEXT) as EngineErrorCode[];

/**
 * The message of an engine error code in both languages.
 * @example engineMessage('too_long', { max: 500 }) // { vi: 'Tối đa 500 ký tự.', en: 'At most 500 characters.' }
 */
export function engineMessage(
  code: EngineErrorCode,
  params: Record<string, string | number> = {},
): { vi: string; en: string } {
  const { vi, en } = TEXT[code];
  const fill = (s: string, lang: 0 | 1) =>
    s.replace(/\{(\w+)\}/g, (_, k: string) => show(params[k] ?? '', lang));
  return { vi: fill(vi, 0), en: fill(en, 1) };
}

/** Numbers with a decimal comma in Vietnamese; yyyy-mm-dd dates as dd/mm/yyyy in both languages. */
function show(p: string | number, lang: 0 | 1): string {
  if (typeof p === 'number') return lang === 0 ? String(p).replace('.', ',') : String(p);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p);
  return d ? `${d[3]}/${d[2]}/${d[1]}` : p;
}
