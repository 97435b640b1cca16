/**
 * The papers of a round and the people each rates, as rows to fill in: a paper's title, then one
 * row per person (name, position), rows and papers added or removed with buttons. Pasting cells
 * copied from Excel or Word (tab-separated rows, one person a line) into a row fills as many rows
 * as were pasted (decision 221).
 */
import { useLang } from '../../lib/lang';
import { type PaperDraft, type PersonDraft, parsePastedPeople } from './papers';

/** The editor's own few rules (kept with it: the console stylesheet is shared). */
const CSS = `fieldset.papers{border:1px solid var(--line);border-radius:6px;margin:.8rem 0;padding:.5rem .8rem .8rem}
.papers .paper{border-top:1px solid var(--line);padding:.6rem 0}
.papers .paper-head{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}
.papers .paper-head label{flex:1 1 20rem;display:flex;flex-direction:column;font-weight:600}
.papers input[type=text]{font:inherit;padding:.35rem .5rem;width:100%;box-sizing:border-box}
.people-rows{width:100%;max-width:52rem;margin:.5rem 0}.people-rows td:first-child{width:2rem;color:var(--muted)}
.people-rows td:last-child{width:4rem}.papers .error{color:var(--err);font-weight:600}`;

const emptyPerson = (): PersonDraft => ({ fullName: '', position: '' });
export const emptyPaper = (): PaperDraft => ({ title: '', people: [emptyPerson()] });

export function PapersEditor(props: {
  papers: PaperDraft[];
  onPapers: (p: PaperDraft[]) => void;
  errors?: string[];
}) {
  const { tr } = useLang();
  const { papers, onPapers } = props;
  const setPaper = (i: number, p: PaperDraft) => onPapers(papers.map((x, k) => (k === i ? p : x)));
  const setPerson = (i: number, j: number, patch: Partial<PersonDraft>) =>
    setPaper(i, {
      ...papers[i]!,
      people: papers[i]!.people.map((x, k) => (k === j ? { ...x, ...patch } : x)),
    });
  function paste(i: number, j: number, e: ClipboardEvent) {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (!/[\t\n]/.test(text.trim())) return; // one plain value: the browser pastes it
    const rows = parsePastedPeople(text);
    if (!rows.length) return;
    e.preventDefault();
    const people = [...papers[i]!.people];
    // Fill from this row down, over empty rows first, then add rows.
    people.splice(j, people[j]?.fullName || people[j]?.position ? 0 : 1, ...rows);
    setPaper(i, { ...papers[i]!, people: people.filter((p, k) => p.fullName || p.position || k === 0) });
  }
  return (
    <fieldset class="papers" aria-describedby="papers-hint">
      <style>{CSS}</style>
      <legend>{tr({ vi: 'Phiếu và người được lấy phiếu', en: 'Papers and people rated' })}</legend>
      <p class="hint" id="papers-hint">
        {tr({
          vi: 'Mỗi phiếu một nhóm chức danh. Có thể dán nhiều dòng từ Excel (hai cột: Họ và tên, Chức vụ) vào ô Họ và tên.',
          en: 'One paper per group of positions. You can paste several rows from Excel (two columns: name, position) into a name box.',
        })}
      </p>
      {props.errors?.length ? (
        <p class="error" role="alert">
          {props.errors.join(' ')}
        </p>
      ) : null}
      {papers.map((paper, i) => (
        <div class="paper" key={i}>
          <div class="paper-head">
            <label>
              {tr({ vi: `Tên phiếu ${i + 1}`, en: `Paper ${i + 1} title` })}
              <input
                type="text"
                value={paper.title}
                placeholder={tr({
                  vi: `Ví dụ: Phiếu số ${i + 1}: Thường trực HĐND`,
                  en: `E.g. Paper ${i + 1}: Standing committee`,
                })}
                onInput={(e) => setPaper(i, { ...paper, title: (e.target as HTMLInputElement).value })}
              />
            </label>
            {papers.length > 1 ? (
              <button type="button" class="danger" onClick={() => onPapers(papers.filter((_, k) => k !== i))}>
                {tr({ vi: `Xóa phiếu ${i + 1}`, en: `Remove paper ${i + 1}` })}
              </button>
            ) : null}
          </div>
          <table class="people-rows">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{tr({ vi: 'Họ và tên', en: 'Full name' })}</th>
                <th scope="col">{tr({ vi: 'Chức vụ', en: 'Position' })}</th>
                <th scope="col">
                  <span class="sr-only">{tr({ vi: 'Thao tác', en: 'Actions' })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {paper.people.map((p, j) => (
                <tr key={j}>
                  <td>{j + 1}</td>
                  <td>
                    <input
                      type="text"
                      aria-label={tr({
                        vi: `Họ và tên, phiếu ${i + 1}, dòng ${j + 1}`,
                        en: `Name, paper ${i + 1}, row ${j + 1}`,
                      })}
                      placeholder={tr({ vi: 'Họ và tên', en: 'Full name' })}
                      value={p.fullName}
                      onInput={(e) => setPerson(i, j, { fullName: (e.target as HTMLInputElement).value })}
                      onPaste={(e) => paste(i, j, e)}
                    />
                  </td>
                  <td>
                    <input
                      type="text"
                      aria-label={tr({
                        vi: `Chức vụ, phiếu ${i + 1}, dòng ${j + 1}`,
                        en: `Position, paper ${i + 1}, row ${j + 1}`,
                      })}
                      placeholder={tr({ vi: 'Chức vụ', en: 'Position' })}
                      value={p.position}
                      onInput={(e) => setPerson(i, j, { position: (e.target as HTMLInputElement).value })}
                      onPaste={(e) => paste(i, j, e)}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      class="link"
                      disabled={paper.people.length === 1}
                      aria-label={tr({
                        vi: `Xóa dòng ${j + 1} của phiếu ${i + 1}`,
                        en: `Remove row ${j + 1} of paper ${i + 1}`,
                      })}
                      onClick={() =>
                        setPaper(i, { ...paper, people: paper.people.filter((_, k) => k !== j) })
                      }
                    >
                      {tr({ vi: 'Xóa', en: 'Remove' })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            onClick={() => setPaper(i, { ...paper, people: [...paper.people, emptyPerson()] })}
          >
            {tr({ vi: `Thêm người vào phiếu ${i + 1}`, en: `Add a person to paper ${i + 1}` })}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onPapers([...papers, emptyPaper()])}>
        {tr({ vi: 'Thêm phiếu', en: 'Add a paper' })}
      </button>
    </fieldset>
  );
}
