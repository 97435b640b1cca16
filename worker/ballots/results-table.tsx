/**
 * The figures of one ballot paper, per person (kết quả đối với từng người): one table drawn by the
 * counting board's console page and by the published results page, so both show the same columns,
 * the same percentages (in the reader's notation: 66,67 % / 66.67 %) and the same ½ / ⅔ "low
 * confidence" notes, in the levels' colours.
 */

import { formatPercent } from '../lib/format';
import { type Lang, t } from '../lib/i18n';
import { LEVEL, LOW_CONFIDENCE_NOTE, TALLY_FIGURE } from '../text/ballots';
import { LEVEL_COLOURS, LEVEL_ORDER } from './levels';
import type { LevelFigure } from './tally';

/** One person's row, as both the tally API and the results page carry it. */
export interface ResultRow {
  id: string;
  fullName: string;
  position: string;
  valid: number;
  invalid: number;
  high: LevelFigure;
  confidence: LevelFigure;
  low: LevelFigure;
  overHalfLow: boolean;
  twoThirdsLow: boolean;
}

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** A level's cell: the count, and under it the percentage, which never breaks. */
function LevelCell({ f, lang }: { f: LevelFigure; lang: Lang }) {
  return (
    <td>
      <span style={NOWRAP}>{f.count}</span>
      <br />
      <span class="pct" style={NOWRAP}>
        {formatPercent(f.percent, lang)}
      </span>
    </td>
  );
}

/**
 * The three shares as one bar in the levels' colours (high blue, confidence grey, low orange —
 * decision 220), decorative: the figures are in the cells beside it.
 */
function LevelBar({ c }: { c: ResultRow }) {
  const parts = LEVEL_ORDER.map((lv) => [lv, Number(c[lv].percent ?? 0)] as const).filter(([, p]) => p > 0);
  if (!parts.length) return null;
  return (
    <span
      class="lvbar"
      aria-hidden="true"
      style={{ display: 'flex', height: '8px', margin: '4px 0 2px', background: '#eee', maxWidth: '12rem' }}
    >
      {parts.map(([lv, p]) => (
        <span
          key={lv}
          data-level={lv}
          style={{ width: `${Math.min(p, 100)}%`, background: LEVEL_COLOURS[lv] }}
        />
      ))}
    </span>
  );
}

/**
 * Four columns — the person, then the three levels in their order — so the table fits a 360 px
 * phone without sideways scrolling: valid/invalid marks and the ½ / ⅔ note go under the name.
 */
export function ResultsTable(props: { lang: Lang; caption: string; rows: readonly ResultRow[] }) {
  const { lang } = props;
  return (
    <div class="table-wrap">
      <table class="res">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t({ vi: 'Họ và tên', en: 'Name' }, lang)}</th>
            {LEVEL_ORDER.map((lv) => (
              <th
                scope="col"
                key={lv}
                data-level={lv}
                style={{ borderBottom: `4px solid ${LEVEL_COLOURS[lv]}` }}
              >
                {t(LEVEL[lv], lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.fullName}
                <small class="pos" style={{ display: 'block' }}>
                  {c.position}
                </small>
                <LevelBar c={c} />
                <small class="marks" style={{ display: 'block' }}>
                  <span style={NOWRAP}>
                    {t(TALLY_FIGURE.valid, lang)}: {c.valid}
                  </span>{' '}
                  ·{' '}
                  <span style={NOWRAP}>
                    {t(TALLY_FIGURE.invalid, lang)}: {c.invalid}
                  </span>
                </small>
                {c.twoThirdsLow || c.overHalfLow ? (
                  <strong class="flag" style={{ display: 'block' }}>
                    {t(LOW_CONFIDENCE_NOTE[c.twoThirdsLow ? 'twoThirdsLow' : 'overHalfLow'], lang)}
                  </strong>
                ) : null}
              </th>
              <LevelCell f={c.high} lang={lang} />
              <LevelCell f={c.confidence} lang={lang} />
              <LevelCell f={c.low} lang={lang} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
