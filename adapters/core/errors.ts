import { ApplicationFailure } from '@temporalio/common';
import { FabricError, NotFoundError, type FabricErrorOptions } from '../../config/errors';

export { FabricError, NotFoundError };

export type AdapterErrorOptions = Omit<FabricErrorOptions, 'retryable'>;

/**
 * A vendor call failed (or a config could not be turned into an adapter). The adapters' layer of the FabricError
 * hierarchy (config/errors.ts); a vendor's 404 is the shared NotFoundError. Messages never hold secrets.
 */
export class AdapterError extends FabricError {
  constructor(message: string, retryable: boolean, options: AdapterErrorOptions = {}) {
    super(message, { ...options, retryable });
  }
}

/** Credentials missing, wrong or revoked (401/403): retrying cannot help until someone fixes them. */
export class AuthError extends AdapterError {
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
export function vendorWaitMs(err: FabricError): number | undefined {
  return err instanceof RateLimitedError || err instanceof TransientError ? err.retryAfterMs : undefined;
}

/** An error Temporal should see as typed: an adapter's, or a lookup that found nothing. */
function isTyped(err: unknown): err is FabricError {
  return err instanceof AdapterError || err instanceof NotFoundError;
}

/**
 * Maps an adapter error to the failure an activity throws: non-retryable for auth/not-found/validation,
 * retryable otherwise, and a rate limit asks Temporal to wait exactly as long as the vendor said.
 * Any other error is returned unchanged (Temporal retries it by default). The original
 * error is not attached as cause: its chain may hold a vendor response, and history must stay free of secrets.
 */
export function toTemporalFailure(err: unknown): Error {
  if (err instanceof ApplicationFailure) return err;
  if (!isTyped(err)) return err instanceof Error ? err : new Error(String(err));
  const details = [{ status: err.status ?? null, code: err.code ?? null, connector: err.connector ?? null }];
  return ApplicationFailure.create({
    message: err.message,
    type: err.name,
    nonRetryable: !err.retryable,
    nextRetryDelay: (vendorWaitMs(err) ?? 0) > 0 ? vendorWaitMs(err) : undefined,
    details,
  });
}
