import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { assertOutboundAllowed, connectLookup, currentOutboundPolicy, guardedFetch, OutboundRefusedError, type OutboundPolicy } from './outbound-guard';

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
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'api-key'];
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

/** One hop on node:http(s) with keep-alive sockets; the timer covers connecting, waiting and reading the body. */
interface Hop {
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
  deadline: number;
  /** Production mode: the socket connects only to addresses the rules allow (connectLookup). */
  lookup?: ReturnType<typeof connectLookup>;
}

function exchange(req: WireRequest, { url, headers, body, deadline, lookup }: Hop): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return reject(new OutboundRefusedError(`scheme ${url.protocol} is not supported; use https`));
    const out = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: req.method, headers, agent, signal: req.signal, ...(lookup ? { lookup } : {}) },
      (res) => {
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
      },
    );
    function fail(err: Error) {
      clearTimeout(timer);
      reject(err);
    }
    const timer = setTimeout(() => out.destroy(new TransportTimeoutError(`timed out after ${req.timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
    out.on('error', fail);
    out.end(body);
  });
}

/**
 * The default transport: node:http(s) straight, about a third of fetch's CPU per request (docs/BENCHMARKS.md).
 * Redirects are followed like fetch does (at most 5; credential headers dropped when the origin changes). In
 * production mode every hop is checked against the outbound rules before its socket opens.
 */
export function nodeTransport(connector: string): Transport {
  return async (req) => {
    const policy: OutboundPolicy = currentOutboundPolicy();
    const deadline = Date.now() + req.timeoutMs;
    const lookup = policy.enforce ? connectLookup(connector, policy) : undefined;
    let { method, url, headers, body } = req;
    for (let hop = 0; ; hop++) {
      if (policy.enforce) await assertOutboundAllowed(connector, url.href, policy);
      const sized = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
      const res = await exchange({ ...req, method }, { url, headers: sized, body, deadline, lookup });
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return res;
      if (hop >= MAX_REDIRECTS) throw new OutboundRefusedError(`${connector}: more than ${MAX_REDIRECTS} redirects`, { connector });
      const next = new URL(location, url);
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([h]) => !CREDENTIAL_HEADERS.includes(h.toLowerCase())));
      if (res.status !== 307 && res.status !== 308 && method !== 'HEAD') {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([h]) => h.toLowerCase() !== 'content-type'));
      }
      url = next;
    }
  };
}

/** A caller's own fetch (tests that record or drop requests), behind the same outbound guard. */
export function fetchTransport(connector: string, base: typeof fetch): Transport {
  const guarded = guardedFetch(connector, base);
  return async (req) => {
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    try {
      const res = await guarded(req.url, { method: req.method, headers: req.headers, body: req.body, signal });
      const text = await res.text();
      return { status: res.status, ok: res.ok, url: res.url || req.url.href, headers: res.headers, text };
    } catch (err) {
      if (timeout.aborted && !req.signal?.aborted) throw new TransportTimeoutError(`timed out after ${req.timeoutMs} ms`);
      throw err;
    }
  };
}
