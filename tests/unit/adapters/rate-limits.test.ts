import type { IncomingMessage } from 'node:http';
import { AuthError, RateLimitedError, TransientError, ValidationError } from '../../../adapters/core/errors';
import { memoryBudgets, pacerFor, sleep } from '../../../adapters/core/pacing';
import { budgetKey, effectiveRateLimit, rateLimitSchema, withRateLimitSetting } from '../../../adapters/core/rate-limits';
import { backoffMs, DEFAULT_RETRY, nextStep, RETRY_AFTER_MARGIN_MS } from '../../../adapters/core/retry';
import { emptyLimitStats, requestLimiter } from '../../../adapters/mock/limits';
import { adapter as stripe } from '../../../adapters/stripe';
import { mockConfigSchema } from '../../../adapters/mock';

const req = (authorization?: string) => ({ method: 'GET', url: '/customers', headers: { authorization } }) as unknown as IncomingMessage;

test('backoff grows exponentially with jitter between 50% and 100% of the step, and is capped', () => {
  const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
  expect(backoffMs(1, p, () => 0)).toBe(50);
  expect(backoffMs(1, p, () => 1)).toBe(100);
  expect(backoffMs(3, p, () => 1)).toBe(400);
  expect(backoffMs(10, p, () => 1)).toBe(1000);
});

test('nextStep: the vendor wait wins, long waits and exhausted attempts go to Temporal, writes without a key are not retried', () => {
  const p = { ...DEFAULT_RETRY, retries: 2, maxInlineWaitMs: 5000 };
  expect(nextStep(new RateLimitedError('429', 1000), 1, true, p)).toEqual({ retry: true, delayMs: 1000 + RETRY_AFTER_MARGIN_MS });
  const long = nextStep(new RateLimitedError('429', 60_000), 1, true, p);
  expect(long).toMatchObject({ retry: false, error: { retryAfterMs: 60_000 } });
  const slow503 = nextStep(new TransientError('503', { retryAfterMs: 30_000 }), 1, true, p);
  expect(slow503).toMatchObject({ retry: false, error: { retryAfterMs: 30_000 } });
  expect(nextStep(new TransientError('503'), 3, true, p)).toMatchObject({ retry: false });
  expect(nextStep(new TransientError('503'), 1, false, p)).toMatchObject({ retry: false });
  expect(nextStep(new AuthError('401'), 1, true, p)).toMatchObject({ retry: false });
  expect(nextStep(new ValidationError('400'), 1, true, p)).toMatchObject({ retry: false });
});

test('memory budgets pace evenly, share a key between pacers, and honour a hold', async () => {
  let now = 1_000_000;
  const store = memoryBudgets(() => now);
  const limit = { requestsPerSecond: 10 };
  expect(await store.reserve('k', limit)).toBe(0);
  expect(await store.reserve('k', limit)).toBe(100);
  expect(await store.reserve('k', limit)).toBe(200); // a second caller on the same key queues behind the first
  expect(await store.reserve('other', limit)).toBe(0);
  now += 1000;
  expect(await store.reserve('k', { requestsPerSecond: 10, burst: 3 })).toBe(0);
  await store.hold('k', now + 5000);
  expect(await store.reserve('k', limit)).toBe(5000);
});

test('a pacer sleeps for its slot and refuses a wait longer than the inline limit', async () => {
  const store = memoryBudgets();
  const pacer = pacerFor(store, 'p', { requestsPerSecond: 20 }, 'mock');
  const started = Date.now();
  for (let i = 0; i < 4; i++) await pacer.acquire();
  expect(Date.now() - started).toBeGreaterThanOrEqual(3 * (1000 / 20 / 0.95) - 5);
  await pacer.hold(60_000);
  await expect(pacer.acquire(undefined, 1000)).rejects.toBeInstanceOf(RateLimitedError);
  const aborted = new AbortController();
  aborted.abort();
  await expect(sleep(1000, aborted.signal)).rejects.toBeDefined();
});

test('the limit that applies: the config setting, then the declaration; Stripe test keys get 25/s', () => {
  const declared = stripe.rateLimit!;
  expect(effectiveRateLimit(declared, undefined, { api_key: 'sk_test_123' })).toEqual({ requestsPerSecond: 25 });
  expect(effectiveRateLimit(declared, undefined, { api_key: 'sk_live_123' })).toEqual({ requestsPerSecond: 100 });
  expect(effectiveRateLimit(declared, { requestsPerSecond: 5 }, { api_key: 'sk_live_123' })).toEqual({ requestsPerSecond: 5 });
  expect(effectiveRateLimit(declared, false, { api_key: 'sk_live_123' })).toBeUndefined();
  expect(rateLimitSchema.safeParse({ requestsPerSecond: -1 }).success).toBe(false);
  const parsed = withRateLimitSetting(mockConfigSchema).parse({ baseUrl: 'http://127.0.0.1:1', rateLimit: { requestsPerSecond: 25 } });
  expect(parsed).toEqual({ baseUrl: 'http://127.0.0.1:1', rateLimit: { requestsPerSecond: 25 } });
});

test('budget keys: one per credential and connector, never holding the secret', () => {
  const a = budgetKey('stripe', { api_key: 'sk_test_secret_1' });
  expect(a).toBe(budgetKey('stripe', { api_key: 'sk_test_secret_1' }));
  expect(a).not.toBe(budgetKey('stripe', { api_key: 'sk_test_secret_2' }));
  expect(a).not.toBe(budgetKey('hubspot', { api_key: 'sk_test_secret_1' }));
  expect(a).not.toContain('secret');
  expect(budgetKey('x', { user: 'u', password: 'p' })).toMatch(/^x:[0-9a-f]{32}$/);
});

test('the fake API limiter: a token bucket per client, and early retries counted', () => {
  const stats = emptyLimitStats();
  const lines: string[] = [];
  const limiter = requestLimiter(5, stats, (l) => lines.push(l));
  const t0 = 10_000;
  for (let i = 0; i < 5; i++) expect(limiter.admit(req('Bearer a'), t0)).toBeUndefined();
  expect(limiter.admit(req('Bearer a'), t0)).toBe(1);
  expect(limiter.admit(req('Bearer b'), t0)).toBeUndefined(); // another client has its own bucket
  limiter.told(req('Bearer a'), 1, t0);
  expect(limiter.admit(req('Bearer a'), t0 + 100)).toBe(1);
  expect(stats.earlyRetries).toBe(1);
  expect(lines[0]).toMatch(/early retry: GET \/customers arrived 900 ms before/);
  expect(limiter.admit(req('Bearer a'), t0 + 1500)).toBeUndefined();
  expect(stats).toMatchObject({ earlyRetries: 1, overLimit: 2, firstRequestAt: t0, lastRequestAt: t0 + 1500 });
});
