#!/usr/bin/env node
/**
 * Bundles the Node server (worker/platform/node/main.ts and the app it serves) into
 * dist/server/main.mjs with esbuild: TypeScript and JSX compiled, the PDF fonts inlined as bytes
 * (as wrangler's `Data` rule does), npm packages bundled so a deployment needs only this file,
 * wrangler.toml, migrations/ and dist/web. The export / import tool goes to dist/server/deployment.mjs.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { NODE_BUNDLE } from './node-bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');

await build({
  entryPoints: {
    main: path.join(ROOT, 'worker/platform/node/main.ts'),
    // npm run export / import (scripts/export.mjs, scripts/import.mjs).
    deployment: path.join(ROOT, 'worker/platform/node/deployment.ts'),
    // npm run backup / restore (scripts/backup.mjs, scripts/restore.mjs) and the server's backup schedule.
    ops: path.join(ROOT, 'worker/platform/node/ops.ts'),
  },
  outdir: path.join(ROOT, 'dist/server'),
  outExtension: { '.js': '.mjs' },
  // Only `export --from=workerd` and `import --to=workerd` load it, from node_modules.
  external: ['wrangler'],
  sourcemap: 'linked',
  ...NODE_BUNDLE,
});
