import { db } from '../db/client';
import { benchRows } from '../db/schema';

/** The baseline the load benchmark compares every route against: one bare D1 insert. */
export async function insertBenchRow(d1: D1Database, id: string, at: number) {
  await db(d1).insert(benchRows).values({ id, at }).run();
}
