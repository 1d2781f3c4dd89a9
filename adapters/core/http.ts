import { AuthError, FabricError, NotFoundError, RateLimitedError, TransientError, ValidationError, vendorWaitMs } from './errors';
import type { RequestPacer } from './pacing';
import { sleep } from './pacing';
import { encodeBody, fetchTransport, nodeTransport, targetUrl, TransportTimeoutError, type Transport, type WireResponse } from './transport';
import { redactHeaders, redactUrl, scrub } from './redact';
import { DEFAULT_RETRY, RETRY_AFTER_MARGIN_MS, nextStep, type RetryPolicy } from './retry';
import type { AdapterLogger } from './types';
import { context, propagation, SpanKind } from '@opentelemetry/api';
import { metrics } from '../../telemetry/metrics';
import { inSpan } from '../../telemetry/tracing';

/** What a vendor's own signals say about a failed response (Stripe-Should-Retry, HubSpot policyName, ...). */
export interface VendorVerdict {
  retryable?: boolean;
  delayMs?: number;
  code?: string;
  policy?: string;
  message?: string;
}

/** What a vendor's signals read from a failed response. */
export type VendorResponse = Pick<WireResponse, 'status' | 'headers'>;

export interface HttpClientOptions extends Partial<RetryPolicy> {
  connector: string;
  prefixUrl: string;
  timeoutMs?: number;
  authHeaders: () => Record<string, string>;
  /** Credential values to scrub from anything logged or thrown. */
  secrets?: readonly string[];
  headers?: Record<string, string>;
  logger?: AdapterLogger;
  vendor?: (response: VendorResponse, body: unknown) => VendorVerdict | undefined;
  /** Sends through this fetch instead of node:http (tests that record or drop requests). */
  fetch?: typeof fetch;
  /** Paces every attempt under the credential's budget (adapters/core/pacing.ts); unset = unpaced. */
  pacer?: RequestPacer;
}

export interface RequestOptions {
  searchParams?: URLSearchParams | Record<string, string | number | boolean>;
  json?: unknown;
  /** Form-encoded body (Stripe); build nested keys with core/form.ts. */
  form?: URLSearchParams;
  headers?: Record<string, string>;
  /** Safe to send twice (reads, or writes carrying an idempotency key); only these are retried. */
  replaySafe?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 500);
  }
}

/**
 * HTTP with auth, redacted logging, typed errors, and the retry loop of core/retry.ts: every attempt first takes a
 * slot from the pacer, and a vendor's wait is recorded on the pacer so other requests honour it too. Requests go
 * over node:http(s) (core/transport.ts) unless the caller passes its own fetch.
 */
export class HttpClient {
  private readonly send: Transport;
  private readonly prefix: string;
  private readonly opts: RetryPolicy & HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.opts = { ...DEFAULT_RETRY, ...stripUndefined(options) };
    this.prefix = options.prefixUrl.replace(/\/+$/, '');
    // production mode's allow-list is checked before any socket opens, on every redirect too
    this.send = options.fetch ? fetchTransport(options.connector, options.fetch) : nodeTransport(options.connector);
  }

  private async attempt(method: string, path: string, options: RequestOptions): Promise<WireResponse> {
    const o = this.opts;
    const secrets = o.secrets ?? [];
    const url = targetUrl(this.prefix, path, options.searchParams);
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip, deflate' };
    const set = (more: Record<string, string> | undefined) => {
      for (const name in more) headers[name.toLowerCase()] = more[name]!; // one spelling per header
    };
    set(o.headers);
    set(options.headers);
    const { body, contentType } = encodeBody(options);
    if (contentType) headers['content-type'] = contentType;
    set(o.authHeaders());
    const shown = redactUrl(url.href, secrets);
    o.logger?.debug('http request', { connector: o.connector, method, url: shown, headers: redactHeaders(headers, secrets) });
    const attributes = { 'http.request.method': method, 'url.full': shown, 'server.address': url.hostname };
    // a CLIENT span under the activity's, when tracing is on; the vendor sees its context in traceparent
    const response = await inSpan(
      method,
      attributes,
      async (span) => {
        if (span) propagation.inject(context.active(), headers);
        const res = await this.send({ method, url, headers, body, signal: options.signal, timeoutMs: o.timeoutMs ?? 30_000 });
        span?.setAttribute('http.response.status_code', res.status);
        return res;
      },
      SpanKind.CLIENT,
    );
    o.logger?.debug('http response', { connector: o.connector, method, url: shown, status: response.status });
    return response;
  }

  /** Generic and vendor signals combined: 429/5xx/408 retry, Retry-After sets the wait, the vendor has the last word. */
  private verdict(response: WireResponse, body: unknown): VendorVerdict {
    const status = response.status;
    const base: VendorVerdict = { retryable: status === 429 || status === 408 || status >= 500, delayMs: retryAfterMs(response.headers) };
    return { ...base, ...(this.opts.vendor?.(response, body) ?? {}) };
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const replaySafe = options.replaySafe ?? (method === 'GET' || method === 'HEAD');
    const o = this.opts;
    for (let attempt = 1; ; attempt++) {
      await o.pacer?.acquire(options.signal, o.maxInlineWaitMs);
      let failure: FabricError;
      try {
        const response = await this.attempt(method, path, options);
        if (response.ok) return { status: response.status, headers: response.headers, body: parseBody(response.text) as T };
        failure = this.fromResponse(method, response);
      } catch (err) {
        if (err instanceof Error && err.name === 'AbortError') throw err;
        failure = this.fromThrown(err);
      }
      const wait = vendorWaitMs(failure);
      if (failure.status === 429) metrics.rateLimitWait(o.connector, wait ?? 0); // the vendor said wait: inline or in Temporal
      if (wait !== undefined && wait > 0) await o.pacer?.hold(wait + RETRY_AFTER_MARGIN_MS);
      const step = nextStep(failure, attempt, replaySafe, o);
      if (!step.retry) throw step.error;
      o.logger?.info('http retry', {
        connector: o.connector,
        status: failure.status ?? null,
        attempt,
        delayMs: step.delayMs,
        code: failure.code ?? null,
      });
      await sleep(step.delayMs, options.signal);
    }
  }

  private fromResponse(method: string, response: WireResponse): FabricError {
    const c = this.opts.connector;
    const secrets = this.opts.secrets ?? [];
    const verdict = this.verdict(response, parseBody(response.text));
    const status = response.status;
    const detail = verdict.message ? `: ${verdict.message}` : '';
    const what = scrub(`${c}: ${method} ${redactUrl(response.url, secrets)} returned ${status}${detail}`, secrets);
    const o = { status, code: verdict.code, connector: c };
    if (status === 429 && verdict.retryable !== false) {
      return new RateLimitedError(what, verdict.delayMs ?? 1000, { ...o, policy: verdict.policy });
    }
    if (status === 401 || status === 403) return new AuthError(`${what}; check the connector's credentials`, o);
    if (status === 404) return new NotFoundError(what, o);
    if (verdict.retryable) return new TransientError(what, { ...o, retryAfterMs: verdict.delayMs });
    return new ValidationError(what, o);
  }

  private fromThrown(err: unknown): FabricError {
    const c = this.opts.connector;
    if (err instanceof FabricError) return err;
    if (err instanceof TransportTimeoutError) return new TransientError(`${c}: request timed out after ${this.opts.timeoutMs ?? 30_000} ms`, { connector: c });
    // connection refused or reset, DNS: node names the system error in code; fetch in the cause of a TypeError
    const e = err as { code?: string; cause?: { code?: string } } | undefined;
    const cause = e?.cause?.code ?? e?.code;
    const message = err instanceof Error ? err.message : String(err);
    const text = scrub(`${c}: network error: ${message}${cause ? ` (${cause})` : ''}`, this.opts.secrets ?? []);
    return new TransientError(text, { connector: c, code: cause });
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
