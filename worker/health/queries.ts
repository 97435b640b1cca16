/** One trivial read that proves the database binding answers (and migrations ran). */
export async function pingDb(d1: D1Database) {
  await d1.prepare('SELECT count(*) AS n FROM units').first();
}
