/**
 * The fixed texts of the public form page (chrome around the staff-written questions), Vietnamese
 * first. Pure module. The island does not carry this table: the page gives it the texts in its
 * language (`uiTexts`, decision 235).
 */
import { type Lang, type LocalText, t } from '../../lib/i18n';

/** Exported for the server-rendered public pages that say the same (one text, kept here for the island). */
export const UI_TEXT = {
  required: { vi: 'bắt buộc', en: 'required' },
  noticeTitle: { vi: 'Chưa gửi được', en: 'Not sent' },
  requiredIfApplies: {
    vi: 'bắt buộc nếu câu này áp dụng với bạn, tùy câu trả lời phía trên',
    en: 'required if it applies to you, depending on your answers above',
  },
  ifApplies: {
    vi: 'chỉ trả lời nếu câu này áp dụng với bạn, tùy câu trả lời phía trên',
    en: 'answer only if it applies to you, depending on your answers above',
  },
  optional: { vi: 'không bắt buộc', en: 'optional' },
  choose: { vi: '— Chọn —', en: '— Choose —' },
  yes: { vi: 'Có', en: 'Yes' },
  no: { vi: 'Không', en: 'No' },
  errorSummary: { vi: 'Vui lòng sửa các mục sau:', en: 'Please correct the following:' },
  submit: { vi: 'Gửi', en: 'Send' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  next: { vi: 'Tiếp', en: 'Next' },
  back: { vi: 'Quay lại', en: 'Back' },
  pageOf: { vi: 'Trang {n}/{total}', en: 'Page {n} of {total}' },
  identity: { vi: 'Thông tin người gửi', en: 'About you' },
  identityOptional: {
    vi: 'Bạn có thể để trống để gửi ẩn danh. Thông tin được bảo mật, chỉ bộ phận tiếp nhận xem được.',
    en: 'You may leave this empty to send anonymously. It is kept confidential: only intake staff can see it.',
  },
  identityRequired: {
    vi: 'Đơn này cần thông tin người gửi. Thông tin được bảo mật.',
    en: 'This submission needs your details. They are kept confidential.',
  },
  consentAgree: { vi: 'Tôi đồng ý', en: 'I agree' },
  fileDisabled: { vi: 'Cần bật JavaScript để đính kèm tệp.', en: 'Attaching files needs JavaScript.' },
  fileUploading: { vi: 'Đang tải tệp lên…', en: 'Uploading…' },
  fileRemove: { vi: 'Xóa tệp', en: 'Remove file' },
  fileOffline: {
    vi: 'Cần có mạng để tải tệp lên. Các câu trả lời khác vẫn được giữ.',
    en: 'Uploading needs a connection. Your other answers are kept.',
  },
  fileTooBig: { vi: 'Tệp lớn hơn 5 MB.', en: 'The file is larger than 5 MB.' },
  ratingRange: { vi: 'Từ 1 đến {max}', en: 'From 1 to {max}' },
  offlineQueued: {
    vi: 'Đã lưu trên điện thoại, sẽ gửi khi có mạng.',
    en: 'Saved on this phone, will send when online.',
  },
  retrying: { vi: 'Chưa gửi được, đang thử lại…', en: 'Not sent yet, retrying…' },
  draftRestored: {
    vi: 'Đã khôi phục câu trả lời bạn nhập trước đó.',
    en: 'Your earlier answers were restored.',
  },
  sendFailed: {
    vi: 'Không gửi được. Câu trả lời vẫn được giữ trên điện thoại.',
    en: 'Could not send. Your answers are still kept on this phone.',
  },
  honeypot: { vi: 'Để trống ô này', en: 'Leave this field empty' },
  findLabel: { vi: 'Tìm theo tên', en: 'Search by name' },
  findHint: {
    vi: 'Nhập ít nhất 2 chữ của tên rồi bấm Tìm.',
    en: 'Type at least 2 letters of the name, then press Search.',
  },
  findButton: { vi: 'Tìm', en: 'Search' },
  findPick: { vi: 'Chọn trong kết quả tìm', en: 'Choose from the results' },
  findNone: {
    vi: 'Không tìm thấy tên phù hợp. Hãy thử cách viết khác.',
    en: 'No matching name found. Try another spelling.',
  },
  findSearching: { vi: 'Đang tìm…', en: 'Searching…' },
  findOffline: {
    vi: 'Cần có mạng để tìm. Các câu trả lời khác vẫn được giữ.',
    en: 'Searching needs a connection. Your other answers are kept.',
  },
} as const satisfies Record<string, LocalText>;

export type UiKey = keyof typeof UI_TEXT;

/** `{name}` placeholders filled from `vars`. */
export function fill(s: string, vars?: Record<string, string | number>): string {
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

/**
 * A fixed UI text in a language, with `{name}` placeholders filled.
 * @example ui('pageOf', 'vi', { n: 1, total: 3 }) // 'Trang 1/3'
 */
export function ui(key: UiKey, lang: Lang, vars?: Record<string, string | number>): string {
  return fill(t(UI_TEXT[key], lang), vars);
}

/**
 * Every text of this table in one language: the form page writes them into the island's data, and
 * the island's `ui()` (`web/public/texts.ts`) reads them there instead of carrying this table in
 * both languages (decision 235).
 */
export function uiTexts(lang: Lang): Record<UiKey, string> {
  return Object.fromEntries(Object.keys(UI_TEXT).map((k) => [k, ui(k as UiKey, lang)])) as Record<
    UiKey,
    string
  >;
}
