/**
 * The console's API types (web/console/lib/api.gen.ts) are the document the app serves, run
 * through openapi-typescript (scripts/gen-api.mjs, decision 275): a route or schema changed without
 * regenerating fails here.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesModule } from '../../scripts/gen-api.mjs';
import { buildApp } from '../../worker/app';

describe('the console API types', () => {
  it('web/console/lib/api.gen.ts is generated from /api/openapi.json (run `npm run gen:api` after changing a route)', async () => {
    const res = await buildApp().request('/api/openapi.json', {}, {});
    expect(res.status).toBe(200);
    const fresh = await apiTypesModule(await res.json());
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    // Not toBe: a diff of a 9,000-line file says less than the command that fixes it.
    if (committed !== fresh) {
      expect.fail('web/console/lib/api.gen.ts is stale: run `npm run gen:api` and commit the result');
    }
  }, 60_000);
});
