import type { ChildProcess, SpawnSyncReturns, StdioOptions } from 'node:child_process';

export const ROOT: string;
export function run(
  tool: string,
  args: string[],
  opts?: { quiet?: boolean; env?: Record<string, string> },
): SpawnSyncReturns<string>;
export function readVars(file: string): Record<string, string>;
export function freePort(): Promise<number>;
export function applyMigrations(opts?: { persistTo?: string; quiet?: boolean }): void;
export function startWrangler(opts: {
  port: number;
  inspectorPort?: number;
  persistTo?: string;
  vars?: Record<string, string>;
  stdio?: StdioOptions;
}): ChildProcess;
export function ensureBuilt(opts?: { server?: boolean; quiet?: boolean }): void;
export function buildServer(opts?: { quiet?: boolean }): void;
export function startNodeServer(opts: {
  port: number;
  dataDir: string;
  vars?: Record<string, string>;
  stdio?: StdioOptions;
  envFile?: string;
}): ChildProcess;
export function stopProcess(child: ChildProcess, signal?: NodeJS.Signals): Promise<void>;
export function waitForHealth(
  baseUrl: string,
  opts?: { timeoutMs?: number; child?: ChildProcess },
): Promise<void>;
/** The JSON body of `POST /api/dev/seed` (see worker/seed/service.ts `SeedReport`). */
export function seed(baseUrl: string, token: string): Promise<SeedReportJson>;
export interface SeedReportJson {
  password: string;
  accounts: { email: string; role: string; unit: string; purpose: string }[];
  forms: { slug: string; title: string; path: string }[];
  created: Record<string, number>;
  existing: Record<string, number>;
  skipped: string[];
}
