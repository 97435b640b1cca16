/**
 * Vụ việc in words: every name a case's status, kind, closure and timeline events go by, once, for
 * the Worker's pages, the dashboards, the exports and the console alike (decision 293). Staff read
 * the `CASE_*` names; the reporter reads the `*_FOR_REPORTER` ones, plainer and without the
 * intake-only steps. Pure module: the console bundles it.
 */
import type {
  CASE_ACTOR_KINDS,
  CASE_VISIBILITIES,
  CaseClosure,
  CaseKind,
  CaseStatus,
  HOLIDAY_KINDS,
  HOLIDAY_SOURCES,
} from '../db/schema/cases';
import type { LocalText } from '../lib/i18n';

/** Mức độ: how serious intake judged a case when classifying it. */
export const CASE_SEVERITY: Record<'low' | 'medium' | 'high', LocalText> = {
  low: { vi: 'Thấp', en: 'Low' },
  medium: { vi: 'Trung bình', en: 'Medium' },
  high: { vi: 'Cao', en: 'High' },
};

/** Case statuses as staff, the dashboards and the exports name them. */
export const CASE_STATUS: Record<CaseStatus, LocalText> = {
  received: { vi: 'Mới tiếp nhận', en: 'Received' },
  prescreening: { vi: 'Đang sàng lọc', en: 'Pre-screening' },
  classified: { vi: 'Đã phân loại', en: 'Classified' },
  forwarded: { vi: 'Đã chuyển xử lý', en: 'Forwarded' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
};

const RECEIVED_FOR_REPORTER: LocalText = { vi: 'Đã tiếp nhận', en: 'Received' };

/** Case statuses as the reporter reads them (receipt and tracking pages): screening reads "received". */
export const CASE_STATUS_FOR_REPORTER: Record<CaseStatus, LocalText> = {
  received: RECEIVED_FOR_REPORTER,
  prescreening: RECEIVED_FOR_REPORTER,
  classified: { vi: 'Đã thụ lý, đang phân loại', en: 'Accepted, being classified' },
  forwarded: { vi: 'Đã chuyển cơ quan có thẩm quyền', en: 'Forwarded to the responsible body' },
  in_progress: CASE_STATUS.in_progress,
  answered: CASE_STATUS.answered,
  closed: CASE_STATUS.closed,
};

/** Loại vụ việc. */
export const CASE_KIND: Record<CaseKind, LocalText> = {
  feedback: { vi: 'Góp ý, phản ánh', en: 'Feedback' },
  complaint: { vi: 'Khiếu nại', en: 'Complaint' },
  denunciation: { vi: 'Tố cáo', en: 'Denunciation' },
  petition: { vi: 'Kiến nghị', en: 'Petition' },
};

/** How a case ended. */
export const CASE_CLOSURE: Record<CaseClosure, LocalText> = {
  resolved: { vi: 'Đã giải quyết', en: 'Resolved' },
  not_competent: { vi: 'Không thuộc thẩm quyền', en: 'Not within competence' },
  duplicate: { vi: 'Trùng lặp', en: 'Duplicate' },
  insufficient_info: { vi: 'Không đủ thông tin', en: 'Insufficient information' },
};

/**
 * Staff actions (the case page's buttons) and the timeline events they and the system leave
 * (`case_events.type`), as staff read them.
 */
export const CASE_EVENT = {
  classify: { vi: 'Phân loại, thụ lý', en: 'Classify' },
  forward: { vi: 'Chuyển cơ quan xử lý', en: 'Forward' },
  start: { vi: 'Bắt đầu xử lý', en: 'Start' },
  answer: { vi: 'Trả lời', en: 'Answer' },
  return: { vi: 'Trả lại (không thuộc thẩm quyền)', en: 'Return to intake' },
  close: { vi: 'Kết thúc', en: 'Close' },
  merge: { vi: 'Gộp vụ việc trùng', en: 'Merge duplicate' },
  created: { vi: 'Tiếp nhận', en: 'Received' },
  note: { vi: 'Ghi chú nội bộ', en: 'Internal note' },
  reply: { vi: 'Phản hồi công khai', en: 'Public reply' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  extension: { vi: 'Gia hạn', en: 'Extension' },
  rating: { vi: 'Người gửi đánh giá', en: 'Reporter rated' },
  reopen: { vi: 'Người gửi đề nghị xem xét lại', en: 'Reporter reopened' },
  withdraw: { vi: 'Người gửi rút lại sự đồng ý (kết thúc)', en: 'Reporter withdrew consent (closed)' },
} as const satisfies Record<string, LocalText>;

/** The public timeline's events as the reporter reads them (internal events never reach the page). */
export const CASE_EVENT_FOR_REPORTER = {
  created: { vi: 'Đã gửi', en: 'Sent' },
  classify: { vi: 'Đã thụ lý', en: 'Accepted' },
  forward: { vi: 'Đã chuyển đến', en: 'Forwarded to' },
  start: { vi: 'Cơ quan xử lý bắt đầu xem xét', en: 'The responsible body started' },
  answer: { vi: 'Đã trả lời', en: 'Answered' },
  close: { vi: 'Đã kết thúc', en: 'Closed' },
  merge: { vi: 'Đã gộp với vụ việc trùng nội dung', en: 'Merged with a case of the same content' },
  reopen: { vi: 'Bạn đề nghị xem xét lại', en: 'You asked for a review' },
  reply: { vi: 'Phản hồi', en: 'Reply' },
  rating: { vi: 'Bạn đã đánh giá', en: 'You rated' },
  extension: { vi: 'Gia hạn xử lý', en: 'Deadline extended' },
  withdraw: {
    vi: 'Bạn đã rút lại sự đồng ý, vụ việc kết thúc',
    en: 'You withdrew consent; the case is closed',
  },
} as const satisfies Record<string, LocalText>;

/** Who sees a timeline event or a note (`case_events.visibility`). */
export const CASE_VISIBILITY: Record<(typeof CASE_VISIBILITIES)[number], LocalText> = {
  public: { vi: 'Công khai cho người gửi', en: 'Public to the reporter' },
  internal: { vi: 'Nội bộ (MTTQ và cơ quan xử lý)', en: 'Internal (Front and body)' },
  intake: { vi: 'Chỉ cán bộ tiếp nhận (MTTQ)', en: 'Intake only (the Front)' },
};

/** Who acted (`case_events.actor_kind`); a staff member is shown by name where known. */
export const CASE_ACTOR: Record<(typeof CASE_ACTOR_KINDS)[number], LocalText> = {
  staff: { vi: 'cán bộ', en: 'staff' },
  citizen: { vi: 'người gửi', en: 'reporter' },
  system: { vi: 'hệ thống', en: 'system' },
};

/** Deadline outcomes (`case_outcomes.outcome`) and the overdue flag of a case or request. */
export const DEADLINE_OUTCOME = {
  on_time: { vi: 'Đúng hạn', en: 'On time' },
  late: { vi: 'Trễ hạn', en: 'Late' },
  overdue: CASE_EVENT.overdue,
} as const satisfies Record<string, LocalText>;

/** Lịch nghỉ: a calendar day off, or a weekend day worked in compensation. */
export const HOLIDAY_KIND: Record<(typeof HOLIDAY_KINDS)[number], LocalText> = {
  off: { vi: 'Ngày nghỉ', en: 'Day off' },
  work: { vi: 'Ngày làm bù', en: 'Compensatory working day' },
};

/** Where a holiday comes from; a provisional one waits for the year's decision (admins confirm). */
export const HOLIDAY_SOURCE: Record<(typeof HOLIDAY_SOURCES)[number], LocalText> = {
  statute: { vi: 'Bộ luật Lao động', en: 'Labour Code' },
  decision: { vi: 'Quyết định của Chính phủ', en: 'Government decision' },
  provisional: { vi: 'Dự kiến', en: 'Provisional' },
};
