/**
 * Evidence files (ảnh minh chứng) for file questions: the type is judged by the file's first bytes,
 * never by its name or the browser's word; metadata (GPS position, device, author, dates: EXIF, XMP,
 * IPTC, PNG text chunks, the PDF Info dictionary…) is removed before storage by
 * ./metadata (a file where that cannot be done safely is refused); the object key is
 * random and names the form.
 * R2 stays behind `env.FILES` (an R2Bucket-shaped interface), so a self-hosted store can replace it.
 */
import type { Env } from '../env';
import type { Question } from '../forms/engine/definition';
import { getOpenForm } from '../forms/service';
import { AppError, fieldError } from '../lib/errors';
import { randomId } from '../lib/ids';
import { readBytes } from '../lib/validate';
import { stripMetadata } from './metadata';

/** One file per request, at most 5 MB. */
export const UPLOAD_LIMIT = 5 * 1024 * 1024;
/** Multipart framing around the file (boundary, headers). */
const MULTIPART_SLACK = 16 * 1024;

export type UploadType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/**
 * The type of a file from its magic bytes, or null when it is none of the accepted ones.
 * @example sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])) // 'image/jpeg'
 */
export function sniffType(b: Uint8Array): UploadType | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(0, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

function invalidFile() {
  return new AppError('validation_failed', [
    fieldError('file', 'invalid_file', {
      vi: 'Tệp không đúng định dạng ảnh JPEG, PNG, WebP hoặc PDF.',
      en: 'The file is not a JPEG, PNG, WebP or PDF.',
    }),
  ]);
}

/**
 * Stores one uploaded evidence file for a file question of an open form and returns its key, which
 * the citizen's answer to that question then holds.
 * @throws AppError 404/409 (form), 400 validation_failed (no such file question, no file, wrong
 *   type, type not accepted by the question, metadata not removable: `damaged_file`,
 *   `encrypted_pdf`, `pdf_attachments`), 413 body_too_large, 429 rate_limited
 */
export async function storeUpload(
  env: Env,
  slug: string,
  req: Request,
  meta: { questionId: string; deviceKey?: string; ip?: string },
  now = Date.now(),
): Promise<{ key: string; type: UploadType; size: number }> {
  const open = await getOpenForm(env, slug, now);
  const q = open.definition.pages.flatMap((p) => p.questions).find((x) => x.id === meta.questionId);
  if (q?.type !== 'file') {
    throw new AppError('validation_failed', [
      fieldError('q', 'not_a_file_question', {
        vi: 'Câu hỏi không nhận tệp.',
        en: 'This question takes no file.',
      }),
    ]);
  }
  // Per device when the phone says who it is; the per-address ceiling only stops floods (carrier NAT).
  if (meta.deviceKey) {
    const { success } = await env.RL_DEVICE.limit({ key: `upload:${slug}:${meta.deviceKey}` });
    if (!success) throw new AppError('rate_limited');
  }
  const { success } = await env.RL_IP.limit({ key: `upload:${meta.ip ?? 'noip'}` });
  if (!success) throw new AppError('rate_limited');

  const body = await readBytes(req, UPLOAD_LIMIT + MULTIPART_SLACK);
  let file: FormDataEntryValue | null;
  try {
    const form = await new Request('http://upload/', {
      method: 'POST',
      body,
      headers: req.headers,
    }).formData();
    file = form.get('file');
  } catch {
    file = null;
  }
  if (!file || typeof file === 'string') {
    throw new AppError('validation_failed', [
      fieldError('file', 'required', { vi: 'Chưa chọn tệp.', en: 'No file was sent.' }),
    ]);
  }
  if (file.size > UPLOAD_LIMIT) throw new AppError('body_too_large', { limit: UPLOAD_LIMIT });
  const raw = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(raw);
  if (!type) throw invalidFile();
  const accept = (q as Extract<Question, { type: 'file' }>).accept;
  if (accept?.length && !accept.includes(type)) {
    throw new AppError('validation_failed', [
      fieldError('file', 'type_not_accepted', {
        vi: 'Câu hỏi này không nhận loại tệp này.',
        en: 'This question does not accept this file type.',
      }),
    ]);
  }
  const bytes = await stripMetadata(type, raw);
  const key = `f/${open.form.id}/${randomId(16)}`;
  await env.FILES.put(key, bytes, {
    httpMetadata: { contentType: type },
    customMetadata: { formId: open.form.id, questionId: q.id },
  });
  return { key, type, size: bytes.byteLength };
}
