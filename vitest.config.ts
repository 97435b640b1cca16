import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Unit and integration tests, inside workerd with real D1/R2/rate limits (miniflare). */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENVIRONMENT: 'test',
            // Test-only values; real ones come from Worker secrets.
            SESSION_SECRET: 'test-session-secret-0123456789abcdef',
            IDENTITY_KEY: 'dGVzdC1vbmx5LWlkZW50aXR5LWtleS0zMmJ5dGVzISE=',
            TURNSTILE_SECRET: '1x0000000000000000000000000000000AA',
            PBKDF2_ITERATIONS: '1000',
          },
        },
      }),
    ],
    test: {
      include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
      setupFiles: ['./test/setup.ts'],
    },
  };
});
