/**
 * Identity of a submitter (họ tên, điện thoại …) and the anti-abuse checks of the public
 * submission: Turnstile. Identity is validated per `definition.identity` and sealed with AES-GCM
 * (the keyring's identity key, worker/lib/keyring.ts) bound to the response id; it never appears in answers, search text, listings or CSV.
 */
import * as v from 'valibot';
import type { Env } from '../env';
import type { FormDefinition, IdentityField } from '../forms/engine/definition';
import { AppError, type FieldError, fieldError } from '../lib/errors';
import { keyringOf, seal } from '../lib/keyring';

const PHONE = /^(?:\+?84|0)([35789]\d{8}|2\d{9})$/;
const FIELD_RULES: Record<IdentityField, { max: number; pattern?: RegExp; vi: string; en: string }> = {
  name: { max: 200, vi: 'Họ tên', en: 'Name' },
  phone: { max: 20, pattern: PHONE, vi: 'Số điện thoại không hợp lệ.', en: 'Not a valid phone number.' },
  email: {
    max: 254,
    pattern: /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u,
    vi: 'Email không hợp lệ.',
    en: 'Not a valid email.',
  },
  // CMND (9 digits) or CCCD (12 digits).
  id_number: {
    max: 12,
    pattern: /^(\d{9}|\d{12})$/,
    vi: 'Số CMND/CCCD không hợp lệ.',
    en: 'Not a valid ID number.',
  },
  address: { max: 500, vi: 'Địa chỉ', en: 'Address' },
};

/** Identity asked by a definition: mode and fields (defaults: name and phone). */
function identityConfig(def: FormDefinition) {
  const id = def.identity;
  if (!id || id.mode === 'none') return null;
  return {
    mode: id.mode,
    fields: (id.fields?.length ? id.fields : ['name', 'phone']) as IdentityField[],
    consent: id.consent,
  };
}

/**
 * Checks the identity a citizen gave against the form's settings.
 * Returns the cleaned identity (null = anonymous) and the consent version to store.
 * - `none`: any non-blank identity is refused (400), so nothing is collected by accident;
 * - `optional`: blank means anonymous; given identity needs `consentAccepted`;
 * - `required`: every configured field must be filled, and consent accepted.
 */
export function checkIdentity(
  def: FormDefinition,
  input: unknown,
  consentAccepted: boolean | undefined,
): { identity: Record<string, string> | null; consentVersion: string | null } {
  const cfg = identityConfig(def);
  const raw =
    input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    throw new AppError('validation_failed', [
      fieldError('identity', 'invalid_type', {
        vi: 'Thông tin cá nhân không hợp lệ.',
        en: 'Identity must be an object.',
      }),
    ]);
  }
  const fields: FieldError[] = [];
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
    if (!cfg?.fields.includes(key as IdentityField)) {
      fields.push(
        fieldError(`identity.${key}`, 'not_asked', {
          vi: 'Biểu mẫu không hỏi thông tin này.',
          en: 'This form does not ask for this.',
        }),
      );
      continue;
    }
    const rule = FIELD_RULES[key as IdentityField];
    if (typeof value !== 'string') {
      fields.push(
        fieldError(`identity.${key}`, 'invalid_type', { vi: 'Giá trị không hợp lệ.', en: 'Must be text.' }),
      );
      continue;
    }
    let s = value.normalize('NFC').trim();
    if (key === 'phone') s = s.replace(/[\s.-]/g, '');
    if (/\p{Cc}/u.test(s) || s.length > rule.max || (rule.pattern && !rule.pattern.test(s))) {
      fields.push(
        fieldError(`identity.${key}`, 'invalid', {
          vi: rule.pattern ? rule.vi : `${rule.vi}: không hợp lệ.`,
          en: rule.pattern ? rule.en : `${rule.en}: not valid.`,
        }),
      );
      continue;
    }
    out[key] = s;
  }
  if (cfg?.mode === 'required') {
    for (const f of cfg.fields) {
      if (!out[f])
        fields.push(
          fieldError(`identity.${f}`, 'required', {
            vi: 'Vui lòng nhập thông tin này.',
            en: 'This is required.',
          }),
        );
    }
  }
  const given = Object.keys(out).length > 0;
  if (given && consentAccepted !== true) {
    fields.push(
      fieldError('consentAccepted', 'consent_required', {
        vi: 'Vui lòng đồng ý với điều khoản xử lý dữ liệu cá nhân.',
        en: 'Please accept the personal-data consent.',
      }),
    );
  }
  if (fields.length) throw new AppError('validation_failed', fields);
  return given
    ? { identity: out, consentVersion: cfg!.consent?.version ?? null }
    : { identity: null, consentVersion: null };
}

/** Seals identity JSON bound to its response id (AAD): a sealed value cannot be moved to another row. */
export async function sealIdentity(
  env: Env,
  identity: Record<string, string>,
  responseId: string,
): Promise<string> {
  return seal(keyringOf(env), 'identity', JSON.stringify(identity), responseId);
}

/** Cloudflare's public test secrets: always pass / always fail. Recognised so tests need no network. */
export const TURNSTILE_TEST_SECRETS = {
  pass: '1x0000000000000000000000000000000AA',
  fail: '2x0000000000000000000000000000000AA',
} as const;

const SiteverifyReply = v.object({ success: v.boolean() });

/**
 * Verifies a Turnstile token when the form asks for it. With the always-pass test secret the check
 * is skipped (no outbound call in tests or local dev); with the always-fail one it fails. Without a
 * configured secret the form cannot be protected, so submission is refused (503) rather than
 * silently accepting unverified traffic.
 */
export async function verifyTurnstile(env: Env, token: string | undefined, ip?: string): Promise<void> {
  if (!token) {
    throw new AppError('validation_failed', [
      fieldError('turnstileToken', 'required', {
        vi: 'Vui lòng xác nhận bạn không phải máy.',
        en: 'Please complete the challenge.',
      }),
    ]);
  }
  const secret = env.TURNSTILE_SECRET;
  if (!secret) {
    throw new AppError('turnstile_unavailable');
  }
  if (secret === TURNSTILE_TEST_SECRETS.pass) return;
  let ok = false;
  if (secret !== TURNSTILE_TEST_SECRETS.fail) {
    const body = new FormData();
    body.set('secret', secret);
    body.set('response', token);
    if (ip) body.set('remoteip', ip);
    const res = await fetch('https://challenges.cloudflare.com/turnstile/v0/siteverify', {
      method: 'POST',
      body,
    });
    const parsed = v.safeParse(SiteverifyReply, await res.json().catch(() => null));
    ok = parsed.success && parsed.output.success;
  }
  if (!ok) {
    throw new AppError('turnstile_failed');
  }
}
