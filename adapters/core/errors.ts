import { ApplicationFailure } from '@temporalio/common';

export interface AdapterErrorOptions {
  /** HTTP status when the error came from a response. */
  status?: number;
  /** Vendor error code or type (e.g. Stripe `resource_missing`, HubSpot `RATE_LIMIT`). */
  code?: string;
  connector?: string;
  cause?: unknown;
}

/** Base of the adapter error hierarchy; `retryable` decides how Temporal treats it. Messages never hold secrets. */
export class AdapterError extends Error {
  readonly retryable: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly connector?: string;

  constructor(message: string, retryable: boolean, options: AdapterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = retryable;
    this.status = options.status;
    this.code = options.code;
    this.connector = options.connector;
  }
}

/** Credentials missing, wrong or revoked (401/403): retrying cannot help until someone fixes them. */
export class AuthError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super(message, false, options);
  }
}

export class NotFoundError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super(message, false, options);
  }
}

/** The vendor rejected the payload (400/409/422), or a record could not be mapped. */
export class ValidationError extends AdapterError {
  readonly issues: Array<{ path: string; message: string }>;

  constructor(message: string, options: AdapterErrorOptions & { issues?: Array<{ path: string; message: string }> } = {}) {
    super(message, false, options);
    this.issues = options.issues ?? [];
  }
}

/** 429 or a vendor rate-limit signal; `retryAfterMs` is what the vendor asked for (Retry-After, policy window). */
export class RateLimitedError extends AdapterError {
  readonly retryAfterMs: number;
  readonly policy?: string;

  constructor(message: string, retryAfterMs: number, options: AdapterErrorOptions & { policy?: string } = {}) {
    super(message, true, options);
    this.retryAfterMs = Math.max(0, Math.round(retryAfterMs));
    this.policy = options.policy;
  }
}

/** Network failures, timeouts and 5xx: worth retrying; `retryAfterMs` when the vendor said how long to wait. */
export class TransientError extends AdapterError {
  readonly retryAfterMs?: number;

  constructor(message: string, options: AdapterErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, true, options);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = Math.max(0, Math.round(options.retryAfterMs));
  }
}

/** How long the vendor asked us to wait before the next request, when it said. */
export function vendorWaitMs(err: AdapterError): number | undefined {
  return err instanceof RateLimitedError || err instanceof TransientError ? err.retryAfterMs : undefined;
}

export function isAdapterError(err: unknown): err is AdapterError {
  return err instanceof AdapterError;
}

/**
 * Maps an adapter error to the failure an activity throws: non-retryable for auth/not-found/validation,
 * retryable otherwise, and a rate limit asks Temporal to wait exactly as long as the vendor said.
 * Anything that is not an AdapterError is returned unchanged (Temporal retries it by default). The original
 * error is not attached as cause: its chain may hold a vendor response, and history must stay free of secrets.
 */
export function toTemporalFailure(err: unknown): Error {
  if (err instanceof ApplicationFailure) return err;
  if (!(err instanceof AdapterError)) return err instanceof Error ? err : new Error(String(err));
  const details = [{ status: err.status ?? null, code: err.code ?? null, connector: err.connector ?? null }];
  return ApplicationFailure.create({
    message: err.message,
    type: err.name,
    nonRetryable: !err.retryable,
    nextRetryDelay: (vendorWaitMs(err) ?? 0) > 0 ? vendorWaitMs(err) : undefined,
    details,
  });
}
