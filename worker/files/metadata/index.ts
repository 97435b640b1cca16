/**
 * Files without metadata (issue 14 item 5, decision 255): every accepted upload type is stored
 * without location, device, author or timestamp metadata. One entry point, `stripMetadata`, for
 * every upload path (citizens' evidence, worker/files/uploads.ts; model photos,
 * worker/models/photos.ts). Pure code over bytes (and pdf-lib), the same on workerd and Node.
 *
 * Per format (details in each file): JPEG `./jpeg.ts`, PNG `./png.ts`, WebP `./webp.ts`, PDF
 * `./pdf.ts`. A file whose metadata cannot be removed safely — damaged structure, bytes of another
 * type behind the magic number, an encrypted PDF, a PDF with attached files — is refused with a
 * field error on `file` (`damaged_file`, `encrypted_pdf`, `pdf_attachments`), never stored as is.
 */
import { stripJpegMetadata } from './jpeg';
import { stripPdfMetadata } from './pdf';
import { stripPngMetadata } from './png';
import { stripWebpMetadata } from './webp';

export { type MetadataRefusal, refuseFile } from './refusals';
export { stripJpegMetadata, stripPdfMetadata, stripPngMetadata, stripWebpMetadata };

/** The upload types whose metadata this module removes (the ones `sniffType` recognises). */
export type StrippableType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/**
 * The file's bytes without metadata, for the type its magic bytes showed.
 * @throws AppError 400 `validation_failed`, field `file`: `damaged_file`, `encrypted_pdf`,
 *   `pdf_attachments`
 * @example const bytes = await stripMetadata(sniffType(body)!, body)
 */
export async function stripMetadata(type: StrippableType, bytes: Uint8Array): Promise<Uint8Array> {
  switch (type) {
    case 'image/jpeg':
      return stripJpegMetadata(bytes);
    case 'image/png':
      return stripPngMetadata(bytes);
    case 'image/webp':
      return stripWebpMetadata(bytes);
    case 'application/pdf':
      return stripPdfMetadata(bytes);
  }
}
