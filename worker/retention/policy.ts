/**
 * Thời hạn lưu trữ — the retention policy as data (decisions 260–263): the data categories, which
 * depend on the form kind, their defaults, the legal bounds an administrator may set within, and
 * the processing-register facts (what, why, legal basis, who sees it). The retention settings, the
 * job and the register export all read this one table, so the register cannot drift from what the
 * job does. Pure: no D1, no Workers APIs.
 */
import { FORM_KINDS } from '../db/schema';

export type FormKind = (typeof FORM_KINDS)[number];

export const RETENTION_CATEGORIES = [
  'identity',
  'free_text',
  'files',
  'unsubmitted_files',
  'audit',
  'sessions',
  'ballot_codes',
  'outbox',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** Categories set per form kind; the others apply to the whole database (form kind `*`). */
export const PER_KIND_CATEGORIES: readonly RetentionCategory[] = ['identity', 'free_text', 'files'];
export const ANY_KIND = '*';
export type KindKey = FormKind | typeof ANY_KIND;

/** The form kinds whose responses become cases: their clock starts when the case is closed. */
export const CASE_FORM_KINDS: readonly FormKind[] = ['feedback', 'petition'];

/** Form-kind-independent text kept bilingual (the register is read by Vietnamese inspectors). */
interface Bi {
  vi: string;
  en: string;
}

export interface CategoryPolicy {
  category: RetentionCategory;
  name: Bi;
  /** What is held, and where. */
  what: Bi;
  purpose: Bi;
  /** The legal basis of the processing and of the period (assumed; a lawyer must confirm: decision 260). */
  basis: Bi;
  /** Who can see it in the product. */
  access: Bi;
  /** What the daily job does when the period has passed. */
  action: 'anonymise' | 'delete' | 'keep';
  /** When the period starts. */
  from: Bi;
  /** Default period in days, per form kind for PER_KIND_CATEGORIES, else under `*`. */
  defaults: Partial<Record<KindKey, number>>;
  /** Bounds an administrator may set within (days), per kind where the law differs. */
  min: Partial<Record<KindKey, number>>;
  max: number;
}

const Y = 365;

/** The bounds of the per-kind categories (a petition's data is part of its case file). */
const PER_KIND_BOUNDS = {
  min: { survey: 30, feedback: 30, petition: 5 * Y, report: 30, other: 30 },
  max: 20 * Y,
};
/** Who sees data no screen shows. */
const NOBODY: Bi = { vi: 'Không ai đọc qua giao diện.', en: 'Nobody, through the product.' };

const CASE_START: Bi = {
  vi: 'Biểu mẫu khảo sát/khác: từ lúc gửi. Phản ánh, đơn thư: từ lúc hồ sơ được đóng (và hết thời hạn mở lại).',
  en: 'Surveys and other forms: from submission. Feedback and petitions: from the case being closed (and its reopen window past).',
};

export const POLICIES: readonly CategoryPolicy[] = [
  {
    category: 'identity',
    name: { vi: 'Danh tính người gửi', en: 'Reporter identity' },
    what: {
      vi: 'Họ tên, số điện thoại, số định danh, địa chỉ người gửi (mã hoá, responses.identity_sealed).',
      en: "The reporter's name, phone, ID number, address (sealed, responses.identity_sealed).",
    },
    purpose: {
      vi: 'Liên hệ, xác minh và trả lời người gửi; bắt buộc với khiếu nại, tố cáo.',
      en: 'To contact, verify and answer the reporter; required for complaints and denunciations.',
    },
    basis: {
      vi: 'Đồng ý rõ ràng (Luật BVDLCN 91/2025/QH15); với khiếu nại/tố cáo: nghĩa vụ theo Luật Khiếu nại 2011, Luật Tố cáo 2018 và quy định lưu trữ hồ sơ (giả định, cần luật sư xác nhận).',
      en: 'Explicit consent (PDPL 91/2025/QH15); complaints/denunciations: legal obligation under the Law on Complaints 2011, the Law on Denunciations 2018 and archive rules for case files (assumed; a lawyer must confirm).',
    },
    access: {
      vi: 'Chỉ cán bộ tiếp nhận của đơn vị nhận, qua trình đọc có ghi nhật ký.',
      en: "Only the receiving unit's intake staff, through an audited reader.",
    },
    action: 'anonymise',
    from: CASE_START,
    defaults: { survey: 180, feedback: Y, petition: 5 * Y, report: Y, other: 180 },
    ...PER_KIND_BOUNDS,
  },
  {
    category: 'free_text',
    name: { vi: 'Câu trả lời tự do', en: 'Free-text answers' },
    what: {
      vi: 'Câu trả lời dạng văn bản, email, điện thoại trong câu hỏi; lời người gửi bổ sung trong hồ sơ.',
      en: "Text, email and phone answers; the reporter's own additions to a case.",
    },
    purpose: {
      vi: 'Tổng hợp ý kiến, xử lý vụ việc.',
      en: 'To read opinions and handle the case.',
    },
    basis: {
      vi: 'Đồng ý / thực hiện nhiệm vụ của MTTQ (Luật MTTQ 2015); dữ liệu nhạy cảm (quan điểm chính trị) — giữ không lâu hơn mục đích cần (Luật 91/2025/QH15).',
      en: 'Consent / the Front’s statutory task (Law on the Fatherland Front 2015); sensitive data (political opinion) — kept no longer than the purpose needs (PDPL 91/2025/QH15).',
    },
    access: {
      vi: 'Cán bộ có quyền xem kết quả biểu mẫu hoặc xử lý hồ sơ trong phạm vi đơn vị.',
      en: 'Staff who may read the form’s results or handle the case, within their units.',
    },
    action: 'anonymise',
    from: CASE_START,
    defaults: { survey: Y, feedback: 5 * Y, petition: 5 * Y, report: 2 * Y, other: Y },
    ...PER_KIND_BOUNDS,
  },
  {
    category: 'files',
    name: { vi: 'Tệp minh chứng', en: 'Evidence files' },
    what: {
      vi: 'Ảnh, PDF người gửi tải lên (kho tệp FILES, khoá f/<form>/…), đã xoá siêu dữ liệu.',
      en: 'Photos and PDFs reporters uploaded (FILES store, keys f/<form>/…), metadata stripped.',
    },
    purpose: { vi: 'Minh chứng cho phản ánh, đơn thư.', en: 'Evidence for the feedback or petition.' },
    basis: {
      vi: 'Như câu trả lời của cùng biểu mẫu; với đơn thư: hồ sơ vụ việc (giả định, cần luật sư xác nhận).',
      en: 'As the answers of the same form; petitions: part of the case file (assumed; a lawyer must confirm).',
    },
    access: {
      vi: 'Cán bộ tiếp nhận và cơ quan xử lý hồ sơ.',
      en: 'Intake staff and the body handling the case.',
    },
    action: 'delete',
    from: CASE_START,
    defaults: { survey: Y, feedback: 5 * Y, petition: 5 * Y, report: 2 * Y, other: Y },
    ...PER_KIND_BOUNDS,
  },
  {
    category: 'unsubmitted_files',
    name: { vi: 'Tệp tải lên nhưng không gửi', en: 'Uploads never submitted' },
    what: {
      vi: 'Tệp người dân đã tải lên (f/<form>/…) nhưng không có câu trả lời nào đã gửi tham chiếu tới.',
      en: 'Files a citizen uploaded (f/<form>/…) that no submitted response refers to.',
    },
    purpose: {
      vi: 'Chờ người dân gửi biểu mẫu (kể cả khi mất mạng và gửi lại sau).',
      en: 'Waiting for the citizen to send the form (also when offline and sent later).',
    },
    basis: {
      vi: 'Không còn mục đích khi biểu mẫu không được gửi (Luật 91/2025/QH15: tối thiểu hoá, hạn chế lưu trữ).',
      en: 'No purpose once the form was not sent (PDPL 91/2025/QH15: minimisation, storage limitation).',
    },
    access: NOBODY,
    action: 'delete',
    from: { vi: 'Từ lúc tải lên.', en: 'From the upload.' },
    defaults: { '*': 7 },
    min: { '*': 1 },
    max: 90,
  },
  {
    category: 'audit',
    name: { vi: 'Nhật ký cán bộ', en: 'Staff audit log' },
    what: {
      vi: 'Ai làm gì, khi nào (audit_log, chuỗi băm); không chứa danh tính người gửi.',
      en: "Who did what and when (audit_log, a hash chain); never the reporter's identity.",
    },
    purpose: {
      vi: 'Trách nhiệm giải trình: ai đã xem dữ liệu cá nhân (Luật 91/2025/QH15).',
      en: 'Accountability: who saw personal data (PDPL 91/2025/QH15).',
    },
    basis: {
      vi: 'Nghĩa vụ pháp lý của bên kiểm soát dữ liệu (ghi nhận xử lý); phục vụ thanh tra.',
      en: "The controller's legal obligation to record processing; for inspections.",
    },
    access: { vi: 'Quản trị viên toàn hệ thống.', en: 'Administrators of the whole tree.' },
    action: 'delete',
    from: { vi: 'Từ lúc ghi.', en: 'From the entry.' },
    defaults: { '*': 10 * Y },
    min: { '*': 5 * Y },
    max: 20 * Y,
  },
  {
    category: 'sessions',
    name: { vi: 'Phiên đăng nhập', en: 'Sign-in sessions' },
    what: {
      vi: 'Phiên của cán bộ (băm mã phiên, người dùng, thời điểm).',
      en: 'Staff sessions (token hash, user, times).',
    },
    purpose: { vi: 'Đăng nhập; điều tra sự cố gần đây.', en: 'Sign-in; investigating recent incidents.' },
    basis: {
      vi: 'Lợi ích hợp pháp / an toàn hệ thống thông tin.',
      en: 'Legitimate interest / information-system security.',
    },
    access: NOBODY,
    action: 'delete',
    from: { vi: 'Từ lúc phiên hết hạn.', en: 'From the session’s expiry.' },
    defaults: { '*': 0 },
    min: { '*': 0 },
    max: 90,
  },
  {
    category: 'ballot_codes',
    name: { vi: 'Mã phiếu đã băm', en: 'Ballot code hashes' },
    what: {
      vi: 'Băm của mã phiếu in và mã đã dùng (ballot_codes, ballot_spends); lá phiếu không bị xoá.',
      en: 'Hashes of printed and spent ballot codes (ballot_codes, ballot_spends); ballots are kept.',
    },
    purpose: {
      vi: 'Mỗi mã chỉ bỏ một phiếu; đối chiếu khi có khiếu nại về kết quả.',
      en: 'One ballot per code; checking a challenge to the result.',
    },
    basis: {
      vi: 'Quy định lấy phiếu tín nhiệm (QĐ 96-QĐ/TW 2023; Nghị quyết 96/2023/QH15) — hết nhu cầu sau khi công bố và hết thời gian khiếu nại (giả định).',
      en: 'Confidence-vote rules (Regulation 96-QĐ/TW 2023; Resolution 96/2023/QH15) — not needed after publication and the challenge period (assumed).',
    },
    access: NOBODY,
    action: 'delete',
    from: { vi: 'Từ lúc công bố kết quả.', en: 'From publication of the results.' },
    defaults: { '*': 30 },
    min: { '*': 7 },
    max: 5 * Y,
  },
  {
    category: 'outbox',
    name: { vi: 'Thông báo và webhook đã gửi', en: 'Webhook and notification payloads' },
    what: {
      vi: 'Nội dung đã gửi cho hệ thống tích hợp và thông báo (webhook_outbox), sau khi gửi xong hoặc bỏ.',
      en: 'Payloads sent to integrations and notifications (webhook_outbox), once delivered or given up.',
    },
    purpose: { vi: 'Gửi lại khi lỗi; đối chiếu giao nhận.', en: 'Retries; checking deliveries.' },
    basis: { vi: 'Thực hiện nhiệm vụ; lợi ích hợp pháp.', en: 'Statutory task; legitimate interest.' },
    access: { vi: 'Quản trị viên (trang webhook).', en: 'Administrators (webhooks page).' },
    action: 'delete',
    from: { vi: 'Từ lúc tạo.', en: 'From creation.' },
    defaults: { '*': 30 },
    min: { '*': 1 },
    max: Y,
  },
];

export function policyOf(category: RetentionCategory): CategoryPolicy {
  return POLICIES.find((p) => p.category === category)!;
}

/** The (kind, category) pairs that have a period, in register order. */
export function periodKeys(): { formKind: KindKey; category: RetentionCategory }[] {
  return POLICIES.flatMap((p) =>
    PER_KIND_CATEGORIES.includes(p.category)
      ? FORM_KINDS.map((k) => ({ formKind: k as KindKey, category: p.category }))
      : [{ formKind: ANY_KIND as KindKey, category: p.category }],
  );
}

/** Legal bounds of one period, in days. */
export function boundsOf(formKind: KindKey, category: RetentionCategory): { min: number; max: number } {
  const p = policyOf(category);
  return { min: p.min[formKind] ?? p.min[ANY_KIND] ?? 0, max: p.max };
}

export function defaultOf(formKind: KindKey, category: RetentionCategory): number {
  const p = policyOf(category);
  return p.defaults[formKind] ?? p.defaults[ANY_KIND]!;
}

/** Whether (kind, category) is a real period (per-kind categories need a form kind, the others `*`). */
export function isPeriodKey(formKind: string, category: string): boolean {
  return periodKeys().some((k) => k.formKind === formKind && k.category === category);
}

/**
 * Processing the register lists that has no period of its own here: it lives as long as what it
 * belongs to (an account, a case). Listed so the register export is the whole register.
 */
export interface RegisterOnly {
  category: string;
  name: Bi;
  what: Bi;
  purpose: Bi;
  basis: Bi;
  access: Bi;
  /** How long it is kept, in words. */
  kept: Bi;
}

export const REGISTER_ONLY: readonly RegisterOnly[] = [
  {
    category: 'staff_accounts',
    name: { vi: 'Tài khoản cán bộ', en: 'Staff accounts' },
    what: {
      vi: 'Họ tên, email, quyền theo đơn vị, khoá TOTP (mã hoá).',
      en: 'Name, email, role grants per unit, TOTP secret (sealed).',
    },
    purpose: { vi: 'Đăng nhập và phân quyền.', en: 'Sign-in and authorisation.' },
    basis: { vi: 'Thực hiện nhiệm vụ; quan hệ công tác.', en: 'Public task; employment.' },
    access: { vi: 'Quản trị viên.', en: 'Administrators.' },
    kept: {
      vi: 'Trong khi tài khoản còn tồn tại; quản trị viên xoá khi cán bộ thôi nhiệm vụ.',
      en: 'While the account exists; an administrator removes it when the person leaves.',
    },
  },
  {
    category: 'consent_and_requests',
    name: { vi: 'Đồng ý và yêu cầu của chủ thể dữ liệu', en: 'Consent records and data-subject requests' },
    what: {
      vi: 'Phiên bản văn bản đồng ý người gửi đã chấp nhận; yêu cầu xem, sửa, rút đồng ý, xoá.',
      en: 'The consent text version a reporter accepted; requests to see, correct, withdraw, delete.',
    },
    purpose: {
      vi: 'Chứng minh sự đồng ý; thực hiện quyền của chủ thể dữ liệu.',
      en: "Proving consent; the data subject's rights.",
    },
    basis: { vi: 'Luật 91/2025/QH15.', en: 'PDPL 91/2025/QH15.' },
    access: { vi: 'Cán bộ tiếp nhận của đơn vị nhận.', en: "The receiving unit's intake staff." },
    kept: {
      vi: 'Cùng hồ sơ; yêu cầu đang mở giữ toàn bộ hồ sơ khỏi bị xoá.',
      en: 'With the case; an open request holds the whole case from deletion.',
    },
  },
  {
    category: 'rollups',
    name: { vi: 'Số liệu tổng hợp', en: 'Aggregate counts' },
    what: {
      vi: 'Số lượt trả lời, số lựa chọn theo đơn vị và ngày/tháng; bộ đếm hồ sơ. Không có dữ liệu cá nhân; ô nhỏ hơn k bị ẩn.',
      en: 'Response and option counts per unit and day/month; case counters. No personal data; cells below k hidden.',
    },
    purpose: { vi: 'Bảng số liệu cho lãnh đạo.', en: 'Dashboards for the leadership.' },
    basis: { vi: 'Thực hiện nhiệm vụ.', en: 'Public task.' },
    access: {
      vi: 'Người xem bảng số liệu trong phạm vi đơn vị.',
      en: 'Board viewers, within their units.',
    },
    kept: {
      vi: 'Không xoá: không còn là dữ liệu cá nhân.',
      en: 'Not deleted: not personal data.',
    },
  },
];
