/**
 * Mẫu biểu mẫu: the two intake channels as ready-made form definitions staff adapt in the form
 * builder. The feedback template's Likert rows come from a criteria set, and its title cites the
 * set's document number AND date.
 */
import type { FormDefinition } from '../forms/engine/definition';
import { formatDay } from '../lib/format';
import { PETITION_KIND_QUESTION } from './intake';
import type { CriteriaSet } from './reference';

const LEVELS = [
  { value: 'tot', label: { vi: 'Tốt', en: 'Good' } },
  { value: 'kha', label: { vi: 'Khá', en: 'Fair' } },
  { value: 'trung_binh', label: { vi: 'Trung bình', en: 'Average' } },
  { value: 'kem', label: { vi: 'Kém', en: 'Poor' } },
];

/** Góp ý, phản ánh giám sát: about a person or a unit, anonymous or identified, with evidence. */
export function feedbackTemplate(set: CriteriaSet): FormDefinition {
  return {
    schemaVersion: 1,
    title: { vi: 'Góp ý, phản ánh về cán bộ, đảng viên', en: 'Feedback on a cadre’s conduct' },
    description: {
      vi: 'Theo Quy định 124-QĐ/TW ngày 02/02/2018 của Ban Bí thư. Bạn có thể góp ý không ghi tên; nếu để lại thông tin, thông tin chỉ bộ phận tiếp nhận của MTTQ được xem.',
      en: 'Under Regulation 124-QĐ/TW of 02/02/2018. You may stay anonymous; contact details, if given, are seen only by the Front’s intake staff.',
    },
    identity: {
      mode: 'optional',
      fields: ['name', 'phone'],
      consent: {
        version: '2026-01',
        text: {
          vi: 'Tôi đồng ý để Ủy ban MTTQ lưu giữ thông tin liên hệ của tôi để phản hồi góp ý này. Thông tin không được chuyển cho cơ quan xử lý.',
          en: 'I agree that the Front keeps my contact details to reply to this feedback. They are not passed to the handling body.',
        },
      },
    },
    pages: [
      {
        id: 'p_gop_y',
        questions: [
          {
            id: 'can_bo',
            type: 'person_picker',
            label: { vi: 'Cán bộ, đảng viên được góp ý', en: 'The cadre this feedback is about' },
            required: true,
          },
          {
            id: 'chuan_muc',
            type: 'likert',
            label: {
              vi: `${set.title} (Quy định ${set.docNumber} ngày ${formatDay(set.docDate)})`,
              en: `${set.titleEn ?? set.title} (Regulation ${set.docNumber}, ${formatDay(set.docDate)})`,
            },
            rows: set.criteria,
            columns: LEVELS,
            required: false,
          },
          {
            id: 'noi_dung',
            type: 'long_text',
            label: { vi: 'Nội dung góp ý, phản ánh', en: 'Your feedback' },
            required: true,
            maxLength: 4000,
          },
          {
            id: 'bang_chung',
            type: 'file',
            label: { vi: 'Ảnh, tài liệu kèm theo (không bắt buộc)', en: 'Photos or documents (optional)' },
            maxFiles: 3,
          },
        ],
      },
    ],
  };
}

/** Khiếu nại, tố cáo, kiến nghị: identity required (no anonymous denunciations), with evidence. */
export function petitionTemplate(): FormDefinition {
  return {
    schemaVersion: 1,
    title: { vi: 'Đơn khiếu nại, tố cáo, kiến nghị', en: 'Complaint, denunciation or petition' },
    description: {
      vi: 'Đơn phải ghi rõ họ tên, địa chỉ: pháp luật không xử lý đơn tố cáo nặc danh (Luật Tố cáo 2018, Điều 25). Muốn góp ý không ghi tên, hãy dùng kênh góp ý, phản ánh.',
      en: 'You must give your name and address: the law does not process anonymous denunciations (Law on Denunciations 2018, art. 25). For anonymous feedback, use the feedback channel.',
    },
    identity: {
      mode: 'required',
      fields: ['name', 'phone', 'id_number', 'address'],
      consent: {
        version: '2026-01',
        text: {
          vi: 'Tôi đồng ý để Ủy ban MTTQ xử lý thông tin cá nhân của tôi để tiếp nhận và chuyển đơn theo quy định. Thông tin được bảo mật.',
          en: 'I agree that the Front processes my personal data to receive and forward this letter as the law requires. It is kept confidential.',
        },
      },
    },
    pages: [
      {
        id: 'p_don',
        questions: [
          {
            id: PETITION_KIND_QUESTION,
            type: 'single_choice',
            label: { vi: 'Loại đơn', en: 'Kind of letter' },
            required: true,
            options: [
              { value: 'complaint', label: { vi: 'Khiếu nại', en: 'Complaint' } },
              { value: 'denunciation', label: { vi: 'Tố cáo', en: 'Denunciation' } },
              { value: 'petition', label: { vi: 'Kiến nghị, phản ánh', en: 'Petition' } },
            ],
          },
          {
            id: 'don_vi',
            type: 'unit_picker',
            label: { vi: 'Phường, xã liên quan', en: 'Ward or commune concerned' },
            kinds: ['ward', 'commune'],
            attributeResponse: true,
          },
          {
            id: 'noi_dung',
            type: 'long_text',
            label: { vi: 'Nội dung đơn', en: 'Your letter' },
            required: true,
            maxLength: 8000,
          },
          {
            id: 'bang_chung',
            type: 'file',
            label: { vi: 'Tài liệu, chứng cứ kèm theo', en: 'Documents and evidence' },
            maxFiles: 5,
          },
        ],
      },
    ],
  };
}
