/**
 * The two published demo forms: a general survey (multi-page, a showIf condition, a unit picker)
 * and a supervision-feedback form about a cadre, built from the intake template (person picker +
 * Likert matrix of the five ethics standards of Quy định 144-QĐ/TW, Bộ Chính trị, 09/05/2024).
 */
import { DEFAULT_CRITERIA_SETS } from '../cases/reference';
import { feedbackTemplate, petitionTemplate } from '../cases/templates';
import type { FormDefinition } from '../forms/engine/definition';
import { FRONT } from './units';

export interface DemoForm {
  slug: string;
  kind: 'survey' | 'feedback';
  /** Code of the owner unit. */
  owner: string;
  definition: FormDefinition;
}

export const SURVEY_SLUG = 'khao-sat-hai-long';
export const FEEDBACK_SLUG = 'gop-y-can-bo';

const survey: FormDefinition = {
  schemaVersion: 1,
  title: {
    vi: 'Khảo sát sự hài lòng của Nhân dân với chính quyền phường, xã',
    en: 'Survey: residents’ satisfaction with their ward or commune',
  },
  description: {
    vi: 'Cho biết bạn hài lòng thế nào với việc giải quyết thủ tục hành chính ở phường, xã nơi bạn sống. Khảo sát không ghi tên, mất khoảng 2 phút; kết quả được tổng hợp chung để Ủy ban MTTQ thành phố kiến nghị với chính quyền.',
    en: 'Tell us how satisfied you are with how your ward or commune handles paperwork. Anonymous, about 2 minutes; the answers are counted together for the city Front’s recommendations to the local government.',
  },
  thankYou: { vi: 'Cảm ơn bạn đã tham gia khảo sát.', en: 'Thank you for taking part.' },
  pages: [
    {
      id: 'p_thong_tin',
      title: { vi: 'Thông tin chung', en: 'About you' },
      questions: [
        {
          id: 'don_vi',
          type: 'unit_picker',
          label: { vi: 'Bạn đang sinh sống ở phường, xã nào?', en: 'Which ward or commune do you live in?' },
          kinds: ['ward', 'commune'],
          attributeResponse: true,
          required: true,
        },
        {
          id: 'do_tuoi',
          type: 'single_choice',
          label: { vi: 'Độ tuổi', en: 'Age group' },
          required: true,
          options: [
            { value: 'duoi_30', label: { vi: 'Dưới 30', en: 'Under 30' } },
            { value: 'tu_30_50', label: { vi: 'Từ 30 đến 50', en: '30 to 50' } },
            { value: 'tren_50', label: { vi: 'Trên 50', en: 'Over 50' } },
          ],
        },
        {
          id: 'hoi_vien',
          type: 'yes_no',
          label: {
            vi: 'Bạn có là đoàn viên, hội viên của một tổ chức chính trị - xã hội không?',
            en: 'Are you a member of a mass organisation?',
          },
          required: true,
        },
        {
          id: 'to_chuc',
          type: 'multiple_choice',
          label: { vi: 'Tổ chức nào?', en: 'Which organisation?' },
          showIf: { op: 'eq', q: 'hoi_vien', value: true },
          required: true,
          options: [
            { value: 'phu_nu', label: { vi: 'Hội Liên hiệp Phụ nữ', en: "Women's Union" } },
            { value: 'doan', label: { vi: 'Đoàn TNCS Hồ Chí Minh', en: 'Youth Union' } },
            { value: 'nong_dan', label: { vi: 'Hội Nông dân', en: "Farmers' Association" } },
            { value: 'cong_doan', label: { vi: 'Công đoàn', en: 'Trade Union' } },
            { value: 'cuu_chien_binh', label: { vi: 'Hội Cựu chiến binh', en: "Veterans' Association" } },
          ],
        },
      ],
    },
    {
      id: 'p_danh_gia',
      title: { vi: 'Đánh giá', en: 'Your assessment' },
      questions: [
        {
          id: 'hai_long',
          type: 'rating',
          label: {
            vi: 'Mức độ hài lòng của bạn với việc giải quyết thủ tục hành chính ở phường, xã',
            en: 'How satisfied are you with how your ward or commune handles paperwork?',
          },
          max: 5,
          minLabel: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' },
          maxLabel: { vi: 'Rất hài lòng', en: 'Very satisfied' },
          required: true,
        },
        {
          // A condition across pages: page 2 asks members only (the browser journeys rely on it).
          id: 'lay_y_kien',
          type: 'single_choice',
          label: {
            vi: 'Tổ chức của bạn có lấy ý kiến hội viên về hoạt động của chính quyền không?',
            en: 'Does your organisation ask its members about the local government’s work?',
          },
          showIf: { op: 'eq', q: 'hoi_vien', value: true },
          options: [
            { value: 'thuong_xuyen', label: { vi: 'Thường xuyên', en: 'Regularly' } },
            { value: 'thinh_thoang', label: { vi: 'Thỉnh thoảng', en: 'Sometimes' } },
            { value: 'chua_bao_gio', label: { vi: 'Chưa bao giờ', en: 'Never' } },
          ],
        },
        {
          id: 'quan_tam',
          type: 'dropdown',
          label: { vi: 'Vấn đề bạn quan tâm nhất', en: 'The issue you care most about' },
          options: [
            { value: 'moi_truong', label: { vi: 'Môi trường, vệ sinh', en: 'Environment, sanitation' } },
            { value: 'an_ninh', label: { vi: 'An ninh trật tự', en: 'Public order' } },
            { value: 'dat_dai', label: { vi: 'Đất đai, xây dựng', en: 'Land, construction' } },
            { value: 'y_te', label: { vi: 'Y tế, giáo dục', en: 'Health, education' } },
            { value: 'khac', label: { vi: 'Khác', en: 'Other' } },
          ],
        },
        {
          id: 'de_xuat',
          type: 'long_text',
          label: { vi: 'Đề xuất, kiến nghị của bạn (không bắt buộc)', en: 'Your suggestions (optional)' },
          maxLength: 2000,
        },
      ],
    },
  ],
};

/** Năm chuẩn mực đạo đức cách mạng, Quy định 144-QĐ/TW (09/05/2024): the shipped criteria set. */
export const QD144 = DEFAULT_CRITERIA_SETS.find((set) => set.code === 'qd144-2024')!;

/**
 * The demo feedback form is the intake template (worker/cases/templates.ts) on the 144-QĐ/TW set,
 * adapted the way the city Front's staff would in the builder: a title naming ethics and conduct,
 * a thank-you line, every standard assessed (required, all rows), the written details optional.
 */
function adaptedFeedback(): FormDefinition {
  const template = feedbackTemplate(QD144);
  const page = template.pages[0]!;
  return {
    ...template,
    title: {
      vi: 'Góp ý về đạo đức, lối sống của cán bộ, đảng viên',
      en: 'Feedback on a cadre’s ethics and conduct',
    },
    // Distinct from the incident channel below (issue 12, finding 9): an assessment of a person
    // against the five standards, not the report of a particular event.
    description: {
      vi: 'Đánh giá một cán bộ, đảng viên theo 5 chuẩn mực đạo đức của Quy định 144-QĐ/TW (2024): chọn người, chấm từng chuẩn mực, ghi thêm nếu muốn. Theo Quy định 124-QĐ/TW ngày 02/02/2018 của Ban Bí thư; bạn có thể không ghi tên.',
      en: 'Assess a cadre against the five ethics standards of Regulation 144-QĐ/TW (2024): pick the person, rate each standard, add a note if you wish. Under Regulation 124-QĐ/TW of 02/02/2018; you may stay anonymous.',
    },
    thankYou: {
      vi: 'Góp ý của bạn đã được ghi nhận. Hãy giữ mã biên nhận để theo dõi.',
      en: 'Your feedback has been recorded. Keep the receipt code to follow it up.',
    },
    pages: [
      {
        ...page,
        // An assessment needs no photos: evidence of an event goes to the incident channel.
        questions: page.questions
          .filter((q) => q.type !== 'file')
          .map((q) => {
            if (q.type === 'likert') return { ...q, required: true, allRows: true };
            if (q.id === 'noi_dung')
              return {
                ...q,
                required: false,
                label: { vi: 'Nội dung góp ý cụ thể (không bắt buộc)', en: 'Details (optional)' },
              };
            return q;
          }),
      },
    ],
  };
}

/**
 * Phản ánh vụ việc: the feedback channel for one particular event (what, when, where, photos), the
 * template without the standards' matrix — so it cannot be mistaken for the assessment above.
 */
export function incidentFeedback(): FormDefinition {
  const template = feedbackTemplate(QD144);
  const page = template.pages[0]!;
  return {
    ...template,
    title: {
      vi: 'Phản ánh việc làm, hành vi cụ thể của cán bộ, đảng viên',
      en: 'Report something a cadre did',
    },
    description: {
      vi: 'Phản ánh một việc cụ thể bạn chứng kiến (nhũng nhiễu, gây khó khăn, vi phạm khi thi hành công vụ…), kèm ảnh hoặc tài liệu nếu có. Theo Quy định 124-QĐ/TW ngày 02/02/2018 của Ban Bí thư; bạn có thể không ghi tên, thông tin liên hệ chỉ bộ phận tiếp nhận của MTTQ được xem.',
      en: 'Report one particular thing you witnessed (harassment, obstruction, misconduct on duty…), with photos or documents if you have them. Under Regulation 124-QĐ/TW of 02/02/2018; you may stay anonymous, contact details are seen only by the Front’s intake staff.',
    },
    pages: [{ ...page, questions: page.questions.filter((q) => q.type !== 'likert') }],
  };
}

/** The petition channel as shipped, with a first sentence saying what it is for (the landing page's line). */
export function demoPetition(): FormDefinition {
  const template = petitionTemplate();
  return {
    ...template,
    description: {
      vi: `Gửi đơn khiếu nại, tố cáo hoặc kiến nghị có ghi tên; đơn được giải quyết theo thời hạn luật định, tính theo ngày làm việc. ${template.description!.vi}`,
      en: `Send a signed complaint, denunciation or petition; it is handled within the legal time limits, in working days. ${template.description!.en}`,
    },
  };
}

export const DEMO_FORMS: DemoForm[] = [
  { slug: SURVEY_SLUG, kind: 'survey', owner: FRONT, definition: survey },
  { slug: FEEDBACK_SLUG, kind: 'feedback', owner: FRONT, definition: adaptedFeedback() },
];
