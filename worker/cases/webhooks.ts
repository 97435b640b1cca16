/**
 * Webhooks for case events (created, forwarded, answered, overdue). The outbox row is written in
 * the SAME batch as the event (one row per active subscription, selected in SQL), so an event
 * is never lost and never announced without having happened. Delivery runs after the request
 * (`waitUntil`) and from the cron, with exponential back-off; payloads never carry identity.
 *
 * Signature (decision 251): the Standard Webhooks headers — `webhook-id` (the outbox id),
 * `webhook-timestamp` (unix seconds), `webhook-signature: v1,<base64 HMAC-SHA256(key, "id.ts.body")>`
 * with key = the base64 part of the `whsec_…` secret — which the `standardwebhooks` libraries
 * verify. For one release also the older `X-LangNghe-Signature: t=<unix ms>,v1=<hex HMAC-SHA256(
 * secret text, "<t>.<body>")>`. Receivers refuse timestamps older than five minutes (replays).
 * URLs are https:// outside development and tests (`webhookUrlProblem`). See docs/cases.md.
 */
import type { Env } from '../env';
import { fromBase64, hmacHex, toBase64 } from '../lib/crypto';
import { keyringOf, open } from '../lib/keyring';
import { markAttemptFailed, markDelivered, outboxStatement, selectDueOutbox } from './job-queries';
import type { CaseRow } from './queries';

export const WEBHOOK_EVENTS = [
  'case.created',
  'case.forwarded',
  'case.answered',
  'case.overdue',
  /** Daily: dân vận khéo campaigns due within a week or late, with the units still owing. */
  'campaign.digest',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Attempts before an outbox row is given up (`failed`); back-off 1 min × 2^attempt, at most 6 h. */
export const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3600_000;

/** The payload of an event: the case's public facts, never the reporter nor the text. */
export function webhookPayload(
  event: WebhookEvent,
  c: Pick<CaseRow, 'id' | 'kind' | 'unitId' | 'bodyUnitId' | 'acceptDue' | 'resolveDue'> & { status: string },
  at: number,
) {
  return {
    event,
    occurredAt: at,
    case: {
      id: c.id,
      kind: c.kind,
      status: c.status,
      unitId: c.unitId,
      bodyUnitId: c.bodyUnitId,
      acceptDue: c.acceptDue,
      resolveDue: c.resolveDue,
    },
  };
}

/**
 * Queues an event that is no case's (the campaign digest) for every subscription to it, delivered
 * like case events: signed, retried. `subject` names what it is about (`digest:2025-06-01`).
 */
export async function queueWebhook(
  d1: D1Database,
  event: WebhookEvent,
  subject: string,
  payload: unknown,
  now: number,
) {
  await d1.batch([outboxStatement(d1, event, subject, payload, now)]);
}

/** The legacy `X-LangNghe-Signature` value for a body at time `t` (unix ms); kept for one release. */
export async function signature(secret: string, t: number, body: string): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/**
 * The Standard Webhooks signature: `v1,<base64 HMAC-SHA256>` of `"<msgId>.<unix seconds>.<body>"`,
 * keyed with the bytes of the secret after `whsec_` (base64; subscriptions made before decision 251
 * have hex there, which is valid base64 too, and the receivers' libraries decode it the same way).
 */
export async function standardSignature(
  secret: string,
  msgId: string,
  seconds: number,
  body: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    fromBase64(secret.replace(/^whsec_/, '')),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${msgId}.${seconds}.${body}`));
  return `v1,${toBase64(mac)}`;
}

/** Hosts a development or test deployment may call over plain http (a local receiver). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why a subscriber URL is refused, or null: https:// only, except plain http to the loopback
 * address when ENVIRONMENT is development or test (the e2e suite's local receiver).
 */
export function webhookUrlProblem(env: Pick<Env, 'ENVIRONMENT'>, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (u.protocol === 'https:') return null;
  const dev = env.ENVIRONMENT === 'development' || env.ENVIRONMENT === 'test';
  if (u.protocol === 'http:' && dev && LOOPBACK.has(u.hostname)) return null;
  return dev ? 'https:// only (plain http only to 127.0.0.1 in development)' : 'https:// only';
}

/** Back-off before attempt `n + 1`. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** attempts, BACKOFF_MAX_MS);
}

/**
 * Delivers due outbox rows (at most `limit`): POST with the signature; 2xx marks delivered,
 * anything else schedules a retry, and the MAX_ATTEMPTS-th failure gives up. Returns counts.
 * `fetcher` is injectable for tests.
 */
export async function deliverOutbox(
  env: Env,
  opts: { now?: number; limit?: number; fetcher?: typeof fetch } = {},
): Promise<{ delivered: number; failed: number; retried: number }> {
  const now = opts.now ?? Date.now();
  const fetcher = opts.fetcher ?? fetch;
  const results = await selectDueOutbox(env.DB, now, opts.limit ?? 50);
  const out = { delivered: 0, failed: 0, retried: 0 };
  for (const row of results) {
    let error: string | null = null;
    try {
      // A subscription saved before the https rule is not called over plain http in production.
      const refused = webhookUrlProblem(env, row.url);
      if (refused) throw new Error(refused);
      const secret = await open(keyringOf(env), 'webhook', row.secretSealed, `webhook:${row.subscriptionId}`);
      const t = Date.now();
      const seconds = Math.floor(t / 1000);
      const res = await fetcher(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': row.id,
          'webhook-timestamp': String(seconds),
          'webhook-signature': await standardSignature(secret, row.id, seconds, row.payload),
          'x-langnghe-event': row.event,
          'x-langnghe-delivery': row.id,
          'x-langnghe-signature': await signature(secret, t, row.payload),
        },
        body: row.payload,
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = String((e as Error)?.message ?? e).slice(0, 200);
    }
    if (!error) {
      await markDelivered(env.DB, row.id, Date.now());
      out.delivered++;
      continue;
    }
    const attempts = row.attempts + 1;
    const giveUp = attempts >= MAX_ATTEMPTS;
    await markAttemptFailed(env.DB, row.id, { attempts, nextAt: now + backoffMs(attempts), giveUp, error });
    if (giveUp) out.failed++;
    else out.retried++;
  }
  return out;
}
