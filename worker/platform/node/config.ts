/**
 * What the Node server takes from `wrangler.toml`, so both runtimes read one source: the rate
 * limits (`[[ratelimits]]`), the cron schedules (`[triggers]`), the plain variables (`[vars]`), the
 * static assets directory and the paths the Worker sees first (`[assets]`), the migrations folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import type { LimitRule } from './ratelimit';

export interface WranglerFacts {
  limits: Record<string, LimitRule>;
  crons: string[];
  vars: Record<string, string>;
  assetsDir: string;
  workerFirst: string[];
  migrationsDir: string;
}

interface WranglerToml {
  vars?: Record<string, unknown>;
  triggers?: { crons?: string[] };
  ratelimits?: { name: string; simple: LimitRule }[];
  assets?: { directory?: string; run_worker_first?: string[] };
  d1_databases?: { binding: string; migrations_dir?: string }[];
}

/** Reads `<root>/wrangler.toml`. */
export function readWranglerFacts(root: string): WranglerFacts {
  const toml = parse(fs.readFileSync(path.join(root, 'wrangler.toml'), 'utf8')) as WranglerToml;
  const limits: Record<string, LimitRule> = {};
  for (const r of toml.ratelimits ?? []) limits[r.name] = { limit: r.simple.limit, period: r.simple.period };
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(toml.vars ?? {})) vars[k] = String(v);
  const db = (toml.d1_databases ?? []).find((d) => d.binding === 'DB');
  return {
    limits,
    crons: toml.triggers?.crons ?? [],
    vars,
    assetsDir: path.resolve(root, toml.assets?.directory ?? 'dist/web'),
    workerFirst: toml.assets?.run_worker_first ?? [],
    migrationsDir: path.resolve(root, db?.migrations_dir ?? 'migrations'),
  };
}
