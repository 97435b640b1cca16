/**
 * The in-process physical limit for `npm run bench -- --runtime=node`: bundles
 * worker/bench/inprocess.ts with esbuild (as scripts/build-server.mjs bundles the server) and runs
 * it as a child process on the project's Node, with its own data dir of the same kind as the
 * server's (same filesystem, same platform code, synchronous=FULL). Plain Node ESM.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, readVars } from '../../scripts/dev-server.mjs';
import { NODE_BUNDLE } from '../../scripts/node-bundle.mjs';
import { benchAnswers, benchDefinition } from './harness.mjs';

/**
 * Starts the in-process runner. `run(mode, seconds, inFlight = 1)` → { mode, inFlight, ops, seconds,
 * perSecond, meanUs } for mode 'batch' (the submission's batch), 'submit' (submitResponse) or
 * 'insert' (route (a)'s insert), `inFlight` at once. `stop()` ends it and deletes its data.
 */
export async function startInProcess({ label = 'inprocess' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lang-nghe-${label}-`));
  const entry = path.join(dir, 'inprocess.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'worker/bench/inprocess.ts')],
    outfile: entry,
    ...NODE_BUNDLE,
  });
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  const child = fork(entry, [], { cwd: ROOT, execPath: process.execPath, stdio: 'inherit' });
  const replies = [];
  const waiting = [];
  child.on('message', (m) => {
    const w = waiting.shift();
    if (w) w(m);
    else replies.push(m);
  });
  const exited = new Promise((r) => child.once('exit', r));
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      const done = (m) => (m?.error ? reject(new Error(`in-process runner: ${m.error}`)) : resolve(m));
      child.send(msg);
      const early = replies.shift();
      if (early) done(early);
      else waiting.push(done);
      exited.then(() => reject(new Error('in-process runner exited')));
    });
  const vars = { ...readVars(path.join(ROOT, '.dev.vars.example')), ENVIRONMENT: 'development' };
  const answers = Array.from({ length: 64 }, (_, i) => benchAnswers(`inprocess-${i}`, i));
  const ready = await ask({
    cmd: 'setup',
    root: ROOT,
    dataDir,
    vars,
    definition: benchDefinition('Khảo sát đo tải (10 câu hỏi)'),
    answers,
  });
  return {
    dataDir,
    statements: ready.statements,
    run: (mode, seconds, inFlight = 1) => ask({ cmd: 'run', mode, seconds, inFlight }),
    async stop() {
      if (child.exitCode === null) {
        child.send({ cmd: 'exit' });
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
