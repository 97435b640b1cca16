/**
 * What the island keeps on the phone (drafts, the queued submission, the device key, receipts):
 * the part of the offline queue the first chunk needs at start and at Send, even offline. Sending is
 * `OfflineQueue.send` in `queue.ts`, which the island loads with its second chunk (decision 235).
 * Pure: storage is injected.
 */
import type { Answers } from '../../worker/forms/engine/definition';
import type { FormNotice } from '../../worker/forms/view/PublicForm';
import type { FieldError } from '../../worker/lib/errors';
import type { RequestBody } from '../console/lib/api';

/** The part of `localStorage` we use. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** What the citizen has typed, kept per form. */
export interface Draft {
  versionId: string;
  answers: Answers;
  identity: Record<string, string>;
  consentAccepted: boolean;
  savedAt: number;
}

/** The JSON body of `POST /api/public/forms/{slug}/responses` (types only: the island stays free of the client). */
export type SubmitBody = RequestBody<'/api/public/forms/{slug}/responses', 'post'>;

/** A submission waiting for the server's acknowledgement. */
export interface Queued {
  slug: string;
  /** Chosen at the first attempt, never changed until the server acknowledges. */
  key: string;
  body: SubmitBody;
  lang: 'vi' | 'en';
  createdAt: number;
  attempts: number;
  /** Set when the server refused it in a way retrying cannot cure: wait for the citizen. */
  blocked?: boolean;
}

export type Outcome =
  | { kind: 'sent'; receiptCode: string; pin?: string }
  | { kind: 'invalid'; fields: FieldError[]; message: string; notice?: FormNotice }
  | { kind: 'refused'; status: number; code: string; message: string }
  | { kind: 'retry'; status: number }
  | { kind: 'offline' }
  | { kind: 'none' };

export const DRAFT = 'ln:draft:';
export const QUEUE = 'ln:queue:';
const DEVICE = 'ln:device';
export const RECEIPTS = 'ln:receipts';

export function read<T>(store: KeyValueStore, key: string): T | null {
  try {
    const s = store.getItem(key);
    return s ? (JSON.parse(s) as T) : null;
  } catch {
    return null;
  }
}

/** Writes; a full or disabled storage must not break the form (the answers are still on screen). */
export function write(store: KeyValueStore, key: string, value: unknown): boolean {
  try {
    store.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** A random key of [A-Za-z0-9_-] (accepted as Idempotency-Key / X-Device-Key). */
export function randomKey(prefix = 'k'): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return `${prefix}_${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** Retry delay after `attempts` failures: 2 s, 4 s, 8 s … capped at 2 min, with ±25 % jitter. */
export function backoff(attempts: number, random = Math.random): number {
  const base = Math.min(120_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** The device's random key (X-Device-Key), created once. */
export function deviceKey(store: KeyValueStore): string {
  let key = read<string>(store, DEVICE);
  if (!key) {
    key = randomKey('d');
    write(store, DEVICE, key);
  }
  return key;
}

export function saveDraft(
  store: KeyValueStore,
  slug: string,
  draft: Omit<Draft, 'savedAt'>,
  now = Date.now(),
) {
  return write(store, DRAFT + slug, { ...draft, savedAt: now });
}

/** The saved draft, only if it was typed against this version (ids may differ in another). */
export function loadDraft(store: KeyValueStore, slug: string, versionId: string): Draft | null {
  const d = read<Draft>(store, DRAFT + slug);
  return d && d.versionId === versionId && d.answers && typeof d.answers === 'object' ? d : null;
}

export function pending(store: KeyValueStore, slug: string): Queued | null {
  return read<Queued>(store, QUEUE + slug);
}

/**
 * Queues a submission. If one is already waiting for this form, its key is kept (it may have
 * reached the server already) and only the body is replaced.
 */
export function enqueue(
  store: KeyValueStore,
  slug: string,
  body: SubmitBody,
  lang: 'vi' | 'en',
  now = Date.now(),
): Queued {
  const prev = pending(store, slug);
  const q: Queued = {
    slug,
    key: prev?.key ?? randomKey('s'),
    body,
    lang,
    createdAt: prev?.createdAt ?? now,
    attempts: prev?.attempts ?? 0,
  };
  write(store, QUEUE + slug, q);
  return q;
}
