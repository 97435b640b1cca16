/**
 * In-room mode: printed one-time codes (mã bỏ phiếu). 16 random Crockford base32 characters
 * (80 bits) plus a check character, in groups of four. Only SHA-256(round id, code) is stored; the
 * codes themselves exist once, in the slips PDF returned by the request that made them. The slips
 * are cut and drawn at random in the room, so the server never learns who holds which.
 */
import { batchWithAudit } from '../audit/service';
import type { StaffSession } from '../auth/service';
import { violates } from '../db/constraints';
import { sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import { newReceiptCode, parseReceiptCode } from '../lib/ids';
import { PdfWriter, textWidth } from '../lib/pdf';
import { insertCodesStatements, voidCodesStatement } from './queries';
import { boardRound } from './rounds';

/** 16 characters × 5 bits = 80 bits of randomness (the check character adds none). */
export const CODE_CHARS = 16;

/** A new code, e.g. `7KQM-3XD9-B2HT-ZP4R-Q`. */
export function newBallotCode(): string {
  return newReceiptCode(CODE_CHARS);
}

/**
 * What a voter typed → the canonical code, or null (wrong length or check character). Lenient on
 * case, spaces, dashes, I/L/O as Crockford says.
 */
export function parseBallotCode(input: string): string | null {
  const code = parseReceiptCode(input);
  return code && code.replace(/-/g, '').length === CODE_CHARS + 1 ? code : null;
}

/** The stored form of a code: bound to its round, so a hash means nothing elsewhere. */
export function codeHash(roundId: string, code: string): Promise<string> {
  return sha256Hex(`ballot-code:${roundId}:${code}`);
}

/**
 * The slips: eight a page (2 × 4), cut lines between them. Each slip: the round's name and body,
 * the code in large type, a QR code to the ballot page with the code in the URL fragment (never
 * sent to the server: the page's script copies it into the field), and how to vote.
 */
export async function slipsPdf(opts: {
  roundName: string;
  unitName: string;
  ballotUrl: string;
  fingerprint?: string | null;
  codes: string[];
}): Promise<Uint8Array> {
  const pdf = await PdfWriter.create({ title: `Mã bỏ phiếu — ${opts.roundName}` });
  const cols = 2;
  const rows = 4;
  const left = 30;
  const bottom = 30;
  const w = (pdf.pageWidth - 2 * left) / cols;
  const h = (841.89 - 2 * bottom) / rows;
  opts.codes.forEach((code, i) => {
    const k = i % (cols * rows);
    if (i > 0 && k === 0) pdf.newPage();
    const col = k % cols;
    const row = Math.floor(k / cols);
    const x = left + col * w;
    const top = 841.89 - bottom - row * h;
    if (k === 0) {
      for (let c = 0; c <= cols; c++) pdf.cutLine(left + c * w, bottom, left + c * w, 841.89 - bottom);
      for (let r = 0; r <= rows; r++) pdf.cutLine(left, bottom + r * h, pdf.pageWidth - left, bottom + r * h);
    }
    const pad = 12;
    let y = pdf.textAt('PHIẾU MÃ BỎ PHIẾU TÍN NHIỆM', x + pad, top - pad, {
      size: 9,
      bold: true,
      width: w - 2 * pad,
    });
    y = pdf.textAt(opts.roundName, x + pad, y - 2, { size: 8.5, width: w - 2 * pad });
    y = pdf.textAt(opts.unitName, x + pad, y, { size: 8, width: w - 2 * pad });
    const qrSize = 78;
    pdf.qr(`${opts.ballotUrl}#${code.replace(/-/g, '')}`, x + pad, y - 6, qrSize);
    const tx = x + pad + qrSize + 10;
    const tw = w - 2 * pad - qrSize - 10;
    // Vietnamese only: the slip is a paper ballot of a Vietnamese body (decision 224).
    let ty = pdf.textAt('Mã bỏ phiếu:', tx, y - 6, { size: 8, width: tw });
    // One line whatever the letters: wide codes (W, M) get a smaller size rather than a break. No
    // `width` on the line itself: a size computed to fit exactly can measure a hair over it in
    // floating point, and the wrapper would then move the last character to a line of its own.
    const size = Math.min(12, (12 * tw) / textWidth(code, pdf.fontBold, 12));
    ty = pdf.textAt(code, tx, ty - 2, { size, bold: true });
    pdf.textAt('Quét mã QR hoặc mở địa chỉ dưới đây và nhập mã. Mã chỉ dùng được một lần.', tx, ty - 4, {
      size: 7.5,
      width: tw,
    });
    pdf.textAt(opts.ballotUrl, x + pad, y - qrSize - 14, { size: 7.5, width: w - 2 * pad });
  });
  return pdf.save();
}

/**
 * Prints `count` codes (default: as many as members present minus those already printed) and
 * returns the slips PDF. The hashes and the counter go in one batch; the table's CHECK refuses
 * more codes than members present. The audit row records the number, never a code.
 */
export async function issueCodes(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  count: number | undefined,
  origin: string,
) {
  const r = await boardRound(d1, staff, id);
  if (r.mode !== 'codes' || r.phase !== 'issuing') throw new AppError('wrong_phase', { phase: r.phase });
  const room = (r.present ?? 0) - r.codesGenerated;
  const n = count ?? room;
  if (n < 1 || n > room) throw new AppError('too_many_codes', { room: Math.max(room, 0) });
  const codes = Array.from({ length: n }, newBallotCode);
  const hashes = await Promise.all(codes.map((c) => codeHash(id, c)));
  try {
    const [res] = await batchWithAudit(d1, insertCodesStatements(d1, id, hashes, Date.now()), {
      actorId: staff!.userId,
      action: 'ballot_round.codes',
      targetType: 'ballot_round',
      targetId: id,
      detail: { count: n },
    });
    if (!res?.meta.changes) throw new AppError('wrong_phase', { phase: r.phase });
  } catch (e) {
    if (violates(e, 'ballot_rounds_codes')) throw new AppError('too_many_codes:race');
    throw e;
  }
  return {
    codes,
    roundName: r.name,
    slips: () => slipsPdf({ roundName: r.name, unitName: r.unitName, ballotUrl: `${origin}/b/${id}`, codes }),
  };
}

/** Voids undistributed slips (typed back by the board) while issuing; unknown codes are counted, not stored. */
export async function voidCodes(
  d1: D1Database,
  staff: StaffSession | undefined,
  id: string,
  typed: string[],
) {
  const r = await boardRound(d1, staff, id);
  if (r.mode !== 'codes' || r.phase !== 'issuing') throw new AppError('wrong_phase', { phase: r.phase });
  const codes = [...new Set(typed.map(parseBallotCode))];
  const valid = codes.filter((c): c is string => c !== null);
  const hashes = await Promise.all(valid.map((c) => codeHash(id, c)));
  const [res] = await batchWithAudit(
    d1,
    [voidCodesStatement(d1, id, hashes)],
    { actorId: staff!.userId, action: 'ballot_round.void_codes', targetType: 'ballot_round', targetId: id },
    { onlyIfChanged: true },
  );
  const voided = res?.meta.changes ?? 0;
  return { voided, unknown: typed.length - voided };
}
