import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { assertOutboundAllowed, assertStaticallyAllowed, connectLookup, currentOutboundPolicy, OutboundRefusedError } from './outbound-guard';

/** One HTTP exchange as the client needs it: the whole body read as text. */
export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface WireResponse {
  status: number;
  ok: boolean;
  url: string;
  headers: Headers;
  text: string;
}

export type Transport = (request: WireRequest) => Promise<WireResponse>;

/** The URL a request goes to: an absolute URL as it is (a `Link: next`), a path under the client's prefix. */
export function targetUrl(prefix: string, path: string, params?: URLSearchParams | Record<string, string | number | boolean>): URL {
  const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(`${prefix}/${path.replace(/^\//, '')}`);
  if (params !== undefined) {
    const search = params instanceof URLSearchParams ? params : new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
    url.search = search.toString();
  }
  return url;
}

/** A JSON or form body as sent, with its content type. */
export function encodeBody(o: { json?: unknown; form?: URLSearchParams }): { body?: string; contentType?: string } {
  if (o.json !== undefined) return { body: JSON.stringify(o.json), contentType: 'application/json' };
  if (o.form) return { body: o.form.toString(), contentType: 'application/x-www-form-urlencoded;charset=UTF-8' };
  return {};
}

/** The request, redirects included, did not finish within its time limit. */
export class TransportTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'api-key']);
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};
const decoders: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

function headersOf(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

const without = (headers: Record<string, string>, drop: (name: string) => boolean) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !drop(name.toLowerCase())));

/** One hop: a request sent as it is, a redirect returned as a response. */
type Hop = (method: string, url: URL, headers: Record<string, string>, body: string | undefined) => Promise<WireResponse>;

/**
 * The one redirect policy of both transports, as fetch follows them: at most 5; a 301/302/303 becomes a GET without
 * its body (307/308 keep both); credential headers are dropped when a redirect leaves the origin. `check` runs on
 * every target, the first included, before it is requested.
 */
async function followRedirects(connector: string, req: WireRequest, check: (url: URL) => void | Promise<void>, hop: Hop): Promise<WireResponse> {
  let { method, url, headers, body } = req;
  for (let n = 0; ; n++) {
    await check(url);
    const res = await hop(method, url, headers, body);
    const location = res.headers.get('location');
    if (!REDIRECTS.has(res.status) || !location) return res;
    if (n >= MAX_REDIRECTS) throw new OutboundRefusedError(`${connector}: more than ${MAX_REDIRECTS} redirects`, { connector });
    const next = new URL(location, url);
    if (next.origin !== url.origin) headers = without(headers, (h) => CREDENTIAL_HEADERS.has(h));
    if (res.status !== 307 && res.status !== 308 && method !== 'HEAD') {
      method = 'GET';
      body = undefined;
      headers = without(headers, (h) => h === 'content-type');
    }
    url = next;
  }
}

/** One request on node:http(s) with keep-alive sockets; the timer covers connecting, waiting and reading the body. */
function exchange(
  o: { method: string; url: URL; headers: Record<string, string>; body?: string; signal?: AbortSignal; deadline: number; timeoutMs: number },
  lookup: ReturnType<typeof connectLookup> | undefined,
): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const { url, body } = o;
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return reject(new OutboundRefusedError(`scheme ${url.protocol} is not supported; use https`));
    const headers = body === undefined ? o.headers : { ...o.headers, 'content-length': String(Buffer.byteLength(body)) };
    const options = { method: o.method, headers, agent, signal: o.signal, ...(lookup ? { lookup } : {}) };
    const out = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        const decode = decoders[String(res.headers['content-encoding'] ?? '').toLowerCase()];
        const status = res.statusCode ?? 0;
        (decode ? decode(raw) : Promise.resolve(raw)).then((b) => {
          clearTimeout(timer);
          resolve({ status, ok: status >= 200 && status < 300, url: url.href, headers: headersOf(res.rawHeaders), text: b.toString('utf8') });
        }, fail);
      });
    });
    function fail(err: Error) {
      clearTimeout(timer);
      reject(err);
    }
    const timer = setTimeout(() => out.destroy(new TransportTimeoutError(`timed out after ${o.timeoutMs} ms`)), Math.max(0, o.deadline - Date.now()));
    out.on('error', fail);
    out.end(body);
  });
}

/**
 * The default transport: node:http(s) straight; 0.71–0.90× the client CPU per request of the same client on fetch
 * (`npm run bench -- http`, docs/BENCHMARKS.md). In
 * production mode each target is checked as written before it is requested, and the socket resolves its host
 * through connectLookup, which checks the addresses it will connect to: one lookup per new connection, none for a
 * kept-alive one.
 */
export function nodeTransport(connector: string): Transport {
  return (req) => {
    const policy = currentOutboundPolicy();
    const lookup = policy.enforce ? connectLookup(connector, policy) : undefined;
    const check = (url: URL) => (policy.enforce ? assertStaticallyAllowed(connector, url.href, policy) : undefined);
    const deadline = Date.now() + req.timeoutMs;
    return followRedirects(connector, req, check, (method, url, headers, body) =>
      exchange({ method, url, headers, body, signal: req.signal, deadline, timeoutMs: req.timeoutMs }, lookup),
    );
  };
}

/**
 * A caller's own fetch (tests that record or drop requests). It cannot check the address its socket connects to,
 * so in production mode each target's name is resolved and checked before it is requested.
 */
export function fetchTransport(connector: string, base: typeof fetch): Transport {
  return async (req) => {
    const policy = currentOutboundPolicy();
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const hop: Hop = async (method, url, headers, body) => {
      const res = await base(url, { method, headers, body, signal, redirect: 'manual' });
      return { status: res.status, ok: res.ok, url: res.url || url.href, headers: res.headers, text: await res.text() };
    };
    try {
      return await followRedirects(connector, req, (url) => assertOutboundAllowed(connector, url.href, policy), hop);
    } catch (err) {
      if (timeout.aborted && !req.signal?.aborted) throw new TransportTimeoutError(`timed out after ${req.timeoutMs} ms`);
      throw err;
    }
  };
}
