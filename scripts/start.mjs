#!/usr/bin/env node
/**
 * `npm start`: a working local Lắng Nghe with demo data, in one command.
 *   1. .dev.vars from .dev.vars.example when missing (local secrets);
 *   2. vite build (console SPA + public form island → dist/web);
 *   3. D1 migrations on the local database (.wrangler/state; `npm start -- --fresh` empties it first);
 *   4. wrangler dev on http://localhost:8787 (PORT to change);
 *      `npm start -- --runtime=node`: instead, the Node server (dist/server/main.mjs) with its
 *      SQLite database and files under ./data (DATA_DIR to change), migrating it itself;
 *   5. once /api/health answers: POST /api/dev/seed (idempotent: a second run adds nothing);
 *   6. prints the demo logins and the URLs. Ctrl-C stops wrangler.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  applyMigrations,
  buildServer,
  ROOT,
  readVars,
  run,
  seed,
  startNodeServer,
  startWrangler,
  stopProcess,
  waitForHealth,
} from './dev-server.mjs';

const runtimeArg =
  process.argv.find((a) => a.startsWith('--runtime='))?.slice('--runtime='.length) ?? 'workerd';
if (!['workerd', 'node'].includes(runtimeArg)) {
  console.error(`--runtime must be workerd or node (got ${runtimeArg})`);
  process.exit(2);
}
const onNode = runtimeArg === 'node';
const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? 'data');

const port = Number(process.env.PORT ?? 8787);
const base = `http://127.0.0.1:${port}`;
const shown = `http://localhost:${port}`;
const step = (msg) => console.log(`\n\x1b[1m▶ ${msg}\x1b[0m`);

const devVars = path.join(ROOT, '.dev.vars');
let child;
let stopping = false;

/** Stops wrangler (forwarding Ctrl-C / SIGTERM) and exits. */
async function stop(signal, code = 0) {
  if (stopping) return;
  stopping = true;
  if (child) await stopProcess(child, signal);
  process.exit(code);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

try {
  if (!fs.existsSync(devVars)) {
    fs.copyFileSync(path.join(ROOT, '.dev.vars.example'), devVars);
    step('Created .dev.vars from .dev.vars.example (local-only secrets)');
  }
  const token = readVars(devVars).DEV_SEED_TOKEN;

  step('Building the web front end (vite build)');
  run('vite', ['build', '--logLevel', 'warn']);

  // `npm start -- --fresh`: start from an empty local database (the demo seed only adds what is
  // missing, so a database from an older version keeps its old demo records).
  const fresh = process.argv.includes('--fresh');
  if (onNode) {
    step('Building the Node server (dist/server/main.mjs)');
    buildServer();
    if (fresh) {
      step(`Removing the Node data directory ${path.relative(ROOT, dataDir) || dataDir} (--fresh)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    step(
      `Starting the Node server on ${shown} (SQLite and files under ${path.relative(ROOT, dataDir) || dataDir}/)`,
    );
    child = startNodeServer({ port, dataDir, envFile: devVars });
  } else {
    if (fresh) {
      step('Removing the local database and storage (--fresh)');
      fs.rmSync(path.join(ROOT, '.wrangler', 'state'), { recursive: true, force: true });
    }
    step('Applying D1 migrations to the local database');
    applyMigrations();

    step(`Starting wrangler dev on ${shown}`);
    child = startWrangler({ port });
  }
  child.on('exit', (code) => {
    if (!stopping) process.exit(code ?? 1);
  });

  await waitForHealth(base, { child });
  if (!token) {
    console.warn('\nDEV_SEED_TOKEN is not set in .dev.vars: skipping demo data.');
  } else {
    printWelcome(await seed(base, token));
  }
} catch (e) {
  // The failing tool has already printed its own diagnostics above.
  console.error(`\n\x1b[31m✖ npm start: ${e instanceof Error ? e.message : e}\x1b[0m`);
  await stop('SIGTERM', 1);
}

function printWelcome(report) {
  // The report's keys are English plurals; one of a kind reads in the singular.
  const one = { people: 'person' };
  const created = Object.entries(report.created)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${n === 1 ? (one[k] ?? k.replace(/s$/, '')) : k}`)
    .join(', ');
  const lines = [
    '',
    `\x1b[1m✔ Lắng Nghe đang chạy / is running\x1b[0m (${onNode ? `Node + SQLite, data in ${dataDir}` : 'wrangler dev (workerd + local D1)'})`,
    `  Demo data: ${created || 'already present, nothing added'}`,
    ...(report.skipped.length ? [`  Not seeded yet (module missing): ${report.skipped.join(', ')}`] : []),
    '',
    `  Bảng điều khiển / staff console:  ${shown}/console/`,
    ...report.forms.map((f) => `  ${f.title}:\n      ${shown}${f.path}`),
    `  API (OpenAPI):                    ${shown}/api/openapi.json`,
    '',
    `  Tài khoản demo / demo logins — mật khẩu / password: \x1b[1m${report.password}\x1b[0m`,
    ...report.accounts.map((a) => `    ${a.email.padEnd(26)} ${a.role.padEnd(15)} ${a.unit} — ${a.purpose}`),
    '',
    '  Ctrl-C để dừng / to stop.',
    '',
  ];
  console.log(lines.join('\n'));
}
