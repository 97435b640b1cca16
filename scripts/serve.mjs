#!/usr/bin/env node
/**
 * `npm run serve`: the production Node server (see docs/self-hosting.md). Builds dist/ first when
 * it is missing (a deployment normally runs `npm run build` once per upgrade), then runs
 * dist/server/main.mjs in this process: configuration from the environment and `.env` (or
 * `-- --env-file=PATH`), secrets checked, migrations applied, JSON logs, graceful stop on SIGTERM.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, ROOT } from './dev-server.mjs';

ensureBuilt({ server: true, quiet: false });
const main = path.join(ROOT, 'dist/server/main.mjs');
process.env.LANG_NGHE_ROOT ??= ROOT;
await import(pathToFileURL(main).href);
