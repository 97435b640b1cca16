/**
 * The three confidence levels (tín nhiệm cao, tín nhiệm, tín nhiệm thấp) as every screen and
 * document colours them (their names: `LEVEL` in worker/text/ballots.ts): one diverging, colour-blind safe scheme — high blue, the
 * middle level neutral grey, low orange (ColorBrewer's PuOr/RdBu ends; blue and orange stay apart
 * under deuteranopia, protanopia and tritanopia, and grey reads as "neither"). Used by the Ban Tổ
 * chức dashboard chart, the public results page, the minutes PDF and the dashboard PDF
 * (decision 220). Pure module: the Worker and the console share it.
 */
import type { Level } from './tally';

/** Level colours in their order high → neutral → low; each ≥ 3:1 against white (WCAG 1.4.11). */
export const LEVEL_COLOURS: Record<Level, string> = {
  high: '#2166ac',
  confidence: '#8c8c8c',
  low: '#d95f02',
};

/** The levels in the order a ballot and every table lists them. */
export const LEVEL_ORDER: readonly Level[] = ['high', 'confidence', 'low'];

/** '#2166ac' → [r, g, b] in 0..1 (pdf-lib's rgb()). */
export function hexToRgb01(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
