/** Texts of the public pages around the form (landing, receipt, status, messages), Vietnamese first. */
import { UI_TEXT } from '../forms/view/strings';
import { type Lang, type LocalText, t } from '../lib/i18n';
import { RECEIPT } from '../text/receipts';

const TEXT = {
  landingTitle: { vi: 'Lắng Nghe ý kiến nhân dân', en: 'Lắng Nghe — we are listening' },
  landingIntro: {
    vi: 'Gửi góp ý, phản ánh, kiến nghị và trả lời khảo sát của Mặt trận Tổ quốc và các đoàn thể.',
    en: 'Send feedback, petitions and survey answers to the Fatherland Front and its member organisations.',
  },
  openForms: { vi: 'Biểu mẫu đang mở', en: 'Open forms' },
  noOpenForms: { vi: 'Hiện chưa có biểu mẫu nào đang mở.', en: 'No form is open at the moment.' },
  closesOn: { vi: 'hạn đến', en: 'closes' },
  staffConsole: { vi: 'Trang dành cho cán bộ', en: 'Staff console' },
  lookupTitle: { vi: 'Tra cứu biên nhận', en: 'Look up a receipt' },
  lookupButton: { vi: 'Tra cứu', en: 'Look up' },
  codeLabel: RECEIPT.code,
  codeHint: {
    vi: '13 chữ và số, in trên biên nhận; gõ có hoặc không có dấu gạch.',
    en: '13 letters and digits, as printed on your receipt; with or without the dashes.',
  },
  pinLabel: { vi: 'Mã PIN (không bắt buộc)', en: 'PIN (optional)' },
  pinPlaceholder: RECEIPT.pinPlaceholder,
  pinHint: {
    vi: 'Chỉ góp ý, phản ánh và đơn thư có mã PIN: nhập để xem tiến độ và trả lời.',
    en: 'Only feedback and letters have a PIN: enter it to see progress and the answer.',
  },
  surveyStatusNote: {
    vi: 'Câu trả lời được tổng hợp chung với các ý kiến khác, không được xử lý hay trả lời riêng.',
    en: 'Answers are counted together with everyone else’s, not handled or answered one by one.',
  },
  requiredNote: {
    vi: 'Các mục ghi "(bắt buộc)" phải trả lời.',
    en: 'Items marked "(required)" must be answered.',
  },
  qrLink: { vi: 'Mã QR của biểu mẫu này', en: 'QR code of this form' },
  receivedTitle: RECEIPT.receivedTitle,
  statusTitle: { vi: 'Tra cứu biên nhận', en: 'Look up a receipt' },
  form: { vi: 'Biểu mẫu', en: 'Form' },
  submittedAt: RECEIPT.sentAt,
  status: RECEIPT.status,
  backHome: { vi: 'Về trang chủ', en: 'Home' },
  notFoundTitle: { vi: 'Không tìm thấy biểu mẫu', en: 'Form not found' },
  notFoundText: {
    vi: 'Đường dẫn không đúng hoặc biểu mẫu đã bị gỡ.',
    en: 'The link is wrong or the form was removed.',
  },
  unavailableTitle: { vi: 'Biểu mẫu hiện không nhận trả lời', en: 'This form is not taking answers' },
  badCodeTitle: { vi: 'Mã biên nhận không hợp lệ', en: 'Invalid receipt code' },
  badCodeText: {
    vi: 'Vui lòng kiểm tra lại mã (13 chữ và số, ví dụ K7QM-3XD9-B2HT-Z).',
    en: 'Please check the code (13 letters and digits, e.g. K7QM-3XD9-B2HT-Z).',
  },
  unknownCodeTitle: { vi: 'Không tìm thấy mã biên nhận', en: 'Receipt code not found' },
  unknownCodeText: { vi: 'Không có phản hồi nào với mã này.', en: 'No submission has this code.' },
  errorTitle: UI_TEXT.noticeTitle,
} as const satisfies Record<string, LocalText>;

export type PageKey = keyof typeof TEXT;

/**
 * What a receipt says happens next, per form kind (decision 232): an anonymous survey is counted,
 * not processed; feedback goes to the Front's intake; a letter runs on the law's clocks.
 */
const NEXT = {
  survey: {
    vi: 'Khảo sát không ghi tên: câu trả lời được tổng hợp chung với các ý kiến khác, không được xử lý hay trả lời riêng. Với mã này bạn có thể kiểm tra câu trả lời đã được ghi nhận.',
    en: 'The survey is anonymous: your answers are counted together with everyone else’s, not handled or answered one by one. With this code you can check that they were recorded.',
  },
  feedback: {
    vi: 'Bộ phận tiếp nhận của Ủy ban MTTQ sẽ xem xét góp ý và chuyển cơ quan có thẩm quyền khi cần. Tiến độ và trả lời được đăng tại trang tra cứu.',
    en: 'The Front’s intake staff will consider your feedback and pass it to the responsible body where needed. Progress and the answer appear on the lookup page.',
  },
  petition: {
    vi: 'Đơn được tiếp nhận và giải quyết theo thời hạn pháp luật quy định (tính theo ngày làm việc). Tiến độ và trả lời được đăng tại trang tra cứu.',
    en: 'Your letter is received and handled within the time limits the law sets (counted in working days). Progress and the answer appear on the lookup page.',
  },
} as const satisfies Record<string, LocalText>;

/** The receipt's "what happens next" for a form kind; other kinds (none public today) say nothing. */
export function receiptNote(kind: string | undefined, lang: Lang): string | undefined {
  const n = NEXT[kind as keyof typeof NEXT];
  return n ? t(n, lang) : undefined;
}

/** A page text in a language. */
export function pageText(key: PageKey, lang: Lang): string {
  return t(TEXT[key], lang);
}
