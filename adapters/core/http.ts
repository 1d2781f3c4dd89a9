import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import { AdapterError, AuthError, NotFoundError, RateLimitedError, TransientError, ValidationError } from './errors';
import { guardedFetch } from './outbound-guard';
import { redactHeaders, redactUrl, scrub } from './redact';
import type { AdapterLogger } from './types';

/** What a vendor's own signals say about a failed response (Stripe-Should-Retry, HubSpot policyName, ...). */
export interface VendorVerdict {
  retryable?: boolean;
  delayMs?: number;
  code?: string;
  policy?: string;
  message?: string;
}

export interface HttpClientOptions {
  connector: string;
  prefixUrl: string;
  timeoutMs?: number;
  /** Retries made inline before the error reaches Temporal (which then retries the activity). */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Waits longer than this are not slept inline: they surface as RateLimitedError for Temporal's nextRetryDelay. */
  maxInlineWaitMs?: number;
  authHeaders: () => Record<string, string>;
  /** Credential values to scrub from anything logged or thrown. */
  secrets?: readonly string[];
  headers?: Record<string, string>;
  logger?: AdapterLogger;
  vendor?: (response: Response, body: unknown) => VendorVerdict | undefined;
  fetch?: typeof fetch;
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

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 500);
  }
}

/** HTTP through ky with auth, redacted logging, backoff with jitter, vendor rate-limit signals and typed errors. */
export class HttpClient {
  private readonly ky: KyInstance;
  private readonly opts: Required<Pick<HttpClientOptions, 'retries' | 'baseDelayMs' | 'maxDelayMs' | 'maxInlineWaitMs'>> & HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.opts = { retries: 3, baseDelayMs: 250, maxDelayMs: 10_000, maxInlineWaitMs: 15_000, ...options };
    const o = this.opts;
    const secrets = o.secrets ?? [];
    this.ky = ky.create({
      prefixUrl: o.prefixUrl,
      timeout: o.timeoutMs ?? 30_000,
      fetch: guardedFetch(o.connector, o.fetch), // production mode's allow-list, checked before any socket opens
      headers: o.headers,
      retry: {
        limit: o.retries,
        methods: ['get', 'post', 'put', 'patch', 'delete', 'head'],
        statusCodes: [], // status retries are decided in afterResponse, where the vendor's signals are visible
        retryOnTimeout: true,
        delay: (attempt) => o.baseDelayMs * 2 ** (attempt - 1),
        jitter: (delay) => delay * (0.5 + Math.random() * 0.5),
        backoffLimit: o.maxDelayMs,
        shouldRetry: ({ error }) => (error instanceof HTTPError || (error instanceof AdapterError && !error.retryable) ? false : undefined),
      },
      hooks: {
        beforeRequest: [
          (request, _options, { retryCount }) => {
            for (const [name, value] of Object.entries(o.authHeaders())) request.headers.set(name, value);
            o.logger?.debug('http request', { connector: o.connector, method: request.method, url: redactUrl(request.url, secrets), attempt: retryCount + 1, headers: redactHeaders(request.headers, secrets) });
          },
        ],
        afterResponse: [
          async (request, options, response, { retryCount }) => {
            o.logger?.debug('http response', { connector: o.connector, method: request.method, url: redactUrl(request.url, secrets), status: response.status });
            if (response.ok) return response;
            const verdict = this.verdict(response, await readBody(response.clone()));
            const replaySafe = Boolean((options.context as { replaySafe?: boolean }).replaySafe);
            const wait = verdict.delayMs;
            if (verdict.retryable && replaySafe && retryCount < o.retries && (wait === undefined || wait <= o.maxInlineWaitMs)) {
              o.logger?.info('http retry', { connector: o.connector, status: response.status, delayMs: wait, policy: verdict.policy });
              return ky.retry(wait === undefined ? { code: String(response.status) } : { delay: wait, code: String(response.status) });
            }
            return response;
          },
        ],
      },
    });
  }

  /** Generic and vendor signals combined: 429/5xx/408 retry, Retry-After sets the wait, the vendor has the last word. */
  private verdict(response: Response, body: unknown): VendorVerdict {
    const status = response.status;
    const base: VendorVerdict = { retryable: status === 429 || status === 408 || status >= 500, delayMs: retryAfterMs(response.headers) };
    return { ...base, ...(this.opts.vendor?.(response, body) ?? {}) };
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const replaySafe = options.replaySafe ?? (method === 'GET' || method === 'HEAD');
    try {
      const response = await this.ky(path.replace(/^\//, ''), {
        method,
        searchParams: options.searchParams,
        json: options.json,
        body: options.form,
        headers: options.headers,
        signal: options.signal,
        context: { replaySafe },
        // a write without an idempotency key is sent once: a retry could apply it twice
        retry: { limit: replaySafe ? this.opts.retries : 0 },
      });
      return { status: response.status, headers: response.headers, body: (await readBody(response)) as T };
    } catch (err) {
      throw await this.toAdapterError(err);
    }
  }

  private async toAdapterError(err: unknown): Promise<Error> {
    const c = this.opts.connector;
    const secrets = this.opts.secrets ?? [];
    if (err instanceof AdapterError) return err;
    if (err instanceof HTTPError) {
      const { response } = err;
      const verdict = this.verdict(response, await readBody(response));
      const status = response.status;
      const what = scrub(`${c}: ${err.request.method} ${redactUrl(err.request.url, secrets)} returned ${status}${verdict.message ? `: ${verdict.message}` : ''}`, secrets);
      const o = { status, code: verdict.code, connector: c };
      if (status === 429) return new RateLimitedError(what, verdict.delayMs ?? 1000, { ...o, policy: verdict.policy });
      if (status === 401 || status === 403) return new AuthError(`${what}; check the connector's credentials`, o);
      if (status === 404) return new NotFoundError(what, o);
      if (verdict.retryable) return new TransientError(what, o);
      return new ValidationError(what, o);
    }
    if (err instanceof TimeoutError) return new TransientError(`${c}: request timed out after ${this.opts.timeoutMs ?? 30_000} ms`, { connector: c });
    if (err instanceof Error && err.name === 'AbortError') return err;
    const message = err instanceof Error ? err.message : String(err);
    return new TransientError(scrub(`${c}: network error: ${message}`, secrets), { connector: c });
  }
}
