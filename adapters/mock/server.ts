import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { emptyLimitStats, requestLimiter } from './limits';
import type { MockApi, MockApiOptions } from './server-types';
import { BASE_TIME, STEP_MS, generate, hash, idFor, indexOf, prng, type MockModel, type MockRecord } from './generate';

export type { MockApi, MockApiOptions, MockStats } from './server-types';

const MODELS: MockModel[] = ['customers', 'invoices'];
const MAX_LIMIT = 1000;

/**
 * A local fake SaaS API: deterministic customers and invoices, keyset pagination ordered by (updated_at, id),
 * an updated_since filter, injected 5xx and 429, idempotent writes and records that change while it runs.
 */
export async function startMockApi(options: MockApiOptions): Promise<MockApi> {
  const o = { seed: 42, latencyMs: 0, errorRate: 0, rateLimitRate: 0, retryAfterSeconds: 1, mutateEveryMs: 0, host: '127.0.0.1', ...options };
  const n = o.records;
  const random = prng(o.seed);
  // Changed and created records, in the order they changed: that order is ascending updated_at.
  const overrides: Record<MockModel, Map<number, MockRecord>> = { customers: new Map(), invoices: new Map() };
  const nextIndex: Record<MockModel, number> = { customers: n, invoices: n };
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const stats = { requests: 0, rateLimited: 0, failed: 0, created: 0, updated: 0, mutations: 0, ...emptyLimitStats() };
  const limiter = requestLimiter(o.limitRps ?? 0, stats, o.log);
  let lastChange = BASE_TIME + n * STEP_MS;
  const changeTime = () => (lastChange = Math.max(Date.now(), lastChange + 1));

  const current = (model: MockModel, index: number): MockRecord | undefined =>
    overrides[model].get(index) ?? (index < n && index >= 0 ? generate(model, o.seed, index) : undefined);

  const save = (model: MockModel, index: number, record: MockRecord) => {
    overrides[model].delete(index);
    overrides[model].set(index, record);
  };

  const mutate = (model: MockModel, index?: number): MockRecord => {
    const i = index ?? hash(o.seed, 77, stats.mutations) % Math.max(1, n);
    const before = current(model, i) ?? generate(model, o.seed, i);
    const at = new Date(changeTime()).toISOString();
    const after: MockRecord = { ...before, version: before.version + 1, updated_at: at };
    if (model === 'customers') after.phone = `+1 555 ${String(before.version + 1).padStart(7, '0')}`;
    else after.status = before.status === 'open' ? 'paid' : 'open';
    save(model, i, after);
    stats.mutations++;
    return after;
  };

  function list(model: MockModel, url: URL): { data: MockRecord[]; next_cursor: string | null; has_more: boolean } {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 100) || 100, 1), MAX_LIMIT);
    const since = url.searchParams.get('updated_since') ? Date.parse(url.searchParams.get('updated_since')!) : -Infinity;
    const [cu, ci] = (url.searchParams.get('cursor') ?? '').split('.').map(Number);
    const after = (u: number, i: number) => cu === undefined || Number.isNaN(cu) || u > cu || (u === cu && i > (ci ?? -1));
    const data: MockRecord[] = [];
    // Base records (never changed) come first: their updated_at is BASE_TIME + index s, below every change time.
    let start = Number.isFinite(since) ? Math.max(0, Math.ceil((since - BASE_TIME) / STEP_MS)) : 0;
    if (cu !== undefined && !Number.isNaN(cu)) start = cu >= BASE_TIME + n * STEP_MS ? n : Math.max(start, (ci ?? -1) + 1);
    for (let i = start; i < n && data.length <= limit; i++) {
      if (overrides[model].has(i)) continue;
      const u = BASE_TIME + i * STEP_MS;
      if (after(u, i)) data.push(generate(model, o.seed, i));
    }
    if (data.length <= limit) {
      for (const [i, rec] of overrides[model]) {
        const u = Date.parse(rec.updated_at);
        if (u >= since && after(u, i)) data.push(rec);
        if (data.length > limit) break;
      }
    }
    const more = data.length > limit;
    const page = data.slice(0, limit);
    const last = page.at(-1);
    const lastIndex = last ? (indexOf(model, last.id) ?? Number(last.id.split('_').pop())) : 0;
    return { data: page, next_cursor: more && last ? `${Date.parse(last.updated_at)}.${lastIndex}` : null, has_more: more };
  }

  async function write(model: MockModel, req: IncomingMessage, id: string | undefined, body: Record<string, unknown>): Promise<[number, unknown]> {
    const key = req.headers['idempotency-key'];
    const fingerprint = `${req.method} ${req.url} ${JSON.stringify(body)}`;
    if (typeof key === 'string') {
      const seen = idempotency.get(key);
      if (seen && seen.fingerprint !== fingerprint)
        return [422, { error: { type: 'idempotency_error', message: `Idempotency-Key ${key} was used with different parameters` } }];
      if (seen) return [seen.status, seen.body];
    }
    let result: [number, unknown];
    if (id === undefined) {
      const index = nextIndex[model]++;
      const at = new Date(changeTime()).toISOString();
      const rec: MockRecord = { ...body, id: idFor(model, index), version: 1, created_at: at, updated_at: at };
      save(model, index, rec);
      stats.created++;
      result = [201, rec];
    } else {
      const index = indexOf(model, id);
      const before = index === undefined ? undefined : current(model, index);
      if (index === undefined || !before) return [404, { error: { type: 'not_found', message: `No such ${model.slice(0, -1)}: ${id}` } }];
      const rec: MockRecord = {
        ...before,
        ...body,
        id,
        version: before.version + 1,
        created_at: before.created_at,
        updated_at: new Date(changeTime()).toISOString(),
      };
      save(model, index, rec);
      stats.updated++;
      result = [200, rec];
    }
    if (typeof key === 'string') idempotency.set(key, { fingerprint, status: result[0], body: result[1] });
    return result;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (o.latencyMs > 0) await new Promise((r) => setTimeout(r, o.latencyMs));
    const url = new URL(req.url ?? '/', 'http://mock');
    if (url.pathname === '/health') return send(200, { ok: true, records: n });
    if (o.apiKey && req.headers.authorization !== `Bearer ${o.apiKey}`)
      return send(401, { error: { type: 'unauthorized', message: 'missing or wrong API key' } });
    const overLimit = limiter.admit(req);
    const limited = overLimit ?? (o.rateLimitRate > 0 && random() < o.rateLimitRate ? o.retryAfterSeconds : undefined);
    if (limited !== undefined) {
      stats.rateLimited++;
      limiter.told(req, limited);
      return send(429, { error: { type: 'rate_limited', message: 'slow down' } }, { 'retry-after': String(limited) });
    }
    if (o.errorRate > 0 && random() < o.errorRate) {
      stats.failed++;
      return send(503, { error: { type: 'unavailable', message: 'injected failure' } });
    }
    const [, name, id, extra] = url.pathname.split('/');
    const model = MODELS.find((m) => m === name);
    if (!model || extra !== undefined) return send(404, { error: { type: 'not_found', message: `no route ${req.method} ${url.pathname}` } });
    if (req.method === 'GET' && !id) return send(200, list(model, url));
    if (req.method === 'GET' && id) {
      const index = indexOf(model, id);
      const rec = index === undefined ? undefined : current(model, index);
      return rec ? send(200, rec) : send(404, { error: { type: 'not_found', message: `No such ${model.slice(0, -1)}: ${id}` } });
    }
    if (req.method === 'POST' || req.method === 'PATCH') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
      } catch {
        return send(400, { error: { type: 'invalid_request', message: 'body must be JSON' } });
      }
      const [status, out] = await write(model, req, id || undefined, body);
      return send(status, out);
    }
    return send(405, { error: { type: 'method_not_allowed', message: `${req.method} is not supported` } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'internal', message: err.message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const timer = o.mutateEveryMs > 0 ? setInterval(() => MODELS.forEach((m) => mutate(m)), o.mutateEveryMs) : undefined;
  timer?.unref();
  return {
    url: `http://${o.host}:${port}`,
    port,
    stats,
    mutate,
    stop: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
