/**
 * Cryptography on Web Crypto only (runs in workerd and in any self-hosted runtime).
 * - passwords: PBKDF2-SHA256, iterations pinned at or below the Workers cap of 100,000;
 * - secrets at rest: AES-GCM with a key from a Worker secret;
 * - tokens: SHA-256 hashes stored, never the token;
 * - webhooks and hash chains: HMAC-SHA256 / SHA-256 hex.
 */

const enc = new TextEncoder();

/** Production Workers throw above this; local workerd does not, so a test pins it. */
export const PBKDF2_MAX_ITERATIONS = 100_000;

export function toHex(buf: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function toBase64(buf: ArrayBuffer | Uint8Array): string {
  let s = '';
  for (const b of new Uint8Array(buf)) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? enc.encode(data) : data));
}

export async function hmacHex(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    enc.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toHex(await crypto.subtle.sign('HMAC', key, enc.encode(data)));
}

/** Constant-time comparison of two strings of hex/base64. */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Hashes a password as `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`.
 * @throws when iterations exceed the Workers cap, so a misconfiguration fails locally too.
 */
export async function hashPassword(password: string, iterations = PBKDF2_MAX_ITERATIONS): Promise<string> {
  if (iterations > PBKDF2_MAX_ITERATIONS || iterations < 1) {
    throw new Error(`PBKDF2 iterations must be 1..${PBKDF2_MAX_ITERATIONS}`);
  }
  const salt = new Uint8Array(16);
  crypto.getRandomValues(salt);
  const hash = await pbkdf2(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iter || !saltB64 || !hashB64) return false;
  const iterations = Number(iter);
  if (!Number.isInteger(iterations) || iterations > PBKDF2_MAX_ITERATIONS || iterations < 1) return false;
  const hash = await pbkdf2(password, fromBase64(saltB64), iterations);
  return safeEqual(toBase64(hash), hashB64);
}

async function pbkdf2(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey('raw', enc.encode(password.normalize('NFC')), 'PBKDF2', false, [
    'deriveBits',
  ]);
  return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
}

async function aesKey(keyB64: string): Promise<CryptoKey> {
  const raw = fromBase64(keyB64);
  if (raw.length !== 32) throw new Error('encryption key must be 32 bytes (base64)');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * Encrypts a UTF-8 string with AES-256-GCM; returns `v1.<iv b64>.<ciphertext b64>`.
 * `aad` binds the ciphertext to its row (e.g. the case id) so it cannot be moved to another.
 */
export async function encryptText(keyB64: string, plain: string, aad = ''): Promise<string> {
  const iv = new Uint8Array(12);
  crypto.getRandomValues(iv);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(aad) },
    await aesKey(keyB64),
    enc.encode(plain),
  );
  return `v1.${toBase64(iv)}.${toBase64(ct)}`;
}

export async function decryptText(keyB64: string, sealed: string, aad = ''): Promise<string> {
  const [v, ivB64, ctB64] = sealed.split('.');
  if (v !== 'v1' || !ivB64 || !ctB64) throw new Error('unknown ciphertext format');
  const pt = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(ivB64), additionalData: enc.encode(aad) },
    await aesKey(keyB64),
    fromBase64(ctB64),
  );
  return new TextDecoder().decode(pt);
}
