/** Shapes of the ballots API as the console reads them (see worker/ballots/schema.ts). */
export type Phase = 'setup' | 'issuing' | 'casting' | 'counting' | 'published';

export interface RoundSummary {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  mode: 'codes' | 'remote';
  phase: Phase;
  meetingDate: string;
}

export interface RoundDetail {
  round: RoundSummary & {
    summoned: number;
    present: number | null;
    quorum: boolean;
    denominator: string;
    meetingPlace: string;
    locality: string;
    codesGenerated: number;
    codesVoided: number | null;
    tokensIssued: number | null;
    keyFingerprint: string | null;
    allCast: boolean | null;
  };
  groups: { id: string; title: string; candidates: { id: string; fullName: string; position: string }[] }[];
  members: { id: string; fullName: string; present: boolean; hasAccount: boolean }[];
}

interface Figure {
  count: number;
  percent: string | null;
}
export interface Tally {
  summoned: number;
  present: number;
  quorum: boolean;
  issued: number;
  collected: number;
  denominator: string;
  candidates: {
    id: string;
    groupId: string;
    fullName: string;
    position: string;
    issued: number;
    collected: number;
    valid: number;
    invalid: number;
    denominator: number;
    high: Figure;
    confidence: Figure;
    low: Figure;
    overHalfLow: boolean;
    twoThirdsLow: boolean;
  }[];
}

export const PHASES: Phase[] = ['setup', 'issuing', 'casting', 'counting', 'published'];

/** Phase names, Vietnamese first. */
export const PHASE_LABEL: Record<Phase, [string, string]> = {
  setup: ['Chuẩn bị', 'Setup'],
  issuing: ['Phát phiếu', 'Issuing'],
  casting: ['Bỏ phiếu', 'Casting'],
  counting: ['Kiểm phiếu', 'Counting'],
  published: ['Công bố', 'Published'],
};

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

/** Downloads a response body as a file (the slips PDF comes from a POST). */
export async function download(res: Response, fallback: string) {
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
