#!/usr/bin/env node
/**
 * `npm run import`: loads a bundle made by `npm run export` into an empty target and checks every
 * table and file against the bundle's manifest (see worker/platform/node/deployment.ts).
 *   npm run import -- DIR --to=node [--data-dir=./data] [--force]
 *   npm run import -- DIR --to=workerd [--persist-to=.wrangler/state] [--force]
 * Stop the server (or wrangler dev) that uses the target first; --force replaces what it holds.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDeploymentTool, log, runCommand, userPath } from './deployment.mjs';
import { ROOT } from './dev-server.mjs';

const USAGE =
  'usage: npm run import -- BUNDLE_DIR --to=node|workerd [--data-dir=DIR | --persist-to=DIR] [--force]';

await runCommand('import', async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      'persist-to': { type: 'string' },
      'data-dir': { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  if (!['workerd', 'node'].includes(values.to ?? '') || positionals.length !== 1) throw new Error(USAGE);
  const { importDeployment } = await loadDeploymentTool();
  const manifest = await importDeployment({
    bundle: userPath(positionals[0]),
    to: values.to,
    root: ROOT,
    persistTo: userPath(values['persist-to']),
    // DATA_DIR as the server reads it: relative to the project root.
    dataDir:
      userPath(values['data-dir']) ?? (process.env.DATA_DIR && path.resolve(ROOT, process.env.DATA_DIR)),
    force: values.force,
    log,
  });
  console.log(JSON.stringify({ imported: manifest.totals, migrations: manifest.migrations.length }));
});
