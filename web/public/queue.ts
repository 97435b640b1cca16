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
import type { FormNotice } from '../../worker/forms/view/PublicForm';
import type { ErrorBody, Reply } from '../console/lib/api';
import {
  DRAFT,
  type Draft,
  deviceKey,
  enqueue,
  type Fetch,
  type KeyValueStore,
  loadDraft,
  type Outcome,
  pending,
  QUEUE,
  type Queued,
  RECEIPTS,
  read,
  type SubmitBody,
  saveDraft,
  write,
} from './store';

export {
  backoff,
  type Draft,
  type Fetch,
  type KeyValueStore,
  type Outcome,
  type Queued,
  randomKey,
  type SubmitBody,
} from './store';

export class OfflineQueue {
  constructor(
    private readonly store: KeyValueStore,
    private readonly fetcher: Fetch,
    private readonly now: () => number = Date.now,
  ) {}

  /** The device's random key (X-Device-Key), created once. */
  deviceKey(): string {
    return deviceKey(this.store);
  }

  saveDraft(slug: string, draft: Omit<Draft, 'savedAt'>): boolean {
    return saveDraft(this.store, slug, draft, this.now());
  }

  /** The saved draft, only if it was typed against this version (ids may differ in another). */
  loadDraft(slug: string, versionId: string): Draft | null {
    return loadDraft(this.store, slug, versionId);
  }

  pending(slug: string): Queued | null {
    return pending(this.store, slug);
  }

  /** Queues a submission (see `enqueue` in store.ts: a waiting one keeps its key). */
  enqueue(slug: string, body: SubmitBody, lang: 'vi' | 'en'): Queued {
    return enqueue(this.store, slug, body, lang, this.now());
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
    // Anything may come back (a proxy's page): every part is checked before it is used.
    let data: Partial<Reply<'/api/public/forms/{slug}/responses', 'post'>> & {
      error?: Partial<ErrorBody> & { notice?: FormNotice };
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
