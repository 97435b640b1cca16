/** Types of harness.mjs (plain Node ESM shared by the bench and the e2e fault test). */
export interface AppServer {
  base: string;
  port: number;
  persistTo: string;
  /** The demo password ('' when started without the seed). */
  password: string;
  readonly pid: number | undefined;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}
export function startAppServer(opts?: { label?: string; seedDemo?: boolean }): Promise<AppServer>;
export function queryLocalD1(persistTo: string, sql: string): Record<string, unknown>[];
export function login(base: string, email: string, password: string): Promise<string>;
export function benchDefinition(title: string): Record<string, unknown>;
export function benchAnswers(marker: string, i?: number): { answers: Record<string, unknown> };
export function createBenchForm(
  base: string,
  password: string,
  slug?: string,
): Promise<{ slug: string; formId: string; cookie: string }>;
