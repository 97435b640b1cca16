/** Types of fault.mjs. */
import type { AppServer } from './harness.mjs';

export interface FaultCounts {
  /** Distinct submissions (idempotency keys) the clients meant to send. */
  sent: number;
  attempts: number;
  failedAttempts: number;
  inFlightAtKill: number;
  /** Keys with a 200/201 reply seen by the client. */
  acknowledged: number;
  replayedAcks: number;
  resent: number;
  resendMismatches: number;
  rejected: number;
  kills: number;
  stored: number;
  duplicateKeys: number;
  duplicateMarkers: number;
  missing: number;
  storedUnacknowledged: number;
  receiptMismatches: number;
  seconds: number;
}
export function runFaultScenario(
  server: AppServer,
  opts: {
    slug: string;
    formId: string;
    clients?: number;
    perClient?: number;
    kills?: number;
    gapMs?: number;
    backoffMs?: number;
    resendEvery?: number;
    downMs?: number;
    deadlineMs?: number;
  },
): Promise<{ counts: FaultCounts; problems: string[] }>;
