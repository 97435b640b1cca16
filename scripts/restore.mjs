#!/usr/bin/env node
/**
 * `npm run restore -- <backup-dir> [--data-dir=DIR] [--verify-only] [--json]`: verifies a backup
 * (manifest, sha256, integrity_check) and puts it in place of a STOPPED server's data directory,
 * moving the current one aside to `<dataDir>.before-restore-<stamp>` (never deleting it)
 * (worker/platform/node/restore.ts). DATA_DIR comes from the environment or `.env` unless given.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, ROOT } from './dev-server.mjs';

const ops = path.join(ROOT, 'dist/server/ops.mjs');
if (!fs.existsSync(ops)) buildServer();
process.env.LANG_NGHE_ROOT ??= ROOT;
const { runOps } = await import(pathToFileURL(ops).href);
process.exitCode = await runOps(['restore', ...process.argv.slice(2)]);
