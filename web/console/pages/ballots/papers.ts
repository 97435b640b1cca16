/**
 * The papers of a round as the editor holds them, and the paste parser. Pure (no DOM): the unit
 * tests run it in workerd.
 */
/** One person being rated, as typed in the papers editor. */
export interface PersonDraft {
  fullName: string;
  position: string;
}
/** One paper (a group of positions) as typed in the papers editor. */
export interface PaperDraft {
  title: string;
  people: PersonDraft[];
}

/**
 * Rows pasted from Excel, Word or a plain list: one person a line, cells split by tabs (Excel) or
 * by "|" (the older typed format); a header line ("Họ và tên", "Chức vụ") and blank lines are
 * skipped; a leading row number column ("1", "2.") is dropped.
 * @example parsePastedPeople('Nguyễn Văn An\tBí thư\r\nTrần Thị Bình\tPhó Bí thư\r\n')
 *          // [{ fullName: 'Nguyễn Văn An', position: 'Bí thư' }, { fullName: 'Trần Thị Bình', position: 'Phó Bí thư' }]
 */
export function parsePastedPeople(text: string): PersonDraft[] {
  const out: PersonDraft[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    let cells = line.split(line.includes('\t') ? '\t' : '|').map((c) => c.trim());
    if (cells.length > 2 && /^\d+\.?$/.test(cells[0]!)) cells = cells.slice(1);
    const [fullName = '', position = ''] = cells;
    if (!fullName && !position) continue;
    const folded = fullName.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();
    if (/^(ho (va )?ten|full ?name|name)$/.test(folded)) continue;
    out.push({ fullName, position });
  }
  return out;
}

/** The papers as the API takes them: untitled papers numbered, empty rows dropped. */
export function papersToGroups(papers: PaperDraft[]) {
  return papers.map((p, i) => ({
    title: p.title.trim() || `Phiếu số ${i + 1}`,
    candidates: p.people
      .map((x) => ({ fullName: x.fullName.trim(), position: x.position.trim() }))
      .filter((x) => x.fullName || x.position),
  }));
}
