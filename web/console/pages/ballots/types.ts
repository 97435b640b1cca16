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
