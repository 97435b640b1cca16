import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';

const here = import.meta.dirname;

/** TTF imports are the file's bytes, as wrangler's `Data` rule and the server bundle make them. */
const ttfAsBytes: Plugin = {
  name: 'ttf-as-bytes',
  enforce: 'pre',
  load(id) {
    if (!id.endsWith('.ttf')) return null;
    const b64 = fs.readFileSync(id).toString('base64');
    return `export default Uint8Array.from(atob(${JSON.stringify(b64)}), (c) => c.charCodeAt(0));`;
  },
};

/**
 * The same unit and integration tests as vitest.config.ts, on the Node platform (node:sqlite, the
 * file store, the in-process limiters): `cloudflare:workers` and `cloudflare:test` resolve to
 * test/node/, which builds the platform the Node server runs.
 */
export default defineConfig({
  plugins: [ttfAsBytes],
  resolve: {
    alias: {
      'cloudflare:workers': path.join(here, 'test/node/cloudflare-workers.ts'),
      'cloudflare:test': path.join(here, 'test/node/cloudflare-test.ts'),
    },
  },
  test: {
    environment: 'node',
    // The shared suite, and the Node platform's own tests (test/node/).
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/node/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
  },
});
