/**
 * Bỏ phiếu: casting a ballot. ONE D1 batch spends the credential (UNIQUE on round + credential)
 * and stores the ballot. The ballot row holds a random integer id, the round, the receipt and the
 * marks; nothing about the request: no time, no IP, no user, no credential. This module writes
 * nothing to logs or to the audit trail, and its errors carry no request detail.
 */
import { violates } from '../db/constraints';
import { sha256Hex } from '../lib/crypto';
import { AppError, fieldError } from '../lib/errors';
import { verifyToken } from './blind';
import { codeHash, parseBallotCode } from './codes';
import { castStatements, selectCodeUsable, selectContent, selectRound } from './queries';
import type { CastInput } from './schema';
import { type BallotMarks, LEVELS, markOf } from './tally';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random positive 52-bit integer: the ballot's id and rowid (random B-tree position). */
function randomRowId(): number {
  const b = new Uint8Array(7);
  crypto.getRandomValues(b);
  let n = b[0]! & 0x0f;
  for (let i = 1; i < 7; i++) n = n * 256 + b[i]!;
  return n + 1;
}

/** Receipt (biên nhận): the first 10 base32 characters of SHA-256(id, round, marks), as XXXXX-XXXXX. */
export async function receiptOf(id: number, roundId: string, marks: string): Promise<string> {
  const hex = await sha256Hex(`${id}:${roundId}:${marks}`);
  let bits = '';
  for (const ch of hex.slice(0, 13)) bits += Number.parseInt(ch, 16).toString(2).padStart(4, '0');
  let out = '';
  for (let i = 0; i < 50; i += 5) out += ALPHABET[Number.parseInt(bits.slice(i, i + 5), 2)];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** The ticks of one mark as sent (a level, null for blank, or a paper's ticks); null when it is not a mark at all. */
function ticksOf(m: unknown): string[] | null {
  if (m == null) return [];
  if (typeof m === 'string') return [m];
  return Array.isArray(m) && m.every((t) => typeof t === 'string') ? m : null;
}

/**
 * The marks as stored: every candidate of the round in order, so a ballot's JSON says nothing
 * beyond its marks (no key order from the client). Unknown candidate ids are refused, and so is a
 * tick that is not a level: several levels make an invalid mark (a real spoilt ballot), but a
 * made-up value is a forged request, not a voter's mark, and must not be counted as one.
 */
export function normaliseMarks(candidateIds: readonly string[], input: CastInput['marks']): BallotMarks {
  const known = new Set(candidateIds);
  const problems = Object.keys(input).flatMap((k) => {
    const m = input[k];
    // Named as sent, shortened: the reply need not echo a flood of junk.
    const path = `marks.${k.slice(0, 64)}`;
    if (!known.has(k))
      return [
        fieldError(path, 'unknown_candidate', {
          vi: 'Không có người này trong phiếu.',
          en: 'Not on this ballot.',
        }),
      ];
    const ticks = ticksOf(m);
    return ticks?.every((t) => t === '' || (LEVELS as readonly string[]).includes(t))
      ? []
      : [
          fieldError(path, 'unknown_level', {
            vi: 'Mức tín nhiệm không hợp lệ.',
            en: 'Not a confidence level.',
          }),
        ];
  });
  if (problems.length) throw new AppError('validation_failed', problems);
  const out: BallotMarks = {};
  for (const id of candidateIds) {
    out[id] = markOf(ticksOf(Object.hasOwn(input, id) ? input[id] : null) ?? []);
  }
  return out;
}

/** Checks a code before the review step (no spend): valid format, issued for this round, unused. */
export async function checkCode(d1: D1Database, roundId: string, typed: string) {
  const code = parseBallotCode(typed);
  if (!code) throw new AppError('code_invalid');
  const state = await selectCodeUsable(d1, roundId, await codeHash(roundId, code));
  if (!state.issued) throw new AppError('code_invalid');
  if (state.spent) throw new AppError('code_used');
  return code;
}

/**
 * Casts one ballot. Returns the receipt. Exactly one of any number of concurrent casts with the
 * same credential stores a ballot: the others fail on the spend's primary key and get `code_used`.
 */
export async function castBallot(
  d1: D1Database,
  roundId: string,
  input: CastInput,
): Promise<{ receipt: string }> {
  const round = await selectRound(d1, roundId);
  if (!round) throw new AppError('not_found', { what: 'round' });
  if (round.phase !== 'casting') throw new AppError('not_casting');
  let credential: string;
  if (round.mode === 'codes') {
    const code = input.code ? parseBallotCode(input.code) : null;
    if (!code) throw new AppError('code_invalid');
    credential = await codeHash(roundId, code);
  } else {
    if (!input.token || !round.publicKey) throw new AppError('token_invalid');
    const c = await verifyToken(round.publicKey, input.token.message, input.token.signature);
    if (!c) throw new AppError('token_invalid');
    credential = `${roundId}:${c}`;
  }
  const { candidates } = await selectContent(d1, roundId);
  const marks = JSON.stringify(
    normaliseMarks(
      candidates.map((c) => c.id),
      input.marks,
    ),
  );
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = randomRowId();
    const receipt = await receiptOf(id, roundId, marks);
    let results: D1Result[];
    try {
      results = await d1.batch(
        castStatements(d1, roundId, credential, round.mode === 'codes' ? 'code' : 'token', {
          id,
          receipt,
          marks,
        }),
      );
    } catch (e) {
      if (violates(e, 'ballot_spends_pk')) throw new AppError('code_used');
      if (violates(e, 'ballots_pk') || violates(e, 'ballots_receipt_uq')) continue; // 2^-52 id or receipt clash: draw again
      throw new Error('cast failed'); // no detail of the request travels further
    }
    if (results[1]?.meta.changes === 1) return { receipt };
    // Nothing stored: say why without guessing.
    const now = await selectRound(d1, roundId);
    if (now?.phase !== 'casting') throw new AppError('not_casting');
    throw round.mode === 'codes' ? new AppError('code_invalid') : new AppError('token_invalid');
  }
  throw new Error('cast failed');
}
