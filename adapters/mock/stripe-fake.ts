import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hash } from './generate';

export interface StripeFakeOptions {
  customers: number;
  port?: number;
  seed?: number;
  /** Answer every k-th request with a 429 (Stripe's rate_limit error body); 0 = never. */
  rateLimitEvery?: number;
}

export interface StripeFake {
  url: string;
  stats: { requests: number; rateLimited: number; created: number; replayed: number };
  stop(): Promise<void>;
}

const LIST_PARAMS = new Set(['limit', 'starting_after', 'ending_before', 'created[gte]', 'created[gt]', 'created[lte]', 'created[lt]', 'email']);
const BASE_CREATED = 1_700_000_000;
const err = (type: string, message: string, param?: string) => ({ error: { type, message, ...(param ? { param } : {}) } });

/**
 * A Stripe-shaped fake for paging at scale (stripe-stateful-mock keeps every object in memory): GET /v1/customers
 * newest first with starting_after and limit ≤ 100, objects generated on the fly, POST /v1/customers with
 * Idempotency-Key replay, unknown parameters rejected like the real API, and optional 429 injection.
 */
export async function startStripeFake(options: StripeFakeOptions): Promise<StripeFake> {
  const seed = options.seed ?? 7;
  const n = options.customers;
  const created: Array<Record<string, unknown>> = [];
  const keys = new Map<string, { body: string; response: Record<string, unknown> }>();
  const stats = { requests: 0, rateLimited: 0, created: 0, replayed: 0 };
  const id = (i: number) => `cus_fake${i.toString().padStart(9, '0')}`;
  const customer = (i: number) => ({
    id: id(i),
    object: 'customer',
    created: BASE_CREATED + i,
    email: `user${i}@example.com`,
    name: `User ${i}`,
    phone: null,
    address: null,
    shipping: null,
    metadata: {},
    livemode: false,
    description: null,
    currency: null,
    balance: hash(seed, i) % 1000,
    delinquent: false,
    invoice_prefix: `F${i}`,
  });

  function list(url: URL, res: ServerResponse): void {
    for (const k of url.searchParams.keys()) {
      if (!LIST_PARAMS.has(k)) return send(res, 400, err('invalid_request_error', `Received unknown parameter: ${k}`, k));
    }
    const limit = Number(url.searchParams.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return send(res, 400, err('invalid_request_error', 'Invalid integer: limit must be between 1 and 100', 'limit'));
    // Newest first: created customers (latest last in the array), then generated ones from n-1 down to 0.
    const total = created.length + n;
    const at = (pos: number) => (pos < created.length ? created[created.length - 1 - pos]! : customer(n - 1 - (pos - created.length)));
    let pos = 0;
    const after = url.searchParams.get('starting_after');
    if (after) {
      const c = created.findIndex((x) => x.id === after);
      const m = /^cus_fake(\d{9})$/.exec(after);
      if (c >= 0) pos = created.length - c;
      else if (m && Number(m[1]) < n) pos = created.length + (n - Number(m[1]));
      else return send(res, 400, err('invalid_request_error', `No such customer: '${after}'`, 'starting_after'));
    }
    const data = [];
    for (let p = pos; p < Math.min(total, pos + limit); p++) data.push(at(p));
    send(res, 200, { object: 'list', data, has_more: pos + limit < total, url: '/v1/customers' });
  }

  async function create(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') {
      const seen = keys.get(key);
      if (seen && seen.body !== body)
        return send(res, 400, err('idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with.`));
      if (seen) {
        stats.replayed++;
        return send(res, 200, seen.response, { 'idempotent-replayed': 'true' });
      }
    }
    const form = new URLSearchParams(body);
    const c = {
      ...customer(n + created.length),
      id: `cus_new${String(created.length).padStart(9, '0')}`,
      created: BASE_CREATED + n + created.length,
      email: form.get('email'),
      name: form.get('name'),
      phone: form.get('phone'),
    };
    created.push(c);
    stats.created++;
    if (typeof key === 'string') keys.set(key, { body, response: c });
    send(res, 200, c);
  }

  const server = createServer((req, res) => {
    stats.requests++;
    if (options.rateLimitEvery && stats.requests % options.rateLimitEvery === 0) {
      stats.rateLimited++;
      return send(res, 429, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } });
    }
    if (!/^Bearer sk_(test|live)_\w+/.test(req.headers.authorization ?? '')) return send(res, 401, err('invalid_request_error', 'Invalid API Key provided'));
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/v1/customers' && req.method === 'GET') return list(url, res);
    if (url.pathname === '/v1/customers' && req.method === 'POST')
      return void create(req, res).catch((e: Error) => send(res, 500, err('api_error', e.message)));
    send(res, 404, err('invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname})`));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${Date.now()}`, ...headers });
  res.end(JSON.stringify(body));
}
