/**
 * Every sealed column the keyring writes, and the two statements the re-seal job needs per column:
 * a slice of values not on the current key (in primary-key order from a cursor, so a value that
 * cannot be opened is passed over, not read again and again), and a guarded rewrite.
 */
import { and, asc, count, gt, isNotNull, sql } from 'drizzle-orm';
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { db, statement } from '../db/client';
import { ballotRounds, cases, responses, users, webhookSubscriptions } from '../db/schema';
import type { Purpose } from '../lib/keyring';

export interface SealedColumn {
  purpose: Purpose;
  table: SQLiteTable;
  /** The table's text primary key. */
  id: AnySQLiteColumn<{ data: string; notNull: true }>;
  column: AnySQLiteColumn<{ data: string }>;
  /** The AAD the value is bound to, from its row id. */
  aad: (id: string) => string;
}

/** The sealed values of the app (decision 250). Tracking PINs: worker/cases/pin.ts. */
export const SEALED_COLUMNS: SealedColumn[] = [
  {
    purpose: 'identity',
    table: responses,
    id: responses.id,
    column: responses.identitySealed,
    aad: (id) => id,
  },
  { purpose: 'pin', table: cases, id: cases.id, column: cases.pinNonce, aad: (id) => `case-pin:${id}` },
  { purpose: 'totp', table: users, id: users.id, column: users.totpSecret, aad: (id) => `totp:${id}` },
  {
    purpose: 'webhook',
    table: webhookSubscriptions,
    id: webhookSubscriptions.id,
    column: webhookSubscriptions.secretSealed,
    aad: (id) => `webhook:${id}`,
  },
  {
    purpose: 'ballot',
    table: ballotRounds,
    id: ballotRounds.id,
    column: ballotRounds.privateKeySealed,
    aad: (id) => `ballot-key:${id}`,
  },
];

/** Values of the column that are not sealed with key `currentId` (`v2.<id>.` prefix). */
function notCurrent(col: SealedColumn, currentId: string) {
  const p = `v2.${currentId}.`;
  return and(isNotNull(col.column), sql`substr(${col.column}, 1, ${p.length}) <> ${p}`);
}

/** Up to `limit` values after `cursor` (by id) that are not sealed with `currentId`. */
export async function selectNotCurrent(
  d1: D1Database,
  col: SealedColumn,
  currentId: string,
  cursor: string,
  limit: number,
) {
  return db(d1)
    .select({ id: col.id, sealed: sql<string>`${col.column}` }) // never NULL: see notCurrent
    .from(col.table)
    .where(and(gt(col.id, cursor), notCurrent(col, currentId)))
    .orderBy(asc(col.id))
    .limit(limit)
    .all();
}

/** Rewrites one value, only if it is still the one that was read (a concurrent change wins). */
export function resealStatement(
  d1: D1Database,
  col: SealedColumn,
  id: string,
  was: string,
  sealed: string,
): D1PreparedStatement {
  return statement(
    d1,
    sql`UPDATE ${col.table} SET ${sql.identifier(col.column.name)} = ${sealed}
         WHERE ${col.id} = ${id} AND ${col.column} = ${was}`,
  );
}

/** How many values are not yet on the current key (a full scan: once per run, at its end). */
export async function countNotCurrent(d1: D1Database, col: SealedColumn, currentId: string): Promise<number> {
  const row = await db(d1).select({ n: count() }).from(col.table).where(notCurrent(col, currentId)).get();
  return row?.n ?? 0;
}
