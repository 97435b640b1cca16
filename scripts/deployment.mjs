/**
 * Shared by `npm run export` and `npm run import`: loads the tool (worker/platform/node/deployment.ts,
 * bundled to dist/server/deployment.mjs; rebuilt when the Node platform's sources are newer) and
 * runs it with the command line's options. Plain Node ESM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, ROOT } from './dev-server.mjs';

const BUNDLE = path.join(ROOT, 'dist/server/deployment.mjs');
const SOURCES = path.join(ROOT, 'worker/platform/node');

function stale() {
  if (!fs.existsSync(BUNDLE)) return true;
  const built = fs.statSync(BUNDLE).mtimeMs;
  return fs.readdirSync(SOURCES).some((f) => fs.statSync(path.join(SOURCES, f)).mtimeMs > built);
}

/** The tool's module: `exportDeployment`, `importDeployment`. */
export async function loadDeploymentTool() {
  if (stale()) buildServer({ quiet: true });
  return import(pathToFileURL(BUNDLE).href);
}

/** Runs `fn`, printing its error (not a stack) and exiting 1 when it fails. */
export async function runCommand(name, fn) {
  try {
    await fn();
  } catch (e) {
    console.error(`✖ npm run ${name}: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}

export const log = (msg) => console.log(`▶ ${msg}`);

/** A path from the command line, relative to where `npm run` was typed (npm runs scripts in the project root). */
export const userPath = (p) => (p ? path.resolve(process.env.INIT_CWD ?? process.cwd(), p) : undefined);
