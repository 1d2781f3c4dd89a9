import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAgainstSpec } from './stripe-spec';

type StripeObject = Record<string, unknown> & { id: string; created: number };

export interface StripeApi {
  url: string;
  /** Objects by kind; a test changes them as Stripe's state would change, then sends the matching event. */
  objects: { customer: Map<string, StripeObject>; invoice: Map<string, StripeObject> };
  /** `GET <path>` requests served, in order (e.g. `/v1/customers/cus_1`). */
  requests: string[];
  stop(): Promise<void>;
}

const PATHS = { customers: 'customer', invoices: 'invoice' } as const;

/**
 * A small stateful Stripe API for webhook tests: lists (newest first, `limit`, `starting_after`) and retrieves
 * customers and invoices whose every object is checked against stripe.oas.json before it is served.
 */
export async function startStripeApi(): Promise<StripeApi> {
  const objects = { customer: new Map<string, StripeObject>(), invoice: new Map<string, StripeObject>() };
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stripe');
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (!/^Bearer sk_test_\w+$/.test(req.headers.authorization ?? ''))
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    requests.push(url.pathname);
    const m = /^\/v1\/(customers|invoices)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m || req.method !== 'GET')
      return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname})` } });
    const kind = PATHS[m[1] as keyof typeof PATHS];
    const store = objects[kind];
    if (m[2]) {
      const found = store.get(m[2]);
      if (!found) return send(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${m[2]}'` } });
      checkAgainstSpec(kind, found);
      return send(200, found);
    }
    const all = [...store.values()].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
    const after = url.searchParams.get('starting_after');
    const start = after ? all.findIndex((o) => o.id === after) + 1 : 0;
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const data = all.slice(start, start + limit);
    for (const o of data) checkAgainstSpec(kind, o);
    send(200, { object: 'list', data, has_more: start + limit < all.length, url: `/v1/${m[1]}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
