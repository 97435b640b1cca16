/**
 * The case file export (`GET /api/cases/{id}/export`, issue 14 item 3, decision 267): it carries
 * the consent record with the exact text version the reporter accepted (an older case keeps the
 * older text after the form's consent changes); it is authorised and confidential exactly as the
 * case page (same status for every role, no intake-only note, consent record or identity for the
 * handling body); the identity appears only when intake asks, through the audited reader; every
 * export is audited without values; the PDF is a real PDF under a readable name.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../worker/auth/service';
import { DEFAULT_CRITERIA_SETS } from '../../worker/cases/reference';
import { feedbackTemplate } from '../../worker/cases/templates';
import { publishForm, saveDraft } from '../../worker/forms/service';
import { call, createStaff, createTree } from '../helpers/fixtures';
import { PNG } from '../helpers/metadata-fixtures';
import { pdfText } from '../unit/ballots-pdftext';
import { caseForm, caseIdOf, IDENTITY, personIn, submitFeedback, transition, type U } from './cases-fixtures';

let w: { city: U; front: U; board: U; wardA: U; wardB: U };
let intake: { userId: string; cookie: string };
let handler: string;
let form: { slug: string; id: string };
let person: { id: string; fullName: string };
/** The identified case, answered with a file, forwarded to the board, with an intake-only note. */
let caseId: string;
let fileKey: string;

const INTAKE_NOTE = 'Ghi chú chỉ MTTQ đọc (XR5).';
const NEW_CONSENT = {
  vi: 'Tôi đồng ý để MTTQ lưu thông tin liên hệ trong 12 tháng để phản hồi (bản mới).',
  en: 'I agree that the Front keeps my contact details for 12 months to reply (new).',
};
const NEEDLES = [IDENTITY.name, IDENTITY.phone, IDENTITY.phone.slice(1)];

interface Consent {
  version: string;
  hash: string | null;
  text: { vi: string; en: string | null } | null;
  acceptedAt: number;
}
interface Export {
  exportedAt: number;
  exportedBy: string;
  lang: 'vi' | 'en';
  case: { id: string; receiptCode: string; status: string; bodyName: string | null };
  form: { title: string };
  answers: { questionId: string; label: string; text: string; value: unknown }[];
  files: { questionId: string; question: string; key: string; name: string; type: string; size: number }[];
  timeline: { type: string; body: string | null; visibility: string }[];
  consent: Consent | null;
  identified: boolean | null;
  identity: Record<string, string> | null;
}

const exportOf = (id: string, cookie: string, query = '') =>
  call(`/api/cases/${id}/export${query ? `?${query}` : ''}`, { cookie });

/** The stored consent record of a case's response, straight from the tables. */
const storedConsent = (id: string) =>
  env.DB.prepare(
    `SELECT r.consent_version AS version, r.consent_hash AS hash, r.submitted_at AS at,
            t.text_vi AS vi, t.text_en AS en
       FROM cases c JOIN responses r ON r.id = c.response_id
       LEFT JOIN consent_texts t ON t.hash = r.consent_hash WHERE c.id = ?`,
  )
    .bind(id)
    .first<{ version: string; hash: string; at: number; vi: string; en: string }>();

beforeAll(async () => {
  w = await createTree();
  form = await caseForm(w.front, 'feedback');
  person = await personIn(w.wardA);
  intake = await createStaff([{ role: 'case_intake', unitId: w.front.id }]);
  handler = (await createStaff([{ role: 'case_handler', unitId: w.board.id }])).cookie;
  const fd = new FormData();
  fd.set('file', new File([PNG], 'anh.png', { type: 'image/png' }));
  const up = await call(`/api/public/forms/${form.slug}/uploads?q=bang_chung`, { method: 'POST', body: fd });
  expect(up.status).toBe(201);
  fileKey = ((await up.json()) as { key: string }).key;
  const sent = await submitFeedback(form.slug, person.id, {
    identity: { name: IDENTITY.name, phone: IDENTITY.phone },
    text: 'Cán bộ phường chậm giải quyết hồ sơ (XR4).',
    files: [fileKey],
  });
  caseId = await caseIdOf(sent.receiptCode);
  await transition(caseId, intake.cookie, { action: 'classify', kind: 'feedback', severity: 'high' });
  await transition(caseId, intake.cookie, { action: 'forward', bodyUnitId: w.board.id });
  const note = await call(`/api/cases/${caseId}/notes`, {
    method: 'POST',
    cookie: intake.cookie,
    json: { body: INTAKE_NOTE, visibility: 'intake' },
  });
  expect(note.status).toBe(201);
});

describe('GET /api/cases/{id}/export', () => {
  it('intake’s JSON: summary, labelled answers, files listed, timeline, the consent record; no identity', async () => {
    const res = await exportOf(caseId, intake.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="ho-so-vu-viec-[a-z0-9-]+\.json"$/,
    );
    const text = await res.text();
    const x = JSON.parse(text) as Export;
    expect(x.lang).toBe('vi');
    expect(x.case.id).toBe(caseId);
    expect(x.case.status).toBe('forwarded');
    expect(x.case.bodyName).toBe(w.board.name);
    // Answers read as labels: the person by name, the criteria by their levels' labels, never ids.
    const byId = new Map(x.answers.map((a) => [a.questionId, a]));
    expect(byId.get('can_bo')!.text).toBe(person.fullName);
    const criteria = byId.get('chuan_muc')!;
    expect(criteria.text).toContain(DEFAULT_CRITERIA_SETS[0]!.criteria[0]!.label.vi);
    expect(criteria.text).not.toContain(': kha');
    expect(byId.get('noi_dung')!.text).toBe('Cán bộ phường chậm giải quyết hồ sơ (XR4).');
    expect(byId.has('bang_chung')).toBe(false);
    // Files are listed (name, type, size), never their bytes.
    expect(x.files).toEqual([
      {
        questionId: 'bang_chung',
        question: 'Ảnh, tài liệu kèm theo (không bắt buộc)',
        key: fileKey,
        name: `minh-chung-${fileKey.slice(-8)}.png`,
        type: 'image/png',
        size: (await env.FILES.head(fileKey))!.size,
      },
    ]);
    // Status history and decisions, the intake-only note included for intake.
    expect(x.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'classify', 'forward']));
    expect(text).toContain(INTAKE_NOTE);
    // The consent record: exactly the stored text, both languages, and when.
    const row = (await storedConsent(caseId))!;
    expect(x.consent).toEqual({
      version: row.version,
      hash: row.hash,
      text: { vi: row.vi, en: row.en },
      acceptedAt: row.at,
    });
    expect(x.identified).toBe(true);
    // No identity unless asked.
    expect(x.identity).toBeNull();
    for (const n of NEEDLES) expect(text).not.toContain(n);
  });

  it('an older case still exports the consent text it accepted after the form’s text changes', async () => {
    const older = await caseIdOf(
      (await submitFeedback(form.slug, person.id, { identity: { name: IDENTITY.name } })).receiptCode,
    );
    const before = (await (await exportOf(older, intake.cookie)).json()) as Export;
    const designerId = (await createStaff([{ role: 'form_designer', unitId: w.front.id }])).userId;
    const designer: StaffSession = {
      userId: designerId,
      email: 'designer@test.vn',
      name: 'designer',
      sessionId: 'x',
      grants: [{ role: 'form_designer', unitId: w.front.id, unitPath: w.front.path, unitName: w.front.name }],
    };
    const def = feedbackTemplate(DEFAULT_CRITERIA_SETS[0]!);
    def.identity!.consent = { version: '2026-12', text: NEW_CONSENT };
    await saveDraft(env.DB, designer, form.id, def);
    await publishForm(env.DB, designer, form.id);
    const newer = await caseIdOf(
      (await submitFeedback(form.slug, person.id, { identity: { name: IDENTITY.name } })).receiptCode,
    );

    const old = (await (await exportOf(older, intake.cookie)).json()) as Export;
    expect(old.consent).toEqual(before.consent);
    expect(old.consent!.version).toBe('2026-01');
    expect(old.consent!.text!.vi).toContain('Tôi đồng ý để Ủy ban MTTQ lưu giữ thông tin liên hệ');
    const now = (await (await exportOf(newer, intake.cookie)).json()) as Export;
    expect(now.consent).toMatchObject({ version: '2026-12', text: NEW_CONSENT });
    expect(now.consent!.hash).not.toBe(old.consent!.hash);
    expect((await storedConsent(newer))!.hash).toBe(now.consent!.hash);
  });

  it('is authorised as the case page: same status for every role, and 404 for no such case', async () => {
    const others = [
      (await createStaff([{ role: 'case_intake', unitId: w.wardB.id }])).cookie,
      (await createStaff([{ role: 'case_handler', unitId: w.wardA.id }])).cookie,
      (await createStaff([{ role: 'form_designer', unitId: w.city.id }])).cookie,
      (await createStaff([{ role: 'board_viewer', unitId: w.city.id }])).cookie,
      (await createStaff([{ role: 'admin', unitId: w.city.id }])).cookie,
    ];
    for (const cookie of [intake.cookie, handler, ...others]) {
      const page = await call(`/api/cases/${caseId}`, { cookie });
      for (const q of ['', 'format=pdf']) {
        const res = await exportOf(caseId, cookie, q);
        expect(res.status, q).toBe(page.status);
        if (res.status !== 200) {
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          const body = await res.text();
          for (const n of NEEDLES) expect(body).not.toContain(n);
        }
      }
    }
    expect((await exportOf(caseId, others[2]!)).status).toBe(403);
    expect((await exportOf('0190aaaa-0000-7000-8000-000000000000', intake.cookie)).status).toBe(404);
    expect((await call(`/api/cases/${caseId}/export`)).status).toBe(401);
    expect((await exportOf(caseId, intake.cookie, 'format=docx')).status).toBe(400);
  });

  it('the handling body’s export hides what its case page hides: the note, the consent, identity', async () => {
    const res = await exportOf(caseId, handler);
    expect(res.status).toBe(200);
    const text = await res.text();
    const x = JSON.parse(text) as Export;
    expect(x.answers.find((a) => a.questionId === 'noi_dung')!.text).toContain('XR4');
    expect(x.consent).toBeNull();
    expect(x.identified).toBeNull();
    expect(x.identity).toBeNull();
    expect(text).not.toContain(INTAKE_NOTE);
    for (const n of NEEDLES) expect(text).not.toContain(n);
    // Asking for identity is refused, and nothing is read.
    const reads = await identityReads();
    expect((await exportOf(caseId, handler, 'identity=1')).status).toBe(403);
    expect((await exportOf(caseId, handler, 'identity=1&format=pdf')).status).toBe(403);
    expect(await identityReads()).toBe(reads);
  });

  it('identity for intake on request, through the audited reader; every export audited without values', async () => {
    const reads = await identityReads();
    const res = await exportOf(caseId, intake.cookie, 'identity=1');
    expect(res.status).toBe(200);
    const x = (await res.json()) as Export;
    expect(x.identity).toEqual({ name: IDENTITY.name, phone: IDENTITY.phone });
    expect(await identityReads()).toBe(reads + 1);
    const read = await env.DB.prepare(
      "SELECT actor_id AS actor, detail FROM audit_log WHERE action = 'case.identity.read' AND target_id = ? ORDER BY seq DESC LIMIT 1",
    )
      .bind(caseId)
      .first<{ actor: string; detail: string }>();
    expect(read!.actor).toBe(intake.userId);
    expect(JSON.parse(read!.detail)).toEqual({ found: true, via: 'export' });

    const pdf = await exportOf(caseId, intake.cookie, 'format=pdf&lang=en&identity=1');
    expect(pdf.status).toBe(200);
    const exports = await env.DB.prepare(
      "SELECT actor_id AS actor, detail FROM audit_log WHERE action = 'case.export' AND target_id = ? ORDER BY seq",
    )
      .bind(caseId)
      .all<{ actor: string; detail: string }>();
    const details = exports.results.map((r) => JSON.parse(r.detail));
    expect(details).toContainEqual({ format: 'json', lang: 'vi', identity: false });
    expect(details.at(-2)).toEqual({ format: 'json', lang: 'vi', identity: true });
    expect(details.at(-1)).toEqual({ format: 'pdf', lang: 'en', identity: true });
    expect(exports.results.at(-1)!.actor).toBe(intake.userId);
    for (const r of exports.results) for (const n of NEEDLES) expect(r.detail).not.toContain(n);
    expect(await identityReads()).toBe(reads + 2);
  });

  it('the PDF prints the same file: consent record in both languages, identity only when asked', async () => {
    const row = (await storedConsent(caseId))!;
    const pdfOf = async (cookie: string, query: string) => {
      const res = await exportOf(caseId, cookie, `format=pdf&${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-disposition')).toMatch(
        /^attachment; filename="ho-so-vu-viec-[a-z0-9-]+\.pdf"$/,
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
      const text = await pdfText(bytes);
      // Every character is in the embedded font (a missing glyph prints as '?').
      expect(text).not.toContain('?');
      return text;
    };
    const vi = await pdfOf(intake.cookie, 'lang=vi');
    expect(vi).toContain('HỒ SƠ VỤ VIỆC');
    expect(vi).toContain(person.fullName);
    expect(vi).toContain(`minh-chung-${fileKey.slice(-8)}.png`);
    expect(vi).toContain(INTAKE_NOTE);
    expect(vi).toContain('Sự đồng ý xử lý dữ liệu cá nhân');
    expect(vi).toContain(row.hash);
    expect(vi).toContain(row.vi.slice(0, 30));
    expect(vi).toContain(row.en.slice(0, 30));
    for (const n of NEEDLES) expect(vi).not.toContain(n);

    // The page footer speaks the document's language.
    expect(vi).toMatch(/Trang 1\/\d+/);
    expect(vi).not.toContain('Page 1 of');

    const en = await pdfOf(intake.cookie, 'lang=en&identity=1');
    expect(en).toContain('CASE FILE');
    expect(en).toMatch(/Page 1 of \d+/);
    expect(en).not.toMatch(/Trang \d/);
    expect(en).toContain('Consent to processing personal data');
    expect(en).toContain(IDENTITY.name);
    expect(en).toContain(IDENTITY.phone);

    const body = await pdfOf(handler, 'lang=vi');
    expect(body).toContain('HỒ SƠ VỤ VIỆC');
    expect(body).not.toContain(INTAKE_NOTE);
    expect(body).not.toContain('Sự đồng ý');
    expect(body).not.toContain(row.hash);
    for (const n of NEEDLES) expect(body).not.toContain(n);
  });
});

describe('the person the reporter picked, after intake changes the subject', () => {
  it('the case page and the export (JSON and PDF) answer with the picked person; the subject shows the new one', async () => {
    const picked = await personIn(w.wardA, 'Lê Văn Đượcchọn');
    const other = await personIn(w.wardB, 'Phạm Thị Đổisang');
    const sent = await submitFeedback(form.slug, picked.id);
    const id = await caseIdOf(sent.receiptCode);
    const classified = await transition(id, intake.cookie, {
      action: 'classify',
      kind: 'feedback',
      subjectPersonId: other.id,
    });
    expect(classified.status).toBe(200);

    const page = (await (await call(`/api/cases/${id}`, { cookie: intake.cookie })).json()) as {
      case: { subjectPersonId: string | null; subjectName: string | null };
      questions: { id: string; answer: unknown; answerName?: string | null }[];
    };
    expect(page.case.subjectPersonId).toBe(other.id);
    expect(page.case.subjectName).toBe(other.fullName);
    const canBo = page.questions.find((q) => q.id === 'can_bo')!;
    expect(canBo.answer).toBe(picked.id);
    expect(canBo.answerName).toBe(picked.fullName);

    const x = (await (await exportOf(id, intake.cookie)).json()) as Export & {
      case: { subjectName: string | null };
    };
    expect(x.case.subjectName).toBe(other.fullName);
    const answer = x.answers.find((a) => a.questionId === 'can_bo')!;
    expect(answer.value).toBe(picked.id);
    expect(answer.text).toBe(picked.fullName);

    const pdf = await exportOf(id, intake.cookie, 'format=pdf');
    expect(pdf.status).toBe(200);
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    // The summary names the subject; the answer names the person picked.
    expect(text).toContain(other.fullName);
    expect(text).toContain(picked.fullName);
  });
});

async function identityReads() {
  const r = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'case.identity.read' AND target_id = ?",
  )
    .bind(caseId)
    .first<{ n: number }>();
  return r!.n;
}
