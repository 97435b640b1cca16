import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// Read by global-setup.ts, which runs in this process: serve the app from the Node server.
process.env.E2E_RUNTIME = 'node';

/**
 * The browser journeys that must hold on the Node server too (issue 11): the citizen's form with
 * JavaScript on and off, the offline queue, the confidence vote, and the small fault test.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: [
        'test/e2e/citizen-form.test.ts',
        'test/e2e/citizen-screens.test.ts',
        'test/e2e/public-island.test.ts',
        'test/e2e/ballots.test.ts',
        'test/e2e/fault.test.ts',
      ],
    },
  }),
);
