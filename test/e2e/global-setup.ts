/**
 * Global setup of the browser tests: a fresh temporary database (never the developer's
 * .wrangler/state or ./data), the app on a free 127.0.0.1 port with the secrets of
 * .dev.vars.example (so CI needs no .dev.vars), the demo data seeded through `POST /api/dev/seed`,
 * and a teardown that stops it all. `E2E_RUNTIME=node` (test/e2e/vitest.node.config.ts) serves
 * it from the Node server (dist/server/main.mjs, SQLite in the temporary directory) instead of
 * `wrangler dev`.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  applyMigrations,
  ensureBuilt,
  freePort,
  ROOT,
  readVars,
  seed,
  startNodeServer,
  startWrangler,
  stopProcess,
  waitForHealth,
} from '../../scripts/dev-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://localhost:<port>`: use this host in browsers, so Secure cookies are kept. */
    baseUrl: string;
    /** The demo password printed by `npm start`. */
    demoPassword: string;
    /** Which runtime serves the app: 'workerd' (wrangler dev) or 'node'. */
    runtime: 'workerd' | 'node';
  }
}

export default async function setup(project: TestProject) {
  const runtime = process.env.E2E_RUNTIME === 'node' ? 'node' : 'workerd';
  ensureBuilt({ server: runtime === 'node' });
  const persistTo = fs.mkdtempSync(path.join(os.tmpdir(), `lang-nghe-e2e-${runtime}-`));
  const port = await freePort();
  const vars: Record<string, string> = {
    ...readVars(path.join(ROOT, '.dev.vars.example')),
    ENVIRONMENT: 'development',
  };
  const log: string[] = [];
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  let child: ChildProcess;
  if (runtime === 'node') {
    child = startNodeServer({
      port,
      dataDir: persistTo,
      vars,
      stdio,
      envFile: path.join(ROOT, '.dev.vars.example'),
    });
  } else {
    applyMigrations({ persistTo, quiet: true });
    child = startWrangler({ port, inspectorPort: await freePort(), persistTo, vars, stdio });
  }
  // Keep wrangler's output for the error message, out of the test report.
  for (const s of [child.stdout, child.stderr]) s?.on('data', (d: Buffer) => log.push(d.toString()));

  const teardown = async () => {
    await stopProcess(child);
    fs.rmSync(persistTo, { recursive: true, force: true });
  };
  try {
    const api = `http://127.0.0.1:${port}`;
    await waitForHealth(api, { child });
    const report = await seed(api, vars.DEV_SEED_TOKEN!);
    project.provide('baseUrl', `http://localhost:${port}`);
    project.provide('demoPassword', report.password);
    project.provide('runtime', runtime);
  } catch (e) {
    await teardown();
    throw new Error(
      `${e instanceof Error ? e.message : e}\n--- ${runtime} server output ---\n${log.join('').slice(-4000)}`,
    );
  }
  return teardown;
}
