import base from './vitest.config';

// Read by global-setup.ts, which runs in this process: serve the app from the Node server.
process.env.E2E_RUNTIME = 'node';

/**
 * The whole browser suite again, against the Node server (dist/server/main.mjs on a temporary
 * SQLite file) instead of `wrangler dev`: every journey must hold on both runtimes (issue 11).
 */
export default base;
