/** The demo seed leaves one confidence-vote round ready to run, and only one however often it runs. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DEMO_ROUND_NAME } from '../../worker/seed/ballots';
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
});
