/**
 * ~50 demo responses spread over wards and days, generated from a fixed seed so every run
 * produces the same answers and the same idempotency keys (re-seeding stores nothing new).
 */
import type { Answers } from '../forms/engine/definition';
import { FEEDBACK_SLUG, QD144, SURVEY_SLUG } from './forms';
import { COMMUNE_NAMES, communeCode, WARD_NAMES, wardCode } from './units';

export interface DemoResponse {
  slug: string;
  /** Deterministic: `demo-<slug>-<n>`. */
  idempotencyKey: string;
  answers: Answers;
  /** Days before the seeding day the response is dated (0 = today). */
  daysAgo: number;
}

/** mulberry32: a tiny deterministic PRNG; quality is ample for demo data. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SURVEY_RESPONSES = 30;

/**
 * Who each rated feedback response (the 144-QĐ/TW matrix) is about, as an index into the demo
 * people, in key order. The first twelve cycle over the first three cadres; the rest are added so
 * the per-person summaries (k = 5 per figure) show every state, together with the seven unrated
 * responses per cadre of the dashboards seed (worker/seed/dashboards.ts):
 * - cadres 0 and 1: 5 rated + 7 unrated → responses and all five criteria shown;
 * - cadre 2: 4 rated + 7 unrated → 11 responses shown, every criterion withheld (4 < k);
 * - cadre 3: 3 rated, nothing else → the whole summary suppressed.
 * Appending (never reordering) keeps earlier keys' answers: a re-seed of an older demo database
 * adds the new ones and lands in the same state as a fresh one.
 */
export const FEEDBACK_ABOUT: readonly number[] = [1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 1, 3, 3, 3];

/**
 * The demo responses. `unitId` maps a unit code to its id, `personIds` are the people feedback may
 * be about (see `FEEDBACK_ABOUT`).
 */
export function demoResponses(unitId: (code: string) => string, personIds: string[]): DemoResponse[] {
  const rnd = prng(20260125);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const places = [...WARD_NAMES.map(wardCode), ...COMMUNE_NAMES.map(communeCode)];
  const out: DemoResponse[] = [];

  for (let i = 1; i <= SURVEY_RESPONSES; i++) {
    const member = rnd() < 0.55;
    const answers: Answers = {
      // A handful of places get most answers, as in real life.
      don_vi: unitId(i % 3 === 0 ? pick(places) : places[i % 6]!),
      do_tuoi: pick(['duoi_30', 'tu_30_50', 'tren_50']),
      hoi_vien: member,
      hai_long: 1 + Math.floor(rnd() * 5),
      quan_tam: pick(['moi_truong', 'an_ninh', 'dat_dai', 'y_te', 'khac']),
    };
    if (member) answers.to_chuc = [pick(['phu_nu', 'doan', 'nong_dan', 'cong_doan', 'cuu_chien_binh'])];
    if (i % 4 === 0)
      answers.de_xuat = 'Đề nghị niêm yết công khai thời gian giải quyết hồ sơ tại bộ phận một cửa.';
    out.push({
      slug: SURVEY_SLUG,
      idempotencyKey: `demo-${SURVEY_SLUG}-${i}`,
      answers,
      daysAgo: Math.floor(rnd() * 28),
    });
  }

  const levels = ['tot', 'tot', 'kha', 'kha', 'trung_binh', 'kem'];
  for (const [n, about] of FEEDBACK_ABOUT.entries()) {
    const i = n + 1;
    const matrix: Record<string, string> = {};
    for (const row of QD144.criteria) matrix[row.value] = pick(levels);
    const answers: Answers = { can_bo: personIds[about % personIds.length]!, chuan_muc: matrix };
    if (i % 3 === 0) answers.noi_dung = 'Đồng chí thường xuyên xuống cơ sở, lắng nghe ý kiến của Nhân dân.';
    out.push({
      slug: FEEDBACK_SLUG,
      idempotencyKey: `demo-${FEEDBACK_SLUG}-${i}`,
      answers,
      daysAgo: Math.floor(rnd() * 28),
    });
  }
  return out;
}
