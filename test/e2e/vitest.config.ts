import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Browser end-to-end tests: plain Node (not workerd). The global setup builds nothing: `npm test`
 * runs `vite build` first (the setup builds only when dist/web is missing). It migrates a fresh
 * temporary D1, starts `wrangler dev` on a free loopback port, seeds the demo data, and stops it
 * after the run. Files run one at a time: they share that one server and one database.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits on server round trips and page loads: 1 s (the default) is short on a
    // loaded 2-core CI machine.
    expect: { poll: { timeout: 10_000 } },
    // End with Vitest's summary (CI reads the counts from it).
    reporters: ['default'],
  },
});
