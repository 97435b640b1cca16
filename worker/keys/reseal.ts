/**
 * Chuyển khóa: the bounded re-seal job of a key rotation (decision 250). It moves every sealed
 * value (identities, tracking PINs, TOTP secrets, webhook secrets, ballot round keys) to the
 * keyring's current key, in slices, and writes one audit entry (`keys.reseal`) per run with the
 * counts: moved, failed (a value no key of the ring opens) and remaining. When an entry says
 * nothing remains for every purpose, the old keys can leave the ring.
 *
 * Runs in the daily cron (worker/scheduled.ts); a run stops after `maxRows` values per column, so
 * a large table is moved over several days. Each rewrite is guarded by the value it read.
 */
import { audit } from '../audit/service';
import { resealPin } from '../cases/pin';
import type { Env } from '../env';
import { type Keyring, keyringOf, type Purpose, reseal } from '../lib/keyring';
import {
  countNotCurrent,
  resealStatement,
  SEALED_COLUMNS,
  type SealedColumn,
  selectNotCurrent,
} from './queries';

export type Counts = Record<Purpose, number>;

export interface ResealReport {
  currentKeyId: string;
  keyIds: string[];
  moved: Counts;
  failed: Counts;
  remaining: Counts;
}

const zero = (): Counts => ({ identity: 0, pin: 0, totp: 0, webhook: 0, ballot: 0 });

async function resealValue(ring: Keyring, col: SealedColumn, id: string, sealed: string) {
  // A PIN may still be a legacy nonce (derived, not sealed): it is derived once more and sealed.
  return col.purpose === 'pin' ? resealPin(ring, id, sealed) : reseal(ring, col.purpose, sealed, col.aad(id));
}

/**
 * Moves up to `maxRows` values per column to the current key, `slice` rows per batch.
 * @example const report = await resealAll(env) // report.remaining.identity === 0 when done
 */
export async function resealAll(
  env: Env,
  opts: { slice?: number; maxRows?: number } = {},
): Promise<ResealReport> {
  const ring = keyringOf(env);
  const slice = opts.slice ?? 100;
  const maxRows = opts.maxRows ?? 5_000;
  const report: ResealReport = {
    currentKeyId: ring.current.id,
    keyIds: ring.keys.map((k) => k.id),
    moved: zero(),
    failed: zero(),
    remaining: zero(),
  };
  for (const col of SEALED_COLUMNS) {
    let cursor = '';
    let seen = 0;
    while (seen < maxRows) {
      const rows = await selectNotCurrent(
        env.DB,
        col,
        ring.current.id,
        cursor,
        Math.min(slice, maxRows - seen),
      );
      if (!rows.length) break;
      seen += rows.length;
      cursor = rows[rows.length - 1]!.id;
      const stmts: D1PreparedStatement[] = [];
      for (const r of rows) {
        try {
          const next = await resealValue(ring, col, r.id, r.sealed);
          if (next) stmts.push(resealStatement(env.DB, col, r.id, r.sealed, next));
        } catch {
          report.failed[col.purpose]++;
        }
      }
      if (stmts.length) {
        const results = await env.DB.batch(stmts);
        for (const res of results) report.moved[col.purpose] += res.meta.changes ?? 0;
      }
    }
    // Nothing seen: nothing left (the slice query looked at every value). Otherwise count.
    report.remaining[col.purpose] = seen ? await countNotCurrent(env.DB, col, ring.current.id) : 0;
  }
  const sum = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);
  if (sum(report.moved) + sum(report.failed) + sum(report.remaining) > 0) {
    await audit(env.DB, { actorId: null, action: 'keys.reseal', detail: report });
  }
  return report;
}
