/**
 * Biểu mẫu in words: form kinds and statuses and the reporter-identity fields a form may ask —
 * once, for the public pages, the dashboards, the exports and the console (decision 293). Pure
 * module (the public form's island bundles the identity names).
 */
import type { FormKind, FormStatus } from '../db/schema/forms';
import type { IdentityField } from '../forms/engine/definition';
import type { LocalText } from '../lib/i18n';

/** Form kinds: the channel a submission comes in by. */
export const FORM_KIND: Record<FormKind, LocalText> = {
  survey: { vi: 'Khảo sát', en: 'Survey' },
  feedback: { vi: 'Góp ý, phản ánh', en: 'Feedback' },
  petition: { vi: 'Khiếu nại, tố cáo, kiến nghị', en: 'Complaint, denunciation or petition' },
  report: { vi: 'Báo cáo', en: 'Report' },
  other: { vi: 'Khác', en: 'Other' },
};

/** A form's life: draft → published → closed → archived. */
export const FORM_STATUS: Record<FormStatus, LocalText> = {
  draft: { vi: 'Bản nháp', en: 'Draft' },
  published: { vi: 'Đang mở', en: 'Published' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
  archived: { vi: 'Lưu trữ', en: 'Archived' },
};

/** Thông tin người gửi: the identity fields, as the form asks them and the reporter's data page shows them. */
export const IDENTITY_FIELD: Record<IdentityField, LocalText> = {
  name: { vi: 'Họ và tên', en: 'Full name' },
  phone: { vi: 'Số điện thoại', en: 'Phone number' },
  email: { vi: 'Email', en: 'Email' },
  id_number: { vi: 'Số CMND/CCCD', en: 'ID card number' },
  address: { vi: 'Địa chỉ', en: 'Address' },
};
