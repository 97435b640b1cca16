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
  lookupTitle: 'Tra cứu mã tiếp nhận',
  lookupButton: 'Tra cứu',
  requiredNote: 'Các mục ghi "(bắt buộc)" phải trả lời.',
  qrLink: 'Mã QR của biểu mẫu này',
  receivedTitle: 'Đã gửi thành công',
  statusTitle: 'Tình trạng tiếp nhận',
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
  badCodeTitle: 'Mã tiếp nhận không hợp lệ',
  badCodeText: 'Vui lòng kiểm tra lại mã (gồm chữ và số, ví dụ K7QM-3XD9-B2HT-Z).',
  unknownCodeTitle: 'Không tìm thấy mã tiếp nhận',
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
  lookupTitle: 'Look up a receipt code',
  lookupButton: 'Look up',
  requiredNote: 'Items marked "(required)" must be answered.',
  qrLink: 'QR code of this form',
  receivedTitle: 'Sent successfully',
  statusTitle: 'Receipt status',
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
  badCodeText: 'Please check the code (letters and digits, e.g. K7QM-3XD9-B2HT-Z).',
  unknownCodeTitle: 'Receipt code not found',
  unknownCodeText: 'No submission has this code.',
  errorTitle: 'Not sent',
};

/** A page text in a language. */
export function pageText(key: PageKey, lang: Lang): string {
  return lang === 'en' ? en[key] : vi[key];
}
