import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { HttpClient } from '../../../adapters/core/http';
import { AuthError, NotFoundError, RateLimitedError, TransientError, ValidationError, toTemporalFailure } from '../../../adapters/core/errors';
import { toForm } from '../../../adapters/core/form';
import { stripeVendorSignals } from '../../../adapters/stripe/api';
import { hubspotVendorSignals } from '../../../adapters/hubspot/api';
import type { AdapterLogger } from '../../../adapters/core/types';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;
async function serve(handler: Handler) {
  let hits = 0;
  const server = createServer((req, res) => handler(req, res, ++hits));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const SECRET = 'sk_test_very_secret_4242';

function capture(): AdapterLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, meta?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(meta)}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

test('the log hook records method, URL and status but never a credential, in headers, query or errors', async () => {
  const s = await serve((req, res, hit) => (hit === 1 ? json(res, 503, { message: `bad key ${SECRET}` }) : json(res, 401, { message: 'nope' })));
  const logger = capture();
  const http = new HttpClient({
    connector: 't',
    prefixUrl: s.url,
    authHeaders: () => ({ Authorization: `Bearer ${SECRET}` }),
    secrets: [SECRET],
    logger,
    baseDelayMs: 1,
    vendor: (_r, b) => ({ message: (b as { message: string }).message }),
  });
  const err = await http.request('GET', 'things', { searchParams: { api_key: SECRET, q: 'x' } }).catch((e: Error) => e);
  expect(err).toBeInstanceOf(AuthError);
  expect(logger.lines.length).toBeGreaterThanOrEqual(4);
  expect(logger.lines.join('\n')).toContain('"status":503');
  for (const text of [...logger.lines, (err as Error).message, JSON.stringify(err), (err as Error).stack ?? '']) expect(text).not.toContain(SECRET);
  expect(logger.lines.join('\n')).toContain('[redacted]');
  await s.close();
});

test('Retry-After is honoured and a plain 5xx backs off, for reads', async () => {
  const s = await serve((_req, res, hit) =>
    hit === 1 ? json(res, 429, {}, { 'retry-after': '0.2' }) : hit === 2 ? json(res, 502, {}) : json(res, 200, { ok: true }),
  );
  const http = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({}), baseDelayMs: 1 });
  const started = Date.now();
  expect((await http.request('GET', 'x')).body).toEqual({ ok: true });
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  expect(s.hits()).toBe(3);
  await s.close();
});

test('a write without an idempotency key is sent once; with one it is retried', async () => {
  const s = await serve((_req, res, hit) => (hit === 1 || hit === 2 ? json(res, 500, {}) : json(res, 200, { id: 'a' })));
  const http = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({}), baseDelayMs: 1 });
  await expect(http.request('POST', 'x', { json: {} })).rejects.toBeInstanceOf(TransientError);
  expect(s.hits()).toBe(1);
  expect((await http.request('POST', 'x', { json: {}, replaySafe: true })).body).toEqual({ id: 'a' });
  expect(s.hits()).toBe(3);
  await s.close();
});

test('vendor signals override the status: Stripe-Should-Retry false stops retries, true retries a 409', async () => {
  const s = await serve((req, res, hit) =>
    req.url === '/no'
      ? json(res, 500, { error: { message: 'no' } }, { 'stripe-should-retry': 'false' })
      : hit <= 2
        ? json(res, 409, { error: { code: 'lock_timeout' } }, { 'stripe-should-retry': 'true' })
        : json(res, 200, {}),
  );
  const http = new HttpClient({ connector: 'stripe', prefixUrl: s.url, authHeaders: () => ({}), baseDelayMs: 1, vendor: stripeVendorSignals });
  await expect(http.request('GET', 'yes')).resolves.toMatchObject({ status: 200 });
  const before = s.hits();
  await expect(http.request('GET', 'no')).rejects.toBeInstanceOf(ValidationError);
  expect(s.hits() - before).toBe(1);
  await s.close();
});

test('a Retry-After longer than the inline limit is not slept: it surfaces for Temporal to wait', async () => {
  const s = await serve((_req, res) => json(res, 429, {}, { 'retry-after': '120' }));
  const http = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({}), maxInlineWaitMs: 1000 });
  const err = (await http.request('GET', 'x').catch((e: unknown) => e)) as RateLimitedError;
  expect(err).toBeInstanceOf(RateLimitedError);
  expect(err.retryAfterMs).toBe(120_000);
  expect(s.hits()).toBe(1);
  await s.close();
});

test('timeouts and 404s become typed errors', async () => {
  const s = await serve((req, res) => (req.url === '/slow' ? setTimeout(() => json(res, 200, {}), 500) : json(res, 404, {})));
  const http = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({}), timeoutMs: 50, retries: 0 });
  await expect(http.request('GET', 'slow')).rejects.toBeInstanceOf(TransientError);
  // a generous timeout for the 404: a loaded machine can take longer than 50 ms to answer
  const patient = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({}), retries: 0 });
  await expect(patient.request('GET', 'missing')).rejects.toBeInstanceOf(NotFoundError);
  await s.close();
});

test('every attempt takes a pacer slot, and a Retry-After is recorded on the pacer for everyone', async () => {
  const s = await serve((_req, res, hit) => (hit === 1 ? json(res, 429, {}, { 'retry-after': '0.1' }) : json(res, 200, { ok: true })));
  const calls: string[] = [];
  const pacer = { acquire: async () => void calls.push('acquire'), hold: async (ms: number) => void calls.push(`hold ${ms}`) };
  const http = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({}), pacer });
  await http.request('GET', 'x');
  expect(calls).toEqual(['acquire', 'hold 125', 'acquire']);
  await s.close();
});

test('a refused connection is transient and retried; a HubSpot DAILY 429 goes straight back to Temporal', async () => {
  const http = new HttpClient({ connector: 't', prefixUrl: 'http://127.0.0.1:1', authHeaders: () => ({}), retries: 1, baseDelayMs: 1 });
  await expect(http.request('GET', 'x')).rejects.toMatchObject({ name: 'TransientError', message: expect.stringMatching(/network error/) });
  const s = await serve((_req, res) => json(res, 429, { status: 'error', errorType: 'RATE_LIMIT', policyName: 'DAILY', message: 'daily limit' }));
  const hub = new HttpClient({ connector: 'hubspot', prefixUrl: s.url, authHeaders: () => ({}), vendor: hubspotVendorSignals });
  const err = (await hub.request('GET', 'crm').catch((e: unknown) => e)) as RateLimitedError;
  expect(err).toMatchObject({ name: 'RateLimitedError', policy: 'DAILY' });
  expect(err.retryAfterMs).toBeGreaterThan(15_000);
  expect(s.hits()).toBe(1);
  await s.close();
});

test('toTemporalFailure: non-retryable for auth/validation, nextRetryDelay from a rate limit', () => {
  const auth = toTemporalFailure(new AuthError('bad key')) as ApplicationFailure;
  expect(auth).toBeInstanceOf(ApplicationFailure);
  expect(auth).toMatchObject({ type: 'AuthError', nonRetryable: true });
  const limited = toTemporalFailure(new RateLimitedError('slow down', 7000, { policy: 'TEN_SECONDLY_ROLLING' })) as ApplicationFailure;
  expect(limited).toMatchObject({ type: 'RateLimitedError', nonRetryable: false, nextRetryDelay: 7000 });
  expect(toTemporalFailure(new TransientError('x'))).toMatchObject({ nonRetryable: false });
  const plain = new Error('boom');
  expect(toTemporalFailure(plain)).toBe(plain);
  expect(toTemporalFailure('text')).toBeInstanceOf(Error);
});

test('toForm encodes nested objects and arrays the Stripe way', () => {
  expect(toForm({ a: 1, address: { line1: 'x', city: undefined }, items: [{ p: 'q' }], metadata: { k: null } }).toString()).toBe(
    'a=1&address%5Bline1%5D=x&items%5B0%5D%5Bp%5D=q&metadata%5Bk%5D=',
  );
});
