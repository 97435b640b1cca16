import { count } from 'drizzle-orm';
import { db } from '../db/client';
import { units } from '../db/schema';

/** One trivial read that proves the database binding answers (and migrations ran). */
export async function pingDb(d1: D1Database) {
  await db(d1).select({ n: count() }).from(units).get();
}
