/** valibot schemas of the file API: an evidence upload for a file question. */
import * as v from 'valibot';

export const UploadQuery = v.object({
  q: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/, 'q: a question id')),
});
export const UploadBody = v.object({
  file: v.pipe(v.string(), v.description('binary: JPEG, PNG, WebP or PDF, ≤ 5 MB')),
});
export const UploadResult = v.object({
  key: v.string(),
  type: v.picklist(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
  size: v.number(),
});
