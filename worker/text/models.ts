/**
 * Dân vận khéo in words: a model's field, recognition level and status, and a report's completion
 * status in a campaign — once, for the import/export files, the dashboards and the console
 * (decision 293). Pure module.
 */
import type { ModelField, ModelStatus, RECOGNITION_LEVELS } from '../db/schema/models';
import type { LocalText } from '../lib/i18n';

/** Lĩnh vực: the four fields of a model (the import also reads these names back). */
export const MODEL_FIELD: Record<ModelField, LocalText> = {
  economy: { vi: 'Kinh tế', en: 'Economy' },
  culture_society: { vi: 'Văn hóa - xã hội', en: 'Culture–society' },
  defence_security: { vi: 'Quốc phòng - an ninh', en: 'Defence–security' },
  political_system: { vi: 'Xây dựng hệ thống chính trị', en: 'Political system' },
};

/** Cấp công nhận: who recognised the model. */
export const RECOGNITION_LEVEL: Record<(typeof RECOGNITION_LEVELS)[number], LocalText> = {
  ward: { vi: 'Cấp phường/xã', en: 'Ward or commune' },
  district: { vi: 'Cấp quận/huyện', en: 'District' },
  province: { vi: 'Cấp tỉnh/thành phố', en: 'Province or city' },
};

/** A model's status; `effective` / `not_effective` are also an evaluation's verdict. */
export const MODEL_STATUS: Record<ModelStatus, LocalText> = {
  registered: { vi: 'Đã đăng ký', en: 'Registered' },
  effective: { vi: 'Hiệu quả', en: 'Effective' },
  not_effective: { vi: 'Chưa hiệu quả', en: 'Not effective' },
  replicated: { vi: 'Đã nhân rộng', en: 'Replicated' },
};

/**
 * Tình hình nộp báo cáo: where a unit's report stands in a campaign. Its keys ARE the statuses
 * (`CompletionStatus` in campaigns/completion.ts), so a new status cannot go without a name.
 */
export const COMPLETION_STATUS = {
  submitted: { vi: 'Đã nộp', en: 'Submitted' },
  late: { vi: 'Nộp muộn', en: 'Late' },
  returned: { vi: 'Trả lại bổ sung', en: 'Returned' },
  missing: { vi: 'Chưa nộp (quá hạn)', en: 'Missing (overdue)' },
  pending: { vi: 'Chưa nộp', en: 'Not yet submitted' },
} as const satisfies Record<string, LocalText>;
