/**
 * Every sealed column the keyring writes, and the two statements the re-seal job needs per column:
 * a slice of values not on the current key (in primary-key order from a cursor, so a value that
 * cannot be opened is passed over, not read again and again), and a guarded rewrite.
 */
import type { Purpose } from '../lib/keyring';

export interface SealedColumn {
  purpose: Purpose;
  table: string;
  column: string;
  /** The AAD the value is bound to, from its row id. */
  aad: (id: string) => string;
}

/** The sealed values of the app (decision 250). Tracking PINs: worker/cases/pin.ts. */
export const SEALED_COLUMNS: SealedColumn[] = [
  { purpose: 'identity', table: 'responses', column: 'identity_sealed', aad: (id) => id },
  { purpose: 'pin', table: 'cases', column: 'pin_nonce', aad: (id) => `case-pin:${id}` },
  { purpose: 'totp', table: 'users', column: 'totp_secret', aad: (id) => `totp:${id}` },
  {
    purpose: 'webhook',
    table: 'webhook_subscriptions',
    column: 'secret_sealed',
    aad: (id) => `webhook:${id}`,
  },
  {
    purpose: 'ballot',
    table: 'ballot_rounds',
    column: 'private_key_sealed',
    aad: (id) => `ballot-key:${id}`,
  },
];

/** `v2.<id>.`: the prefix of a value sealed with key `id`. */
const prefix = (keyId: string) => `v2.${keyId}.`;

/** Up to `limit` values after `cursor` (by id) that are not sealed with `currentId`. */
export async function selectNotCurrent(
  d1: D1Database,
  col: SealedColumn,
  currentId: string,
  cursor: string,
  limit: number,
): Promise<{ id: string; sealed: string }[]> {
  const p = prefix(currentId);
  const { results } = await d1
    .prepare(
      `SELECT id, ${col.column} AS sealed FROM ${col.table}
       WHERE id > ? AND ${col.column} IS NOT NULL AND substr(${col.column}, 1, ?) <> ?
       ORDER BY id LIMIT ?`,
    )
    .bind(cursor, p.length, p, limit)
    .all<{ id: string; sealed: string }>();
  return results;
}

/** Rewrites one value, only if it is still the one that was read (a concurrent change wins). */
export function resealStatement(
  d1: D1Database,
  col: SealedColumn,
  id: string,
  was: string,
  sealed: string,
): D1PreparedStatement {
  return d1
    .prepare(`UPDATE ${col.table} SET ${col.column} = ? WHERE id = ? AND ${col.column} = ?`)
    .bind(sealed, id, was);
}

/** How many values are not yet on the current key (a full scan: once per run, at its end). */
export async function countNotCurrent(d1: D1Database, col: SealedColumn, currentId: string): Promise<number> {
  const p = prefix(currentId);
  const row = await d1
    .prepare(
      `SELECT count(*) AS n FROM ${col.table}
       WHERE ${col.column} IS NOT NULL AND substr(${col.column}, 1, ?) <> ?`,
    )
    .bind(p.length, p)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
