/**
 * The figures of one ballot paper, per person (kết quả đối với từng người): one table drawn by the
 * counting board's console page and by the published results page, so both show the same columns,
 * the same percentages (Vietnamese decimal comma) and the same ½ / ⅔ "low confidence" notes.
 */
import { type Lang, t } from '../lib/i18n';
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

/** '38.88' → '38,88 %'; no denominator → '—'. */
export const percentText = (p: string | null) => (p == null ? '—' : `${p.replace('.', ',')} %`);

const figure = (f: LevelFigure) => `${f.count} (${percentText(f.percent)})`;

export function ResultsTable(props: { lang: Lang; caption: string; rows: readonly ResultRow[] }) {
  const { lang } = props;
  return (
    <div class="table-wrap">
      <table class="res">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t({ vi: 'Họ và tên', en: 'Name' }, lang)}</th>
            <th scope="col">{t({ vi: 'Hợp lệ', en: 'Valid' }, lang)}</th>
            <th scope="col">{t({ vi: 'Không hợp lệ', en: 'Invalid' }, lang)}</th>
            <th scope="col">{t({ vi: 'Tín nhiệm cao', en: 'High confidence' }, lang)}</th>
            <th scope="col">{t({ vi: 'Tín nhiệm', en: 'Confidence' }, lang)}</th>
            <th scope="col">{t({ vi: 'Tín nhiệm thấp', en: 'Low confidence' }, lang)}</th>
            <th scope="col">{t({ vi: 'Ghi chú', en: 'Note' }, lang)}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.fullName} <small class="pos">{c.position}</small>
              </th>
              <td>{c.valid}</td>
              <td>{c.invalid}</td>
              <td>{figure(c.high)}</td>
              <td>{figure(c.confidence)}</td>
              <td>{figure(c.low)}</td>
              <td>
                {c.twoThirdsLow
                  ? t({ vi: 'Từ 2/3 tín nhiệm thấp', en: '≥ 2/3 low' }, lang)
                  : c.overHalfLow
                    ? t({ vi: 'Trên 1/2 tín nhiệm thấp', en: '> 1/2 low' }, lang)
                    : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
