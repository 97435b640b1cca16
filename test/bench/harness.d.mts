/** Types of harness.mjs (plain Node ESM shared by the bench and the e2e fault test). */
export type Runtime = 'workerd' | 'node';
export interface AppServer {
  base: string;
  port: number;
  runtime: Runtime;
  persistTo: string;
  /** The Node server's SQLite file ('' on workerd). */
  dbFile: string;
  /** The demo password ('' when started without the seed). */
  password: string;
  readonly pid: number | undefined;
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM), data kept. */
  halt(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}
export const NODE_DB_FILE: string;
export function startAppServer(opts?: {
  label?: string;
  seedDemo?: boolean;
  runtime?: Runtime;
  /** Added to the Node server's environment. */
  env?: Record<string, string>;
}): Promise<AppServer>;
export function queryServerDb(server: AppServer, sql: string): Promise<Record<string, unknown>[]>;
export function queryLocalD1(persistTo: string, sql: string): Record<string, unknown>[];
export function login(base: string, email: string, password: string): Promise<string>;
export function benchDefinition(title: string): Record<string, unknown>;
export function benchAnswers(marker: string, i?: number): { answers: Record<string, unknown> };
export function createBenchForm(
  base: string,
  password: string,
  slug?: string,
): Promise<{ slug: string; formId: string; cookie: string }>;
