import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

/** The Drizzle client for a D1 binding. Only queries files call this. */
export function db(d1: D1Database) {
  return drizzle(d1, { schema });
}
export type Db = ReturnType<typeof db>;
