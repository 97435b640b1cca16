/** Labels of the cases console pages (Vietnamese first), shared by the queue and the case page. */
export const STATUS: Record<string, [string, string]> = {
  received: ['Mới tiếp nhận', 'Received'],
  prescreening: ['Sàng lọc', 'Prescreening'],
  classified: ['Đã phân loại', 'Classified'],
  forwarded: ['Đã chuyển', 'Forwarded'],
  in_progress: ['Đang xử lý', 'In progress'],
  answered: ['Đã trả lời', 'Answered'],
  closed: ['Đã kết thúc', 'Closed'],
};

export const KIND: Record<string, [string, string]> = {
  feedback: ['Góp ý, phản ánh', 'Feedback'],
  complaint: ['Khiếu nại', 'Complaint'],
  denunciation: ['Tố cáo', 'Denunciation'],
  petition: ['Kiến nghị', 'Petition'],
};

export const CLOSURE: Record<string, [string, string]> = {
  resolved: ['Đã giải quyết', 'Resolved'],
  not_competent: ['Không thuộc thẩm quyền', 'Not within competence'],
  duplicate: ['Trùng lặp', 'Duplicate'],
  insufficient_info: ['Không đủ thông tin', 'Insufficient information'],
};

export const ACTION: Record<string, [string, string]> = {
  classify: ['Phân loại, thụ lý', 'Classify'],
  forward: ['Chuyển cơ quan xử lý', 'Forward'],
  start: ['Bắt đầu xử lý', 'Start'],
  answer: ['Trả lời', 'Answer'],
  return: ['Trả lại (không thuộc thẩm quyền)', 'Return to intake'],
  close: ['Kết thúc', 'Close'],
  merge: ['Gộp vụ việc trùng', 'Merge duplicate'],
  created: ['Tiếp nhận', 'Received'],
  note: ['Ghi chú nội bộ', 'Internal note'],
  reply: ['Phản hồi công khai', 'Public reply'],
  overdue: ['Quá hạn', 'Overdue'],
  extension: ['Gia hạn', 'Extension'],
  rating: ['Người gửi đánh giá', 'Reporter rated'],
  reopen: ['Người gửi đề nghị xem xét lại', 'Reporter reopened'],
  withdraw: ['Người gửi rút lại sự đồng ý (kết thúc)', 'Reporter withdrew consent (closed)'],
};

/** `[vi, en]` → the text in a language. */
export const pick = (pair: [string, string] | undefined, lang: 'vi' | 'en', fallback = '') =>
  pair ? pair[lang === 'en' ? 1 : 0] : fallback;
