/**
 * Hồ sơ vụ việc: one case as a file an officer files or hands to another agency — JSON
 * (machine-readable, `CaseExportSchema` in the OpenAPI document) or a printable A4 PDF (the shared
 * PdfWriter, worker/lib/pdf.ts). Decision 267.
 *
 * It is the case page (`casePageOf`) written down, so whoever may open the case may export it and
 * reads exactly what the case page shows them: the handling body gets no intake-only note, no
 * consent record and no word of whether identity was given. The reporter's identity is never in
 * it unless intake asks (`identity: true`), and then through the one audited reader
 * (`auditedIdentity`: `case.identity.read`, via `export`). Every export is audited too
 * (`case.export`: format, language, whether identity was included; never values).
 */
import { audit } from '../audit/service';
import type { StaffSession } from '../auth/service';
import type { Env } from '../env';
import { userFileName } from '../files/serve';
import type { Question } from '../forms/engine/definition';
import { formatAnswer } from '../forms/view/answers';
import { formatDateTime, formatDay, formatNumber } from '../lib/format';
import { type Lang, type LocalText, labelOf, t } from '../lib/i18n';
import { PdfWriter, pdfResponse } from '../lib/pdf';
import { downloadName } from '../lib/xlsx';
import {
  CASE_ACTOR,
  CASE_CLOSURE,
  CASE_EVENT,
  CASE_KIND,
  CASE_SEVERITY,
  CASE_STATUS,
  CASE_VISIBILITY,
  DEADLINE_OUTCOME,
} from '../text/cases';
import { FORM_KIND, IDENTITY_FIELD } from '../text/forms';
import { loadCase } from './service';
import { auditedIdentity, casePageOf } from './views';

/** The name an evidence file is downloaded (and listed) under, without its extension. */
export const evidenceName = (key: string) => `minh-chung-${key.slice(-8)}`;

export interface CaseExportOptions {
  format: 'json' | 'pdf';
  lang: Lang;
  /** Include the reporter's identity: intake only (403 otherwise), audited. */
  identity: boolean;
}

/** The case file's content (the JSON export; the PDF prints it). */
export type CaseExport = Awaited<ReturnType<typeof caseExport>>;

/**
 * The case file of one case for the staff member: the case page's facts, timeline and consent
 * record, the answers as labelled text, the evidence files listed (name, type, size from the
 * store; never the bytes), and the identity only when intake asked. Audited.
 * @throws 401/403/404 as the case page; 403 when identity is asked by anyone but intake
 */
export async function caseExport(
  env: Env,
  staff: StaffSession | undefined,
  id: string,
  opts: CaseExportOptions,
  now = Date.now(),
) {
  const loaded = await loadCase(env.DB, staff, id);
  const page = await casePageOf(env, loaded, now);
  const { lang } = opts;
  const identity = opts.identity ? await auditedIdentity(env, staff!, loaded, 'export') : null;
  const byId = new Map<string, Question>(page.questions.map((q) => [q.id, q as Question]));
  const files = await Promise.all(
    page.files.map(async (f) => {
      const head = await env.FILES.head(f.key);
      const type = head ? (head.httpMetadata?.contentType ?? null) : null;
      return {
        questionId: f.questionId,
        question: t(byId.get(f.questionId)?.label, lang),
        key: f.key,
        name: userFileName(type ?? undefined, evidenceName(f.key)),
        type,
        size: head ? head.size : null,
      };
    }),
  );
  await audit(env.DB, {
    actorId: staff!.userId,
    action: 'case.export',
    targetType: 'case',
    targetId: page.case.id,
    detail: { format: opts.format, lang, identity: opts.identity },
  });
  const c = page.case;
  return {
    exportedAt: now,
    exportedBy: staff!.name,
    lang,
    case: c,
    form: { title: t(page.form.title, lang) },
    answers: page.questions
      .filter((q) => q.type !== 'file')
      .map((q) => ({
        questionId: q.id,
        label: t(q.label, lang),
        text: formatAnswer(q as Question, q.answer, lang, {
          person: () => q.answerName ?? undefined,
          unit: () => q.answerName ?? undefined,
        }),
        value: q.answer,
      })),
    files,
    timeline: page.timeline,
    consent: page.consent,
    identified: page.identified,
    identity,
  };
}

/** The download name: "ho-so-vu-viec-<receipt code>.json|pdf". */
export function caseExportFileName(x: Pick<CaseExport, 'case'>, ext: 'json' | 'pdf'): string {
  return `${downloadName('ho so vu viec', x.case.receiptCode)}.${ext}`;
}

/** The JSON export as a download (an attachment, never cached). */
export function caseExportJson(x: CaseExport): Response {
  return new Response(JSON.stringify(x), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${caseExportFileName(x, 'json')}"`,
      'cache-control': 'no-store',
    },
  });
}

/** Words of the printed case file (the dictionaries of worker/text/ name the enums). */
const W = {
  title: { vi: 'HỒ SƠ VỤ VIỆC', en: 'CASE FILE' },
  receipt: { vi: 'Mã biên nhận', en: 'Receipt code' },
  exported: { vi: 'Xuất lúc', en: 'Exported' },
  by: { vi: 'bởi', en: 'by' },
  confidential: {
    vi: 'Tài liệu có nội dung người dân gửi đến; chỉ dùng cho việc giải quyết vụ việc, không công bố.',
    en: 'This document holds what a citizen wrote; for handling the case only, not for publication.',
  },
  general: { vi: '1. Thông tin chung', en: '1. Summary' },
  deadlines: { vi: '2. Thời hạn', en: '2. Deadlines' },
  content: { vi: '3. Nội dung', en: '3. Content' },
  files: { vi: '4. Tệp đính kèm (chỉ liệt kê, không kèm nội dung)', en: '4. Files (listed, not included)' },
  answer: { vi: '5. Trả lời', en: '5. Answer' },
  timeline: { vi: '6. Diễn biến', en: '6. Timeline' },
  consent: { vi: '7. Sự đồng ý xử lý dữ liệu cá nhân', en: '7. Consent to processing personal data' },
  identity: { vi: '8. Thông tin người gửi (bảo mật)', en: '8. Reporter (confidential)' },
  item: { vi: 'Mục', en: 'Item' },
  value: { vi: 'Nội dung', en: 'Value' },
  form: { vi: 'Biểu mẫu', en: 'Form' },
  channel: { vi: 'Kênh tiếp nhận', en: 'Channel' },
  kind: { vi: 'Loại vụ việc', en: 'Kind' },
  status: { vi: 'Trạng thái', en: 'Status' },
  statusNow: { vi: 'trạng thái', en: 'status' },
  field: { vi: 'Lĩnh vực', en: 'Field' },
  severity: { vi: 'Mức độ', en: 'Severity' },
  about: { vi: 'Về', en: 'About' },
  body: { vi: 'Cơ quan xử lý', en: 'Responsible body' },
  received: { vi: 'Tiếp nhận lúc', en: 'Received' },
  merged: { vi: 'Đã gộp vào vụ việc', en: 'Merged into case' },
  rating: { vi: 'Người gửi đánh giá', en: 'Reporter’s rating' },
  reopened: { vi: 'Số lần đề nghị xem xét lại', en: 'Times reopened' },
  acceptDue: { vi: 'Hạn thụ lý', en: 'Acceptance due' },
  resolveDue: { vi: 'Hạn giải quyết', en: 'Resolution due' },
  extension: { vi: 'Đã gia hạn', en: 'Extended by' },
  days: { vi: 'ngày', en: 'days' },
  workingDays: { vi: 'ngày làm việc', en: 'working days' },
  overdueSince: { vi: 'Quá hạn từ', en: 'Overdue since' },
  now: { vi: 'Hạn đang chạy', en: 'Running deadline' },
  left: { vi: 'còn', en: 'left:' },
  none: { vi: 'Không có', en: 'None' },
  noFiles: { vi: 'Không có tệp đính kèm.', en: 'No files.' },
  no: { vi: 'STT', en: 'No.' },
  question: { vi: 'Câu hỏi', en: 'Question' },
  fileName: { vi: 'Tên tệp', en: 'File name' },
  fileType: { vi: 'Loại tệp', en: 'Type' },
  fileSize: { vi: 'Dung lượng', en: 'Size' },
  gone: { vi: 'không còn lưu', en: 'no longer stored' },
  notAnswered: { vi: 'Chưa trả lời.', en: 'Not answered yet.' },
  answeredAt: { vi: 'Trả lời lúc', en: 'Answered' },
  version: { vi: 'Phiên bản văn bản', en: 'Text version' },
  hash: { vi: 'Mã băm SHA-256 của văn bản', en: 'SHA-256 of the text' },
  noHash: {
    vi: 'không có (lưu trước khi có bản ghi văn bản; văn bản của phiên bản biểu mẫu đã trả lời)',
    en: 'none (stored before text records; the text of the answered form version)',
  },
  acceptedAt: { vi: 'Đồng ý lúc', en: 'Given at' },
  textVi: { vi: 'Văn bản (tiếng Việt)', en: 'Text (Vietnamese)' },
  textEn: { vi: 'Văn bản (tiếng Anh)', en: 'Text (English)' },
  withdrawn: {
    vi: 'Hiện trạng: người gửi đã rút lại sự đồng ý / thông tin đã xóa.',
    en: 'Now: withdrawn / identity removed.',
  },
} satisfies Record<string, LocalText>;

/** A file size as people read it: "12 KB", "1,5 MB". */
function size(bytes: number, lang: Lang): string {
  return bytes < 1024 * 1024
    ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)), lang)} KB`
    : `${formatNumber(Math.round(bytes / 104857.6) / 10, lang)} MB`;
}

/**
 * The case file as a printable A4 PDF, in the console's language (Vietnamese by default); the
 * consent text is printed in both languages, as it was accepted.
 */
export async function caseExportPdf(x: CaseExport): Promise<Response> {
  const lang = x.lang;
  const tr = (text: LocalText) => t(text, lang);
  const c = x.case;
  const pdf = await PdfWriter.create({ title: `${tr(W.title)} ${c.receiptCode}`, lang });
  pdf.title(tr(W.title), `${tr(W.receipt)}: ${c.receiptCode}`);
  pdf.paragraph(
    `${tr(W.exported)} ${formatDateTime(x.exportedAt)} ${tr(W.by)} ${x.exportedBy}. ${tr(W.confidential)}`,
    { size: 8, italicGrey: true, after: 8 },
  );
  const heading = (text: LocalText) => {
    pdf.ensure(60);
    pdf.paragraph(tr(text), { bold: true, size: 11, after: 4 });
  };
  const facts = (rows: [LocalText, string][]) =>
    pdf.table({
      size: 9,
      columns: [
        { header: tr(W.item), width: pdf.contentWidth * 0.32 },
        { header: tr(W.value), width: pdf.contentWidth * 0.68 },
      ],
      rows: rows.filter(([, v]) => v !== '').map(([k, v]) => [tr(k), v]),
    });

  heading(W.general);
  facts([
    [W.form, x.form.title],
    [W.channel, tr(labelOf(FORM_KIND, c.channel))],
    [W.kind, tr(labelOf(CASE_KIND, c.kind))],
    [
      W.status,
      `${tr(labelOf(CASE_STATUS, c.status))}${c.closure ? ` — ${tr(labelOf(CASE_CLOSURE, c.closure))}` : ''}`,
    ],
    [W.field, c.field ?? ''],
    [W.severity, c.severity ? tr(labelOf(CASE_SEVERITY, c.severity)) : ''],
    [W.about, c.subjectName ?? c.unitName ?? ''],
    [W.body, c.bodyName ?? ''],
    [W.received, formatDateTime(c.receivedAt)],
    [W.merged, c.mergedIntoId ?? ''],
    [W.rating, c.rating ? `${c.rating}/5` : ''],
    [W.reopened, c.reopenCount ? formatNumber(c.reopenCount, lang) : ''],
  ]);

  heading(W.deadlines);
  facts([
    [W.acceptDue, formatDay(c.acceptDue)],
    [W.resolveDue, formatDay(c.resolveDue)],
    [W.extension, c.extensionDays ? `${formatNumber(c.extensionDays, lang)} ${tr(W.days)}` : ''],
    [W.overdueSince, formatDay(c.overdueSince)],
    [
      W.now,
      c.due
        ? `${formatDay(c.due)}${
            c.overdue
              ? ` — ${tr(DEADLINE_OUTCOME.overdue)}`
              : c.daysLeft !== null
                ? ` (${tr(W.left)} ${formatNumber(c.daysLeft, lang)} ${tr(c.working ? W.workingDays : W.days)})`
                : ''
          }`
        : '',
    ],
  ]);

  heading(W.content);
  for (const a of x.answers) {
    pdf.paragraph(a.label, { bold: true, size: 9.5, after: 1 });
    pdf.paragraph(a.text || '—', { size: 9.5, indent: 10, after: 5 });
  }

  heading(W.files);
  if (x.files.length) {
    const w = pdf.contentWidth;
    pdf.table({
      size: 8.5,
      columns: [
        { header: tr(W.no), width: w * 0.07, align: 'center' },
        { header: tr(W.question), width: w * 0.33 },
        { header: tr(W.fileName), width: w * 0.3 },
        { header: tr(W.fileType), width: w * 0.17 },
        { header: tr(W.fileSize), width: w * 0.13, align: 'right' },
      ],
      rows: x.files.map((f, i) => [
        String(i + 1),
        f.question,
        f.name,
        f.type ?? tr(W.gone),
        f.size === null ? '' : size(f.size, lang),
      ]),
    });
  } else pdf.paragraph(tr(W.noFiles), { size: 9.5, after: 8 });

  heading(W.answer);
  if (c.answer) {
    pdf.paragraph(`${tr(W.answeredAt)} ${formatDateTime(c.answeredAt)}`, { size: 9, italicGrey: true });
    pdf.paragraph(c.answer, { size: 9.5, after: 8 });
  } else pdf.paragraph(tr(W.notAnswered), { size: 9.5, after: 8 });

  heading(W.timeline);
  for (const e of x.timeline) {
    const who = e.actorName ?? (e.actorKind === 'staff' ? '' : tr(labelOf(CASE_ACTOR, e.actorKind)));
    const line = [
      // (The embedded font has no arrow: the new status is said in words.)
      `${formatDateTime(e.at)} — ${tr(labelOf(CASE_EVENT, e.type))}${
        e.toStatus ? ` (${tr(W.statusNow)}: ${tr(labelOf(CASE_STATUS, e.toStatus))})` : ''
      }`,
      who,
      e.visibility === 'public' ? '' : tr(labelOf(CASE_VISIBILITY, e.visibility)),
    ]
      .filter(Boolean)
      .join(' · ');
    pdf.paragraph(line, { size: 9, bold: true, after: e.body ? 1 : 4 });
    if (e.body) pdf.paragraph(e.body, { size: 9, indent: 10, after: 4 });
  }

  if (x.consent) {
    const k = x.consent;
    heading(W.consent);
    facts([
      [W.version, k.version],
      [W.hash, k.hash ?? tr(W.noHash)],
      [W.acceptedAt, formatDateTime(k.acceptedAt)],
    ]);
    if (k.text) {
      pdf.paragraph(tr(W.textVi), { bold: true, size: 9.5, after: 1 });
      pdf.paragraph(k.text.vi, { size: 9.5, indent: 10, after: 5 });
      if (k.text.en) {
        pdf.paragraph(tr(W.textEn), { bold: true, size: 9.5, after: 1 });
        pdf.paragraph(k.text.en, { size: 9.5, indent: 10, after: 5 });
      }
    }
    if (x.identified === false) pdf.paragraph(tr(W.withdrawn), { size: 9.5, after: 8 });
  }

  // Only when intake asked for it (and the read was audited).
  if (x.identity) {
    heading(W.identity);
    facts(Object.entries(x.identity).map(([f, v]) => [labelOf(IDENTITY_FIELD, f), v]));
  }

  return pdfResponse(await pdf.save(), caseExportFileName(x, 'pdf'));
}
