/**
 * The submission pipeline against real D1: idempotency, the atomic cap, nothing stored on
 * rejection, rollups equal a recount, immutable versions, identity sealing, honeypot, Turnstile,
 * rate limits and the rows written by one submission.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../worker/env';
import { getOpenForm, publishForm, saveDraft, updateFormSettings } from '../../worker/forms/service';
import { meterD1 } from '../../worker/lib/d1meter';
import { AppError } from '../../worker/lib/errors';
import { parseReceiptCode } from '../../worker/lib/ids';
import { keyringOf, open } from '../../worker/lib/keyring';
import { vnDay } from '../../worker/lib/time';
import { lookupReceipt, submitResponse } from '../../worker/responses/service';
import {
  awayFromMinuteEdge,
  key,
  publishedForm,
  sampleDefinition,
  setup,
  tableCounts,
} from './forms.fixtures';

let ctx: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  ctx = await setup();
});

const good = () => ({ hai_long: 4, chu_de: ['an_ninh'], danh_gia: { dao_duc: 'cao' }, tuoi: 40 });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe('submitResponse', () => {
  it('stores the response, its answers and the rollups, and issues a valid receipt', async () => {
    const form = await publishedForm(ctx);
    const now = Date.parse('2026-03-01T20:00:00Z'); // 03:00 on 2 March in Vietnam
    const res = await submitResponse(
      env,
      form.slug,
      { answers: { ...good(), don_vi: ctx.tree.wardA.id }, lang: 'vi', idempotencyKey: key() },
      now,
    );
    expect(res.replayed).toBe(false);
    expect(parseReceiptCode(res.receiptCode)).toBe(res.receiptCode);
    const row = await env.DB.prepare('SELECT * FROM responses WHERE id = ?').bind(res.responseId).first();
    expect(row).toMatchObject({ version_id: form.versionId, unit_id: ctx.tree.wardA.id, day: '2026-03-02' });
    expect(await tableCounts(form.id)).toEqual({
      responses: 1,
      answers: 5,
      responseCounts: 1,
      answerCounts: 5,
      used: 1,
    });
    const tuoi = await env.DB.prepare(
      "SELECT n, total, option FROM answer_counts WHERE question_id = 'tuoi'",
    ).first();
    expect(tuoi).toEqual({ n: 1, total: 40, option: '' });
  });

  it('attributes a response to the owner unit when no unit is picked', async () => {
    const form = await publishedForm(ctx);
    const res = await submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() });
    const row = await env.DB.prepare('SELECT unit_id FROM responses WHERE id = ?')
      .bind(res.responseId)
      .first();
    expect(row).toEqual({ unit_id: ctx.tree.front.id });
  });

  it('a replay with the same key returns the same receipt and stores nothing new', async () => {
    const form = await publishedForm(ctx);
    const k = key();
    const first = await submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: k });
    const again = await submitResponse(env, form.slug, {
      answers: { hai_long: 1 },
      lang: 'vi',
      idempotencyKey: k,
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect((await tableCounts(form.id)).responses).toBe(1);
    expect((await tableCounts(form.id)).used).toBe(1);
  });

  it('concurrent submissions with one key store one row and all get its receipt', async () => {
    const form = await publishedForm(ctx);
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: k }),
      ),
    );
    expect(new Set(results.map((r) => r.receiptCode)).size).toBe(1);
    expect(results.filter((r) => !r.replayed).length).toBe(1);
    expect(await tableCounts(form.id)).toMatchObject({ responses: 1, used: 1, responseCounts: 1 });
  });

  it('concurrent same-key submissions for the last place under the cap all get the one receipt', async () => {
    const form = await publishedForm(ctx, { settings: { cap: 1 } });
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        codeOf(submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: k })),
      ),
    );
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(await tableCounts(form.id)).toMatchObject({ responses: 1, used: 1 });
  });

  it('a replay of an acknowledged key succeeds even after the form filled up', async () => {
    const form = await publishedForm(ctx, { settings: { cap: 1 } });
    const k = key();
    const first = await submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: k });
    expect(
      await codeOf(submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() })),
    ).toBe('form_full');
    expect(
      (await submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: k })).receiptCode,
    ).toBe(first.receiptCode);
  });

  it('a replay answers the stored receipt even when the retry could no longer pass a check', async () => {
    const form = await publishedForm(ctx, { settings: { turnstile: true } });
    const k = key();
    const sub = (e: Env, answers: unknown, extra: { honeypot?: string } = {}) =>
      submitResponse(e, form.slug, {
        answers,
        lang: 'vi',
        idempotencyKey: k,
        turnstileToken: 'tok',
        ...extra,
      });
    const first = await sub(env, good());
    // A spent Turnstile token (here: a failing secret), answers now invalid, a filled honeypot.
    const spent = { ...env, TURNSTILE_SECRET: '2x0000000000000000000000000000000AA' };
    expect((await sub(spent, good())).receiptCode).toBe(first.receiptCode);
    expect(await sub(env, { hai_long: 99 })).toEqual({ ...first, replayed: true });
    expect((await sub(env, good(), { honeypot: 'x' })).receiptCode).toBe(first.receiptCode);
    // A fresh key with invalid answers is still refused.
    expect(
      await codeOf(
        submitResponse(env, form.slug, { answers: { hai_long: 99 }, lang: 'vi', idempotencyKey: key() }),
      ),
    ).toBe('validation_failed');
    expect((await tableCounts(form.id)).responses).toBe(1);
  });

  it('the cap holds under 20 concurrent submissions: exactly 5 stored, the rest form_full', async () => {
    const form = await publishedForm(ctx, { settings: { cap: 5 } });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        codeOf(submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() })),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok').length).toBe(5);
    expect(outcomes.filter((o) => o === 'form_full').length).toBe(15);
    expect(await tableCounts(form.id)).toMatchObject({ responses: 5, used: 5, responseCounts: 5 });
  });

  it('a submission the engine rejects stores nothing anywhere', async () => {
    const form = await publishedForm(ctx);
    await submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() });
    const before = await tableCounts(form.id);
    const bad = [
      { hai_long: 9 }, // out of range
      { chu_de: ['an_ninh'] }, // required rating missing
      { hai_long: 3, nope: 'x' }, // unknown question
      { hai_long: 3, don_vi: 'ffffffff-0000-7000-8000-000000000000' }, // unit that does not exist
      { hai_long: 3, tuoi: 'bốn mươi' },
    ];
    for (const answers of bad) {
      expect(
        await codeOf(submitResponse(env, form.slug, { answers, lang: 'vi', idempotencyKey: key() })),
      ).toBe('validation_failed');
    }
    expect(await tableCounts(form.id)).toEqual(before);
  });

  it('reports field paths under answers.<qid>', async () => {
    const form = await publishedForm(ctx);
    const err = await submitResponse(env, form.slug, {
      answers: { hai_long: 0, bogus: 1 },
      lang: 'vi',
      idempotencyKey: key(),
    }).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields?.map((f) => f.path).sort()).toEqual([
      'answers.bogus',
      'answers.hai_long',
    ]);
  });

  it('stores NFD text as NFC and searchable without diacritics', async () => {
    const form = await publishedForm(ctx);
    const nfd = 'Nguyễn Văn An phản ánh'.normalize('NFD');
    const res = await submitResponse(env, form.slug, {
      answers: { hai_long: 3, y_kien: nfd },
      lang: 'vi',
      idempotencyKey: key(),
    });
    const row = await env.DB.prepare('SELECT data, search_text FROM responses WHERE id = ?')
      .bind(res.responseId)
      .first<{ data: string; search_text: string }>();
    expect(JSON.parse(row!.data).y_kien).toBe('Nguyễn Văn An phản ánh'.normalize('NFC'));
    expect(row!.search_text).toBe('nguyen van an phan anh');
  });

  it('refuses malformed keys before anything else', async () => {
    const form = await publishedForm(ctx);
    for (const k of ['', 'short', 'has space inside', 'x'.repeat(101)]) {
      expect(
        await codeOf(submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: k })),
      ).toBe('validation_failed');
    }
  });
});

describe('file answers', () => {
  it('must be evidence uploaded for this form', async () => {
    const def = sampleDefinition('Phản ánh có ảnh');
    def.pages[0]!.questions.push({ id: 'anh', type: 'file', label: { vi: 'Ảnh minh chứng' }, maxFiles: 2 });
    const form = await publishedForm(ctx, { definition: def });
    const other = await publishedForm(ctx);
    const mine = `f/${form.id}/${'a'.repeat(32)}`;
    const theirs = `f/${other.id}/${'b'.repeat(32)}`;
    await env.FILES.put(mine, new Uint8Array([1, 2, 3]));
    await env.FILES.put(theirs, new Uint8Array([1, 2, 3]));
    const sub = (anh: string[]) =>
      submitResponse(env, form.slug, { answers: { hai_long: 3, anh }, lang: 'vi', idempotencyKey: key() });
    expect(await codeOf(sub([theirs]))).toBe('validation_failed');
    expect(await codeOf(sub([`f/${form.id}/${'c'.repeat(32)}`]))).toBe('validation_failed');
    const before = await tableCounts(form.id);
    expect(before.responses).toBe(0);
    const ok = await sub([mine]);
    const row = await env.DB.prepare('SELECT data FROM responses WHERE id = ?')
      .bind(ok.responseId)
      .first<{ data: string }>();
    expect(JSON.parse(row!.data).anh).toEqual([mine]);
  });
});

describe('open window and state', () => {
  it('not yet open, closed by date, closed by status, full; unknown slug is 404', async () => {
    const t0 = Date.parse('2026-05-01T00:00:00Z');
    const form = await publishedForm(ctx, { settings: { opensAt: t0, closesAt: t0 + 86_400_000, cap: 1 } });
    const submit = (now: number) =>
      submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() }, now);
    expect(await codeOf(getOpenForm(env, form.slug, t0 - 1))).toBe('form_not_open');
    expect(await codeOf(submit(t0 - 1))).toBe('form_not_open');
    expect(await codeOf(submit(t0 + 86_400_000))).toBe('form_closed');
    expect(await codeOf(submit(t0 + 1000))).toBe('ok');
    expect(await codeOf(getOpenForm(env, form.slug, t0 + 2000))).toBe('form_full');
    expect(await codeOf(submit(t0 + 2000))).toBe('form_full');
    await updateFormSettings(env.DB, ctx.session, form.id, { cap: null, status: 'closed' });
    expect(await codeOf(submit(t0 + 3000))).toBe('form_closed');
    expect(await codeOf(getOpenForm(env, 'khong-ton-tai'))).toBe('not_found');
  });

  it('a draft that was never published is not found', async () => {
    const { createForm } = await import('../../worker/forms/service');
    const f = await createForm(env.DB, ctx.session, {
      ownerUnitId: ctx.tree.front.id,
      kind: 'survey',
      definition: sampleDefinition('Bản nháp chưa phát hành'),
    });
    expect(await codeOf(getOpenForm(env, f.slug))).toBe('not_found');
  });
});

describe('versions', () => {
  it('a published version is immutable: editing the draft leaves version 1 and its responses untouched', async () => {
    const form = await publishedForm(ctx);
    const r1 = await submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() });
    const v1Before = await env.DB.prepare('SELECT definition FROM form_versions WHERE id = ?')
      .bind(form.versionId)
      .first();
    const changed = sampleDefinition('Khảo sát đã sửa');
    changed.pages[0]!.questions = changed.pages[0]!.questions.filter((q) => q.id !== 'tuoi');
    await saveDraft(env.DB, ctx.session, form.id, changed);
    expect(
      await env.DB.prepare('SELECT definition FROM form_versions WHERE id = ?').bind(form.versionId).first(),
    ).toEqual(v1Before);
    // Still version 1 until published: the removed question is still accepted.
    const stillV1 = await submitResponse(env, form.slug, {
      answers: good(),
      lang: 'vi',
      idempotencyKey: key(),
    });
    const open1 = await getOpenForm(env, form.slug);
    expect(open1.version).toBe(1);

    const pub = await publishForm(env.DB, ctx.session, form.id);
    expect(pub).toMatchObject({ version: 2, unchanged: false });
    expect(
      await codeOf(submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() })),
    ).toBe(
      'validation_failed', // tuoi no longer exists in version 2
    );
    const r2 = await submitResponse(env, form.slug, {
      answers: { hai_long: 5 },
      lang: 'vi',
      idempotencyKey: key(),
    });
    const versions = await env.DB.prepare(
      'SELECT r.id, v.version FROM responses r JOIN form_versions v ON v.id = r.version_id WHERE r.form_id = ?',
    )
      .bind(form.id)
      .all<{ id: string; version: number }>();
    const byId = new Map(versions.results.map((r) => [r.id, r.version]));
    expect(byId.get(r1.responseId)).toBe(1);
    expect(byId.get(stillV1.responseId)).toBe(1);
    expect(byId.get(r2.responseId)).toBe(2);
  });

  it('publishing an unchanged draft creates no version', async () => {
    const form = await publishedForm(ctx);
    expect(await publishForm(env.DB, ctx.session, form.id)).toMatchObject({ version: 1, unchanged: true });
  });
});

describe('identity, honeypot, Turnstile, rate limits', () => {
  const withIdentity = (mode: 'optional' | 'required') => {
    const def = sampleDefinition('Phản ánh có danh tính');
    def.identity = {
      mode,
      fields: ['name', 'phone'],
      consent: { version: 'v2026-01', text: { vi: 'Tôi đồng ý.' } },
    };
    return def;
  };

  it('required identity: refused without it or without consent; sealed and bound to the response', async () => {
    const form = await publishedForm(ctx, { definition: withIdentity('required') });
    const base = { answers: { hai_long: 2 }, lang: 'vi' as const };
    expect(await codeOf(submitResponse(env, form.slug, { ...base, idempotencyKey: key() }))).toBe(
      'validation_failed',
    );
    const identity = { name: 'Trần Thị Bình', phone: '0912 345 678' };
    const noConsent = await submitResponse(env, form.slug, {
      ...base,
      identity,
      idempotencyKey: key(),
    }).catch((e) => e);
    expect((noConsent as AppError).fields?.[0]?.path).toBe('consentAccepted');
    const res = await submitResponse(env, form.slug, {
      ...base,
      identity,
      consentAccepted: true,
      idempotencyKey: key(),
    });
    const row = await env.DB.prepare(
      'SELECT identity_sealed, consent_version, data, search_text FROM responses WHERE id = ?',
    )
      .bind(res.responseId)
      .first<{ identity_sealed: string; consent_version: string; data: string; search_text: string }>();
    expect(row!.consent_version).toBe('v2026-01');
    expect(row!.identity_sealed).not.toContain('Bình');
    expect(row!.data + row!.search_text).not.toMatch(/binh|Bình|0912/i);
    expect(JSON.parse(await open(keyringOf(env), 'identity', row!.identity_sealed, res.responseId))).toEqual({
      name: 'Trần Thị Bình',
      phone: '0912345678',
    });
    // Bound to its row: another id as AAD does not open it.
    await expect(open(keyringOf(env), 'identity', row!.identity_sealed, 'other-row')).rejects.toThrow();
  });

  it('optional identity may be left out; a form without identity refuses it', async () => {
    const opt = await publishedForm(ctx, { definition: withIdentity('optional') });
    const res = await submitResponse(env, opt.slug, {
      answers: { hai_long: 2 },
      lang: 'vi',
      idempotencyKey: key(),
    });
    const row = await env.DB.prepare('SELECT identity_sealed, consent_version FROM responses WHERE id = ?')
      .bind(res.responseId)
      .first();
    expect(row).toEqual({ identity_sealed: null, consent_version: null });
    const none = await publishedForm(ctx);
    const err = await submitResponse(env, none.slug, {
      answers: { hai_long: 2 },
      identity: { name: 'Ai đó' },
      lang: 'vi',
      idempotencyKey: key(),
    }).catch((e) => e);
    expect((err as AppError).fields?.[0]?.path).toBe('identity.name');
  });

  it('a filled honeypot gets a receipt but nothing is stored', async () => {
    const form = await publishedForm(ctx);
    const before = await tableCounts(form.id);
    const res = await submitResponse(env, form.slug, {
      answers: good(),
      honeypot: 'http://spam.example',
      lang: 'vi',
      idempotencyKey: key(),
    });
    expect(parseReceiptCode(res.receiptCode)).toBe(res.receiptCode);
    expect(await tableCounts(form.id)).toEqual(before);
    expect(await codeOf(lookupReceipt(env, res.receiptCode))).toBe('not_found');
  });

  it('Turnstile only when the form enables it; the test secrets need no network', async () => {
    const form = await publishedForm(ctx, { settings: { turnstile: true } });
    const sub = (e: Env, token?: string) =>
      submitResponse(e, form.slug, {
        answers: good(),
        lang: 'vi',
        idempotencyKey: key(),
        turnstileToken: token,
      });
    expect(await codeOf(sub(env))).toBe('validation_failed');
    expect(await codeOf(sub(env, 'XXXX.DUMMY.TOKEN.XXXX'))).toBe('ok'); // always-pass test secret
    expect(
      await codeOf(sub({ ...env, TURNSTILE_SECRET: '2x0000000000000000000000000000000AA' }, 'tok')),
    ).toBe('turnstile_failed');
    expect(await codeOf(sub({ ...env, TURNSTILE_SECRET: undefined }, 'tok'))).toBe('turnstile_unavailable');
  });

  it('rate-limits per form and device (20 a minute), not per IP', async () => {
    const form = await publishedForm(ctx);
    await awayFromMinuteEdge();
    const device = `dev-${crypto.randomUUID()}`;
    const outcomes: string[] = [];
    for (let i = 0; i < 22; i++) {
      outcomes.push(
        await codeOf(
          submitResponse(env, form.slug, {
            answers: good(),
            lang: 'vi',
            idempotencyKey: key(),
            deviceKey: device,
            ip: '10.0.0.1',
          }),
        ),
      );
    }
    expect(outcomes.slice(0, 20).every((o) => o === 'ok')).toBe(true);
    expect(outcomes.slice(20)).toEqual(['rate_limited', 'rate_limited']);
    // Another device behind the same carrier IP is not affected.
    expect(
      await codeOf(
        submitResponse(env, form.slug, {
          answers: good(),
          lang: 'vi',
          idempotencyKey: key(),
          deviceKey: `dev-${crypto.randomUUID()}`,
          ip: '10.0.0.1',
        }),
      ),
    ).toBe('ok');
  });
});

describe('receipts', () => {
  it('returns status, time and the title, and nothing else', async () => {
    const form = await publishedForm(ctx);
    const res = await submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() });
    const r = await lookupReceipt(env, res.receiptCode.toLowerCase().replace(/-/g, ' '));
    expect(Object.keys(r).sort()).toEqual(['formTitle', 'receiptCode', 'status', 'submittedAt']);
    expect(r).toMatchObject({
      receiptCode: res.receiptCode,
      status: 'received',
      formTitle: 'Khảo sát sự hài lòng của người dân',
    });
    expect((await lookupReceipt(env, res.receiptCode, { lang: 'en' })).formTitle).toBe('Satisfaction survey');
  });

  it('a wrong check character is invalid_receipt', async () => {
    const body = 'K7QM3XD9B2HT';
    const codes = await Promise.all(
      '0123456789ABCDEF'.split('').map((c) => codeOf(lookupReceipt(env, body + c))),
    );
    expect(codes.filter((c) => c === 'invalid_receipt').length).toBe(15);
    expect(codes.filter((c) => c === 'not_found').length).toBe(1);
  });
});

describe('rows written', () => {
  it('one submission writes a fixed, small number of rows', async () => {
    const form = await publishedForm(ctx);
    // Warm the counters so the measured submission is an update of existing rollup rows.
    await submitResponse(env, form.slug, { answers: good(), lang: 'vi', idempotencyKey: key() });
    let written = 0;
    const metered = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'batch') {
          return async (stmts: D1PreparedStatement[]) => {
            const results = await target.batch(stmts);
            for (const r of results) written += r.meta.rows_written ?? 0;
            return results;
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await submitResponse({ ...env, DB: metered }, form.slug, {
      answers: good(),
      lang: 'vi',
      idempotencyKey: key(),
    });
    // See docs/forms-and-responses.md ("What one submission writes").
    expect(written).toBe(env.TEST_RUNTIME === 'node' ? EXPECTED_ROWS_CHANGED : EXPECTED_ROWS_WRITTEN);
  });

  it('a first submission is one read and one batch (the key is looked up only on a refusal or a conflict)', async () => {
    const form = await publishedForm(ctx);
    const { db, usage } = meterD1(env.DB);
    await submitResponse({ ...env, DB: db }, form.slug, {
      answers: good(),
      lang: 'vi',
      idempotencyKey: key(),
    });
    // findPublishedForm + the seven statements of the batch (decision 131; month buckets: dashboards 205).
    expect(usage.statements).toBe(1 + 7);
    // The isolate now holds the form: the next submission is the batch alone (decision 134).
    const again = meterD1(env.DB);
    await submitResponse({ ...env, DB: again.db }, form.slug, {
      answers: good(),
      lang: 'vi',
      idempotencyKey: key(),
    });
    expect(again.usage.statements).toBe(7);
  });
});

/**
 * A D1 whose next `times` batches each run after a change of the form (`updated_at` + 1), as if
 * staff saved its settings at that instant; `batches()` counts the batches run through it.
 */
function changingBeforeBatches(formId: string, times = Number.POSITIVE_INFINITY) {
  let left = times;
  let batches = 0;
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'batch') {
        return async (stmts: D1PreparedStatement[]) => {
          batches++;
          if (left-- > 0)
            await target
              .prepare('UPDATE forms SET updated_at = updated_at + 1 WHERE id = ?')
              .bind(formId)
              .run();
          return target.batch(stmts);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, batches: () => batches };
}

describe('the form kept in isolate memory (decision 134)', () => {
  const submit = (slug: string, answers: unknown = good(), e: Env = env, k = key()) =>
    submitResponse(e, slug, { answers, lang: 'vi', idempotencyKey: k });
  const stored = async (formId: string) =>
    (await env.DB.prepare('SELECT COUNT(*) AS n FROM responses WHERE form_id = ?')
      .bind(formId)
      .first<{ n: number }>())!.n;

  it('a form closed, republished or changed behind the cache is decided on its current state', async () => {
    const form = await publishedForm(ctx);
    await submit(form.slug); // cached now
    // Changes straight in the database (no service call, nothing could tell the isolate):
    await env.DB.prepare("UPDATE forms SET status = 'closed' WHERE id = ?").bind(form.id).run();
    expect(await codeOf(submit(form.slug))).toBe('form_closed');
    await env.DB.prepare("UPDATE forms SET status = 'published', closes_at = 1 WHERE id = ?")
      .bind(form.id)
      .run();
    expect(await codeOf(submit(form.slug))).toBe('form_closed');
    await env.DB.prepare('UPDATE forms SET closes_at = NULL WHERE id = ?').bind(form.id).run();
    expect(await stored(form.id)).toBe(1);

    // Turnstile switched on by the settings service: the cached copy (without it) is not trusted.
    await submit(form.slug);
    await updateFormSettings(env.DB, ctx.session, form.id, { turnstile: true });
    expect(await codeOf(submit(form.slug))).toBe('validation_failed'); // no token: turnstileToken required
    await updateFormSettings(env.DB, ctx.session, form.id, { turnstile: false });

    // A new version with a new required question: old answers are checked against it.
    await submit(form.slug);
    const v2 = sampleDefinition('Phiên bản 2');
    v2.pages[0]!.questions.push({ id: 'moi', type: 'yes_no', label: { vi: 'Câu mới' }, required: true });
    await saveDraft(env.DB, ctx.session, form.id, v2);
    await publishForm(env.DB, ctx.session, form.id);
    expect(await codeOf(submit(form.slug))).toBe('validation_failed');
    const ok = await submit(form.slug, { ...good(), moi: 'yes' });
    const row = await env.DB.prepare(
      'SELECT v.version FROM responses r JOIN form_versions v ON v.id = r.version_id WHERE r.id = ?',
    )
      .bind(ok.responseId)
      .first();
    expect(row).toEqual({ version: 2 });
    expect(await stored(form.id)).toBe(4);
  });

  it('a replay of a stored key still answers its receipt after the form closed behind the cache', async () => {
    const form = await publishedForm(ctx);
    const k = key();
    const first = await submit(form.slug, good(), env, k);
    await env.DB.prepare("UPDATE forms SET status = 'closed' WHERE id = ?").bind(form.id).run();
    const again = await submit(form.slug, good(), env, k);
    expect(again).toMatchObject({ receiptCode: first.receiptCode, replayed: true });
  });

  it('a form that keeps changing under the batch gets form_changed and nothing is stored', async () => {
    const form = await publishedForm(ctx);
    await submit(form.slug);
    // Every batch is preceded by a change of the form, as if staff saved its settings each time.
    const { db: churning } = changingBeforeBatches(form.id);
    expect(await codeOf(submit(form.slug, good(), { ...env, DB: churning }))).toBe('form_changed');
    expect(await stored(form.id)).toBe(1);
    expect(await codeOf(submit(form.slug))).toBe('ok');
    // A key that was stored before still gets its receipt, however much the form churns.
    const k = key();
    const first = await submit(form.slug, good(), env, k);
    const again = await submit(form.slug, good(), { ...env, DB: churning }, k);
    expect(again).toMatchObject({ receiptCode: first.receiptCode, replayed: true });
  });

  it('a Turnstile token is verified once per request, also when the batch is retried', async () => {
    const form = await publishedForm(ctx, { settings: { turnstile: true } });
    const changing = changingBeforeBatches(form.id, 1); // the form changes under the first batch only
    const once = changing.db;
    let secretReads = 0; // verifyTurnstile reads the secret once per verification
    const counted = new Proxy(
      { ...env, DB: once },
      {
        get(target, prop, receiver) {
          if (prop === 'TURNSTILE_SECRET') secretReads++;
          return Reflect.get(target, prop, receiver);
        },
      },
    ) as Env;
    const res = await submitResponse(counted, form.slug, {
      answers: good(),
      lang: 'vi',
      idempotencyKey: key(),
      turnstileToken: 'XXXX.DUMMY.TOKEN.XXXX',
    });
    expect(res.replayed).toBe(false);
    expect(changing.batches()).toBe(2); // two batches ran: the guard failed once, the retry stored
    expect(secretReads).toBe(1);
  });
});

/**
 * 4 answer rows and 4 rollup keys, counters already present. Per statement: quota 1; response
 * 1 row + 4 index entries (PK, receipt, idempotency, form/time) = 5; answers 4 × (row + response
 * index) = 8; response_counts 1; answer_counts 4 (updates of non-key columns touch no index);
 * the month buckets response_month_counts 1 and answer_month_counts 4 (dashboards decision 205).
 * Explained in docs/forms-and-responses.md; a change here needs a reason.
 */
const EXPECTED_ROWS_WRITTEN = 1 + 5 + 8 + 1 + 4 + 1 + 4;
/**
 * The same statements on the Node platform, which reports SQLite's changed rows (no index
 * entries): quota 1, response 1, answers 4, response_counts 1, answer_counts 4, month buckets 1 + 4.
 */
const EXPECTED_ROWS_CHANGED = 1 + 1 + 4 + 1 + 4 + 1 + 4;

describe('rollups', () => {
  it('after random submissions, answer_counts and response_counts equal a GROUP BY recount', async () => {
    const units = [ctx.tree.wardA.id, ctx.tree.wardB.id, undefined];
    const answersArb = fc.record(
      {
        don_vi: fc.constantFrom(...units),
        hai_long: fc.integer({ min: 1, max: 5 }),
        chu_de: fc.subarray(['moi_truong', 'an_ninh', 'y_te']),
        danh_gia: fc.record(
          { dao_duc: fc.constantFrom('cao', 'tb', 'thap'), loi_song: fc.constantFrom('cao', 'tb', 'thap') },
          { requiredKeys: [] },
        ),
        tuoi: fc.integer({ min: 0, max: 120 }),
        y_kien: fc.constantFrom('', 'Đề nghị công khai', 'an ninh trật tự'),
        hoi_vien: fc.boolean(),
      },
      { requiredKeys: ['hai_long'] },
    );
    const day0 = Date.parse('2026-04-01T00:00:00Z');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(answersArb, fc.integer({ min: 0, max: 3 * 86_400_000 })), {
          minLength: 1,
          maxLength: 12,
        }),
        async (subs) => {
          const form = await publishedForm(ctx);
          for (const [answers, offset] of subs) {
            const clean = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined));
            await submitResponse(
              env,
              form.slug,
              { answers: clean, lang: 'vi', idempotencyKey: key() },
              day0 + offset,
            );
          }
          const rollup = await env.DB.prepare(
            `SELECT question_id, item, option, unit_id, day, n, total FROM answer_counts WHERE version_id = ?
            ORDER BY question_id, item, option, unit_id, day`,
          )
            .bind(form.versionId)
            .all();
          const recount = await env.DB.prepare(
            `SELECT a.question_id, a.item,
                  CASE WHEN a.question_id = 'tuoi' THEN '' ELSE a.value END AS option,
                  r.unit_id, r.day, count(*) AS n, SUM(COALESCE(a.num, 0)) AS total
             FROM answers a JOIN responses r ON r.id = a.response_id
            WHERE r.version_id = ? AND a.question_id <> 'y_kien'
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
          )
            .bind(form.versionId)
            .all();
          expect(rollup.results).toEqual(recount.results);
          const rc = await env.DB.prepare(
            'SELECT unit_id, day, n FROM response_counts WHERE form_id = ? ORDER BY 1, 2',
          )
            .bind(form.id)
            .all();
          const rcount = await env.DB.prepare(
            'SELECT unit_id, day, count(*) AS n FROM responses WHERE form_id = ? GROUP BY 1, 2 ORDER BY 1, 2',
          )
            .bind(form.id)
            .all();
          expect(rc.results).toEqual(rcount.results);
          expect(rcount.results.length).toBeGreaterThan(0);
          expect(vnDay(day0)).toBe('2026-04-01');
        },
      ),
      { numRuns: 6 },
    );
  });
});
