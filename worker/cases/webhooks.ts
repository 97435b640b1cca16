/**
 * Webhooks for case events (created, forwarded, answered, overdue). The outbox row is written in
 * the SAME batch as the event (one row per active subscription, selected in SQL), so an event
 * is never lost and never announced without having happened. Delivery runs after the request
 * (`waitUntil`) and from the cron, with exponential back-off; payloads never carry identity.
 *
 * Signature: header `X-LangNghe-Signature: t=<unix ms>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * A receiver recomputes the HMAC over the raw body, compares in constant time and refuses a `t`
 * older than five minutes (replays). See docs/cases.md.
 */
import type { Env } from '../env';
import { decryptText, hmacHex } from '../lib/crypto';
import { markAttemptFailed, markDelivered, selectDueOutbox } from './job-queries';
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

/** The signature header value for a body at time `t`. */
export async function signature(secret: string, t: number, body: string): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
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
      const secret = await decryptText(env.IDENTITY_KEY, row.secretSealed, `webhook:${row.subscriptionId}`);
      const t = Date.now();
      const res = await fetcher(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
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
