/**
 * Quyền của người gửi in words: the kinds of request a reporter makes about their personal data
 * and where a request stands — once, for the reporter's data page and intake's console
 * (decision 293). Pure module.
 */
import type { DataRequestKind, DataRequestStatus } from '../db/schema/rights';
import type { LocalText } from '../lib/i18n';

/** What the reporter asked for (`access` is the data page itself: recorded, never answered). */
export const DATA_REQUEST_KIND: Record<DataRequestKind, LocalText> = {
  access: { vi: 'Xem dữ liệu', en: 'See data' },
  correct: { vi: 'Sửa thông tin liên hệ', en: 'Correct contact details' },
  withdraw: { vi: 'Rút lại sự đồng ý', en: 'Withdraw consent' },
  delete: { vi: 'Đề nghị xóa dữ liệu', en: 'Ask for deletion' },
};

/** Where a request stands. */
export const DATA_REQUEST_STATUS: Record<DataRequestStatus, LocalText> = {
  open: { vi: 'Chờ trả lời', en: 'Open' },
  done: { vi: 'Đã thực hiện', en: 'Done' },
  refused: { vi: 'Từ chối', en: 'Refused' },
};
