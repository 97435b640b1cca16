/** The baseline the load benchmark compares every route against: one bare D1 insert. */
export async function insertBenchRow(d1: D1Database, id: string, at: number) {
  await d1.prepare('INSERT INTO bench_rows (id, at) VALUES (?, ?)').bind(id, at).run();
}
