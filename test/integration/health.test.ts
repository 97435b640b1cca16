import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('GET /api/health', () => {
  it('answers ok after querying the database, naming the runtime that serves it', async () => {
    const res = await exports.default.fetch('http://local/api/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; db: string; runtime: string };
    expect(body).toMatchObject({ ok: true, db: 'ok' });
    // The test project says which platform it built (vitest.config.ts: workerd, vitest.node.config.ts: node).
    expect(body.runtime).toBe(env.TEST_RUNTIME);
    expect(['workerd', 'node']).toContain(body.runtime);
  });

  it('unknown routes get the documented error shape, not an HTML page', async () => {
    const res = await exports.default.fetch('http://local/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
