/**
 * Identifiers: random UUIDv7 row ids, and human-friendly receipt codes in Crockford base32 with
 * a check character (mod 37, as Crockford specifies), grouped for reading aloud on the phone.
 * Pure module (Web Crypto only): used by the Worker and by tests.
 */

/** A UUIDv7: time-ordered (good index locality) with 74 random bits. */
export function newId(now = Date.now()): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  let ts = now;
  for (let i = 5; i >= 0; i--) {
    b[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A fully random id (no timestamp): for rows that must not reveal when they were written. */
export function randomId(bytes = 16): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = `${ALPHABET}*~$=U`;

/** Crockford base32 of random bits. */
export function randomBase32(chars: number): string {
  const b = new Uint8Array(chars);
  crypto.getRandomValues(b);
  return [...b].map((x) => ALPHABET[x & 31]).join('');
}

function checkChar(body: string): string {
  let mod = 0;
  for (const ch of body) mod = (mod * 32 + ALPHABET.indexOf(ch)) % 37;
  return CHECK_ALPHABET[mod]!;
}

/**
 * A receipt code: `chars` random base32 characters (5 bits each) plus a check character, in groups
 * of four. 12 characters = 60 bits: far beyond enumeration at any rate limit.
 * @example newReceiptCode() // 'K7QM-3XD9-B2HT-Z'
 */
export function newReceiptCode(chars = 12): string {
  const body = randomBase32(chars);
  return group(body + checkChar(body));
}

function group(s: string): string {
  return s.match(/.{1,4}/g)!.join('-');
}

/**
 * Normalises what a person typed (lower case, spaces, dashes, I/L→1, O→0) and verifies the check
 * character. Returns the canonical grouped code, or null when it is not a valid code.
 */
export function parseReceiptCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (s.length < 5 || s.length > 40) return null;
  const body = s.slice(0, -1);
  const check = s.slice(-1);
  if (![...body].every((c) => ALPHABET.includes(c))) return null;
  if (checkChar(body) !== check) return null;
  return group(s);
}

/** A numeric PIN of `digits` digits, uniformly random (rejection sampling avoids modulo bias). */
export function newPin(digits = 6): string {
  let out = '';
  const b = new Uint8Array(1);
  while (out.length < digits) {
    crypto.getRandomValues(b);
    if (b[0]! < 250) out += String(b[0]! % 10);
  }
  return out;
}
