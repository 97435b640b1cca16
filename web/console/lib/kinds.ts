/** Unit kinds (as `worker/db/schema/org.ts`) with their Vietnamese and English names. */
export const UNIT_KINDS: readonly (readonly [string, string, string])[] = [
  ['city_committee', 'Thành ủy', 'City party committee'],
  ['standing_committee', 'Ban Thường vụ', 'Standing committee'],
  ['party_board', 'Ban của Thành ủy', 'Party board'],
  ['peoples_council', 'Hội đồng nhân dân', "People's Council"],
  ['peoples_committee', 'Ủy ban nhân dân', "People's Committee"],
  ['front', 'Ủy ban MTTQ', 'Fatherland Front committee'],
  ['mass_org', 'Tổ chức chính trị - xã hội', 'Mass organisation'],
  ['ward', 'Phường', 'Ward'],
  ['commune', 'Xã', 'Commune'],
  ['residential_area', 'Khu phố, thôn, tổ dân phố', 'Residential area'],
  ['other', 'Khác', 'Other'],
];

/** The name of a kind in a language (unknown kinds show as they are: kinds are data). */
export function kindName(kind: string, lang: 'vi' | 'en'): string {
  const k = UNIT_KINDS.find(([id]) => id === kind);
  return k ? (lang === 'en' ? k[2] : k[1]) : kind;
}
