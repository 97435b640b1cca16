/** Authorisation rows of the ballots module (`/api/ballots/*`): the counting board of the body. */

import { env } from 'cloudflare:workers';
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import type { StaffSession } from '../../../worker/auth/service';
import { issueCodes } from '../../../worker/ballots/codes';
import { advancePhase, createRound, recordAttendance } from '../../../worker/ballots/rounds';
import type { Env } from '../../../worker/env';
import { fromBase64, toBase64 } from '../../../worker/lib/crypto';
import type { Actor, AuthzRow, Unit } from './types';

const ROLES = ['counting_board'] as const;

function boardOf(unit: Unit, userId: string): StaffSession {
  return {
    userId,
    email: 'authz@test.vn',
    name: 'authz',
    sessionId: 'authz',
    grants: [{ role: 'counting_board', unitId: unit.id, unitPath: unit.path, unitName: unit.name }],
  };
}

/** A round of `unit`, moved on to `phase` through the services. */
async function roundIn(
  unit: Unit,
  actor: Actor,
  phase: 'setup' | 'issuing' | 'counting',
  opts: { remoteMember?: string } = {},
): Promise<string> {
  const s = boardOf(unit, actor.userId);
  const { round } = await createRound(env.DB, s, {
    unitId: unit.id,
    name: 'Đợt kiểm tra phân quyền',
    mode: opts.remoteMember ? 'remote' : 'codes',
    summoned: opts.remoteMember ? 1 : 3,
    denominator: 'collected',
    meetingPlace: '',
    locality: '',
    meetingDate: '2026-11-20',
    groups: [{ title: 'Phiếu', candidates: [{ fullName: 'Nguyễn Văn A', position: 'Bí thư' }] }],
    members: opts.remoteMember ? [{ fullName: 'Đại biểu', userId: opts.remoteMember }] : [],
  });
  if (phase === 'setup') return round.id;
  await advancePhase(env as unknown as Env, s, round.id, 'issuing');
  if (phase === 'issuing') {
    if (!opts.remoteMember) await recordAttendance(env.DB, s, round.id, { present: 3 });
    return round.id;
  }
  await recordAttendance(env.DB, s, round.id, { present: 3 });
  await issueCodes(env.DB, s, round.id, 1, 'http://local');
  await advancePhase(env as unknown as Env, s, round.id, 'casting');
  await advancePhase(env as unknown as Env, s, round.id, 'counting');
  return round.id;
}

const R = '/api/ballots/rounds';

export const rows: AuthzRow[] = [
  { method: 'get', path: R, roles: 'any', request: () => ({ path: R }) },
  { method: 'get', path: '/api/ballots/mine', roles: 'any', request: () => ({ path: '/api/ballots/mine' }) },
  {
    method: 'post',
    path: R,
    roles: ROLES,
    ok: 201,
    request: (w) => ({
      path: R,
      json: {
        unitId: w.wardA.id,
        name: 'Lấy phiếu',
        summoned: 3,
        meetingDate: '2026-11-20',
        groups: [{ title: 'Phiếu', candidates: [{ fullName: 'Nguyễn Văn A', position: 'Bí thư' }] }],
      },
    }),
  },
  {
    method: 'get',
    path: `${R}/{id}`,
    roles: ROLES,
    request: async (w, a) => ({ path: `${R}/${await roundIn(w.wardA, a, 'setup')}` }),
  },
  {
    method: 'post',
    path: `${R}/{id}/attendance`,
    roles: ROLES,
    request: async (w, a) => ({
      path: `${R}/${await roundIn(w.wardA, a, 'setup')}/attendance`,
      json: { present: 2 },
    }),
  },
  {
    method: 'post',
    path: `${R}/{id}/phase`,
    roles: ROLES,
    request: async (w, a) => ({
      path: `${R}/${await roundIn(w.wardA, a, 'setup')}/phase`,
      json: { to: 'issuing' },
    }),
  },
  {
    method: 'post',
    path: `${R}/{id}/codes`,
    roles: ROLES,
    request: async (w, a) => ({
      path: `${R}/${await roundIn(w.wardA, a, 'issuing')}/codes?format=json`,
      json: { count: 1 },
    }),
  },
  {
    method: 'post',
    path: `${R}/{id}/codes/void`,
    roles: ROLES,
    request: async (w, a) => ({
      path: `${R}/${await roundIn(w.wardA, a, 'issuing')}/codes/void`,
      json: { codes: ['AAAA'] },
    }),
  },
  {
    method: 'get',
    path: `${R}/{id}/tally`,
    roles: ROLES,
    request: async (w, a) => ({ path: `${R}/${await roundIn(w.wardA, a, 'counting')}/tally` }),
  },
  {
    method: 'get',
    path: `${R}/{id}/minutes.pdf`,
    roles: ROLES,
    request: async (w, a) => ({ path: `${R}/${await roundIn(w.wardA, a, 'counting')}/minutes.pdf` }),
  },
  {
    method: 'get',
    path: `${R}/{id}/minutes.csv`,
    roles: ROLES,
    request: async (w, a) => ({ path: `${R}/${await roundIn(w.wardA, a, 'counting')}/minutes.csv` }),
  },
  {
    // Not a role but the roster decides: any signed-in member on the roster gets one signature.
    method: 'post',
    path: `${R}/{id}/token`,
    roles: 'any',
    request: async (w, actor) => {
      const id = await roundIn(w.wardA, actor, 'issuing', { remoteMember: actor.userId });
      const row = await env.DB.prepare('SELECT public_key AS k FROM ballot_rounds WHERE id = ?')
        .bind(id)
        .first<{ k: string }>();
      const suite = RSABSSA.SHA384.PSS.Randomized();
      const pk = await crypto.subtle.importKey(
        'spki',
        fromBase64(row!.k),
        { name: 'RSA-PSS', hash: 'SHA-384' },
        true,
        ['verify'],
      );
      const { blindedMsg } = await suite.blind(pk, suite.prepare(new Uint8Array(32)));
      return { path: `${R}/${id}/token`, json: { blindedMsg: toBase64(blindedMsg) } };
    },
  },
];
