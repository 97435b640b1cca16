/**
 * The fixed texts of the public form page (chrome around the staff-written questions), Vietnamese
 * first. Pure module: shipped to the browser with the island, so keep it short.
 */
import type { Lang } from '../../lib/i18n';

const vi = {
  required: 'bắt buộc',
  noticeTitle: 'Chưa gửi được',
  requiredIfApplies: 'bắt buộc nếu câu này áp dụng với bạn, tùy câu trả lời phía trên',
  ifApplies: 'chỉ trả lời nếu câu này áp dụng với bạn, tùy câu trả lời phía trên',
  optional: 'không bắt buộc',
  choose: '— Chọn —',
  yes: 'Có',
  no: 'Không',
  errorSummary: 'Vui lòng sửa các mục sau:',
  submit: 'Gửi',
  sending: 'Đang gửi…',
  next: 'Tiếp',
  back: 'Quay lại',
  pageOf: 'Trang {n}/{total}',
  identity: 'Thông tin người gửi',
  identityOptional:
    'Bạn có thể để trống để gửi ẩn danh. Thông tin được bảo mật, chỉ bộ phận tiếp nhận xem được.',
  identityRequired: 'Đơn này cần thông tin người gửi. Thông tin được bảo mật.',
  name: 'Họ và tên',
  phone: 'Số điện thoại',
  email: 'Email',
  id_number: 'Số CCCD',
  address: 'Địa chỉ',
  consentAgree: 'Tôi đồng ý',
  fileDisabled: 'Cần bật JavaScript để đính kèm tệp.',
  fileUploading: 'Đang tải tệp lên…',
  fileRemove: 'Xóa tệp',
  fileOffline: 'Cần có mạng để tải tệp lên. Các câu trả lời khác vẫn được giữ.',
  fileTooBig: 'Tệp lớn hơn 5 MB.',
  ratingRange: 'Từ 1 đến {max}',
  offlineQueued: 'Đã lưu trên điện thoại, sẽ gửi khi có mạng.',
  retrying: 'Chưa gửi được, đang thử lại…',
  draftRestored: 'Đã khôi phục câu trả lời bạn nhập trước đó.',
  sendFailed: 'Không gửi được. Câu trả lời vẫn được giữ trên điện thoại.',
  honeypot: 'Để trống ô này',
  receivedTitle: 'Đã gửi thành công',
  yourCode: 'Mã biên nhận của bạn',
  yourPin: 'Mã PIN của bạn',
  keepCode: 'Hãy ghi lại hoặc chụp màn hình mã này.',
  keepCodePin:
    'Hãy ghi lại và giữ kín mã PIN: mã chỉ hiển thị tại đây. Cần cả mã biên nhận và mã PIN để xem tiến độ, trả lời, đánh giá hoặc đề nghị xem xét lại.',
  checkStatus: 'Tra cứu biên nhận',
  trackCase: 'Tra cứu tiến độ, trả lời',
  findLabel: 'Tìm theo tên',
  findHint: 'Nhập ít nhất 2 chữ của tên rồi bấm Tìm.',
  findButton: 'Tìm',
  findPick: 'Chọn trong kết quả tìm',
  findNone: 'Không tìm thấy tên phù hợp. Hãy thử cách viết khác.',
  findSearching: 'Đang tìm…',
  findOffline: 'Cần có mạng để tìm. Các câu trả lời khác vẫn được giữ.',
} as const;

export type UiKey = keyof typeof vi;

const en: Record<UiKey, string> = {
  required: 'required',
  noticeTitle: 'Not sent',
  requiredIfApplies: 'required if it applies to you, depending on your answers above',
  ifApplies: 'answer only if it applies to you, depending on your answers above',
  optional: 'optional',
  choose: '— Choose —',
  yes: 'Yes',
  no: 'No',
  errorSummary: 'Please correct the following:',
  submit: 'Send',
  sending: 'Sending…',
  next: 'Next',
  back: 'Back',
  pageOf: 'Page {n} of {total}',
  identity: 'About you',
  identityOptional:
    'You may leave this empty to send anonymously. It is kept confidential: only intake staff can see it.',
  identityRequired: 'This submission needs your details. They are kept confidential.',
  name: 'Full name',
  phone: 'Phone number',
  email: 'Email',
  id_number: 'ID card number',
  address: 'Address',
  consentAgree: 'I agree',
  fileDisabled: 'Attaching files needs JavaScript.',
  fileUploading: 'Uploading…',
  fileRemove: 'Remove file',
  fileOffline: 'Uploading needs a connection. Your other answers are kept.',
  fileTooBig: 'The file is larger than 5 MB.',
  ratingRange: 'From 1 to {max}',
  offlineQueued: 'Saved on this phone, will send when online.',
  retrying: 'Not sent yet, retrying…',
  draftRestored: 'Your earlier answers were restored.',
  sendFailed: 'Could not send. Your answers are still kept on this phone.',
  honeypot: 'Leave this field empty',
  receivedTitle: 'Sent successfully',
  yourCode: 'Your receipt code',
  yourPin: 'Your PIN',
  keepCode: 'Write this code down or take a screenshot.',
  keepCodePin:
    'Write the PIN down and keep it secret: it is shown only here. You need both the receipt code and the PIN to see progress and the answer, rate it or ask for a review.',
  checkStatus: 'Look up this receipt',
  trackCase: 'See progress and the answer',
  findLabel: 'Search by name',
  findHint: 'Type at least 2 letters of the name, then press Search.',
  findButton: 'Search',
  findPick: 'Choose from the results',
  findNone: 'No matching name found. Try another spelling.',
  findSearching: 'Searching…',
  findOffline: 'Searching needs a connection. Your other answers are kept.',
};

/**
 * A fixed UI text in a language, with `{name}` placeholders filled.
 * @example ui('pageOf', 'vi', { n: 1, total: 3 }) // 'Trang 1/3'
 */
export function ui(key: UiKey, lang: Lang, vars?: Record<string, string | number>): string {
  let s: string = lang === 'en' ? en[key] : vi[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}
