/**
 * The Node platform: the bindings the app reads from `env` (`DB`, `FILES`, `ASSETS`, the three
 * rate limiters), the variables and secrets, an execution context whose `waitUntil` work is
 * awaited on shutdown, and the cron schedules of wrangler.toml — built from a data directory.
 * The app itself is the same `buildApp()` the Worker runs; nothing outside `worker/platform/`
 * knows which runtime it is on.
 */
import path from 'node:path';
import { Cron } from 'croner';
import type { Env } from '../../env';
import { runScheduled } from '../../scheduled';
import { NodeAssets } from './assets';
import { readWranglerFacts, type WranglerFacts } from './config';
import { NodeD1Database, type NodeD1Options } from './d1';
import { NodeFileStore } from './files';
import { DB_FILE, FILES_DIR } from './layout';
import { applyMigrations } from './migrations';
import { NodeRateLimit } from './ratelimit';

export interface NodePlatformOptions {
  /** The project root (wrangler.toml, migrations/, dist/web). */
  root: string;
  /** Where the database file and the file store live (`<dataDir>/lang-nghe.sqlite`, `<dataDir>/files`). */
  dataDir: string;
  /** Variables and secrets; wrangler.toml's `[vars]` fill what is not given. */
  vars: Record<string, string | undefined>;
  /** The database file instead of `<dataDir>/lang-nghe.sqlite` (`:memory:` for tests). */
  dbPath?: string;
  db?: NodeD1Options;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** What a schedule runs (default: the app's `runScheduled`); tests observe runs through it. */
  jobs?: (cron: string, env: Env, now: number) => Promise<unknown>;
}

export { DB_FILE, FILES_DIR } from './layout';

/** A `waitUntil` that keeps its promises, so shutdown can wait for them. */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  context(): ExecutionContext {
    return {
      waitUntil: (p: Promise<unknown>) => {
        const tracked = Promise.resolve(p)
          .catch((e) =>
            console.error(JSON.stringify({ level: 'error', msg: 'background work failed', err: String(e) })),
          )
          .finally(() => this.pending.delete(tracked));
        this.pending.add(tracked);
      },
      passThroughOnException: () => {},
      props: {},
    } as unknown as ExecutionContext;
  }

  async settle() {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}

export interface NodePlatform {
  env: Env;
  db: NodeD1Database;
  files: NodeFileStore;
  facts: WranglerFacts;
  background: BackgroundWork;
  /** Migrations applied when the platform opened. */
  migrated: string[];
  /** Starts wrangler.toml's cron schedules (UTC, one run at a time). */
  startSchedules(): void;
  /** The next run of each started schedule. */
  nextRuns(): { cron: string; next: Date | null }[];
  /** Runs the jobs of one schedule now (what a cron trigger does); waits for the run. */
  runSchedule(cron: string, now?: number): Promise<unknown>;
  /** Stops the schedules, waits for background work and a running job, closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the data directory and builds `env`.
 * @example const p = createNodePlatform({ root, dataDir: './data', vars: process.env });
 */
export function createNodePlatform(opts: NodePlatformOptions): NodePlatform {
  const facts = readWranglerFacts(opts.root);
  const db = new NodeD1Database(opts.dbPath ?? path.join(opts.dataDir, DB_FILE), opts.db);
  const migrated = opts.migrate === false ? [] : applyMigrations(db.sqlite, facts.migrationsDir);
  const files = new NodeFileStore(path.join(opts.dataDir, FILES_DIR));
  const limiter = (name: string) => {
    const rule = facts.limits[name];
    if (!rule) throw new Error(`wrangler.toml has no [[ratelimits]] named ${name}`);
    return new NodeRateLimit(rule) as unknown as RateLimit;
  };
  const vars: Record<string, string> = { ...facts.vars };
  for (const [k, v] of Object.entries(opts.vars)) if (v !== undefined) vars[k] = v;
  const env = {
    ...vars,
    RUNTIME: 'node',
    DB: db as unknown as D1Database,
    FILES: files as unknown as R2Bucket,
    ASSETS: new NodeAssets(facts.assetsDir) as unknown as Fetcher,
    RL_DEVICE: limiter('RL_DEVICE'),
    RL_IP: limiter('RL_IP'),
    RL_AUTH: limiter('RL_AUTH'),
  } as unknown as Env;

  const background = new BackgroundWork();
  const crons: Cron[] = [];
  // One job at a time across every schedule: a run waits for the one before it.
  let running: Promise<unknown> = Promise.resolve();
  const jobs = opts.jobs ?? runScheduled;
  const runSchedule = (cron: string, now = Date.now()) => {
    running = running
      .then(() => jobs(cron, env, now))
      .catch((e) =>
        console.error(JSON.stringify({ level: 'error', msg: 'scheduled run failed', cron, err: String(e) })),
      );
    return running;
  };

  return {
    env,
    db,
    files,
    facts,
    background,
    migrated,
    startSchedules() {
      for (const expr of facts.crons) {
        crons.push(
          new Cron(expr, { timezone: 'UTC', protect: true }, async () => {
            await runSchedule(expr);
          }),
        );
      }
    },
    nextRuns: () => crons.map((c) => ({ cron: c.getPattern() ?? '', next: c.nextRun() })),
    runSchedule,
    async close() {
      for (const c of crons) c.stop();
      await background.settle();
      await running;
      db.close();
    },
  };
}
