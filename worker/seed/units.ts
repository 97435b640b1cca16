/**
 * Demo organisation tree (cây tổ chức), after the source document: the city party committee plan of
 * Thanh Hóa city (Kế hoạch thực hiện Kết luận 21-KL/TW, 2022). Names of units follow the document
 * and the city's wards and communes; they are illustrative. The 2025 reorganisation is modelled as
 * data: no district level, and Ban Tuyên giáo + Ban Dân vận merged into Ban Tuyên giáo và Dân vận.
 */
import type { UnitKind } from '../db/schema';

/** One unit of the demo tree; `parent` and `mergedInto` are codes of units listed before it. */
export interface DemoUnit {
  code: string;
  name: string;
  nameEn?: string;
  kind: UnitKind;
  parent?: string;
  validFrom?: string;
  /** Merged (sáp nhập) into this unit on `mergedOn`: the unit closes, its history stays attributable. */
  mergedInto?: string;
  mergedOn?: string;
}

/** Code of the root unit: the city party committee. */
export const ROOT = 'tp';
export const FRONT = 'tp.mttq';

const BOARDS: DemoUnit[] = [
  {
    code: 'tp.btv',
    name: 'Ban Thường vụ Thành ủy',
    nameEn: 'Standing Committee',
    kind: 'standing_committee',
    parent: ROOT,
  },
  {
    code: 'tp.btc',
    name: 'Ban Tổ chức Thành ủy',
    nameEn: 'Organisation Board',
    kind: 'party_board',
    parent: ROOT,
  },
  {
    code: 'tp.ubkt',
    name: 'Ủy ban Kiểm tra Thành ủy',
    nameEn: 'Inspection Committee',
    kind: 'party_board',
    parent: ROOT,
  },
  {
    code: 'tp.btg',
    name: 'Ban Tuyên giáo Thành ủy',
    nameEn: 'Propaganda Board',
    kind: 'party_board',
    parent: ROOT,
    validFrom: '2010-01-01',
    mergedInto: 'tp.btgdv',
    mergedOn: '2025-03-01',
  },
  {
    code: 'tp.bdv',
    name: 'Ban Dân vận Thành ủy',
    nameEn: 'Mass Mobilisation Board',
    kind: 'party_board',
    parent: ROOT,
    validFrom: '2010-01-01',
    mergedInto: 'tp.btgdv',
    mergedOn: '2025-03-01',
  },
  {
    code: 'tp.vp',
    name: 'Văn phòng Thành ủy',
    nameEn: 'Office of the City Party Committee',
    kind: 'party_board',
    parent: ROOT,
  },
  {
    code: 'tp.hdnd',
    name: 'Hội đồng nhân dân thành phố',
    nameEn: "City People's Council",
    kind: 'peoples_council',
    parent: ROOT,
  },
  {
    code: 'tp.ubnd',
    name: 'Ủy ban nhân dân thành phố',
    nameEn: "City People's Committee",
    kind: 'peoples_committee',
    parent: ROOT,
  },
  {
    code: FRONT,
    name: 'Ủy ban MTTQ Việt Nam thành phố',
    nameEn: 'City Fatherland Front Committee',
    kind: 'front',
    parent: ROOT,
  },
  {
    code: 'tp.mttq.hlhpn',
    name: 'Hội Liên hiệp Phụ nữ thành phố',
    nameEn: "Women's Union",
    kind: 'mass_org',
    parent: FRONT,
  },
  {
    code: 'tp.mttq.doan',
    name: 'Đoàn TNCS Hồ Chí Minh thành phố',
    nameEn: 'Youth Union',
    kind: 'mass_org',
    parent: FRONT,
  },
  {
    code: 'tp.mttq.hnd',
    name: 'Hội Nông dân thành phố',
    nameEn: "Farmers' Association",
    kind: 'mass_org',
    parent: FRONT,
  },
  {
    code: 'tp.mttq.ldld',
    name: 'Liên đoàn Lao động thành phố',
    nameEn: 'Trade Union',
    kind: 'mass_org',
    parent: FRONT,
  },
  {
    code: 'tp.mttq.hccb',
    name: 'Hội Cựu chiến binh thành phố',
    nameEn: "Veterans' Association",
    kind: 'mass_org',
    parent: FRONT,
  },
];

/** The successor board, created before the two boards merge into it. */
const MERGED_BOARD: DemoUnit = {
  code: 'tp.btgdv',
  name: 'Ban Tuyên giáo và Dân vận Thành ủy',
  nameEn: 'Propaganda and Mass Mobilisation Board',
  kind: 'party_board',
  parent: ROOT,
  validFrom: '2025-03-01',
};

/** 20 wards (phường) and 14 communes (xã): "34/34 wards and communes" of the source document. */
export const WARD_NAMES = [
  'Hàm Rồng',
  'Đông Thọ',
  'Nam Ngạn',
  'Trường Thi',
  'Điện Biên',
  'Phú Sơn',
  'Lam Sơn',
  'Ba Đình',
  'Ngọc Trạo',
  'Đông Vệ',
  'Đông Sơn',
  'Tân Sơn',
  'Đông Cương',
  'Đông Hương',
  'Đông Hải',
  'Quảng Hưng',
  'Quảng Thắng',
  'Quảng Thành',
  'An Hưng',
  'Tào Xuyên',
];
export const COMMUNE_NAMES = [
  'Long Anh',
  'Thiệu Dương',
  'Thiệu Khánh',
  'Thiệu Vân',
  'Hoằng Quang',
  'Hoằng Đại',
  'Đông Lĩnh',
  'Đông Vinh',
  'Đông Tân',
  'Quảng Phú',
  'Quảng Tâm',
  'Quảng Đông',
  'Quảng Cát',
  'Quảng Thịnh',
];

/** A code-safe slug of a Vietnamese name: `Hàm Rồng` → `ham-rong`. */
export function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const wardCode = (name: string) => `tp.p.${slugOf(name)}`;
export const communeCode = (name: string) => `tp.x.${slugOf(name)}`;

const LOCAL: DemoUnit[] = [
  ...WARD_NAMES.map(
    (n): DemoUnit => ({
      code: wardCode(n),
      name: `Phường ${n}`,
      nameEn: `${n} Ward`,
      kind: 'ward',
      parent: ROOT,
    }),
  ),
  ...COMMUNE_NAMES.map(
    (n): DemoUnit => ({
      code: communeCode(n),
      name: `Xã ${n}`,
      nameEn: `${n} Commune`,
      kind: 'commune',
      parent: ROOT,
    }),
  ),
];

/** A few residential areas (khu phố, thôn) and the wards' own Front committees. */
const RESIDENTIAL: DemoUnit[] = [
  {
    code: `${wardCode('Điện Biên')}.kp1`,
    name: 'Khu phố 1, phường Điện Biên',
    kind: 'residential_area',
    parent: wardCode('Điện Biên'),
  },
  {
    code: `${wardCode('Điện Biên')}.kp2`,
    name: 'Khu phố 2, phường Điện Biên',
    kind: 'residential_area',
    parent: wardCode('Điện Biên'),
  },
  {
    code: `${wardCode('Ba Đình')}.kp3`,
    name: 'Khu phố 3, phường Ba Đình',
    kind: 'residential_area',
    parent: wardCode('Ba Đình'),
  },
  {
    code: `${communeCode('Long Anh')}.t1`,
    name: 'Thôn 1, xã Long Anh',
    kind: 'residential_area',
    parent: communeCode('Long Anh'),
  },
  {
    code: `${communeCode('Long Anh')}.t2`,
    name: 'Thôn 2, xã Long Anh',
    kind: 'residential_area',
    parent: communeCode('Long Anh'),
  },
  {
    code: `${wardCode('Điện Biên')}.mttq`,
    name: 'Ủy ban MTTQ phường Điện Biên',
    kind: 'front',
    parent: wardCode('Điện Biên'),
  },
  {
    code: `${communeCode('Long Anh')}.mttq`,
    name: 'Ủy ban MTTQ xã Long Anh',
    kind: 'front',
    parent: communeCode('Long Anh'),
  },
];

/**
 * Every demo unit, parents before children. Units with `mergedInto` are created open and then
 * merged through the org service, so the merge is recorded the way an administrator would do it.
 */
export const DEMO_UNITS: DemoUnit[] = [
  {
    code: ROOT,
    name: 'Thành ủy Thanh Hóa',
    nameEn: 'Thanh Hoa City Party Committee',
    kind: 'city_committee',
  },
  ...BOARDS.slice(0, 3),
  MERGED_BOARD,
  ...BOARDS.slice(3),
  ...LOCAL,
  ...RESIDENTIAL,
];
