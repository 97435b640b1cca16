/**
 * Biên nhận in words: what the reporter's pages call a receipt's parts — the lookup on the landing
 * page, the receipt's status page and the case tracking page label them alike, and the receipt shown
 * after a send says them. Pure module.
 */
import type { LocalText } from '../lib/i18n';

export const RECEIPT = {
  code: { vi: 'Mã biên nhận', en: 'Receipt code' },
  pinPlaceholder: { vi: '6 chữ số', en: '6 digits' },
  sentAt: { vi: 'Thời gian gửi', en: 'Sent at' },
  status: { vi: 'Tình trạng', en: 'Status' },
  // The receipt itself, after a send (worker/forms/view/Receipt.tsx: the island's second chunk and
  // the no-JavaScript receipt page).
  receivedTitle: { vi: 'Đã gửi thành công', en: 'Sent successfully' },
  yourCode: { vi: 'Mã biên nhận của bạn', en: 'Your receipt code' },
  yourPin: { vi: 'Mã PIN của bạn', en: 'Your PIN' },
  keepCode: {
    vi: 'Hãy ghi lại hoặc chụp màn hình mã này.',
    en: 'Write this code down or take a screenshot.',
  },
  keepCodePin: {
    vi: 'Hãy ghi lại và giữ kín mã PIN: mã chỉ hiển thị tại đây. Cần cả mã biên nhận và mã PIN để xem tiến độ, trả lời, đánh giá hoặc đề nghị xem xét lại.',
    en: 'Write the PIN down and keep it secret: it is shown only here. You need both the receipt code and the PIN to see progress and the answer, rate it or ask for a review.',
  },
  checkStatus: { vi: 'Tra cứu biên nhận', en: 'Look up this receipt' },
  trackCase: { vi: 'Tra cứu tiến độ, trả lời', en: 'See progress and the answer' },
} as const satisfies Record<string, LocalText>;
