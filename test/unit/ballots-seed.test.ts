/**
 * The demo seed leaves one confidence-vote round ready to run and one already published (so the
 * Ban Tổ chức board view has data), and only one of each however often it runs.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { publicResults } from '../../worker/ballots/minutes';
import { DEMO_PUBLISHED_ROUND_NAME, DEMO_ROUND_NAME } from '../../worker/seed/ballots';
import { seedDemo } from '../../worker/seed/service';

describe('ballots seed', () => {
  it('creates one round in setup, idempotently', async () => {
    await seedDemo(env);
    await seedDemo(env);
    const { results } = await env.DB.prepare(
      `SELECT r.phase, r.mode, r.summoned, (SELECT count(*) FROM ballot_candidates c WHERE c.round_id = r.id) AS people
       FROM ballot_rounds r WHERE r.name = ?`,
    )
      .bind(DEMO_ROUND_NAME)
      .all();
    expect(results).toEqual([{ phase: 'setup', mode: 'codes', summoned: 7, people: 3 }]);
  });

  it('creates one published round, cast with its printed codes, idempotently', async () => {
    const { results } = await env.DB.prepare(
      `SELECT r.id, r.phase, r.present, r.codes_generated AS codes,
              (SELECT count(*) FROM ballots b WHERE b.round_id = r.id) AS cast
         FROM ballot_rounds r WHERE r.name = ?`,
    )
      .bind(DEMO_PUBLISHED_ROUND_NAME)
      .all<{ id: string; phase: string; present: number; codes: number; cast: number }>();
    expect(results).toHaveLength(1);
    const r = results[0]!;
    expect(r).toMatchObject({ phase: 'published', present: 6, codes: 6, cast: 6 });
    const pub = await publicResults(env.DB, r.id);
    expect(pub.result.collected).toBe(6);
    expect(pub.result.candidates).toHaveLength(3);
  });
});
