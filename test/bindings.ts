/**
 * Variables and test-only secrets both test runtimes give the app (workerd through miniflare's
 * bindings in vitest.config.ts, Node through test/node/cloudflare-workers.ts). Real values come
 * from Worker secrets or the Node server's env file.
 */
export const TEST_BINDINGS = {
  ENVIRONMENT: 'test',
  IDENTITY_KEY: 'dGVzdC1vbmx5LWlkZW50aXR5LWtleS0zMmJ5dGVzISE=',
  TURNSTILE_SECRET: '1x0000000000000000000000000000000AA',
  PBKDF2_ITERATIONS: '1000',
  // Every reply is checked against its route's contract (decision 270).
  CHECK_RESPONSES: 'on',
};
