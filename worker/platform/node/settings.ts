/**
 * The Node server's configuration: environment variables, optionally from an env file (documented
 * in `.env.example`). `npm run serve` is production: it refuses to start with a missing secret or
 * one of the published development values, and never enables the demo routes.
 */
import fs from 'node:fs';
import { parseKeyring } from '../../lib/keyring';

export interface Settings {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  clientIpHeader?: string;
  trustedProxies: string[];
  maxBodyBytes: number;
  backupDir?: string;
  backupCron: string;
  backupKeep: number;
  /** What the app sees as `env` variables and secrets. */
  vars: Record<string, string | undefined>;
}

/** Values published in this repository (`.dev.vars.example`, test configs): never production secrets. */
const PUBLISHED = new Set([
  'ZGV2LW9ubHktaWRlbnRpdHkta2V5LTMyYnl0ZXMhISE=',
  'dGVzdC1vbmx5LWlkZW50aXR5LWtleS0zMmJ5dGVzISE=',
  'change-me',
]);

/** KEY=VALUE lines, `#` comments, optional quotes (the same syntax as `.dev.vars`). */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return vars;
}

export function readEnvFile(file: string | undefined): Record<string, string> {
  if (!file || !fs.existsSync(file)) return {};
  return parseEnvFile(fs.readFileSync(file, 'utf8'));
}

/** Problems that stop a production server from starting (empty when it may start). */
export function secretProblems(vars: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (!vars.IDENTITY_KEYS?.trim() && !vars.IDENTITY_KEY?.trim())
    problems.push(
      'IDENTITY_KEY is missing (32 random bytes, base64: openssl rand -base64 32; or IDENTITY_KEYS=id:base64,…)',
    );
  else {
    try {
      for (const k of parseKeyring(vars).keys) {
        if (PUBLISHED.has(k.b64))
          problems.push(
            `${vars.IDENTITY_KEYS ? `key ${k.id}` : 'IDENTITY_KEY'} is the published development value`,
          );
      }
    } catch (e) {
      problems.push(`${(e as Error).message} (each key: 32 bytes, base64-encoded)`);
    }
  }
  if (vars.TURNSTILE_SECRET && /^[123]x0000000000000000000000000000000AA$/.test(vars.TURNSTILE_SECRET))
    problems.push('TURNSTILE_SECRET is a public test key');
  return problems;
}

/**
 * Settings from the process environment and an env file (the environment wins).
 * @example readSettings(process.env, { production: true, envFile: '.env' })
 */
export function readSettings(
  environment: Record<string, string | undefined>,
  { production, envFile }: { production: boolean; envFile?: string },
): Settings {
  const vars: Record<string, string | undefined> = { ...readEnvFile(envFile), ...environment };
  const num = (name: string, fallback: number) => {
    const raw = vars[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number (got ${raw})`);
    return n;
  };
  if (production) {
    const problems = secretProblems(vars);
    if (problems.length) throw new Error(`refusing to start:\n  - ${problems.join('\n  - ')}`);
    // Production never serves the demo seed or the bench routes, nor checks replies (decision 270).
    vars.ENVIRONMENT = 'production';
    delete vars.DEV_SEED_TOKEN;
    vars.CHECK_RESPONSES = 'off';
  }
  return {
    production,
    port: num('PORT', 8787),
    host: vars.HOST || (production ? '127.0.0.1' : '127.0.0.1'),
    dataDir: vars.DATA_DIR || './data',
    clientIpHeader: vars.CLIENT_IP_HEADER || (production ? 'x-real-ip' : undefined),
    trustedProxies: (vars.TRUSTED_PROXIES || '127.0.0.1,::1,::ffff:127.0.0.1')
      .split(',')
      .map((s) => s.trim()),
    maxBodyBytes: num('MAX_BODY_BYTES', 32 * 1024 * 1024),
    backupDir: vars.BACKUP_DIR || undefined,
    backupCron: vars.BACKUP_CRON || '0 19 * * *',
    backupKeep: num('BACKUP_KEEP', 14),
    vars,
  };
}
