import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Operations tests of the Node server as an operator runs it: real processes started from
 * dist/server/main.mjs (built by `npm run build` before this stage of `npm test`), on loopback
 * ports, with their own temporary data directories — configuration and secrets, logs, graceful
 * stop, backups and the restore drill, moving a deployment between the runtimes.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/ops/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
