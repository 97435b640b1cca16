/**
 * Global setup of the browser tests: a fresh temporary D1 (never the developer's .wrangler/state),
 * `wrangler dev` on a free 127.0.0.1 port with the secrets of .dev.vars.example (so CI needs no
 * .dev.vars), the demo data seeded through `POST /api/dev/seed`, and a teardown that stops it all.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  applyMigrations,
  freePort,
  ROOT,
  readVars,
  run,
  seed,
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
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(ROOT, 'dist/web/assets/form.js'))) {
    run('vite', ['build', '--logLevel', 'warn']);
  }
  const persistTo = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-e2e-'));
  applyMigrations({ persistTo, quiet: true });

  const port = await freePort();
  const inspectorPort = await freePort();
  const vars: Record<string, string> = {
    ...readVars(path.join(ROOT, '.dev.vars.example')),
    ENVIRONMENT: 'development',
  };
  const log: string[] = [];
  const child: ChildProcess = startWrangler({
    port,
    inspectorPort,
    persistTo,
    vars,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  } catch (e) {
    await teardown();
    throw new Error(
      `${e instanceof Error ? e.message : e}\n--- wrangler dev output ---\n${log.join('').slice(-4000)}`,
    );
  }
  return teardown;
}
