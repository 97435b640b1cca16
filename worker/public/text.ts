/** Texts of the public pages around the form (landing, receipt, status, messages), Vietnamese first. */
import type { Lang } from '../lib/i18n';

const vi = {
  footer: 'Lắng Nghe — Ủy ban Mặt trận Tổ quốc Việt Nam. Thông tin cá nhân được bảo mật theo pháp luật.',
  landingTitle: 'Lắng Nghe ý kiến nhân dân',
  landingIntro: 'Gửi góp ý, phản ánh, kiến nghị và trả lời khảo sát của Mặt trận Tổ quốc và các đoàn thể.',
  openForms: 'Biểu mẫu đang mở',
  noOpenForms: 'Hiện chưa có biểu mẫu nào đang mở.',
  closesOn: 'hạn đến',
  staffConsole: 'Trang dành cho cán bộ',
  lookupTitle: 'Tra cứu biên nhận',
  lookupButton: 'Tra cứu',
  codeLabel: 'Mã biên nhận',
  codeHint: '13 chữ và số, in trên biên nhận; gõ có hoặc không có dấu gạch.',
  pinLabel: 'Mã PIN (không bắt buộc)',
  pinPlaceholder: '6 chữ số',
  pinHint: 'Chỉ góp ý, phản ánh và đơn thư có mã PIN: nhập để xem tiến độ và trả lời.',
  surveyStatusNote:
    'Câu trả lời được tổng hợp chung với các ý kiến khác, không được xử lý hay trả lời riêng.',
  requiredNote: 'Các mục ghi "(bắt buộc)" phải trả lời.',
  qrLink: 'Mã QR của biểu mẫu này',
  receivedTitle: 'Đã gửi thành công',
  statusTitle: 'Tra cứu biên nhận',
  form: 'Biểu mẫu',
  submittedAt: 'Thời gian gửi',
  status: 'Tình trạng',
  st_received: 'Đã tiếp nhận',
  st_in_progress: 'Đang xử lý',
  st_answered: 'Đã trả lời',
  st_closed: 'Đã kết thúc',
  backHome: 'Về trang chủ',
  notFoundTitle: 'Không tìm thấy biểu mẫu',
  notFoundText: 'Đường dẫn không đúng hoặc biểu mẫu đã bị gỡ.',
  unavailableTitle: 'Biểu mẫu hiện không nhận trả lời',
  badCodeTitle: 'Mã biên nhận không hợp lệ',
  badCodeText: 'Vui lòng kiểm tra lại mã (13 chữ và số, ví dụ K7QM-3XD9-B2HT-Z).',
  unknownCodeTitle: 'Không tìm thấy mã biên nhận',
  unknownCodeText: 'Không có phản hồi nào với mã này.',
  errorTitle: 'Chưa gửi được',
} as const;

export type PageKey = keyof typeof vi;

const en: Record<PageKey, string> = {
  footer: 'Lắng Nghe — Vietnam Fatherland Front. Personal data is kept confidential as the law requires.',
  landingTitle: 'Lắng Nghe — we are listening',
  landingIntro:
    'Send feedback, petitions and survey answers to the Fatherland Front and its member organisations.',
  openForms: 'Open forms',
  noOpenForms: 'No form is open at the moment.',
  closesOn: 'closes',
  staffConsole: 'Staff console',
  lookupTitle: 'Look up a receipt',
  lookupButton: 'Look up',
  codeLabel: 'Receipt code',
  codeHint: '13 letters and digits, as printed on your receipt; with or without the dashes.',
  pinLabel: 'PIN (optional)',
  pinPlaceholder: '6 digits',
  pinHint: 'Only feedback and letters have a PIN: enter it to see progress and the answer.',
  surveyStatusNote: 'Answers are counted together with everyone else’s, not handled or answered one by one.',
  requiredNote: 'Items marked "(required)" must be answered.',
  qrLink: 'QR code of this form',
  receivedTitle: 'Sent successfully',
  statusTitle: 'Look up a receipt',
  form: 'Form',
  submittedAt: 'Sent at',
  status: 'Status',
  st_received: 'Received',
  st_in_progress: 'In progress',
  st_answered: 'Answered',
  st_closed: 'Closed',
  backHome: 'Home',
  notFoundTitle: 'Form not found',
  notFoundText: 'The link is wrong or the form was removed.',
  unavailableTitle: 'This form is not taking answers',
  badCodeTitle: 'Invalid receipt code',
  badCodeText: 'Please check the code (13 letters and digits, e.g. K7QM-3XD9-B2HT-Z).',
  unknownCodeTitle: 'Receipt code not found',
  unknownCodeText: 'No submission has this code.',
  errorTitle: 'Not sent',
};

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
} as const;

/** The receipt's "what happens next" for a form kind; other kinds (none public today) say nothing. */
export function receiptNote(kind: string | undefined, lang: Lang): string | undefined {
  const n = NEXT[kind as keyof typeof NEXT];
  return n ? n[lang] : undefined;
}

/** A page text in a language. */
export function pageText(key: PageKey, lang: Lang): string {
  return lang === 'en' ? en[key] : vi[key];
}
