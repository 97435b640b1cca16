/**
 * Shared by the load benchmark (`npm run bench`, test/bench/run.mjs) and the fault test
 * (test/e2e/fault.test.ts): an app server of its own (fresh data dir on either runtime — `wrangler
 * dev` with its local D1, or the Node server dist/server/main.mjs with its SQLite file — on a free
 * loopback port with the .dev.vars.example values, demo seed) that can be SIGKILLed and restarted
 * on the same port and data; a 10-question bench form created through the staff API; a submission
 * body that answers all ten. Plain Node ESM (types in harness.d.mts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  applyMigrations,
  ensureBuilt,
  freePort,
  ROOT,
  readVars,
  run,
  seed,
  startNodeServer,
  startWrangler,
  stopProcess,
  waitForHealth,
} from '../../scripts/dev-server.mjs';

/** The Node server's database file inside its data dir (worker/platform/node/platform.ts `DB_FILE`). */
export const NODE_DB_FILE = 'lang-nghe.sqlite';

/**
 * Starts a private app server on `runtime` ('workerd' or 'node'). `kill()` SIGKILLs the server's
 * whole process group (wrangler + workerd, or the Node server); `restart()` starts it again on the
 * same port and data; `stop()` ends it and deletes the data.
 *
 * The Node server believes `CF-Connecting-IP` from loopback peers (CLIENT_IP_HEADER, as behind the
 * reverse proxy of deploy/), so the simulated client addresses of decision 130 reach its limiters
 * the way local `wrangler dev` passes them on. `env` adds to the Node server's environment (e.g.
 * `NODE_OPTIONS: '--cpu-prof'` to profile it).
 */
export async function startAppServer({
  label = 'bench',
  seedDemo = true,
  runtime = 'workerd',
  env = {},
} = {}) {
  const onNode = runtime === 'node';
  ensureBuilt({ server: onNode });
  const persistTo = fs.mkdtempSync(path.join(os.tmpdir(), `lang-nghe-${label}-${runtime}-`));
  if (!onNode) applyMigrations({ persistTo, quiet: true });
  const port = await freePort();
  const inspectorPort = onNode ? 0 : await freePort();
  const envFile = path.join(ROOT, '.dev.vars.example');
  const vars = { ...readVars(envFile), ENVIRONMENT: 'development' };
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  let child;

  const launch = async () => {
    const stdio = ['ignore', 'pipe', 'pipe'];
    child = onNode
      ? startNodeServer({
          port,
          dataDir: persistTo,
          vars: { ...vars, CLIENT_IP_HEADER: 'cf-connecting-ip', ...env },
          stdio,
          envFile,
        })
      : startWrangler({ port, inspectorPort, persistTo, vars, stdio });
    // The Node server logs a JSON line per request: keep only the tail (errors are in it).
    for (const s of [child.stdout, child.stderr])
      s?.on('data', (d) => {
        log.push(d.toString());
        if (log.length > 400) log.splice(0, 200);
      });
    try {
      await waitForHealth(base, { child });
    } catch (e) {
      throw new Error(
        `${e instanceof Error ? e.message : e}\n--- ${runtime} server ---\n${log.join('').slice(-3000)}`,
      );
    }
  };
  let report = null;
  try {
    await launch();
    if (seedDemo) report = await seed(base, vars.DEV_SEED_TOKEN);
  } catch (e) {
    await stopProcess(child);
    fs.rmSync(persistTo, { recursive: true, force: true });
    throw e;
  }

  return {
    base,
    port,
    runtime,
    persistTo,
    /** The Node server's SQLite file ('' on workerd). */
    dbFile: onNode ? path.join(persistTo, NODE_DB_FILE) : '',
    password: report?.password ?? '',
    /** The server process id (leader of the group that `kill()` ends). */
    get pid() {
      return child.pid;
    },
    /** SIGKILL to the server's process group: no graceful shutdown, in-flight requests are cut. */
    kill: () => stopProcess(child, 'SIGKILL'),
    /** Starts the server again on the same port and the same data. */
    restart: launch,
    /** A graceful stop (SIGTERM) that keeps the data, e.g. to read a CPU profile written on exit. */
    halt: () => stopProcess(child),
    async stop() {
      await stopProcess(child);
      fs.rmSync(persistTo, { recursive: true, force: true });
    },
    log: () => log.join(''),
  };
}

/**
 * Runs one read-only SQL query against the server's stored data: the persisted local D1
 * (`wrangler d1 execute --local`) on workerd, the SQLite file itself (node:sqlite, read-only) on Node.
 */
export async function queryServerDb(server, sql) {
  if (server.runtime !== 'node') return queryLocalD1(server.persistTo, sql);
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(server.dbFile, { readOnly: true });
  try {
    return db
      .prepare(sql)
      .all()
      .map((r) => ({ ...r }));
  } finally {
    db.close();
  }
}

/** Runs one SQL query against the server's persisted local D1 (`wrangler d1 execute --local`). */
export function queryLocalD1(persistTo, sql) {
  const res = run(
    'wrangler',
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql],
    {
      quiet: true,
    },
  );
  const out = JSON.parse(res.stdout);
  return out[0]?.results ?? [];
}

/** Signs in with email + password; returns the session cookie for later staff calls. */
export async function login(base, email, password) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email} → HTTP ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('ln_session='));
  if (!cookie) throw new Error('login: no ln_session cookie');
  return cookie;
}

const L = (vi, en) => ({ vi, en });
const opts = (...values) => values.map((v) => ({ value: v, label: L(v, v) }));

/** Ten questions, one of each answerable kind a real survey uses; no picker (no extra lookups). */
export function benchDefinition(title) {
  return {
    schemaVersion: 1,
    title: L(title, 'Load benchmark survey'),
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'ho_ten', type: 'short_text', label: L('Họ tên', 'Name'), required: true, maxLength: 200 },
          { id: 'noi_dung', type: 'long_text', label: L('Nội dung góp ý', 'Feedback'), maxLength: 4000 },
          { id: 'tuoi', type: 'number', label: L('Tuổi', 'Age'), min: 0, max: 120, integer: true },
          { id: 'ngay', type: 'date', label: L('Ngày', 'Date') },
          {
            id: 'linh_vuc',
            type: 'single_choice',
            label: L('Lĩnh vực', 'Field'),
            options: opts('kt', 'vh', 'qp', 'ct'),
          },
          {
            id: 'kenh',
            type: 'multiple_choice',
            label: L('Kênh', 'Channel'),
            options: opts('zalo', 'web', 'hop'),
          },
          { id: 'cap', type: 'dropdown', label: L('Cấp', 'Level'), options: opts('phuong', 'thanh_pho') },
          { id: 'hoi_vien', type: 'yes_no', label: L('Là hội viên?', 'Member?') },
          { id: 'hai_long', type: 'rating', label: L('Mức hài lòng', 'Satisfaction'), max: 5 },
          {
            id: 'danh_gia',
            type: 'likert',
            label: L('Đánh giá cán bộ', 'Assessment'),
            rows: opts('dao_duc', 'loi_song', 'gan_dan'),
            columns: opts('cao', 'tb', 'thap'),
          },
        ],
      },
    ],
  };
}

/** The JSON body answering all ten questions; `marker` goes into the name so rows can be traced. */
export function benchAnswers(marker, i = 0) {
  return {
    answers: {
      ho_ten: `Nguyễn Văn ${marker}`,
      noi_dung: `Đề nghị sửa đường ở tổ dân phố số ${i % 40}, phường Đa Kao. Ý kiến số ${i}.`,
      tuoi: 18 + (i % 60),
      ngay: '2026-11-20',
      linh_vuc: ['kt', 'vh', 'qp', 'ct'][i % 4],
      kenh: i % 2 ? ['zalo', 'web'] : ['hop'],
      cap: i % 3 ? 'phuong' : 'thanh_pho',
      hoi_vien: i % 2 === 0,
      hai_long: 1 + (i % 5),
      danh_gia: { dao_duc: 'cao', loi_song: ['cao', 'tb', 'thap'][i % 3], gan_dan: 'tb' },
    },
  };
}

/**
 * Creates and publishes the bench form through the staff API as the demo form designer
 * (thietke@langnghe.demo, granted on the city Front). Returns its slug and id.
 */
export async function createBenchForm(base, password, slug = `bench-${Date.now().toString(36)}`) {
  const cookie = await login(base, 'thietke@langnghe.demo', password);
  const staff = (p, init = {}) =>
    fetch(`${base}${p}`, {
      ...init,
      headers: { cookie, origin: base, 'content-type': 'application/json', ...init.headers },
    }).then(async (r) => {
      const body = await r.json();
      if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${p} → HTTP ${r.status}: ${JSON.stringify(body)}`);
      return body;
    });
  const me = await staff('/api/auth/me');
  const grant = me.grants.find((g) => g.role === 'form_designer');
  const form = await staff('/api/forms', {
    method: 'POST',
    body: JSON.stringify({
      ownerUnitId: grant.unitId,
      kind: 'survey',
      slug,
      definition: benchDefinition('Khảo sát đo tải (10 câu hỏi)'),
    }),
  });
  await staff(`/api/forms/${form.id}/publish`, { method: 'POST' });
  return { slug, formId: form.id, cookie };
}
