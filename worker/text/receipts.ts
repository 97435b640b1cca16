/**
 * Biên nhận in words: what the reporter's pages call a receipt's parts — the lookup on the landing
 * page, the receipt's status page and the case tracking page label them alike. Pure module.
 */
import type { LocalText } from '../lib/i18n';

export const RECEIPT = {
  code: { vi: 'Mã biên nhận', en: 'Receipt code' },
  pinPlaceholder: { vi: '6 chữ số', en: '6 digits' },
  sentAt: { vi: 'Thời gian gửi', en: 'Sent at' },
  status: { vi: 'Tình trạng', en: 'Status' },
} as const satisfies Record<string, LocalText>;
