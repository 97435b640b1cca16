/**
 * How every user-supplied file leaves the app (decision 065): citizens' evidence, model photos —
 * anything whose bytes someone outside the staff's control chose. Served from our own origin, so
 * the response must never become a page of that origin:
 * - `Content-Disposition: attachment` with a plain ASCII file name: opened from a link, the file is
 *   downloaded, not shown inside the console's origin (an `<img>` still displays an image: image
 *   loads ignore the disposition);
 * - `Content-Security-Policy: default-src 'none'; sandbox`: should a browser render it anyway, it
 *   renders in an opaque origin with no script, no forms, no requests;
 * - the content type judged from the bytes at upload (`sniffType`), anything else
 *   `application/octet-stream`, and `X-Content-Type-Options: nosniff`;
 * - `Cache-Control: private, no-store`: staff-only files stay out of every cache;
 * - `Cross-Origin-Resource-Policy: same-origin`: no other site can embed them.
 */

/** The types uploads accept (`sniffType`), with the extension a downloaded file gets. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/** The content type a user file is served as: an accepted upload type, else octet-stream. */
export function servedType(type: string | undefined): string {
  return type && EXTENSIONS[type] ? type : 'application/octet-stream';
}

/**
 * The name a user file is downloaded under (and listed under, e.g. in a case file export).
 * @param name the name without extension; reduced to `[A-Za-z0-9._-]`
 * @example userFileName('image/png', 'minh-chung-1a2b3c4d') // 'minh-chung-1a2b3c4d.png'
 */
export function userFileName(type: string | undefined, name: string): string {
  const base = name.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 80) || 'tep';
  return `${base}.${EXTENSIONS[servedType(type)] ?? 'bin'}`;
}

/**
 * The response that serves one stored user file.
 * @param name the download's name without extension (see `userFileName`)
 * @example userFileResponse(obj.body, obj.httpMetadata?.contentType, `minh-chung-${id}`)
 */
export function userFileResponse(body: BodyInit | null, type: string | undefined, name: string): Response {
  return new Response(body, {
    headers: {
      'content-type': servedType(type),
      'content-disposition': `attachment; filename="${userFileName(type, name)}"`,
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'cross-origin-resource-policy': 'same-origin',
    },
  });
}
