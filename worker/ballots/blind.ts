/**
 * Remote mode: RFC 9474 blind RSA signatures (RSABSSA-SHA384-PSS-Randomized, 2048-bit keys) via
 * @cloudflare/blindrsa-ts. The server signs a blinded message for each member once during issuing
 * (it never sees the message); later an anonymous cast presents (message, signature), which any
 * holder of the public key can verify, and which the server cannot relate to the signing.
 *
 * The per-round private key is kept PKCS#8, AES-GCM sealed with the keyring's ballot key (bound to
 * the round id; worker/lib/keyring.ts), and set to NULL in the very UPDATE that closes issuing: after that no token can be made.
 */
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { fromBase64, sha256Hex, toBase64 } from '../lib/crypto';
import { type Keyring, open, seal } from '../lib/keyring';

const HASH = { name: 'RSA-PSS', hash: 'SHA-384' } as const;

/** The suite; workerd implements raw RSA natively, which the library uses for BlindSign. */
export function suite(native = true) {
  return RSABSSA.SHA384.PSS.Randomized(native ? { supportsRSARAW: true } : undefined);
}

/**
 * The key fingerprint shown on the ballot page and in the minutes: SHA-256 of the SPKI bytes, hex,
 * in groups of four for reading aloud.
 */
export async function fingerprintOf(spkiB64: string): Promise<string> {
  const hex = (await sha256Hex(fromBase64(spkiB64))).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

/** A fresh key pair for a round: the public key (SPKI b64), its fingerprint, the sealed private key. */
export async function newRoundKey(keys: Keyring, roundId: string) {
  const pair = await RSABSSA.SHA384.generateKey({
    modulusLength: 2048,
    publicExponent: Uint8Array.from([1, 0, 1]),
  });
  const spki = toBase64((await crypto.subtle.exportKey('spki', pair.publicKey)) as ArrayBuffer);
  const pkcs8 = toBase64((await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
  return {
    publicKey: spki,
    fingerprint: await fingerprintOf(spki),
    privateKeySealed: await seal(keys, 'ballot', pkcs8, `ballot-key:${roundId}`),
  };
}

/** Imports the round's public key (extractable: the library reads n and e from it). */
export function importPublicKey(spkiB64: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', fromBase64(spkiB64), HASH, true, ['verify']);
}

/** BlindSign(sk, blinded_msg) with the round's sealed private key. */
export async function blindSign(keys: Keyring, roundId: string, sealed: string, blindedMsg: Uint8Array) {
  const pkcs8 = await open(keys, 'ballot', sealed, `ballot-key:${roundId}`);
  const sk = await crypto.subtle.importKey('pkcs8', fromBase64(pkcs8), HASH, true, ['sign']);
  try {
    return await suite(true).blindSign(sk, blindedMsg);
  } catch {
    // A runtime without the native RSA-RAW operation: the library's own big-number path.
    return suite(false).blindSign(sk, blindedMsg);
  }
}

/**
 * Verifies a token: `message` is the prepared message (RFC 9474 §4.1: 32 random bytes prefix +
 * the client's message), `signature` the finalised signature, both base64. Returns the spend
 * credential (SHA-256 of the message) or null when the signature does not verify.
 */
export async function verifyToken(
  spkiB64: string,
  messageB64: string,
  signatureB64: string,
): Promise<string | null> {
  let message: Uint8Array<ArrayBuffer>;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    message = fromBase64(messageB64);
    signature = fromBase64(signatureB64);
  } catch {
    return null;
  }
  if (message.length < 32 || message.length > 128) return null;
  try {
    const ok = await suite().verify(await importPublicKey(spkiB64), signature, message);
    return ok ? `t:${await sha256Hex(message)}` : null;
  } catch {
    return null;
  }
}
