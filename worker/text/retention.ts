/**
 * Lưu trữ dữ liệu cá nhân in words: what the retention job does when a period ends, and the name of
 * the whole-database scope of a period — once, for the console's retention page (decision 293).
 * Pure module.
 */
import type { LocalText } from '../lib/i18n';

/** What the daily job does at the end of a period (the `action` of worker/retention/policy.ts). */
export const RETENTION_ACTION: Record<'anonymise' | 'delete' | 'keep', LocalText> = {
  anonymise: { vi: 'Ẩn danh hoá (bản ghi và số liệu còn lại)', en: 'Anonymised (records and figures stay)' },
  delete: { vi: 'Xoá', en: 'Deleted' },
  keep: { vi: 'Giữ nguyên, không xoá', en: 'Kept, not deleted' },
};

/** The form kind `*`: a period that applies to the whole database, not per form kind. */
export const ANY_FORM_KIND: LocalText = { vi: 'Toàn hệ thống', en: 'Whole system' };
