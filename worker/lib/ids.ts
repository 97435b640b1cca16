/**
 * Identifiers: random UUIDv7 row ids, and human-friendly receipt codes in Crockford base32 with
 * a check character, grouped for reading aloud on the phone. The check character is Luhn mod 32
 * over the same 32 symbols (not Crockford's mod 37, whose extra symbols `*~$=U` are awkward to
 * read out, to type on a phone keypad, and to put in a URL): it catches every single mistyped
 * character and most swaps of neighbours.
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
const N = ALPHABET.length;

/** Crockford base32 of random bits. */
export function randomBase32(chars: number): string {
  const b = new Uint8Array(chars);
  crypto.getRandomValues(b);
  return [...b].map((x) => ALPHABET[x & 31]).join('');
}

/** Luhn mod N sum, doubling every second symbol counted from the right (the check position is 1). */
function luhnSum(s: string, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = s.length - 1; i >= 0; i--) {
    let v = ALPHABET.indexOf(s[i]!) * (double ? 2 : 1);
    v = Math.floor(v / N) + (v % N);
    sum += v;
    double = !double;
  }
  return sum % N;
}

function checkChar(body: string): string {
  return ALPHABET[(N - luhnSum(body, true)) % N]!;
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
  if (![...s].every((c) => ALPHABET.includes(c))) return null;
  if (luhnSum(s, false) !== 0) return null;
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
