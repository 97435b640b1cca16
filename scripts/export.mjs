#!/usr/bin/env node
/**
 * `npm run export`: a whole deployment (database + files) into a bundle directory — which is itself
 * a Node data directory with a manifest.json (see worker/platform/node/deployment.ts).
 *   npm run export -- --from=workerd [--persist-to=.wrangler/state] --out=DIR [--force]
 *   npm run export -- --from=node [--data-dir=./data] --out=DIR [--force]
 *   npm run export -- --from=sql --sql=d1.sql --out=DIR [--force]   (a `wrangler d1 export` dump; no files)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDeploymentTool, log, runCommand, userPath } from './deployment.mjs';
import { ROOT } from './dev-server.mjs';

const USAGE =
  'usage: npm run export -- --from=workerd|node|sql [--persist-to=DIR | --data-dir=DIR | --sql=FILE] --out=DIR [--force]';

await runCommand('export', async () => {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      'persist-to': { type: 'string' },
      'data-dir': { type: 'string' },
      sql: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  if (!['workerd', 'node', 'sql'].includes(values.from ?? '') || !values.out) throw new Error(USAGE);
  const { exportDeployment } = await loadDeploymentTool();
  const manifest = await exportDeployment({
    from: values.from,
    root: ROOT,
    out: userPath(values.out),
    persistTo: userPath(values['persist-to']),
    // DATA_DIR as the server reads it: relative to the project root.
    dataDir:
      userPath(values['data-dir']) ?? (process.env.DATA_DIR && path.resolve(ROOT, process.env.DATA_DIR)),
    sql: userPath(values.sql),
    force: values.force,
    log,
  });
  console.log(JSON.stringify({ exported: manifest.totals, migrations: manifest.migrations.length }));
});
