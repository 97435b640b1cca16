import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createForm, publishForm } from '../../worker/forms/service';
import { call } from '../helpers/fixtures';
import { key, sampleDefinition, setup } from '../unit/forms.fixtures';

describe('report forms (dân vận khéo campaigns) are never public', () => {
  it('are not listed, not served and refuse public submissions; surveys still are', async () => {
    const ctx = await setup();
    const make = async (kind: 'report' | 'survey', slug: string) => {
      const form = await createForm(env.DB, ctx.session, {
        ownerUnitId: ctx.tree.front.id,
        kind,
        slug,
        definition: sampleDefinition(),
      });
      await publishForm(env.DB, ctx.session, form.id);
    };
    await make('report', 'bao-cao-test');
    await make('survey', 'khao-sat-test');

    const list = (await (await call('/api/public/forms')).json()) as { forms: { slug: string }[] };
    expect(list.forms.map((f) => f.slug)).toEqual(['khao-sat-test']);
    expect((await call('/api/public/forms/bao-cao-test')).status).toBe(404);
    expect((await call('/f/bao-cao-test')).status).toBe(404);
    const post = await call('/api/public/forms/bao-cao-test/responses', {
      method: 'POST',
      headers: { 'idempotency-key': key() },
      json: { answers: {} },
    });
    expect(post.status).toBe(404);
    expect((await call('/api/public/forms/khao-sat-test')).status).toBe(200);
  });
});
