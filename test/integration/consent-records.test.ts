/**
 * Consent records (issue 14 item 3, decision 266): a response that gives identity stores which
 * consent text it accepted (immutable, both languages, keyed by content hash) and when; intake's
 * case page shows it, the handling body's does not; the reporter's data export carries it;
 * a changed consent text is a new record, and the old one stays with the responses that accepted it.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../worker/auth/service';
import { DEFAULT_CRITERIA_SETS } from '../../worker/cases/reference';
import { feedbackTemplate } from '../../worker/cases/templates';
import { publishForm, saveDraft } from '../../worker/forms/service';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { caseForm, caseIdOf, IDENTITY, personIn, submitFeedback, transition, type U } from './cases-fixtures';

let w: { city: U; front: U; board: U; wardA: U; wardB: U };
let feedback: { slug: string; id: string };
let intake: string;
let handler: string;

beforeAll(async () => {
  w = await createTree();
  feedback = await caseForm(w.front, 'feedback');
  intake = (await createStaff([{ role: 'case_intake', unitId: w.front.id }])).cookie;
  handler = (await createStaff([{ role: 'case_handler', unitId: w.board.id }])).cookie;
});

const stored = (code: string) =>
  env.DB.prepare(
    `SELECT r.consent_version AS version, r.consent_hash AS hash, r.submitted_at AS at, t.text_vi AS vi, t.text_en AS en
       FROM responses r LEFT JOIN consent_texts t ON t.hash = r.consent_hash WHERE r.receipt_code = ?`,
  )
    .bind(code)
    .first<{
      version: string | null;
      hash: string | null;
      at: number;
      vi: string | null;
      en: string | null;
    }>();

type CasePage = {
  consent: {
    version: string;
    hash: string;
    text: { vi: string; en: string | null };
    acceptedAt: number;
  } | null;
};

describe('consent records', () => {
  it('stores the accepted text (both languages) and its time; intake sees it, the body does not', async () => {
    const person = await personIn(w.wardA);
    const sent = await submitFeedback(feedback.slug, person.id, {
      identity: { name: IDENTITY.name, phone: IDENTITY.phone },
    });
    const row = (await stored(sent.receiptCode))!;
    expect(row.version).toBe('2026-01');
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.vi).toContain('Tôi đồng ý để Ủy ban MTTQ lưu giữ thông tin liên hệ');
    expect(row.en).toContain('I agree that the Front keeps my contact details');

    const id = await caseIdOf(sent.receiptCode);
    const page = (await (await call(`/api/cases/${id}`, { cookie: intake })).json()) as CasePage;
    expect(page.consent).toEqual({
      version: '2026-01',
      hash: row.hash,
      text: { vi: row.vi, en: row.en },
      acceptedAt: row.at,
    });
    await transition(id, intake, { action: 'classify', kind: 'feedback' });
    await transition(id, intake, { action: 'forward', bodyUnitId: w.board.id });
    const body = (await (await call(`/api/cases/${id}`, { cookie: handler })).json()) as CasePage;
    expect(body.consent).toBeNull();

    // The reporter's own export of the case carries the record.
    const own = (await (
      await call('/api/public/rights/access', {
        method: 'POST',
        headers: { 'cf-connecting-ip': '10.67.0.1' },
        json: { code: sent.receiptCode, pin: sent.pin },
      })
    ).json()) as { consent: { version: string; hash: string; text: { vi: string }; acceptedAt: number } };
    expect(own.consent).toMatchObject({ version: '2026-01', hash: row.hash, acceptedAt: row.at });
    expect(own.consent.text.vi).toBe(row.vi);

    // An anonymous response accepted nothing.
    const anon = await submitFeedback(feedback.slug, person.id);
    expect(await stored(anon.receiptCode)).toMatchObject({ version: null, hash: null });
  });

  it('a changed consent text is a new record; the old one stays with its responses', async () => {
    const form = await caseForm(w.front, 'feedback');
    const person = await personIn(w.wardA);
    const first = await submitFeedback(form.slug, person.id, { identity: { name: IDENTITY.name } });
    const before = (await stored(first.receiptCode))!;

    const { userId } = await createStaff([{ role: 'form_designer', unitId: w.front.id }]);
    const designer: StaffSession = {
      userId,
      email: 'designer@test.vn',
      name: 'designer',
      sessionId: 'x',
      grants: [{ role: 'form_designer', unitId: w.front.id, unitPath: w.front.path, unitName: w.front.name }],
    };
    const def = feedbackTemplate(DEFAULT_CRITERIA_SETS[0]!);
    // Same label, new words: still a new record (the hash is of the text, not the label).
    def.identity!.consent!.text = {
      vi: 'Tôi đồng ý để MTTQ lưu thông tin liên hệ trong 12 tháng để phản hồi.',
      en: 'I agree that the Front keeps my contact details for 12 months to reply.',
    };
    await saveDraft(env.DB, designer, form.id, def);
    await publishForm(env.DB, designer, form.id);
    const second = await submitFeedback(form.slug, person.id, { identity: { name: IDENTITY.name } });
    const after = (await stored(second.receiptCode))!;
    expect(after.hash).not.toBe(before.hash);
    expect(after.vi).toBe('Tôi đồng ý để MTTQ lưu thông tin liên hệ trong 12 tháng để phản hồi.');
    // The first response still points at the text it accepted, unchanged.
    expect(await stored(first.receiptCode)).toEqual(before);
    const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM consent_texts WHERE hash IN (?, ?)')
      .bind(before.hash, after.hash)
      .first<{ n: number }>();
    expect(n!.n).toBe(2);
  });

  it('a response stored before consent_texts shows the text of the version it answered', async () => {
    const person = await personIn(w.wardA);
    const sent = await submitFeedback(feedback.slug, person.id, { identity: { name: IDENTITY.name } });
    await env.DB.prepare('UPDATE responses SET consent_hash = NULL WHERE receipt_code = ?')
      .bind(sent.receiptCode)
      .run();
    const id = await caseIdOf(sent.receiptCode);
    const page = (await (await call(`/api/cases/${id}`, { cookie: intake })).json()) as CasePage;
    expect(page.consent?.version).toBe('2026-01');
    expect(page.consent?.hash).toBeNull();
    expect(page.consent?.text.vi).toContain('Tôi đồng ý để Ủy ban MTTQ lưu giữ thông tin liên hệ');
  });
});
