/**
 * Offline tolerance for the public form (a cheap phone on 3G that drops). Pure logic: storage and
 * fetch are injected, so it runs the same in the browser and in tests.
 *
 * Guarantees:
 * - answers are saved on the device as they are typed (a draft per form) and restored on reload;
 * - the idempotency key is fixed at the FIRST submit attempt and stored with the queued submission,
 *   so every retry (after a timeout, a reload, a lost reply) lands on the same stored response;
 * - no path discards unsent answers: the draft and the queued submission are removed only after
 *   the server acknowledged the submission (2xx with a receipt code);
 * - a refusal the citizen can fix (400 with field errors) or that retrying cannot cure (403, 404,
 *   409, 413) blocks automatic retries but keeps everything; network errors, 408, 429 and 5xx retry.
 */
import type { Answers } from '../../worker/forms/engine/definition';
import type { FormNotice } from '../../worker/forms/view/PublicForm';
import type { FieldError } from '../../worker/lib/errors';

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

/** The JSON body of `POST /api/public/forms/{slug}/responses`. */
export interface SubmitBody {
  answers: Answers;
  identity?: Record<string, string>;
  consentAccepted?: boolean;
  website?: string;
  turnstileToken?: string;
}

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

const DRAFT = 'ln:draft:';
const QUEUE = 'ln:queue:';
const DEVICE = 'ln:device';
const RECEIPTS = 'ln:receipts';

function read<T>(store: KeyValueStore, key: string): T | null {
  try {
    const s = store.getItem(key);
    return s ? (JSON.parse(s) as T) : null;
  } catch {
    return null;
  }
}

/** Writes; a full or disabled storage must not break the form (the answers are still on screen). */
function write(store: KeyValueStore, key: string, value: unknown): boolean {
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

export class OfflineQueue {
  constructor(
    private readonly store: KeyValueStore,
    private readonly fetcher: Fetch,
    private readonly now: () => number = Date.now,
  ) {}

  /** The device's random key (X-Device-Key), created once. */
  deviceKey(): string {
    let key = read<string>(this.store, DEVICE);
    if (!key) {
      key = randomKey('d');
      write(this.store, DEVICE, key);
    }
    return key;
  }

  saveDraft(slug: string, draft: Omit<Draft, 'savedAt'>): boolean {
    return write(this.store, DRAFT + slug, { ...draft, savedAt: this.now() });
  }

  /** The saved draft, only if it was typed against this version (ids may differ in another). */
  loadDraft(slug: string, versionId: string): Draft | null {
    const d = read<Draft>(this.store, DRAFT + slug);
    return d && d.versionId === versionId && d.answers && typeof d.answers === 'object' ? d : null;
  }

  pending(slug: string): Queued | null {
    return read<Queued>(this.store, QUEUE + slug);
  }

  /**
   * Queues a submission. If one is already waiting for this form, its key is kept (it may have
   * reached the server already) and only the body is replaced.
   */
  enqueue(slug: string, body: SubmitBody, lang: 'vi' | 'en'): Queued {
    const prev = this.pending(slug);
    const q: Queued = {
      slug,
      key: prev?.key ?? randomKey('s'),
      body,
      lang,
      createdAt: prev?.createdAt ?? this.now(),
      attempts: prev?.attempts ?? 0,
    };
    write(this.store, QUEUE + slug, q);
    return q;
  }

  /** Receipt codes received on this device, newest first (so a lost screen is not a lost code). */
  receipts(): { slug: string; code: string; at: number }[] {
    return read<{ slug: string; code: string; at: number }[]>(this.store, RECEIPTS) ?? [];
  }

  /**
   * Sends the queued submission of a form once. Removes it and the draft only on acknowledgement.
   */
  async send(slug: string): Promise<Outcome> {
    const q = this.pending(slug);
    if (!q) return { kind: 'none' };
    q.attempts += 1;
    q.blocked = false;
    write(this.store, QUEUE + slug, q);
    let res: Response;
    try {
      res = await this.fetcher(`/api/public/forms/${encodeURIComponent(slug)}/responses?lang=${q.lang}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': q.key,
          'x-device-key': this.deviceKey(),
        },
        body: JSON.stringify(q.body),
        credentials: 'omit',
      });
    } catch {
      return { kind: 'offline' };
    }
    let data: {
      receiptCode?: string;
      pin?: string;
      error?: { code?: string; message?: string; fields?: FieldError[]; notice?: FormNotice };
    } = {};
    try {
      data = await res.json();
    } catch {
      // A proxy's HTML error page or a cut reply: not an acknowledgement.
    }
    if (res.ok && typeof data.receiptCode === 'string') {
      this.store.removeItem(QUEUE + slug);
      this.store.removeItem(DRAFT + slug);
      write(
        this.store,
        RECEIPTS,
        [{ slug, code: data.receiptCode, at: this.now() }, ...this.receipts()].slice(0, 20),
      );
      // The case PIN is shown once on screen, never kept on the device.
      return {
        kind: 'sent',
        receiptCode: data.receiptCode,
        pin: typeof data.pin === 'string' ? data.pin : undefined,
      };
    }
    if (res.ok || res.status === 408 || res.status === 429 || res.status >= 500) {
      return { kind: 'retry', status: res.status };
    }
    q.blocked = true;
    write(this.store, QUEUE + slug, q);
    const message = data.error?.message ?? '';
    if (res.status === 400 && data.error?.fields?.length) {
      return { kind: 'invalid', fields: data.error.fields, message, notice: data.error.notice };
    }
    return { kind: 'refused', status: res.status, code: data.error?.code ?? 'error', message };
  }
}
