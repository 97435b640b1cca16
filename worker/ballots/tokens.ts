/**
 * Remote mode, issuing: an authenticated member on the roster obtains one blind signature. The
 * signature is computed first and handed back only if the guarded UPDATE that records the
 * issuance against the member changed a row, so "recorded" and "issued" cannot diverge: a second
 * request, a request after issuing closed, or one from a non-member gets nothing.
 */
import { batchWithAudit } from '../audit/service';
import type { StaffSession } from '../auth/service';
import type { Env } from '../env';
import { fromBase64, toBase64 } from '../lib/crypto';
import { AppError, fieldError } from '../lib/errors';
import { keyringOf } from '../lib/keyring';
import { blindSign } from './blind';
import { recordTokenStatement, selectContent, selectRound } from './queries';

/** Blind-signs `blindedMsgB64` for the calling member. */
export async function issueToken(
  env: Env,
  staff: StaffSession | undefined,
  id: string,
  blindedMsgB64: string,
) {
  if (!staff) throw new AppError('unauthenticated');
  const r = await selectRound(env.DB, id);
  if (!r) throw new AppError('not_found', { what: 'round' });
  const { members } = await selectContent(env.DB, id);
  const me = members.find((m) => m.userId === staff.userId);
  // Membership is the authorisation here: the roster names the accounts that may vote.
  if (!me) throw new AppError('forbidden');
  if (r.mode !== 'remote' || r.phase !== 'issuing' || !r.privateKeySealed)
    throw new AppError('wrong_phase', { phase: r.phase });
  if (me.tokenIssued) throw new AppError('token_already_issued');
  let blinded: Uint8Array;
  try {
    blinded = fromBase64(blindedMsgB64);
  } catch {
    throw new AppError('validation_failed', [
      fieldError('blindedMsg', 'base64', { vi: 'Không phải base64.', en: 'Not base64.' }),
    ]);
  }
  if (blinded.length !== 256)
    throw new AppError('validation_failed', [
      fieldError('blindedMsg', 'length', { vi: 'Độ dài không đúng.', en: 'Wrong length (256 bytes).' }),
    ]);
  let sig: Uint8Array;
  try {
    sig = await blindSign(keyringOf(env), id, r.privateKeySealed, blinded);
  } catch {
    throw new AppError('validation_failed', [
      fieldError('blindedMsg', 'invalid', { vi: 'Thông điệp không hợp lệ.', en: 'Invalid blinded message.' }),
    ]);
  }
  const [res] = await batchWithAudit(
    env.DB,
    [recordTokenStatement(env.DB, id, staff.userId)],
    { actorId: staff.userId, action: 'ballot_round.token', targetType: 'ballot_round', targetId: id },
    { onlyIfChanged: true },
  );
  if (!res?.meta.changes) throw new AppError('token_already_issued');
  return { blindSig: toBase64(sig), fingerprint: r.keyFingerprint ?? '' };
}
