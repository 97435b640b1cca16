/**
 * Tổ chức in words: unit kinds and staff roles — once, for the console and every page or export
 * that names them (decision 293). Pure module.
 */
import type { Role } from '../db/schema/auth';
import type { UnitKind } from '../db/schema/org';
import type { LocalText } from '../lib/i18n';

/** Unit kinds (kinds are data: an unknown one shows as itself, see `labelOf`). */
export const UNIT_KIND: Record<UnitKind, LocalText> = {
  city_committee: { vi: 'Thành ủy', en: 'City party committee' },
  standing_committee: { vi: 'Ban Thường vụ', en: 'Standing committee' },
  party_board: { vi: 'Ban của Thành ủy', en: 'Party board' },
  peoples_council: { vi: 'Hội đồng nhân dân', en: "People's Council" },
  peoples_committee: { vi: 'Ủy ban nhân dân', en: "People's Committee" },
  front: { vi: 'Ủy ban MTTQ', en: 'Fatherland Front committee' },
  mass_org: { vi: 'Tổ chức chính trị - xã hội', en: 'Mass organisation' },
  ward: { vi: 'Phường', en: 'Ward' },
  commune: { vi: 'Xã', en: 'Commune' },
  residential_area: { vi: 'Khu phố, thôn, tổ dân phố', en: 'Residential area' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Each role's name as staff read it. */
export const ROLE: Record<Role, LocalText> = {
  admin: { vi: 'Quản trị', en: 'Administrator' },
  form_designer: { vi: 'Thiết kế biểu mẫu', en: 'Form designer' },
  case_intake: { vi: 'Tiếp nhận phản ánh', en: 'Case intake' },
  case_handler: { vi: 'Xử lý vụ việc', en: 'Case handler' },
  board_viewer: { vi: 'Xem tổng hợp (thành viên ban)', en: 'Board viewer' },
  ward_reporter: { vi: 'Báo cáo phường, xã', en: 'Ward reporter' },
  counting_board: { vi: 'Ban kiểm phiếu', en: 'Counting board' },
};
