import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { HttpClient } from '../../../adapters/core/http';
import {
  assertOutboundAllowed,
  OutboundRefusedError,
  outboundPolicy,
  registerConnectorHosts,
  setOutboundPolicy,
  type LookupFn,
} from '../../../adapters/core/outbound-guard';

type Seen = { url: string; method: string; headers: IncomingMessage['headers']; body: string };

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
      handler(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

afterEach(() => setOutboundPolicy(undefined));

test('follows redirects like fetch: a 303 becomes a GET without its body, credentials stay on the same origin only', async () => {
  const other = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"where":"other"}'));
  const s = await serve((req, res) => {
    if (req.url === '/start') return res.writeHead(303, { location: '/next' }).end();
    if (req.url === '/next') return res.writeHead(307, { location: `${other.url}/away` }).end();
    res.writeHead(404).end();
  });
  const http = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({ Authorization: 'Bearer sk_test_secret' }) });
  const res = await http.request('POST', 'start', { json: { a: 1 }, replaySafe: true });
  expect(res.body).toEqual({ where: 'other' });
  expect(s.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /start', 'GET /next']);
  expect(s.seen[0]!.headers['content-type']).toBe('application/json');
  expect(s.seen[0]!.body).toBe('{"a":1}');
  expect(s.seen[1]!.body).toBe('');
  expect(s.seen[1]!.headers.authorization).toBe('Bearer sk_test_secret');
  expect(other.seen[0]!.headers.authorization).toBeUndefined(); // a redirect to another origin drops credentials
  await Promise.all([s.close(), other.close()]);
});

test('sends one spelling of each header, form bodies with their type, and reads gzip and absolute next links', async () => {
  const s = await serve((req, res) => {
    const payload = JSON.stringify({ path: req.url });
    if (req.url?.startsWith('/gz')) return res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(payload));
    res.writeHead(200).end(payload);
  });
  const http = new HttpClient({ connector: 't', prefixUrl: `${s.url}/v1/`, authHeaders: () => ({ Accept: 'application/vnd.x+json' }) });
  await http.request('POST', 'forms', { form: new URLSearchParams({ email: 'a@b.example' }), replaySafe: true });
  expect(s.seen[0]).toMatchObject({ url: '/v1/forms', body: 'email=a%40b.example' });
  expect(s.seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  expect(s.seen[0]!.headers.accept).toBe('application/vnd.x+json');
  expect((await http.request('GET', '/gz', { searchParams: { limit: 2, q: 'a b' } })).body).toEqual({ path: '/v1/gz?limit=2&q=a+b' });
  expect((await http.request('GET', `${s.url}/elsewhere?page=2`)).body).toEqual({ path: '/elsewhere?page=2' });
  await s.close();
});

test('production mode checks the address a socket connects to: a name that rebinds to a private address is refused', async () => {
  registerConnectorHosts('rebinder', ['rebind.example']);
  const answers = ['8.8.8.8', '10.0.0.5']; // public when the config is checked, private when the socket connects
  const asked: string[] = [];
  const lookup: LookupFn = async (host) => {
    asked.push(host);
    return [{ address: answers.shift() ?? '10.0.0.5', family: 4 }];
  };
  const policy = outboundPolicy({ production: true, lookup });
  setOutboundPolicy(policy);
  await assertOutboundAllowed('rebinder', 'http://rebind.example', policy); // what building the adapter checks
  const http = new HttpClient({ connector: 'rebinder', prefixUrl: 'http://rebind.example', authHeaders: () => ({}), retries: 3, baseDelayMs: 1 });
  const err = await http.request('GET', 'x').catch((e: Error) => e);
  expect(err).toBeInstanceOf(OutboundRefusedError);
  expect((err as Error).message).toMatch(/host "rebind\.example" resolved at connect to 10\.0\.0\.5, a private 10\.0\.0\.0\/8 address/);
  expect(asked).toEqual(['rebind.example', 'rebind.example']); // the check, then the socket's own lookup: never retried
});

test('production mode refuses a redirect to a private literal before requesting it, and follows fetch the same way', async () => {
  const s = await serve((_req, res) => res.writeHead(302, { location: 'http://10.0.0.9/x' }).end());
  setOutboundPolicy(outboundPolicy({ production: true, allowedHosts: '127.0.0.1', lookup: async () => [] }));
  for (const f of [undefined, fetch]) {
    const http = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({}), fetch: f });
    await expect(http.request('GET', 'start')).rejects.toThrow(/host "10\.0\.0\.9" is a private 10\.0\.0\.0\/8 address/);
  }
  expect(s.seen).toHaveLength(2); // one request each; the private target was never asked
  await s.close();
});

test('an aborted request rejects with the AbortError and is not retried', async () => {
  const s = await serve((_req, res) => void setTimeout(() => res.writeHead(200).end('{}'), 2_000).unref());
  const http = new HttpClient({ connector: 't', prefixUrl: s.url, authHeaders: () => ({}), baseDelayMs: 1 });
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 50);
  const started = Date.now();
  await expect(http.request('GET', 'slow', { signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
  expect(Date.now() - started).toBeLessThan(1_500); // ended when the signal fired, not when the server answered
  expect(s.seen).toHaveLength(1);
  await s.close();
});
