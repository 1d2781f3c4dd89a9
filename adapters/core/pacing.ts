import { RateLimitedError } from './errors';
import type { RateLimit } from './rate-limits';
import { metrics } from '../../telemetry/metrics';

/**
 * Paces the requests of one budget (one vendor credential). `reserve` books the next free send slot and returns
 * how long to wait for it; `hold` records a vendor's Retry-After so every request on the budget waits it out.
 */
export interface BudgetStore {
  reserve(key: string, limit: RateLimit): Promise<number>;
  hold(key: string, untilMs: number): Promise<void>;
}

export interface RequestPacer {
  /** Waits for this request's slot. A wait longer than maxWaitMs is not slept: it throws RateLimitedError. */
  acquire(signal?: AbortSignal, maxWaitMs?: number): Promise<void>;
  /** The vendor asked for a pause (Retry-After): no request on this budget goes before it has passed. */
  hold(waitMs: number): Promise<void>;
}

/** Pacing below the declared limit leaves room for timer jitter and clock differences with the vendor's counter. */
export const HEADROOM = 0.95;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function pacerFor(store: BudgetStore, key: string, limit: RateLimit, connector: string): RequestPacer {
  const paced: RateLimit = { requestsPerSecond: limit.requestsPerSecond * HEADROOM, burst: limit.burst };
  return {
    async acquire(signal, maxWaitMs = Infinity) {
      const wait = await store.reserve(key, paced);
      if (wait > maxWaitMs) {
        const message = `${connector}: the request budget is held for ${Math.round(wait)} ms (vendor rate limit)`;
        throw new RateLimitedError(message, wait, { connector });
      }
      if (wait > 0) metrics.rateLimitWait(connector, wait); // slept here; one too long to sleep (above) is Temporal's retry
      await sleep(wait, signal);
    },
    hold: (waitMs) => store.hold(key, Date.now() + waitMs),
  };
}

/**
 * GCRA in memory: each budget keeps the theoretical time of its next free slot. Shares a budget between the
 * activities of one process; store/rate-budget.ts does the same in Postgres for every worker.
 */
export function memoryBudgets(now: () => number = Date.now): BudgetStore {
  const budgets = new Map<string, { nextSlotAt: number; heldUntil: number }>();
  return {
    async reserve(key, limit) {
      const interval = 1000 / limit.requestsPerSecond;
      const b = budgets.get(key) ?? { nextSlotAt: 0, heldUntil: 0 };
      const t = now();
      const start = Math.max(b.nextSlotAt, b.heldUntil, t - ((limit.burst ?? 1) - 1) * interval);
      budgets.set(key, { ...b, nextSlotAt: start + interval });
      return Math.max(0, start - t);
    },
    async hold(key, untilMs) {
      const b = budgets.get(key) ?? { nextSlotAt: 0, heldUntil: 0 };
      budgets.set(key, { ...b, heldUntil: Math.max(b.heldUntil, untilMs) });
    },
  };
}

/** One in-process store for adapters built without a shared one (the CLI, tests that call adapters directly). */
export const processBudgets = memoryBudgets();
