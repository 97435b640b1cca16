/**
 * The island's second chunk (decision 235): what the citizen needs only once the form is in use —
 * the engine's validation (Next, Send), evidence uploads (photo downscaling, progress), the picker
 * search, and the receipt shown after a send. The engine's modules are a separate copy here (see
 * `laterEngineCopy` in vite.config.ts): the first chunk keeps only the show-if logic it renders with. `island.tsx` imports it with `import()` when a file is chosen, a search typed, or a queued
 * submission is about to be sent (so the receipt can always be drawn once the server has answered),
 * and warms it when the citizen first touches the form. Everything here needs the network anyway.
 */
import type { ErrorBody, Reply } from '../console/lib/api';

export { validateAnswers } from '../../worker/forms/engine/logic';
export { ReceiptView } from '../../worker/forms/view/Receipt';
export { OfflineQueue } from './queue';

/** Longest side of a photo as uploaded: plenty for evidence, a fraction of a phone camera's bytes. */
const PHOTO_MAX = 1600;

/**
 * A photo downscaled to PHOTO_MAX and re-encoded as JPEG in the browser before upload (decision
 * 233): a phone's 4–12 MB picture becomes a few hundred KB on 3G, and re-encoding drops all its
 * metadata (GPS position, camera serial) and applies its EXIF orientation to the pixels. Anything
 * that is not a decodable image goes as it is (the server sniffs and checks it).
 */
export async function shrinkPhoto(file: File): Promise<Blob> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
  try {
    const img = await createImageBitmap(file);
    const scale = Math.min(1, PHOTO_MAX / Math.max(img.width, img.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff'; // transparent PNG areas: white, not JPEG's black
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    img.close();
    const out = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.8));
    return out ?? file;
  } catch {
    return file;
  }
}

/** POSTs a form body with upload progress (fetch has none): resolves with status and parsed JSON. */
export function postWithProgress(
  url: string,
  body: FormData,
  headers: Record<string, string>,
  onProgress: (f: number) => void,
) {
  return new Promise<{
    ok: boolean;
    data: Partial<Reply<'/api/public/forms/{slug}/uploads', 'post'>> & { error?: Partial<ErrorBody> };
  }>((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', url);
    for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
    x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    x.onload = () => {
      let data = {};
      try {
        data = JSON.parse(x.responseText);
      } catch {}
      resolve({ ok: x.status >= 200 && x.status < 300, data });
    };
    x.onerror = x.ontimeout = () => reject(new Error('network'));
    x.send(body);
  });
}

/** One search of a long picker by name: `{choices}` or `{message}` (a refusal), throws offline. */
export async function findChoices(
  slug: string,
  qid: string,
  q: string,
  lang: string,
): Promise<{ choices?: { value: string; label: string }[]; message?: string }> {
  const res = await fetch(
    `/api/public/forms/${encodeURIComponent(slug)}/choices/${qid}?q=${encodeURIComponent(q)}&lang=${lang}`,
    { credentials: 'omit' },
  );
  const body = (await res.json().catch(() => ({}))) as Partial<
    Reply<'/api/public/forms/{slug}/choices/{questionId}'>
  > & { error?: Partial<ErrorBody> };
  if (!res.ok || !body.choices) return { message: body.error?.message };
  return { choices: body.choices.map((c) => ({ value: c.id, label: c.label })) };
}
