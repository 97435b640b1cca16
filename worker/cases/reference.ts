/**
 * Reference data shipped with the capability and loaded by `ensureReferenceData` (idempotent):
 * deadline rules per case kind, Vietnam's public holidays 2025–2027 including Tết, and the
 * criteria sets of the three regulations. All of it is data that administrators edit afterwards.
 */
import type { CaseKind, criteriaSets, holidays } from '../db/schema';
import { addDays } from '../lib/time';
import type { DeadlineRule } from './clock';

/** Default deadline rules. Periods and bases per docs/cases.md; administrators edit them. */
export const DEFAULT_RULES: Record<CaseKind, DeadlineRule & { basis: string }> = {
  complaint: {
    acceptDays: 10,
    acceptWorking: true,
    resolveDays: 30,
    resolveWorking: false,
    maxExtensionDays: 15,
    basis:
      'Luật Khiếu nại số 02/2011/QH13 (11/11/2011), Điều 27 (thụ lý), Điều 28 (30 ngày, phức tạp 45 ngày)',
  },
  denunciation: {
    acceptDays: 7,
    acceptWorking: true,
    resolveDays: 30,
    resolveWorking: false,
    maxExtensionDays: 60,
    basis:
      'Luật Tố cáo số 25/2018/QH14 (12/06/2018), Điều 29 (thụ lý 7 ngày làm việc), Điều 30 (30 ngày, gia hạn)',
  },
  petition: {
    acceptDays: 5,
    acceptWorking: true,
    resolveDays: 10,
    resolveWorking: false,
    maxExtensionDays: 10,
    basis:
      'Luật Tiếp công dân số 42/2013/QH13 (25/11/2013), Điều 28 (trả lời kiến nghị, phản ánh trong 10 ngày)',
  },
  feedback: {
    acceptDays: 5,
    acceptWorking: true,
    resolveDays: 30,
    resolveWorking: false,
    maxExtensionDays: 30,
    basis: 'Quy định 124-QĐ/TW (02/02/2018) — thời hạn nội bộ của MTTQ, không phải thời hạn luật định',
  },
};

/** Âm lịch: the lunar dates behind the movable holidays, as Gregorian dates (data, not computed). */
export const LUNAR_DATES = {
  tet: { 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06' },
  hungKings: { 2025: '2025-04-07', 2026: '2026-04-26', 2027: '2027-04-16' },
} as const;

/** A day of the holiday calendar, as stored. */
export type HolidayRow = typeof holidays.$inferSelect;
type HolidaySource = HolidayRow['source'];

function range(from: string, to: string, name: string, source: HolidaySource): HolidayRow[] {
  const out: HolidayRow[] = [];
  for (let d = from; d <= to; ) {
    out.push({ day: d, kind: 'off', name, source });
    d = addDays(d, 1);
  }
  return out;
}

/**
 * Ngày nghỉ lễ, Tết 2025–2027 (Bộ luật Lao động 2019, Điều 112, and the yearly decisions for
 * state offices). Official day-off ranges where decided; later years are `provisional` until the
 * Government announces them, and administrators confirm or edit them in the console.
 */
export const DEFAULT_HOLIDAYS: HolidayRow[] = [
  ...range('2025-01-01', '2025-01-01', 'Tết Dương lịch', 'statute'),
  ...range('2025-01-25', '2025-02-02', 'Tết Nguyên đán Ất Tỵ', 'decision'),
  ...range('2025-04-07', '2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statute'),
  ...range(
    '2025-04-30',
    '2025-05-02',
    'Ngày Chiến thắng, Quốc tế Lao động (nghỉ hoán đổi 02/05)',
    'decision',
  ),
  { day: '2025-04-26', kind: 'work', name: 'Làm bù cho ngày 02/05/2025', source: 'decision' },
  ...range('2025-08-30', '2025-09-02', 'Quốc khánh', 'decision'),
  ...range('2026-01-01', '2026-01-01', 'Tết Dương lịch', 'statute'),
  ...range('2026-02-14', '2026-02-22', 'Tết Nguyên đán Bính Ngọ', 'decision'),
  ...range('2026-04-26', '2026-04-27', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, nghỉ bù thứ Hai)', 'statute'),
  ...range('2026-04-30', '2026-05-01', 'Ngày Chiến thắng, Quốc tế Lao động', 'statute'),
  ...range('2026-09-01', '2026-09-02', 'Quốc khánh', 'provisional'),
  ...range('2027-01-01', '2027-01-01', 'Tết Dương lịch', 'statute'),
  ...range('2027-02-05', '2027-02-10', 'Tết Nguyên đán Đinh Mùi', 'provisional'),
  ...range('2027-04-16', '2027-04-16', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statute'),
  ...range('2027-04-30', '2027-04-30', 'Ngày Chiến thắng', 'statute'),
  ...range('2027-05-03', '2027-05-03', 'Quốc tế Lao động (01/05 là thứ Bảy, nghỉ bù)', 'statute'),
  ...range('2027-09-02', '2027-09-03', 'Quốc khánh', 'provisional'),
];

export interface Criterion {
  value: string;
  label: { vi: string; en: string };
}
/** A criteria set as stored (`docDate` yyyy-mm-dd: the number alone is ambiguous, 124-QĐ/TW exists in 2018 and 2023), its criteria parsed. */
export type CriteriaSet = Omit<typeof criteriaSets.$inferSelect, 'criteria'> & { criteria: Criterion[] };

const c = (value: string, label: Criterion['label']): Criterion => ({ value, label });

/** The shipped criteria sets. Labels are short paraphrases for a Likert row; see the full texts. */
export const DEFAULT_CRITERIA_SETS: CriteriaSet[] = [
  {
    code: 'qd144-2024',
    title: 'Chuẩn mực đạo đức cách mạng của cán bộ, đảng viên',
    titleEn: 'Revolutionary ethics standards of cadres and party members',
    docNumber: '144-QĐ/TW',
    docDate: '2024-05-09',
    issuer: 'Bộ Chính trị',
    criteria: [
      c('trung_thanh', {
        vi: 'Yêu nước, tôn trọng Nhân dân, tuyệt đối trung thành với Đảng, với Tổ quốc',
        en: 'Patriotism, respect for the people, loyalty to the Party and the Fatherland',
      }),
      c('ban_linh', {
        vi: 'Bản lĩnh, đổi mới, sáng tạo, hội nhập',
        en: 'Courage, renewal, creativity, integration',
      }),
      c('can_kiem', {
        vi: 'Cần, kiệm, liêm, chính, chí công vô tư',
        en: 'Diligence, thrift, integrity, righteousness, impartiality',
      }),
      c('doan_ket', {
        vi: 'Đoàn kết, kỷ cương, tình thương, trách nhiệm',
        en: 'Solidarity, discipline, compassion, responsibility',
      }),
      c('guong_mau', {
        vi: 'Gương mẫu, khiêm tốn, tu dưỡng rèn luyện, học tập suốt đời',
        en: 'Exemplary conduct, modesty, self-cultivation, lifelong learning',
      }),
    ],
  },
  {
    code: 'qd37-2021',
    title: 'Những điều đảng viên không được làm',
    titleEn: 'What party members must not do',
    docNumber: '37-QĐ/TW',
    docDate: '2021-10-25',
    issuer: 'Ban Chấp hành Trung ương',
    criteria: [
      c('cuong_linh', {
        vi: 'Nói, viết, làm trái Cương lĩnh, Điều lệ Đảng',
        en: 'Speaking or acting against the Party line',
      }),
      c('phan_cong', {
        vi: 'Không chấp hành sự phân công của tổ chức',
        en: 'Refusing assignments of the organisation',
      }),
      c('tu_tap', {
        vi: 'Tổ chức, tham gia hoạt động trái pháp luật',
        en: 'Organising or joining unlawful activities',
      }),
      c('bao_che', { vi: 'Bao che, báo cáo sai sự thật', en: 'Covering up, reporting falsely' }),
      c('tham_nhung', {
        vi: 'Lợi dụng chức vụ để tham nhũng, tiêu cực',
        en: 'Abusing office for corruption',
      }),
      c('ke_khai', {
        vi: 'Vi phạm quy định kê khai tài sản, thu nhập',
        en: 'Breaching asset declaration rules',
      }),
      c('can_thiep', {
        vi: 'Can thiệp vào điều tra, xét xử, thi hành án',
        en: 'Interfering with investigation or trial',
      }),
      c('dan_chu', { vi: 'Vi phạm nguyên tắc tập trung dân chủ', en: 'Breaching democratic centralism' }),
      c('vu_khong', { vi: 'Vu khống, gây mất đoàn kết nội bộ', en: 'Slander, sowing internal discord' }),
      c('bi_mat', { vi: 'Làm lộ bí mật của Đảng, Nhà nước', en: 'Disclosing Party or State secrets' }),
      c('tai_san_cong', { vi: 'Vi phạm quản lý, sử dụng tài sản công', en: 'Misusing public property' }),
      c('kinh_doanh', { vi: 'Kinh doanh trái quy định', en: 'Doing business against the rules' }),
      c('gia_dinh', {
        vi: 'Vi phạm chính sách dân số, hôn nhân và gia đình',
        en: 'Breaching family and population rules',
      }),
      c('te_nan', { vi: 'Mê tín dị đoan, cờ bạc, ma túy', en: 'Superstition, gambling, drugs' }),
      c('loi_song', { vi: 'Vi phạm đạo đức, lối sống, thuần phong mỹ tục', en: 'Unethical lifestyle' }),
      c('ruou_bia', { vi: 'Sử dụng rượu bia trái quy định khi thi hành công vụ', en: 'Drinking on duty' }),
      c('mang_xa_hoi', {
        vi: 'Đăng tải thông tin sai sự thật trên mạng xã hội',
        en: 'Spreading falsehoods online',
      }),
      c('to_chuc', { vi: 'Tham gia tổ chức trái pháp luật', en: 'Joining unlawful organisations' }),
      c('khac', {
        vi: 'Những việc khác trái quy định của Đảng, pháp luật',
        en: 'Other breaches of Party rules or law',
      }),
    ],
  },
  {
    code: 'qd213-2020',
    title: 'Trách nhiệm của đảng viên đang công tác với nơi cư trú',
    titleEn: 'Duties of serving party members where they live',
    docNumber: '213-QĐ/TW',
    docDate: '2020-01-02',
    issuer: 'Bộ Chính trị',
    criteria: [
      c('chap_hanh', {
        vi: 'Gương mẫu chấp hành quy định của địa phương nơi cư trú',
        en: 'Keeps local rules where they live',
      }),
      c('lien_he', {
        vi: 'Giữ mối liên hệ với chi ủy, chi bộ nơi cư trú',
        en: 'Keeps in touch with the local party cell',
      }),
      c('phong_trao', {
        vi: 'Tham gia phong trào, hoạt động ở khu dân cư',
        en: 'Takes part in neighbourhood activities',
      }),
      c('gia_dinh', { vi: 'Gương mẫu trong gia đình, giáo dục người thân', en: 'Sets an example at home' }),
      c('lang_nghe', {
        vi: 'Lắng nghe, phản ánh ý kiến của nhân dân',
        en: 'Listens to and relays residents’ views',
      }),
      c('gop_y', {
        vi: 'Tham gia giám sát, góp ý với cấp ủy, chính quyền cơ sở',
        en: 'Supervises and advises local bodies',
      }),
    ],
  },
];
