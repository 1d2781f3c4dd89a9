import type { IncomingMessage } from 'node:http';

export const emptyLimitStats = (): LimitStats => ({
  earlyRetries: 0,
  overLimit: 0,
  firstRequestAt: null,
  lastRequestAt: null,
});

export interface LimitStats {
  /** Requests that arrived before the Retry-After of an earlier 429 to the same client had elapsed. */
  earlyRetries: number;
  /** 429s sent because a client went past --limit-rps (the storm's random 429s are counted as rateLimited). */
  overLimit: number;
  /** Arrival times of the first and last request, to compute the rate a client achieved. */
  firstRequestAt: number | null;
  lastRequestAt: number | null;
}

export interface RequestLimiter {
  /** Call on every request: the wait in seconds when it must be answered 429, or undefined to serve it. */
  admit(req: IncomingMessage, now?: number): number | undefined;
  /** Records that a 429 told this client to wait `seconds`; a request before then is an early retry. */
  told(req: IncomingMessage, seconds: number, now?: number): void;
}

/** Vendors count per account; the fake API counts per Authorization header (one bucket for anonymous clients). */
const clientOf = (req: IncomingMessage): string => req.headers.authorization ?? 'anonymous';

/**
 * `--limit-rps N`: a token bucket per client holding N tokens and refilling N per second, the way Stripe and
 * most vendors limit: short bursts pass, a sustained rate above N gets 429 with Retry-After (whole seconds).
 */
export function requestLimiter(limitRps: number, stats: LimitStats, log: (line: string) => void = () => undefined): RequestLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const waitUntil = new Map<string, number>();
  return {
    admit(req, now = performance.timeOrigin + performance.now()) {
      stats.firstRequestAt ??= now;
      stats.lastRequestAt = now;
      const client = clientOf(req);
      const until = waitUntil.get(client);
      if (until !== undefined && now < until) {
        stats.earlyRetries++;
        const early = Math.round(until - now);
        log(`early retry: ${req.method} ${req.url} arrived ${early} ms before the Retry-After elapsed`);
      }
      if (!(limitRps > 0)) return undefined;
      const b = buckets.get(client) ?? { tokens: limitRps, at: now };
      b.tokens = Math.min(limitRps, b.tokens + ((now - b.at) / 1000) * limitRps);
      b.at = now;
      buckets.set(client, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return undefined;
      }
      stats.overLimit++;
      return Math.max(1, Math.ceil((1 - b.tokens) / limitRps));
    },
    told(req, seconds, now = performance.timeOrigin + performance.now()) {
      const client = clientOf(req);
      waitUntil.set(client, Math.max(waitUntil.get(client) ?? 0, now + seconds * 1000));
    },
  };
}
