import type { Role } from './db/schema';

/** Bindings and secrets (see wrangler.toml and .dev.vars.example). */
export interface Env {
  DB: D1Database;
  FILES: R2Bucket;
  ASSETS: Fetcher;
  RL_DEVICE: RateLimit;
  RL_IP: RateLimit;
  RL_AUTH: RateLimit;
  ENVIRONMENT: string;
  /** Set by the platform (wrangler.toml for workerd, worker/platform/node for Node): for reports only. */
  RUNTIME: 'workerd' | 'node';
  TURNSTILE_SITE_KEY: string;
  /**
   * `on`: every declared route's reply is checked against its contract (worker/lib/route.ts) and a
   * mismatch answers 500 `response_contract_broken`. On in development and tests, `off` in
   * production (wrangler.toml's default; the Node server forces it off in production).
   */
  CHECK_RESPONSES?: string;
  PBKDF2_ITERATIONS: string;
  /**
   * The keyring (worker/lib/keyring.ts, decision 250): `IDENTITY_KEYS` = "k2:<b64>,k1:<b64>", the
   * first the current key; a lone `IDENTITY_KEY` is key k1. At least one of the two is set.
   */
  IDENTITY_KEYS?: string;
  IDENTITY_KEY?: string;
  TURNSTILE_SECRET?: string;
  DEV_SEED_TOKEN?: string;
}

/** One role granted on one unit; holds for every unit whose path starts with `unitPath`. */
export interface Grant {
  role: Role;
  unitId: string;
  unitPath: string;
  unitName: string;
}

/** Who is calling, resolved once per request by `requireStaff()` (worker/auth). */
export interface StaffSession {
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  grants: Grant[];
}

/** Hono generics for every sub-app: bindings plus per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    lang: 'vi' | 'en';
    /** Set by `requireStaff()`; absent on public routes. */
    staff?: StaffSession;
  };
}
