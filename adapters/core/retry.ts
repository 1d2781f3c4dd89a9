import { RateLimitedError, TransientError, vendorWaitMs, type FabricError } from './errors';

export interface RetryPolicy {
  /** Retries made inline before the error reaches Temporal (which then retries the activity). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Waits longer than this are not slept inline: they go back to Temporal as nextRetryDelay. */
  maxInlineWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 8, baseDelayMs: 250, maxDelayMs: 10_000, maxInlineWaitMs: 15_000 };

/** Clocks and timers differ by a few ms: waiting a little past Retry-After keeps us from arriving early. */
export const RETRY_AFTER_MARGIN_MS = 25;

/** Exponential backoff with jitter in [50%, 100%] of the step, capped: concurrent clients spread out. */
export function backoffMs(attempt: number, p: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step * (0.5 + random() * 0.5));
}

export type RetryStep = { retry: true; delayMs: number } | { retry: false; error: FabricError };

/**
 * What to do after attempt `attempt` failed with `err`. Only replay-safe requests are retried (a write without an
 * idempotency key could be applied twice). The vendor's wait (Retry-After, HubSpot's policy window) wins over our
 * backoff; a wait beyond the inline limit, or running out of attempts, hands the error (and its wait) to Temporal.
 */
export function nextStep(err: FabricError, attempt: number, replaySafe: boolean, p: RetryPolicy): RetryStep {
  if (!err.retryable || !replaySafe) return { retry: false, error: err };
  const vendorWait = vendorWaitMs(err);
  const delayMs = vendorWait === undefined ? backoffMs(attempt, p) : vendorWait + RETRY_AFTER_MARGIN_MS;
  if (delayMs > p.maxInlineWaitMs) return { retry: false, error: withWait(err, delayMs) };
  if (attempt > p.retries) return { retry: false, error: withWait(err, vendorWait ?? 0) };
  return { retry: true, delayMs };
}

function withWait(err: FabricError, waitMs: number): FabricError {
  if (waitMs <= 0 || err instanceof RateLimitedError) return err;
  if (err instanceof TransientError && err.retryAfterMs === undefined) {
    const { status, code, connector } = err;
    return new TransientError(err.message, { status, code, connector, retryAfterMs: waitMs });
  }
  return err;
}
