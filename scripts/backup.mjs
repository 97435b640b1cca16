#!/usr/bin/env node
/**
 * `npm run backup [-- --data-dir=DIR --backup-dir=DIR --keep=N --env-file=PATH --json]`: one online
 * backup of a Node data directory, safe while the server runs (worker/platform/node/backup.ts).
 * DATA_DIR, BACKUP_DIR and BACKUP_KEEP come from the environment or `.env` unless given. Builds
 * dist/server when it is missing (a deployment runs `npm run build` once per upgrade).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, ROOT } from './dev-server.mjs';

const ops = path.join(ROOT, 'dist/server/ops.mjs');
if (!fs.existsSync(ops)) buildServer();
process.env.LANG_NGHE_ROOT ??= ROOT;
const { runOps } = await import(pathToFileURL(ops).href);
process.exitCode = await runOps(['backup', ...process.argv.slice(2)]);
