/**
 * Ảnh mô hình: photos of a model, uploaded by staff straight to the model (JPEG/PNG/WebP judged by
 * their bytes, metadata such as GPS position, device and author removed by worker/files/metadata —
 * the same rules as citizens' evidence, worker/files/uploads.ts) and stored in R2 under `models/<modelId>/<random>`.
 */
import { batchWithAudit } from '../audit/service';
import type { StaffSession } from '../auth/service';
import type { Env } from '../env';
import { stripMetadata } from '../files/metadata';
import { userFileResponse } from '../files/serve';
import { sniffType, UPLOAD_LIMIT } from '../files/uploads';
import { AppError } from '../lib/errors';
import { newId, randomId } from '../lib/ids';
import { insertPhotoStatement, selectPhoto } from './queries';
import { MODEL_EDIT, MODEL_READ, requireModel } from './service';

const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Stores one photo (the raw image is the request body) and records it on the model. */
export async function addPhoto(env: Env, staff: StaffSession | undefined, modelId: string, body: Uint8Array) {
  await requireModel(env.DB, staff, modelId, MODEL_EDIT);
  const type = sniffType(body);
  if (!type || !PHOTO_TYPES.has(type)) {
    throw new AppError('unsupported_file_type');
  }
  const bytes = await stripMetadata(type as 'image/jpeg' | 'image/png' | 'image/webp', body);
  const id = newId();
  const key = `models/${modelId}/${randomId(12)}`;
  await env.FILES.put(key, bytes, { httpMetadata: { contentType: type } });
  await batchWithAudit(
    env.DB,
    [
      insertPhotoStatement(env.DB, {
        id,
        modelId,
        key,
        type,
        size: bytes.byteLength,
        actorId: staff!.userId,
        now: Date.now(),
      }),
    ],
    { actorId: staff!.userId, action: 'model.photo', targetType: 'dvk_model', targetId: modelId },
  );
  return { id, type, size: bytes.byteLength, url: `/api/models/${modelId}/photos/${id}` };
}

/** The stored photo, for readers of the model, served as a user file (`userFileResponse`). */
export async function getPhoto(env: Env, staff: StaffSession | undefined, modelId: string, photoId: string) {
  await requireModel(env.DB, staff, modelId, MODEL_READ);
  const p = await selectPhoto(env.DB, modelId, photoId);
  const obj = p ? await env.FILES.get(p.key) : null;
  if (!p || !obj) throw new AppError('not_found', { what: 'photo' });
  // Uploaded by a person: downloaded, sandboxed, never cached (decision 065).
  return userFileResponse(obj.body, p.type, `anh-mo-hinh-${photoId.slice(-8)}`);
}

export { UPLOAD_LIMIT as PHOTO_LIMIT };
