/**
 * Per-client limits of the public lookups, and the client-chosen keys (idempotency, device) public
 * requests carry. Receipt lookups (worker/responses) and case tracking (worker/cases) pass the same
 * limits, so they live below both.
 */
import * as v from 'valibot';
import type { Env } from '../env';
import { AppError, fieldError } from './errors';

/** Client-chosen keys (idempotency, device): 8–100 characters of [A-Za-z0-9_-]. */
export const ClientKeySchema = v.pipe(
  v.string(),
  v.minLength(8),
  v.maxLength(100),
  v.regex(/^[A-Za-z0-9_-]+$/, 'key: 8–100 characters of A-Z a-z 0-9 _ -'),
);

/** Checks a client key: absent is fine unless `required`; present, it must match `ClientKeySchema`. */
export function checkClientKey(value: string | undefined, path: string, required: boolean): void {
  if (value === undefined || value === '') {
    if (required) {
      throw new AppError('validation_failed', [
        fieldError(path, 'required', {
          vi: 'Thiếu khóa chống gửi trùng (Idempotency-Key).',
          en: 'The Idempotency-Key header is required.',
        }),
      ]);
    }
    return;
  }
  if (!v.is(ClientKeySchema, value)) {
    throw new AppError('validation_failed', [
      fieldError(path, 'invalid', {
        vi: 'Khóa phải gồm 8–100 ký tự A-Z a-z 0-9 _ -.',
        en: 'The key must be 8–100 characters of A-Z a-z 0-9 _ -.',
      }),
    ]);
  }
}

/** Who is looking a code up (receipt or tracking): the device key its app keeps, and its address. */
export interface LookupClient {
  /** `X-Device-Key`, the key submissions are limited by; pages without script send none. */
  deviceKey?: string;
  ip?: string;
}

/**
 * The limits every receipt and tracking lookup passes BEFORE its code is read, so a malformed code
 * or a wrong check character (400) counts like any other lookup (decision 046):
 * - per client: RL_AUTH (10 a minute) on the device key, whatever code it asks about;
 * - per address: the generous RL_IP ceiling, also the only per-client bound of a client without a
 *   device key — one carrier address serves many citizens (ENGINEERING.md), so an address alone is
 *   never held to a person's rate. The callers add a limit per code (tracking: the PIN guesses).
 * @throws AppError 400 validation_failed (a malformed device key), 429 rate_limited
 */
export async function lookupLimits(env: Env, client: LookupClient): Promise<void> {
  checkClientKey(client.deviceKey, 'deviceKey', false);
  const [device, ip] = await Promise.all([
    client.deviceKey ? env.RL_AUTH.limit({ key: `lookup:device:${client.deviceKey}` }) : { success: true },
    env.RL_IP.limit({ key: `lookup:ip:${client.ip ?? 'noip'}` }),
  ]);
  if (!device.success || !ip.success) throw new AppError('rate_limited');
}
