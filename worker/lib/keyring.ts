/**
 * Khóa mã hóa xoay vòng: the keyring that seals secrets at rest (decision 250).
 *
 * Configuration (Worker secrets / the Node server's `.env`):
 * - `IDENTITY_KEYS` = `"k2:<base64 32 bytes>,k1:<base64 32 bytes>"`: every key with its id, the
 *   FIRST is the current one (new values are sealed with it);
 * - `IDENTITY_KEY` = `<base64 32 bytes>`: accepted as key id `k1` (the only key before rotation
 *   existed). When both are set, `IDENTITY_KEY` joins the ring as `k1` (unless `IDENTITY_KEYS`
 *   names a `k1` itself, which must then be the same key), so adding `IDENTITY_KEYS` never loses
 *   the old key by accident.
 *
 * Each purpose gets its own AES-256-GCM key, derived with HKDF-SHA256 from the ring key, so no two
 * purposes share key material. A sealed value names its key: `v2.<key id>.<iv b64>.<ct b64>`.
 * Values written before the ring (`v1.<iv>.<ct>`, sealed with the raw `IDENTITY_KEY`) still open
 * (`k1` first, then any key) until the re-seal job (worker/keys/reseal.ts) has moved them.
 * The caller's AAD binds a value to its row, as before.
 */
import { fromBase64, toBase64 } from './crypto';

/** What a sealed value is for; each gets its own derived key. */
export type Purpose = 'identity' | 'totp' | 'webhook' | 'ballot' | 'pin';

export interface RingKey {
  id: string;
  /** The configured base64 text (the legacy PIN derivation keyed HMAC with this text). */
  b64: string;
  raw: Uint8Array<ArrayBuffer>;
}

export interface Keyring {
  current: RingKey;
  /** Every key, current first. */
  keys: RingKey[];
}

/** Where the ring comes from: `env` itself fits. */
export interface KeySource {
  IDENTITY_KEY?: string;
  IDENTITY_KEYS?: string;
}

/** Key ids: short, lower-case letters, digits and dashes (they sit inside sealed values). */
const KEY_ID = /^[a-z0-9][a-z0-9-]{0,15}$/;
const enc = new TextEncoder();

function decodeKey(id: string, b64: string): RingKey {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(b64);
  } catch {
    throw new Error(`key ${id} is not base64`);
  }
  if (raw.length !== 32) throw new Error(`key ${id} must be 32 bytes (base64)`);
  return { id, b64, raw };
}

/**
 * Parses the configuration into a ring. Pure and synchronous (the Node server checks its settings
 * with it before starting).
 * @throws Error naming the problem (no key, bad id, duplicate id, wrong length)
 * @example parseKeyring({ IDENTITY_KEYS: 'k2:…,k1:…' }).current.id // 'k2'
 */
export function parseKeyring(src: KeySource): Keyring {
  const keys: RingKey[] = [];
  const list = src.IDENTITY_KEYS?.trim();
  if (list) {
    for (const part of list.split(',')) {
      const item = part.trim();
      if (!item) continue;
      const at = item.indexOf(':');
      const id = at > 0 ? item.slice(0, at).trim() : '';
      if (!KEY_ID.test(id))
        throw new Error(`IDENTITY_KEYS: "${id || item.slice(0, 8)}…" needs an id (id:base64)`);
      if (keys.some((k) => k.id === id)) throw new Error(`IDENTITY_KEYS: key id ${id} appears twice`);
      keys.push(decodeKey(id, item.slice(at + 1).trim()));
    }
  }
  const legacy = src.IDENTITY_KEY?.trim();
  if (legacy) {
    const k1 = keys.find((k) => k.id === 'k1');
    if (k1 && k1.b64 !== legacy) throw new Error('IDENTITY_KEY differs from key k1 in IDENTITY_KEYS');
    if (!k1) keys.push(decodeKey('k1', legacy));
  }
  if (!keys.length) throw new Error('no key: set IDENTITY_KEYS (id:base64,…) or IDENTITY_KEY');
  return { current: keys[0]!, keys };
}

const rings = new Map<string, Keyring>();
/** The ring of an environment (parsed once per configuration). */
export function keyringOf(src: KeySource): Keyring {
  const cacheKey = `${src.IDENTITY_KEYS ?? ''}|${src.IDENTITY_KEY ?? ''}`;
  let ring = rings.get(cacheKey);
  if (!ring) {
    ring = parseKeyring(src);
    rings.set(cacheKey, ring);
  }
  return ring;
}

const derived = new Map<string, Promise<CryptoKey>>();
/** HKDF-SHA256(ring key, salt "lang-nghe keyring", info "lang-nghe:<purpose>:v2") → an AES-256-GCM key. */
function purposeKey(key: RingKey, purpose: Purpose): Promise<CryptoKey> {
  const cacheKey = `${key.b64}|${purpose}`;
  let k = derived.get(cacheKey);
  if (!k) {
    k = (async () => {
      const ikm = await crypto.subtle.importKey('raw', key.raw, 'HKDF', false, ['deriveKey']);
      const params = {
        name: 'HKDF',
        hash: 'SHA-256',
        salt: enc.encode('lang-nghe keyring'),
        info: enc.encode(`lang-nghe:${purpose}:v2`),
      };
      return crypto.subtle.deriveKey(params, ikm, { name: 'AES-GCM', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ]);
    })();
    derived.set(cacheKey, k);
  }
  return k;
}

/** The id of the key a value is sealed with; `null` for a legacy `v1` value (no id). */
export function sealedKeyId(sealed: string): string | null {
  const [v, id] = sealed.split('.', 2);
  return v === 'v2' && id ? id : null;
}

/** True when a value is sealed with the ring's current key (nothing for the re-seal job). */
export function isCurrent(ring: Keyring, sealed: string): boolean {
  return sealed.startsWith(`v2.${ring.current.id}.`);
}

/**
 * Seals `plain` for `purpose` with the current key; `aad` binds it to its row.
 * @example await seal(keyringOf(env), 'identity', json, responseId) // 'v2.k2.<iv>.<ct>'
 */
export async function seal(ring: Keyring, purpose: Purpose, plain: string, aad: string): Promise<string> {
  const iv = new Uint8Array(12);
  crypto.getRandomValues(iv);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(aad) },
    await purposeKey(ring.current, purpose),
    enc.encode(plain),
  );
  return `v2.${ring.current.id}.${toBase64(iv)}.${toBase64(ct)}`;
}

async function legacyOpen(raw: Uint8Array<ArrayBuffer>, iv: string, ct: string, aad: string) {
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
  return crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(iv), additionalData: enc.encode(aad) },
    key,
    fromBase64(ct),
  );
}

/**
 * Opens a sealed value with the key it names (any key of the ring), or a legacy `v1` value with
 * the raw `k1` (then any other key).
 * @throws Error when the key is not in the ring, or the value, its key id, purpose or AAD do not match
 */
export async function open(ring: Keyring, purpose: Purpose, sealed: string, aad: string): Promise<string> {
  const parts = sealed.split('.');
  if (parts[0] === 'v2' && parts.length === 4) {
    const key = ring.keys.find((k) => k.id === parts[1]);
    if (!key) throw new Error(`sealed with key ${parts[1]}, which is not in the ring`);
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(parts[2]!), additionalData: enc.encode(aad) },
      await purposeKey(key, purpose),
      fromBase64(parts[3]!),
    );
    return new TextDecoder().decode(pt);
  }
  if (parts[0] === 'v1' && parts.length === 3) {
    const order = [...ring.keys].sort((a, b) => Number(b.id === 'k1') - Number(a.id === 'k1'));
    for (const key of order) {
      try {
        return new TextDecoder().decode(await legacyOpen(key.raw, parts[1]!, parts[2]!, aad));
      } catch {
        // next key
      }
    }
    throw new Error('legacy value: no key in the ring opens it');
  }
  throw new Error('unknown sealed format');
}

/**
 * Re-seals a value with the current key; null when it already is (nothing to write).
 * @throws like `open`
 */
export async function reseal(
  ring: Keyring,
  purpose: Purpose,
  sealed: string,
  aad: string,
): Promise<string | null> {
  if (isCurrent(ring, sealed)) return null;
  return seal(ring, purpose, await open(ring, purpose, sealed, aad), aad);
}
