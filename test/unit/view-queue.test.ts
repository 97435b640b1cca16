/**
 * The public island's offline queue (web/public/queue.ts), with an in-memory storage and a scripted
 * network: the key is fixed at the first attempt, nothing unsent is ever discarded, and only an
 * acknowledgement clears the queue and the draft.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoff, type KeyValueStore, OfflineQueue } from '../../web/public/queue';

class MemoryStore implements KeyValueStore {
  map = new Map<string, string>();
  full = false;
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.full) throw new Error('QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

type Step = 'network' | 500 | 503 | 429 | 408 | 'ok' | 'garbled';

/** A fetch that plays `steps` in order and records what was sent. */
function scripted(steps: Step[]) {
  const sent: { url: string; key: string; device: string; body: unknown }[] = [];
  const fetcher = async (url: string, init: RequestInit) => {
    const h = new Headers(init.headers);
    sent.push({
      url,
      key: h.get('idempotency-key')!,
      device: h.get('x-device-key')!,
      body: JSON.parse(String(init.body)),
    });
    const step = steps.shift() ?? 'ok';
    if (step === 'network') throw new TypeError('Failed to fetch');
    if (step === 'ok')
      return Response.json({ receiptCode: 'K7QM-3XD9-B2HT-Z', status: 'received' }, { status: 201 });
    if (step === 'garbled') return new Response('<html>proxy</html>', { status: 200 });
    return Response.json({ error: { code: 'x', message: 'busy' } }, { status: step });
  };
  return { fetcher, sent };
}

const draft = { versionId: 'v1', answers: { name: 'Nguyễn Văn A' }, identity: {}, consentAccepted: false };

describe('OfflineQueue', () => {
  it('saves and restores a draft for the same version only', () => {
    const q = new OfflineQueue(new MemoryStore(), scripted([]).fetcher);
    q.saveDraft('gop-y', draft);
    expect(q.loadDraft('gop-y', 'v1')?.answers).toEqual({ name: 'Nguyễn Văn A' });
    expect(q.loadDraft('gop-y', 'v2')).toBeNull();
    expect(q.loadDraft('other', 'v1')).toBeNull();
  });

  it('keeps the first key through network errors and clears everything only on acknowledgement', async () => {
    const store = new MemoryStore();
    const net = scripted(['network', 503, 'garbled', 'ok']);
    const q = new OfflineQueue(store, net.fetcher);
    q.saveDraft('gop-y', draft);
    q.enqueue('gop-y', { answers: draft.answers }, 'vi');
    expect((await q.send('gop-y')).kind).toBe('offline');
    expect((await q.send('gop-y')).kind).toBe('retry');
    expect((await q.send('gop-y')).kind).toBe('retry');
    // A reload in between: a new queue object over the same storage.
    const again = new OfflineQueue(store, net.fetcher);
    expect(again.pending('gop-y')?.attempts).toBe(3);
    expect(again.loadDraft('gop-y', 'v1')).not.toBeNull();
    expect(await again.send('gop-y')).toEqual({ kind: 'sent', receiptCode: 'K7QM-3XD9-B2HT-Z' });
    expect(new Set(net.sent.map((s) => s.key)).size).toBe(1);
    expect(new Set(net.sent.map((s) => s.device)).size).toBe(1);
    expect(net.sent[0]!.url).toBe('/api/public/forms/gop-y/responses?lang=vi');
    expect(again.pending('gop-y')).toBeNull();
    expect(again.loadDraft('gop-y', 'v1')).toBeNull();
    expect(again.receipts()[0]).toMatchObject({ slug: 'gop-y', code: 'K7QM-3XD9-B2HT-Z' });
  });

  it('a validation refusal keeps the answers, blocks auto-retry, and the corrected resend keeps the key', async () => {
    const store = new MemoryStore();
    let first = true;
    const keys: string[] = [];
    const q = new OfflineQueue(store, async (_u, init) => {
      keys.push(new Headers(init.headers).get('idempotency-key')!);
      if (first) {
        first = false;
        return Response.json(
          {
            error: {
              code: 'validation_failed',
              message: 'x',
              fields: [
                { path: 'answers.name', code: 'required', message: { vi: 'Bắt buộc', en: 'Required' } },
              ],
            },
          },
          { status: 400 },
        );
      }
      return Response.json({ receiptCode: 'AAAA-BBBB-CCCC-D' }, { status: 201 });
    });
    q.saveDraft('f', draft);
    q.enqueue('f', { answers: {} }, 'vi');
    const out = await q.send('f');
    expect(out.kind).toBe('invalid');
    expect(out.kind === 'invalid' && out.fields[0]!.path).toBe('answers.name');
    expect(q.pending('f')?.blocked).toBe(true);
    expect(q.loadDraft('f', 'v1')).not.toBeNull();
    q.enqueue('f', { answers: draft.answers }, 'vi');
    expect(q.pending('f')?.blocked).toBeFalsy();
    expect((await q.send('f')).kind).toBe('sent');
    expect(keys[0]).toBe(keys[1]);
  });

  it('refusals retrying cannot cure (409 closed) keep the answers and stop', async () => {
    const q = new OfflineQueue(new MemoryStore(), async () =>
      Response.json({ error: { code: 'form_closed', message: 'Biểu mẫu đã đóng.' } }, { status: 409 }),
    );
    q.saveDraft('f', draft);
    q.enqueue('f', { answers: draft.answers }, 'vi');
    expect(await q.send('f')).toEqual({
      kind: 'refused',
      status: 409,
      code: 'form_closed',
      message: 'Biểu mẫu đã đóng.',
    });
    expect(q.pending('f')?.body.answers).toEqual(draft.answers);
    expect(q.loadDraft('f', 'v1')).not.toBeNull();
  });

  it('a full or disabled storage never throws into the form', () => {
    const store = new MemoryStore();
    store.full = true;
    const q = new OfflineQueue(store, scripted([]).fetcher);
    expect(q.saveDraft('f', draft)).toBe(false);
    expect(() => q.enqueue('f', { answers: {} }, 'vi')).not.toThrow();
  });

  it('property: for any run of failures then success, one key is used and nothing is lost before the ack', async () => {
    const failure = fc.constantFrom<Step>('network', 500, 503, 429, 408, 'garbled');
    await fc.assert(
      fc.asyncProperty(fc.array(failure, { maxLength: 12 }), fc.boolean(), async (fails, reload) => {
        const store = new MemoryStore();
        const net = scripted([...fails, 'ok']);
        let q = new OfflineQueue(store, net.fetcher);
        q.saveDraft('f', draft);
        q.enqueue('f', { answers: draft.answers }, 'en');
        for (let i = 0; i < fails.length; i++) {
          const out = await q.send('f');
          expect(['offline', 'retry']).toContain(out.kind);
          expect(q.pending('f')?.body.answers).toEqual(draft.answers);
          expect(q.loadDraft('f', 'v1')).not.toBeNull();
          if (reload) q = new OfflineQueue(store, net.fetcher);
        }
        expect((await q.send('f')).kind).toBe('sent');
        expect(new Set(net.sent.map((s) => s.key)).size).toBe(1);
        expect(q.pending('f')).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it('backs off exponentially within bounds', () => {
    expect(backoff(1, () => 0.5)).toBe(2000);
    expect(backoff(3, () => 0.5)).toBe(8000);
    expect(backoff(30, () => 1)).toBeLessThanOrEqual(150_000);
    expect(backoff(30, () => 0)).toBeGreaterThanOrEqual(90_000);
  });
});
