/**
 * Demo people (cán bộ) with their positions. Invented names: the demo must never attribute
 * feedback to a real person. `ref` is the stable external reference that makes seeding idempotent.
 */
import { communeCode, FRONT, wardCode } from './units';

export interface DemoPerson {
  ref: string;
  fullName: string;
  birthYear: number;
  partyMember: boolean;
  positions: { unit: string; title: string; titleEn?: string; validFrom?: string }[];
}

const p = (
  n: number,
  fullName: string,
  birthYear: number,
  unit: string,
  title: string,
  titleEn?: string,
  partyMember = true,
): DemoPerson => ({
  ref: `demo-p${String(n).padStart(2, '0')}`,
  fullName,
  birthYear,
  partyMember,
  positions: [{ unit, title, titleEn, validFrom: '2021-07-01' }],
});

export const DEMO_PEOPLE: DemoPerson[] = [
  p(1, 'Trần Văn Hòa', 1968, 'tp', 'Bí thư Thành ủy', 'Secretary of the City Party Committee'),
  p(2, 'Nguyễn Thị Thu Hà', 1972, 'tp', 'Phó Bí thư Thường trực Thành ủy', 'Standing Deputy Secretary'),
  p(
    3,
    'Lê Quang Minh',
    1970,
    'tp.ubnd',
    'Chủ tịch UBND thành phố',
    "Chairman of the City People's Committee",
  ),
  p(4, 'Phạm Đức Thắng', 1975, 'tp.ubnd', 'Phó Chủ tịch UBND thành phố', 'Vice-chairman'),
  p(5, 'Hoàng Thị Lan', 1969, 'tp.hdnd', 'Chủ tịch HĐND thành phố', "Chairwoman of the People's Council"),
  p(6, 'Vũ Đình Khoa', 1974, 'tp.btc', 'Trưởng Ban Tổ chức Thành ủy', 'Head of the Organisation Board'),
  p(
    7,
    'Đỗ Văn Long',
    1973,
    'tp.ubkt',
    'Chủ nhiệm Ủy ban Kiểm tra Thành ủy',
    'Chair of the Inspection Committee',
  ),
  p(
    8,
    'Bùi Thị Ngọc Anh',
    1978,
    'tp.btgdv',
    'Trưởng Ban Tuyên giáo và Dân vận Thành ủy',
    'Head of Propaganda and Mass Mobilisation',
  ),
  p(9, 'Đặng Minh Tuấn', 1980, 'tp.vp', 'Chánh Văn phòng Thành ủy', 'Chief of Office'),
  p(
    10,
    'Ngô Thị Hạnh',
    1971,
    FRONT,
    'Chủ tịch Ủy ban MTTQ thành phố',
    'Chair of the Fatherland Front Committee',
  ),
  p(11, 'Lý Văn Dũng', 1976, FRONT, 'Phó Chủ tịch Ủy ban MTTQ thành phố', 'Vice-chair of the Front'),
  p(12, 'Trịnh Thị Mai', 1979, 'tp.mttq.hlhpn', 'Chủ tịch Hội LHPN thành phố', "Chair of the Women's Union"),
  p(13, 'Mai Xuân Trường', 1990, 'tp.mttq.doan', 'Bí thư Thành đoàn', 'Secretary of the Youth Union'),
  p(
    14,
    'Lương Văn Sơn',
    1967,
    'tp.mttq.hnd',
    'Chủ tịch Hội Nông dân thành phố',
    "Chair of the Farmers' Association",
  ),
  p(
    15,
    'Cao Thị Bích',
    1977,
    'tp.mttq.ldld',
    'Chủ tịch Liên đoàn Lao động thành phố',
    'Chair of the Trade Union',
  ),
  p(
    16,
    'Hà Văn Bình',
    1960,
    'tp.mttq.hccb',
    'Chủ tịch Hội Cựu chiến binh thành phố',
    "Chair of the Veterans' Association",
  ),
  p(
    17,
    'Tạ Quốc Việt',
    1977,
    wardCode('Điện Biên'),
    'Bí thư Đảng ủy phường Điện Biên',
    'Ward party secretary',
  ),
  p(18, 'Phan Thị Hồng', 1981, wardCode('Điện Biên'), 'Chủ tịch UBND phường Điện Biên', 'Ward chair'),
  p(
    19,
    'Chu Văn Lâm',
    1975,
    `${wardCode('Điện Biên')}.mttq`,
    'Chủ tịch Ủy ban MTTQ phường Điện Biên',
    'Ward Front chair',
  ),
  p(20, 'Đinh Thị Yến', 1983, wardCode('Ba Đình'), 'Chủ tịch UBND phường Ba Đình', 'Ward chair'),
  p(
    21,
    'Kiều Văn Phúc',
    1974,
    wardCode('Hàm Rồng'),
    'Bí thư Đảng ủy phường Hàm Rồng',
    'Ward party secretary',
  ),
  p(22, 'Lâm Thị Thúy', 1985, wardCode('Đông Vệ'), 'Chủ tịch UBND phường Đông Vệ', 'Ward chair'),
  p(
    23,
    'Nguyễn Hữu Thành',
    1972,
    wardCode('Quảng Thắng'),
    'Bí thư Đảng ủy phường Quảng Thắng',
    'Ward party secretary',
  ),
  p(
    24,
    'Tống Văn Hải',
    1978,
    communeCode('Long Anh'),
    'Bí thư Đảng ủy xã Long Anh',
    'Commune party secretary',
  ),
  p(25, 'Lê Thị Nhung', 1982, communeCode('Long Anh'), 'Chủ tịch UBND xã Long Anh', 'Commune chair'),
  p(
    26,
    'Trần Đức Mạnh',
    1976,
    `${communeCode('Long Anh')}.mttq`,
    'Chủ tịch Ủy ban MTTQ xã Long Anh',
    'Commune Front chair',
  ),
  p(27, 'Võ Thị Kim Oanh', 1984, communeCode('Thiệu Dương'), 'Chủ tịch UBND xã Thiệu Dương', 'Commune chair'),
  p(
    28,
    'Quách Văn Toàn',
    1973,
    communeCode('Hoằng Quang'),
    'Bí thư Đảng ủy xã Hoằng Quang',
    'Commune party secretary',
  ),
  p(
    29,
    'Dương Văn Khải',
    1965,
    `${wardCode('Điện Biên')}.kp1`,
    'Trưởng khu phố 1',
    'Head of residential area 1',
    false,
  ),
  p(30, 'Nguyễn Thị Sen', 1970, `${communeCode('Long Anh')}.t1`, 'Trưởng thôn 1', 'Head of hamlet 1', false),
];
