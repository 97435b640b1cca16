/**
 * Văn bản đồng ý (issue 14 item 3, decision 266): the consent text a reporter accepted, stored once
 * in `consent_texts`, immutable, keyed by the SHA-256 of its canonical JSON — the version label and
 * both languages. A response that gives identity points at it (`responses.consent_hash`); the time
 * of acceptance is the response's `submitted_at`. A form whose consent text changes (a new published
 * version) yields a new hash, hence a new record, whether or not the designer changed the label;
 * the old record stays for the responses that accepted it.
 */
import type { FormDefinition } from '../forms/engine/definition';
import { sha256Hex } from '../lib/crypto';
import { consentTextStatement } from './queries';

export interface ConsentRecord {
  hash: string;
  version: string;
  vi: string;
  en: string | null;
}

/** The consent record of a definition's identity settings (null when it asks no identity). */
export async function consentRecordOf(def: FormDefinition): Promise<ConsentRecord | null> {
  const c = def.identity?.mode && def.identity.mode !== 'none' ? def.identity.consent : undefined;
  if (!c) return null;
  const vi = c.text.vi;
  const en = c.text.en?.trim() ? c.text.en : null;
  return { hash: await sha256Hex(JSON.stringify([c.version, vi, en])), version: c.version, vi, en };
}

/** The INSERT OR IGNORE that rides in the submission's batch when identity is given. */
export function consentStatements(d1: D1Database, rec: ConsentRecord | null, now: number) {
  return rec ? [consentTextStatement(d1, rec, now)] : [];
}
