/**
 * Mã PIN theo dõi: the 6-digit PIN a reporter follows a case with (decision 252).
 *
 * `cases.pin_nonce` holds the PIN's secret in one of two forms:
 * - since decision 252, the PIN itself, sealed by the keyring (purpose `pin`, AAD `case-pin:<case id>`):
 *   `v2.<key id>.…`. A database leak alone cannot read or test it, a retried submission shows the same
 *   PIN again, and the re-seal job moves it to a new key like any sealed value — so a key rotation
 *   never changes a reporter's PIN;
 * - before it, a random nonce, the PIN being 6 digits of HMAC(K, caseId ":" nonce) with
 *   K = HMAC(key k1's base64 text, "case-pin-v1") (decision 142). The re-seal job derives those PINs
 *   once more with k1 and stores them sealed, after which k1 is no longer needed for them.
 */
import type { Env } from '../env';
import { hmacHex } from '../lib/crypto';
import { type Keyring, keyringOf, open, seal } from '../lib/keyring';

const aad = (caseId: string) => `case-pin:${caseId}`;

/** Six uniformly random digits (rejection sampling: no modulo bias). */
function randomPin(): string {
  const buf = new Uint32Array(1);
  const limit = 4_294_000_000; // the largest multiple of 1,000,000 below 2^32
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0]! < limit) return String(buf[0]! % 1_000_000).padStart(6, '0');
  }
}

/** A fresh PIN and the value to store in `cases.pin_nonce`. */
export async function newPin(env: Env, caseId: string): Promise<{ pin: string; stored: string }> {
  const pin = randomPin();
  return { pin, stored: await seal(keyringOf(env), 'pin', pin, aad(caseId)) };
}

/** The PIN a legacy nonce derives (decision 142), with key k1 of the ring. */
export async function legacyPin(ring: Keyring, caseId: string, nonce: string): Promise<string> {
  const k1 = ring.keys.find((k) => k.id === 'k1');
  if (!k1) throw new Error('a legacy PIN needs key k1: run the re-seal job before removing it');
  const key = await hmacHex(k1.b64, 'case-pin-v1');
  const mac = await hmacHex(key, `${caseId}:${nonce}`);
  return String(Number.parseInt(mac.slice(0, 8), 16) % 1_000_000).padStart(6, '0');
}

/** True when the stored value is a sealed PIN (not a legacy nonce). */
export const isSealedPin = (stored: string) => stored.startsWith('v2.');

/** The PIN of a case from its stored `pin_nonce` (either form). */
export async function pinOf(env: Env, caseId: string, stored: string): Promise<string> {
  const ring = keyringOf(env);
  return isSealedPin(stored) ? open(ring, 'pin', stored, aad(caseId)) : legacyPin(ring, caseId, stored);
}

/**
 * The value the re-seal job writes for a stored PIN: sealed with the current key; null when it
 * already is.
 */
export async function resealPin(ring: Keyring, caseId: string, stored: string): Promise<string | null> {
  if (stored.startsWith(`v2.${ring.current.id}.`)) return null;
  const pin = isSealedPin(stored)
    ? await open(ring, 'pin', stored, aad(caseId))
    : await legacyPin(ring, caseId, stored);
  return seal(ring, 'pin', pin, aad(caseId));
}
