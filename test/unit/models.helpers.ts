/** Rollup vs recount, sorted the same way, for the models tests. */
import { env } from 'cloudflare:workers';
import { type CountRow, recountFromModels, selectAllCounts } from '../../worker/models/queries';

const key = (r: CountRow) => `${r.unitId}|${r.field}|${r.year}|${r.status}`;
const norm = (rows: CountRow[]) => rows.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)));

export const allCountsForTest = async () => norm(await selectAllCounts(env.DB));
export const recountForTest = async () => norm(await recountFromModels(env.DB));
