/**
 * The island's offline queue against the real Worker: a reply lost on a dropping 3G connection is
 * retried with the same idempotency key and lands on the same stored response (one row, one receipt).
 */
import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KeyValueStore, OfflineQueue } from '../../web/public/queue';
import { ORIGIN } from '../helpers/fixtures';
import { everyTypeDefinition, publishTestForm, responseCount } from './public-helpers';

function memory(): KeyValueStore {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

const answers = {
  name: 'Trần Thị B',
  topic: 'lifestyle',
  agree: true,
  assess: { honest: 'good', close: 'good' },
};

let form: Awaited<ReturnType<typeof publishTestForm>>;
beforeAll(async () => {
  form = await publishTestForm(everyTypeDefinition());
});

describe('offline queue through the Worker', () => {
  it('a lost reply is retried with the same key: one stored row, one receipt', async () => {
    let calls = 0;
    const q = new OfflineQueue(memory(), async (url, init) => {
      calls++;
      const res = await exports.default.fetch(`${ORIGIN}${url}`, init);
      // The first reply never reaches the phone: the server stored it, the client cannot know.
      if (calls === 1) throw new TypeError('network connection was lost');
      return res;
    });
    q.saveDraft(form.slug, { versionId: form.versionId, answers, identity: {}, consentAccepted: false });
    q.enqueue(form.slug, { answers }, 'vi');
    expect((await q.send(form.slug)).kind).toBe('offline');
    expect(await responseCount(form.formId)).toBe(1);
    expect(q.loadDraft(form.slug, form.versionId)).not.toBeNull();

    const out = await q.send(form.slug);
    expect(out.kind).toBe('sent');
    expect(await responseCount(form.formId)).toBe(1);
    const code = out.kind === 'sent' ? out.receiptCode : '';
    const stored = await exports.default.fetch(`${ORIGIN}/r/${code}`);
    expect(stored.status).toBe(200);
    expect(q.pending(form.slug)).toBeNull();
  });

  it('a validation refusal from the server comes back with field paths and keeps the submission', async () => {
    const before = await responseCount(form.formId);
    const q = new OfflineQueue(memory(), (url, init) => exports.default.fetch(`${ORIGIN}${url}`, init));
    q.enqueue(form.slug, { answers: { name: '' } }, 'en');
    const out = await q.send(form.slug);
    expect(out.kind).toBe('invalid');
    if (out.kind === 'invalid') expect(out.fields.map((f) => f.path)).toContain('answers.topic');
    expect(q.pending(form.slug)?.blocked).toBe(true);
    expect(await responseCount(form.formId)).toBe(before);
  });
});
