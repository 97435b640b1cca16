/**
 * Why an upload is refused when its metadata cannot be removed safely: one field error on `file`,
 * with a stable code and a message in Vietnamese and English (400 `validation_failed`).
 */
import { AppError, fieldError } from '../../lib/errors';

const MESSAGES = {
  damaged_file: {
    vi: 'Tệp bị hỏng hoặc không đúng cấu trúc của loại tệp, nên không thể xoá an toàn thông tin ẩn trong tệp (vị trí, thiết bị, tác giả). Hãy mở và lưu lại tệp rồi gửi lại.',
    en: 'The file is damaged or does not have the structure of its type, so its hidden metadata (location, device, author) cannot be removed safely. Open and save it again, then resend it.',
  },
  encrypted_pdf: {
    vi: 'Tệp PDF được đặt mật khẩu hoặc mã hoá nên không thể xoá thông tin ẩn trong tệp. Hãy gửi bản PDF không đặt mật khẩu.',
    en: 'The PDF is password-protected or encrypted, so its hidden metadata cannot be removed. Send a copy without a password.',
  },
  pdf_attachments: {
    vi: 'Tệp PDF chứa tệp đính kèm bên trong, không thể xoá thông tin ẩn của các tệp đó. Hãy gửi riêng từng tệp.',
    en: 'The PDF carries attached files whose hidden metadata cannot be removed. Send each file on its own.',
  },
} as const;

/** The codes a metadata refusal carries (in `error.fields[0].code`). */
export type MetadataRefusal = keyof typeof MESSAGES;

/**
 * The AppError for one refusal, on the field `file`.
 * @example throw refuseFile('damaged_file')
 */
export function refuseFile(code: MetadataRefusal) {
  const m = MESSAGES[code];
  return new AppError('validation_failed', [fieldError('file', code, { vi: m.vi, en: m.en })]);
}

/** Joins byte ranges into one array. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
