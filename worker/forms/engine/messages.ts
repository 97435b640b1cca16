/**
 * The bilingual messages of every error code the form engine reports, in one place. Pure: shipped
 * to the browser with the logic, so keep it short. `{x}` placeholders take the `params` values.
 */

const TEXT = {
  invalid_type: ['Giá trị không đúng kiểu.', 'Wrong kind of value.'],
  unknown_question: ['Không có câu hỏi này trong biểu mẫu.', 'No such question in this form.'],
  required: ['Vui lòng trả lời câu hỏi này.', 'This question needs an answer.'],
  control_chars: ['Có ký tự không được phép.', 'Contains characters that are not allowed.'],
  too_short: ['Cần ít nhất {min} ký tự.', 'At least {min} characters.'],
  too_long: ['Tối đa {max} ký tự.', 'At most {max} characters.'],
  pattern: ['Không đúng định dạng yêu cầu.', 'Does not match the required format.'],
  not_a_number: ['Vui lòng nhập một số.', 'Enter a number.'],
  not_integer: ['Vui lòng nhập số nguyên.', 'Enter a whole number.'],
  too_small: ['Không được nhỏ hơn {min}.', 'Must be at least {min}.'],
  too_large: ['Không được lớn hơn {max}.', 'Must be at most {max}.'],
  invalid_date: ['Ngày không hợp lệ (dd/mm/yyyy).', 'Not a valid date (dd/mm/yyyy).'],
  too_early: ['Ngày không được trước {min}.', 'The date must not be before {min}.'],
  too_late: ['Ngày không được sau {max}.', 'The date must not be after {max}.'],
  invalid_option: ['Lựa chọn không hợp lệ.', 'Not one of the choices.'],
  too_few_choices: ['Chọn ít nhất {min} mục.', 'Choose at least {min}.'],
  too_many_choices: ['Chọn tối đa {max} mục.', 'Choose at most {max}.'],
  unknown_row: ['Không có tiêu chí này trong câu hỏi.', 'No such row in this question.'],
  invalid_email: ['Địa chỉ email không hợp lệ.', 'Not a valid email address.'],
  invalid_phone: [
    'Số điện thoại không hợp lệ (ví dụ 0912 345 678).',
    'Not a valid Vietnamese phone number (e.g. 0912 345 678).',
  ],
  invalid_file: ['Tệp đính kèm không hợp lệ.', 'Not a valid uploaded file.'],
  too_many_files: ['Tối đa {max} tệp.', 'At most {max} files.'],
  no_answer_expected: ['Mục này không nhận câu trả lời.', 'This item takes no answer.'],
} as const satisfies Record<string, readonly [string, string]>;

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
  const [vi, en] = TEXT[code];
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
